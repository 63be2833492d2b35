"""Erlang B/C/A: stability at scale, limits and monotonicity (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource.core import erlang
from outsource.core.erlang_a import erlang_a
from outsource.errors import InvalidInput


def _recursion(a: float, n: int) -> float:
    """Erlang B by the textbook recursion B(k) = A B(k-1) / (k + A B(k-1))."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


@settings(max_examples=200, deadline=None)
@given(a=st.floats(0.01, 3000.0), n=st.integers(1, 3000))
def test_erlang_b_closed_form_equals_recursion(a, n):
    assert erlang.erlang_b(a, n) == pytest.approx(_recursion(a, n), rel=1e-9, abs=1e-300)


def test_stable_from_one_to_fifty_thousand_agents():
    a = np.array([0.001, 1.0, 50.0, 1000.0, 20000.0, 50000.0])[:, None]
    n = np.array([1, 2, 10, 100, 1000, 10000, 30000, 49000, 50000, 50500])[None, :]
    for fn in (erlang.erlang_b, erlang.erlang_c):
        v = fn(a, n)
        assert np.all(np.isfinite(v)) and np.all((v >= 0) & (v <= 1))
    sl = erlang.service_level(a, n, 240.0, 20.0)
    assert np.all(np.isfinite(sl)) and np.all((sl >= 0) & (sl <= 1))
    r = erlang_a(a / 240.0, 240.0, 180.0, n, answer_within=20.0)
    for field in ("p_wait", "p_abandon", "service_level", "asa", "occupancy"):
        value = getattr(r, field)
        assert np.all(np.isfinite(value)), field


@settings(max_examples=100, deadline=None)
@given(a=st.floats(0.5, 2000.0), extra=st.integers(1, 200), t=st.floats(0.0, 120.0),
       aht=st.floats(30.0, 900.0))
def test_service_level_rises_with_agents(a, extra, t, aht):
    n = int(np.floor(a)) + extra
    sl = erlang.service_level(a, [n, n + 1, n + 5], aht, t)
    assert np.all(np.diff(sl) >= -1e-12)
    assert np.all(np.diff(erlang.asa(a, [n, n + 1, n + 5], aht)) <= 1e-9)


@settings(max_examples=60, deadline=None)
@given(lam=st.floats(0.01, 5.0), aht=st.floats(60.0, 600.0), patience=st.floats(10.0, 900.0),
       extra=st.integers(-20, 40))
def test_erlang_a_monotone_in_agents(lam, aht, patience, extra):
    n0 = max(1, int(lam * aht) + extra)
    r = erlang_a(lam, aht, patience, np.arange(n0, n0 + 4), answer_within=20.0)
    assert np.all(np.diff(r.service_level) >= -1e-10)
    assert np.all(np.diff(r.p_abandon) <= 1e-10)
    assert np.all(np.diff(r.asa) <= 1e-7)


@settings(max_examples=60, deadline=None)
@given(a=st.floats(1.0, 500.0), extra=st.integers(1, 50), aht=st.floats(60.0, 600.0))
def test_erlang_a_tends_to_erlang_c_as_patience_grows(a, extra, aht):
    """The gap to Erlang C shrinks like 1/patience (abandonment rate theta x Lq)."""
    n = int(np.floor(a * 1.02)) + extra  # at least 2 % spare: patience stays < 1e9 s
    lam = a / aht
    exact = (erlang.erlang_c(a, n), erlang.service_level(a, n, aht, 20.0), erlang.asa(a, n, aht))
    # The dimensionless parameter is theta Lq / (n mu - lambda): patience is measured
    # against ASA x A / (n - A), the time the surplus capacity needs to clear Lq.
    scale = max(float(exact[2]) * a / (n - a), aht)
    gaps = []
    for ratio in (1e2, 1e4):
        r = erlang_a(lam, aht, ratio * scale, n, answer_within=20.0)
        got = (r.p_wait, r.service_level, r.asa)
        gaps.append([abs(g - e) / max(e, 1e-12) for g, e in zip(got, exact, strict=True)])
        # P(ab) = E[W] / patience and E[W] of Erlang A <= ASA of Erlang C
        assert r.p_abandon <= exact[2] / (ratio * scale) * (1 + 1e-6) + 1e-12
    for coarse, fine in zip(*gaps, strict=True):
        assert fine <= 0.2 * coarse + 1e-7  # about 0.01 asymptotically


@settings(max_examples=40, deadline=None)
@given(lam=st.floats(0.01, 2.0), aht=st.floats(60.0, 600.0), patience=st.floats(20.0, 900.0),
       extra=st.integers(-10, 20))
def test_finite_room_closed_forms_agree(lam, aht, patience, extra):
    """A waiting room far larger than any queue reproduces the unlimited closed forms."""
    n = max(1, int(lam * aht) + extra)
    big = erlang_a(lam, aht, patience, n, queue_capacity=4000, answer_within=15.0)
    free = erlang_a(lam, aht, patience, n, answer_within=15.0)
    for f in ("p_wait", "p_abandon", "service_level", "asa", "mean_wait_abandoned", "mean_queue"):
        assert getattr(big, f) == pytest.approx(getattr(free, f), rel=1e-7, abs=1e-10), f
    assert big.p_block < 1e-12


@settings(max_examples=60, deadline=None)
@given(lam=st.floats(0.01, 3.0), aht=st.floats(60.0, 600.0), patience=st.floats(20.0, 900.0),
       extra=st.integers(-15, 20), cap=st.sampled_from([None, 0, 3, 25]))
def test_erlang_a_identities(lam, aht, patience, extra, cap):
    """Little's law, P(ab) = theta E[W] (exponential patience), flow balance."""
    n = max(1, int(lam * aht) + extra)
    r = erlang_a(lam, aht, patience, n, queue_capacity=cap, answer_within=20.0)
    admitted = 1.0 - r.p_block
    assert r.mean_queue == pytest.approx(lam * admitted * r.mean_wait, rel=1e-6, abs=1e-12)
    assert r.p_abandon == pytest.approx(admitted * r.mean_wait / patience, rel=1e-6, abs=1e-12)
    assert r.p_served + r.p_abandon + r.p_block == pytest.approx(1.0)
    assert r.service_level <= r.p_served + 1e-12


def test_erlang_a_without_waiting_room_is_erlang_b():
    r = erlang_a(10 / 180, 180.0, 60.0, 12, queue_capacity=0)
    assert r.p_block == pytest.approx(erlang.erlang_b(10.0, 12), rel=1e-12)
    assert r.p_wait == 0 and r.p_abandon == 0


def test_bad_arguments_name_the_field():
    with pytest.raises(InvalidInput, match="agents"):
        erlang.erlang_b(1.0, 2.5)
    with pytest.raises(InvalidInput, match="traffic"):
        erlang.erlang_c(-1.0, 3)
    with pytest.raises(InvalidInput, match="mean_handle"):
        erlang_a(1.0, 0.0, 1.0, 3)
