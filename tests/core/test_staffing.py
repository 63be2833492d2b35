"""The staffing solver: minimal, meets every target, vectorised, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource.core import erlang
from outsource.core.staffing import Targets, Workload, evaluate, required_agents
from outsource.errors import Infeasible, InvalidInput


def test_classic_example_250_calls():
    """250 calls / 30 min, AHT 240 s, 80/20: 39 agents (33.3 Erlang); 38 misses."""
    wl = Workload.build(250, 1800, 240)
    n = required_agents(wl, Targets(0.8, 20))
    assert n.tolist() == [39]
    assert erlang.service_level(33.333, 38, 240, 20) < 0.8 <= erlang.service_level(
        250 * 240 / 1800, 39, 240, 20)


@settings(max_examples=60, deadline=None)
@given(calls=st.floats(1, 3000), aht=st.floats(30, 900), sl=st.floats(0.5, 0.95),
       t=st.floats(5, 60), patience=st.one_of(st.none(), st.floats(30, 600)),
       abandon=st.one_of(st.none(), st.floats(0.01, 0.1)),
       asa=st.one_of(st.none(), st.floats(5, 60)), occ=st.one_of(st.none(), st.floats(0.7, 0.95)))
def test_solution_is_minimal_and_meets_all_targets(calls, aht, sl, t, patience, abandon, asa, occ):
    wl = Workload.build(calls, 1800, aht, patience_s=patience)
    targets = Targets(sl, t, "offered", asa, abandon, occ)
    n = required_agents(wl, targets)
    m = evaluate(wl, n, t)
    assert m.service_level[0] >= sl - 1e-9
    if abandon is not None:
        assert m.abandon_rate[0] <= abandon + 1e-9
    if asa is not None:
        assert m.asa_s[0] <= asa + 1e-9
    if occ is not None:
        assert m.occupancy[0] <= occ + 1e-9
    if n[0] > 1:
        fewer = evaluate(wl, n - 1, t)
        misses = [fewer.service_level[0] < sl - 1e-12]
        misses += [abandon is not None and fewer.abandon_rate[0] > abandon + 1e-12]
        misses += [asa is not None and fewer.asa_s[0] > asa + 1e-12]
        misses += [occ is not None and fewer.occupancy[0] > occ + 1e-12]
        misses += [patience is None and fewer.occupancy[0] >= 1.0]
        assert any(misses)


def test_vectorised_equals_one_by_one():
    rng = np.random.default_rng(7)
    calls, aht = rng.uniform(5, 2000, 40), rng.uniform(60, 600, 40)
    pat = rng.uniform(60, 400, 40)
    targets = Targets(0.8, 20, max_abandon=0.05)
    together = required_agents(Workload.build(calls, 1800, aht, pat), targets)
    alone = [required_agents(Workload.build(c, 1800, a, p), targets)[0]
             for c, a, p in zip(calls, aht, pat, strict=True)]
    assert together.tolist() == alone


def test_answered_basis_and_abandonment_lower_the_need():
    wl_c = Workload.build(250, 1800, 240)
    wl_a = Workload.build(250, 1800, 240, patience_s=180)
    n_c = required_agents(wl_c, Targets(0.8, 20))[0]
    n_a = required_agents(wl_a, Targets(0.8, 20))[0]
    n_ans = required_agents(wl_a, Targets(0.8, 20, sl_basis="answered"))[0]
    assert n_ans <= n_a <= n_c


def test_chat_concurrency_divides_agents():
    one = required_agents(Workload.build(300, 1800, 600), Targets(0.8, 30))[0]
    two = required_agents(Workload.build(300, 1800, 600, concurrency=2), Targets(0.8, 30))[0]
    assert two == np.ceil(one / 2) or two == np.ceil(one / 2) + 1
    m = evaluate(Workload.build(300, 1800, 600, concurrency=2), two, 30)
    assert m.service_level[0] >= 0.8


def test_zero_calls_need_no_agents_and_large_loads_work():
    wl = Workload.build([0, 10, 40000 * 1800 / 240], 1800, 240)
    n = required_agents(wl, Targets(0.8, 20))
    assert n[0] == 0 and n[1] >= 1 and 40000 < n[2] < 40200


def test_unreachable_target_is_a_clear_error():
    with pytest.raises(Infeasible, match="50,000 agents"):
        required_agents(Workload.build(2_500_000, 1800, 300), Targets(0.8, 20))


@pytest.mark.parametrize("kwargs, field", [
    (dict(calls=10, period_s=1800, aht_s=0), "aht_s"),
    (dict(calls=-1, period_s=1800, aht_s=100), "calls"),
    (dict(calls=1, period_s=1800, aht_s=100, patience_s=-5), "patience_s"),
    (dict(calls=1, period_s=1800, aht_s=100, queue_capacity=2.5), "queue_capacity"),
])
def test_bad_workload_names_field(kwargs, field):
    with pytest.raises(InvalidInput, match=field):
        Workload.build(**kwargs)


@pytest.mark.parametrize("kwargs, field", [
    (dict(service_level=1.5), "service_level"), (dict(max_abandon=0), "max_abandon"),
    (dict(sl_basis="all"), "sl_basis"), (dict(max_occupancy=1.2), "max_occupancy"),
])
def test_bad_targets_name_field(kwargs, field):
    with pytest.raises(InvalidInput, match=field):
        Targets(**kwargs)
