"""The Erlang C walk gives the same agents as bisection over the Erlang C measures."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource.core import staffing
from outsource.core.staffing import Targets, Workload, required_agents
from outsource.errors import Infeasible


@contextmanager
def _bisection_only():
    saved = staffing.WALK_STEPS
    staffing.WALK_STEPS = 0  # check the lower bound, then bisect as before
    try:
        yield
    finally:
        staffing.WALK_STEPS = saved


TARGETS = st.builds(
    Targets,
    service_level=st.one_of(st.none(), st.floats(0.05, 0.99)),
    answer_within_s=st.floats(0.0, 300.0),
    sl_basis=st.sampled_from(["offered", "answered"]),
    max_asa_s=st.one_of(st.none(), st.floats(0.5, 600.0)),
    max_abandon=st.one_of(st.none(), st.floats(0.01, 0.5)),
    max_occupancy=st.one_of(st.none(), st.floats(0.5, 1.0)),
)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 300), targets=TARGETS,
       scale=st.sampled_from([1.0, 10.0, 1000.0]))
def test_walk_equals_bisection(seed, size, targets, scale):
    rng = np.random.default_rng(seed)
    calls = np.round(rng.uniform(0.0, 5.0 * scale, size))
    wl = Workload.build(calls, 1800.0, rng.uniform(30.0, 900.0, size))
    walked = required_agents(wl, targets)
    with _bisection_only():
        bisected = required_agents(wl, targets)
    np.testing.assert_array_equal(walked, bisected)


def test_walk_on_a_large_workload_equals_bisection():
    rng = np.random.default_rng(7)
    wl = Workload.build(rng.integers(10, 5001, 20_000), 1800.0, rng.integers(120, 901, 20_000))
    targets = Targets(service_level=0.8, answer_within_s=20.0)
    walked = required_agents(wl, targets)
    with _bisection_only():
        np.testing.assert_array_equal(walked, required_agents(wl, targets))


def test_walk_reports_unreachable_targets_like_bisection():
    wl = Workload.build([10.0, 1.0e6], 1800.0, 240.0)
    with pytest.raises(Infeasible) as walked:
        required_agents(wl, Targets(), max_agents=200)
    with _bisection_only(), pytest.raises(Infeasible) as bisected:
        required_agents(wl, Targets(), max_agents=200)
    assert str(walked.value) == str(bisected.value)
