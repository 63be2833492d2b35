"""Warm-up: a run from an empty queue waits less than the steady state (issue 11).

The case: M/M/10 at load 0.8 (8 Erlang), exponential handle times of mean
180 s. Its steady-state probability of waiting is Erlang C's, C(10, 8) =
0.409180 (the closed form of ``core.erlang``, itself checked against
published tables in tests/core/test_erlang_reference.py). The queue's
relaxation time is about AHT / (sqrt(n) - sqrt(A))^2 = 0.45 h.
"""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core import distributions
from outsource.core.erlang import erlang_c
from outsource.core.replicate import replicate
from outsource.core.scenario import Scenario, cut
from outsource.errors import InvalidInput

N, LOAD, AHT = 10, 0.8, 180.0
LAM = N * LOAD / AHT
EXACT = float(erlang_c(N * LOAD, N))


def _scenario(hours: float) -> Scenario:
    return Scenario(edges=np.array([0.0, hours * 3600.0]), agents=np.array([N]),
                    rates=np.array([LAM]), handle=distributions.make("exponential", mean=AHT))


def test_the_exact_value():
    """Erlang C by the textbook recursion B(k) = A B(k-1) / (k + A B(k-1)),
    C = n B / (n - A (1 - B))."""
    b, a = 1.0, N * LOAD
    for k in range(1, N + 1):
        b = a * b / (k + a * b)
    hand = N * b / (N - a * (1 - b))
    assert round(hand, 6) == 0.409180
    assert abs(EXACT - hand) < 1e-12


def test_short_run_from_empty_is_biased_low():
    """1 h from an empty queue, 400 replications: the whole 95 % interval lies below
    Erlang C, low by more than 0.04 (measured 0.077, docs/simulation.md)."""
    reps = replicate(_scenario(1.0), np.random.default_rng(7), 400)
    mean, hw = reps.mean()["p_wait"], reps.ci95()["p_wait"]
    assert mean + hw < EXACT
    assert EXACT - mean > 0.04
    assert reps.mean()["occupancy"] < LOAD - 0.02


def test_after_a_warm_up_the_interval_covers_erlang_c():
    """3 h warm-up (6.7 relaxation times), then 6 h measured, 200 replications: the 95 %
    interval covers Erlang C (tolerance: one half-width, about 0.011) and occupancy is
    within 0.005 of the load."""
    sc, first = cut(_scenario(9.0), 3 * 3600.0)
    assert first == 1 and sc.edges.tolist() == [0.0, 10_800.0, 32_400.0]
    reps = replicate(sc, np.random.default_rng(7), 200, warmup_intervals=first)
    mean, hw = reps.mean()["p_wait"], reps.ci95()["p_wait"]
    assert abs(mean - EXACT) <= hw < 0.015
    assert reps.mean()["occupancy"] == pytest.approx(LOAD, abs=0.005)


def test_cut_keeps_rates_and_agents_and_refuses_the_end():
    sc = Scenario(edges=np.array([0.0, 1800.0, 3600.0]), agents=np.array([3, 5]),
                  rates=np.array([0.1, 0.2]), handle=distributions.make("exponential", mean=60),
                  handle_mean=np.array([60.0, 90.0]))
    new, k = cut(sc, 2700.0)
    assert k == 2 and new.edges.tolist() == [0.0, 1800.0, 2700.0, 3600.0]
    assert new.agents.tolist() == [3, 5, 5] and new.rates.tolist() == [0.1, 0.2, 0.2]
    assert new.handle_mean.tolist() == [60.0, 90.0, 90.0] and new.patience_mean is None
    assert cut(sc, 1800.0) == (sc, 1)
    with pytest.raises(InvalidInput, match="warmup_h"):
        cut(sc, 3600.0)
