"""The simulation kernel, scenarios and replications against hand results and theory."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core.distributions import make
from outsource.core.erlang_a import erlang_a
from outsource.core.replicate import measures, monthly_risk, replicate
from outsource.core.scenario import (
    CallLog,
    Scenario,
    contiguous_timeline,
    poisson_arrivals,
    replay,
    simulate,
)
from outsource.core.simulate import ABANDON, BLOCK, SERVED, run_queue
from outsource.errors import InvalidInput

INF = np.inf
ARRIVE = [0.0, 1.0, 2.0, 3.0, 4.0]
HANDLE = [5.0] * 5


def test_hand_computed_waits_with_abandonment():
    # 2 agents. Calls 0, 1 start at once (agents free at 5, 6). Call 2 would
    # start at 5 (wait 3 > patience 2): hangs up after 2. Call 3 starts at 5
    # (wait 2). Call 4 would start at 6 (wait 2 > patience 1): hangs up after 1.
    run = run_queue(ARRIVE, HANDLE, [INF, INF, 2.0, INF, 1.0], [0.0, 20.0], [2],
                    answer_within=1.5)
    np.testing.assert_array_equal(run.wait, [0, 0, 2, 2, 1])
    np.testing.assert_array_equal(run.outcome, [SERVED, SERVED, ABANDON, SERVED, ABANDON])
    t = run.tally
    assert (t.offered[0], t.answered[0], t.abandoned[0], t.answered_within[0]) == (5, 3, 2, 2)
    assert (t.wait_served_s[0], t.wait_abandoned_s[0], t.waited[0]) == (2.0, 3.0, 3)
    assert t.busy_s[0] == 15.0 and t.queue_s[0] == 5.0 and t.max_queue[0] == 2


def test_hand_computed_blocking():
    # One waiting place: call 2 waits 3 (until 5); calls 3 and 4 find it taken.
    run = run_queue(ARRIVE, HANDLE, [INF] * 5, [0.0, 20.0], [2], queue_capacity=1)
    np.testing.assert_array_equal(run.wait, [0, 0, 3, 0, 0])
    np.testing.assert_array_equal(run.outcome, [SERVED, SERVED, SERVED, BLOCK, BLOCK])
    loss = run_queue(ARRIVE, HANDLE, [INF] * 5, [0.0, 20.0], [2], queue_capacity=0)
    assert loss.tally.blocked[0] == 3 and loss.tally.waited[0] == 0


def test_shift_change_finishes_call_but_starts_none():
    # 1 agent in [0, 10), none in [10, 20), 2 from 20. The call started at 0
    # runs past the shift end (to 15); the call at 5 waits for the next shift.
    run = run_queue([0.0, 5.0, 12.0], [15.0, 4.0, 1.0], [INF] * 3,
                    [0.0, 10.0, 20.0, 30.0], [1, 0, 2])
    np.testing.assert_array_equal(run.wait, [0.0, 15.0, 8.0])
    np.testing.assert_array_equal(run.tally.busy_s, [10.0, 5.0, 5.0])
    np.testing.assert_array_equal(run.tally.queue_s, [5.0, 18.0, 0.0])


def test_callers_never_served_count_as_abandoned_at_the_end():
    run = run_queue([1.0, 2.0], [1.0, 1.0], [INF, INF], [0.0, 10.0], [0])
    np.testing.assert_array_equal(run.outcome, [ABANDON, ABANDON])
    np.testing.assert_array_equal(run.wait, [9.0, 8.0])


def test_bad_kernel_input():
    with pytest.raises(InvalidInput, match="sorted"):
        run_queue([2.0, 1.0], [1, 1], [1, 1], [0, 10], [1])
    with pytest.raises(InvalidInput, match="agents: need 2 values"):
        run_queue([1.0], [1], [1], [0, 10, 20], [1])
    with pytest.raises(InvalidInput, match="whole numbers >= 0"):
        run_queue([1.0], [1], [1], [0, 10], [-1])
    with pytest.raises(InvalidInput, match="handle"):
        run_queue([1.0], [-1], [1], [0, 10], [1])


def test_negative_rate_is_refused():
    with pytest.raises(InvalidInput, match="rates: arrival rates must be finite and >= 0"):
        Scenario(np.array([0.0, 10.0]), np.array([1]), np.array([-0.5]), make("exponential", 1.0))


def _mm_scenario(n, load, patience=None, cap=None, hours=20.0, warmup=0.0):
    aht = 240.0
    lam = n * load / aht
    pat = None if patience is None else make("exponential", patience)
    edges = np.array([0.0, 3600 * hours]) if not warmup else np.array([0, warmup, 3600 * hours])
    return lam, Scenario(edges, np.full(edges.size - 1, n), np.full(edges.size - 1, lam),
                         make("exponential", aht), pat, queue_capacity=cap)


THEORY = {"p_wait": "p_wait", "abandon_rate": "p_abandon", "block_rate": "p_block",
          "service_level": "service_level", "service_level_answered": "service_level_answered",
          "asa_s": "asa", "occupancy": "occupancy", "mean_queue": "mean_queue"}


@pytest.mark.parametrize(
    ("n", "load", "patience", "cap"),
    [(20, 0.9, None, None), (50, 1.05, 180.0, None), (10, 0.95, 120.0, 5)],
    ids=["erlang-c", "erlang-a-overloaded", "erlang-a-finite-room"],
)
def test_agrees_with_exact_erlang_results(n, load, patience, cap):
    lam, sc = _mm_scenario(n, load, patience, cap, warmup=3600.0)
    reps = replicate(sc, np.random.default_rng(11), 16, warmup_intervals=1)
    assert reps.pooled.edges[0] == 3600.0
    exact = erlang_a(lam, 240.0, INF if patience is None else patience, n,
                     queue_capacity=cap, answer_within=20.0)
    mean, ci = reps.mean(), reps.ci95()
    for sim_key, exact_key in THEORY.items():
        value = float(np.ravel(getattr(exact, exact_key))[0])
        # 2 half-widths of the 95 % CI, about 4 standard errors.
        assert abs(mean[sim_key] - value) <= 2 * ci[sim_key] + 1e-12, (sim_key, value)


def test_littles_law_sample_path_and_time_average():
    # Arrivals stop at 80 % of the horizon so every wait ends inside it: the
    # area under the queue-length curve then equals the summed waits exactly.
    rng = np.random.default_rng(5)
    lam, sc = _mm_scenario(30, 0.97, 200.0, hours=10.0)
    times, _ = poisson_arrivals([lam], [0.0, 0.8 * 36_000], rng)
    run = simulate(sc, rng, arrivals=times)
    assert run.tally.queue_s.sum() == pytest.approx(run.wait.sum(), rel=1e-9)
    # L = lambda W over the whole run (time averages).
    m = measures(run.tally, overall=True)
    rate = m["offered"] / 36_000
    assert m["mean_queue"] == pytest.approx(rate * run.wait.mean(), rel=1e-6)
    served = run.outcome == SERVED
    # Busy agents = throughput x mean handle time (Little for the servers).
    assert m["occupancy"] * 30 == pytest.approx(run.tally.busy_s.sum() / 36_000)
    assert run.tally.busy_s.sum() == pytest.approx(240.0 * served.sum(), rel=0.02)


def test_poisson_arrivals_and_timeline():
    times, interval = poisson_arrivals([1.0, 0.0, 2.0], [0, 100, 200, 300],
                                       np.random.default_rng(2))
    assert np.all(np.diff(times) >= 0) and not np.any((times >= 100) & (times < 200))
    np.testing.assert_array_equal(interval, np.searchsorted([100, 200], times, side="right"))
    edges, real = contiguous_timeline([0, 900, 3600], [900, 900, 900])
    np.testing.assert_array_equal(edges, [0, 900, 1800, 3600, 4500])
    np.testing.assert_array_equal(real, [0, 1, 3])
    with pytest.raises(InvalidInput, match="overlap"):
        contiguous_timeline([0, 600], [900, 900])


def test_replaying_a_log_with_its_own_staffing_reproduces_it():
    rng = np.random.default_rng(3)
    _, sc = _mm_scenario(8, 1.1, 90.0, hours=4.0)
    times, _ = poisson_arrivals(sc.rates, sc.edges, rng)
    handle = rng.exponential(240.0, times.size)
    patience = rng.exponential(90.0, times.size)
    original = run_queue(times, handle, patience, sc.edges, sc.agents)
    gone = original.outcome == ABANDON
    log = CallLog(times, np.where(gone, np.nan, handle), original.wait, gone)
    again = replay(log, sc, np.random.default_rng(4))
    np.testing.assert_allclose(again.wait, original.wait)
    np.testing.assert_array_equal(again.outcome, original.outcome)
    more = replay(log, Scenario(sc.edges, np.array([12]), sc.rates, sc.handle, sc.patience),
                  np.random.default_rng(4))
    assert more.tally.abandoned[0] < original.tally.abandoned[0] / 2


def test_monthly_risk_moves_with_staffing():
    days = 30
    edges = np.arange(days + 1) * 4 * 3600.0
    lam = 10 * 0.9 / 240.0
    risks = []
    for n in (10, 12):
        sc = Scenario(edges, np.full(days, n), np.full(days, lam), make("exponential", 240.0),
                      make("exponential", 120.0))
        risks.append(monthly_risk(sc, np.random.default_rng(8), 40, 0.80, volume_cv=0.1,
                                  day_s=4 * 3600.0))
    low, high = risks
    assert low.p_miss > high.p_miss
    assert low.p_miss_low <= low.p_miss <= low.p_miss_high
    q = high.quantiles()
    assert q["p05"] <= q["p50"] <= q["p95"] and high.draws.size == 40


@pytest.mark.parametrize("handle", ["deterministic", "gamma", "lognormal"])
def test_single_agent_general_handle_matches_pollaczek_khinchine(handle):
    # M/G/1: E[W] = rho S (1 + cv^2) / (2 (1 - rho)) (Pollaczek-Khinchine).
    cv = {"deterministic": None, "gamma": 0.5, "lognormal": 1.2}[handle]
    dist = make(handle, 60.0, cv)
    rho, hours = 0.7, 20.0
    edges = np.array([0.0, 3600.0, 3600 * hours])
    sc = Scenario(edges, np.array([1, 1]), np.full(2, rho / 60.0), dist)
    reps = replicate(sc, np.random.default_rng(21), 16, warmup_intervals=1)
    exact = rho * 60.0 * (1 + (cv or 0.0) ** 2) / (2 * (1 - rho))
    assert abs(reps.mean()["asa_s"] - exact) <= 2 * reps.ci95()["asa_s"]


def _numpy_replication(sc: Scenario, rng: np.random.Generator, volume=1.0):
    """The NumPy path of one replication, as ``simulate`` ran it before the compiled draws."""
    from outsource.core.scenario import draw_durations

    times, interval = poisson_arrivals(sc.rates, sc.edges, rng, volume)
    handle = draw_durations(sc.handle, sc.handle_mean, interval, rng)
    patience = draw_durations(sc.patience, sc.patience_mean, interval, rng)
    return run_queue(times, handle, patience, sc.edges, sc.agents, sc.queue_capacity,
                     sc.answer_within)


@pytest.mark.parametrize(("handle", "patience", "volume"), [
    (make("exponential"), make("exponential"), 1.0),
    (make("gamma", cv=0.5), None, np.array([1.3, 0.7, 1.0, 0.2])),
    (make("deterministic", mean=200.0), make("exponential", mean=90.0), 1.0),
    (make("gamma", mean=150.0, cv=2.0), make("gamma", cv=0.0), 0.5),
])
def test_compiled_draws_are_the_numpy_draws_bit_for_bit(handle, patience, volume):
    # The compiled replication draws from the same generator in the same order with
    # the same algorithms (NumPy's, as Numba implements them), so every seeded result
    # is unchanged; an interval with no patience (inf) and one with no calls included.
    sc = Scenario(edges=np.array([0.0, 1800.0, 3600.0, 5400.0, 7200.0]),
                  agents=np.array([20, 25, 0, 22]), rates=np.array([0.09, 0.1, 0.0, 0.08]),
                  handle=handle, patience=patience,
                  handle_mean=np.array([200.0, 240.0, 1.0, 180.0]),
                  patience_mean=np.array([120.0, INF, INF, 60.0]), queue_capacity=None)
    from outsource.core.scenario import _compiled_replication
    from outsource.core.simulate import Scratch

    assert _compiled_replication(sc, np.random.default_rng(0), volume) is not None
    scratch = Scratch()  # reused from seed to seed, as by one replicate() worker
    for seed in range(3):
        ref = _numpy_replication(sc, np.random.default_rng(seed), volume)
        for ours in (simulate(sc, np.random.default_rng(seed), volume=volume),
                     simulate(sc, np.random.default_rng(seed), volume=volume,
                              scratch=scratch)):
            np.testing.assert_array_equal(ours.wait, ref.wait)
            np.testing.assert_array_equal(ours.outcome, ref.outcome)
            for name in ("offered", "answered", "abandoned", "waited", "busy_s", "queue_s"):
                np.testing.assert_array_equal(getattr(ours.tally, name),
                                              getattr(ref.tally, name))
