"""The two Erlang B paths (recursion and incomplete gamma) agree; one answer needs no SciPy."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from decimal import Decimal, getcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource.core import erlang
from outsource.errors import InvalidInput


@settings(max_examples=300, deadline=None)
@given(a=st.floats(0.001, 5000.0), n=st.integers(1, 6000))
def test_recursion_equals_incomplete_gamma(a, n):
    rec = float(erlang.log_erlang_b_recursion(a, n))
    gam = float(erlang.log_erlang_b_gamma(a, n))
    # SciPy's incomplete gamma path carries up to about 5e-12 of error in log B
    # (measured against 40-digit arithmetic; the recursion about 2e-15), so the
    # two agree to 1e-11 in log B, scaled by |log B| where it exceeds one.
    assert abs(rec - gam) <= 1e-11 * max(1.0, abs(gam))


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.001, 5000.0), n=st.integers(1, 6000))
def test_recursion_equals_forty_digit_arithmetic(a, n):
    getcontext().prec = 40
    inv = Decimal(1)
    big_a = Decimal(a)
    for k in range(1, n + 1):
        inv = 1 + k / big_a * inv
    exact = float(-inv.ln())
    assert abs(float(erlang.log_erlang_b_recursion(a, n)) - exact) <= 1e-14 * max(1.0, -exact)


@settings(max_examples=100, deadline=None)
@given(a=st.floats(0.01, 3000.0), extra=st.integers(1, 300), aht=st.floats(30.0, 900.0),
       t=st.floats(0.0, 120.0))
def test_erlang_c_measures_agree_on_both_paths(a, extra, aht, t):
    n = int(np.floor(a)) + extra
    rec = erlang.service_level(a, n, aht, t), erlang.asa(a, n, aht)
    with _gamma_only():
        gam = erlang.service_level(a, n, aht, t), erlang.asa(a, n, aht)
    for r, g in zip(rec, gam, strict=True):
        assert r == pytest.approx(g, rel=1e-11, abs=1e-14)


@contextmanager
def _gamma_only():
    saved = erlang.RECURSION_STEPS, erlang.NEAR_LOAD_STEPS
    erlang.RECURSION_STEPS = erlang.NEAR_LOAD_STEPS = -1
    try:
        yield
    finally:
        erlang.RECURSION_STEPS, erlang.NEAR_LOAD_STEPS = saved


def test_both_paths_on_a_grid():
    a = np.array([0.01, 0.5, 3.0, 33.3, 250.0, 1000.0, 4999.5])[:, None]
    n = np.array([1, 2, 5, 20, 40, 100, 260, 1100, 5200, 8000])[None, :]
    a, n = np.broadcast_arrays(a, n)
    rec = erlang.log_erlang_b_recursion(a, n)
    gam = erlang.log_erlang_b_gamma(a, n)
    np.testing.assert_allclose(rec, gam, rtol=1e-11, atol=1e-11)


def test_one_staffing_answer_does_not_import_scipy():
    code = ("import sys\n"
            "from outsource.services import staffing as s\n"
            "from outsource.core.staffing import Targets, Workload, required_agents\n"
            "wl = Workload.build(250, 1800.0, 240.0)\n"
            "print(int(required_agents(wl, Targets())[0]))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "39"
    assert out[1] == "[]"


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.001, 5000.0), above=st.integers(-200, 300))
def test_near_load_recursion_equals_forty_digit_arithmetic(a, above):
    n = max(1, int(np.floor(a)) + above)
    if n < np.floor(a) and erlang.near_load_start(np.array(a)) > 0:
        n = int(np.floor(a))
    getcontext().prec = 40
    inv, big_a = Decimal(1), Decimal(a)
    for k in range(1, n + 1):
        inv = 1 + k / big_a * inv
    exact = float(-inv.ln())
    got = float(erlang.log_erlang_b_near_load(a, n))
    assert abs(got - exact) <= 1e-13 * max(1.0, -exact)


def test_near_load_recursion_vectorised_equals_incomplete_gamma():
    rng = np.random.default_rng(3)
    a = rng.uniform(0.01, 5_000.0, 5_000)
    n = np.floor(a) + rng.integers(0, 400, a.size)
    small = a[:50] = rng.uniform(0.01, 100.0, 50)
    n[:50] = np.maximum(np.floor(small / 3.0), 1.0)  # A <= 100: exact start, any n
    got = erlang.log_erlang_b_near_load(a, n)
    # SciPy's side carries up to ~5e-12 here (6e-11 near A = 20,000, where the
    # recursion stays within 1e-14 of 40-digit arithmetic).
    np.testing.assert_allclose(got, erlang.log_erlang_b_gamma(a, n), rtol=1e-11, atol=1e-11)
    assert got.shape == a.shape
    big = np.array([19287.79876863768, 50_000.0, 1.0e6])
    assert np.all(np.isfinite(erlang.log_erlang_b_near_load(big, np.floor(big) + 3.0)))


def test_near_load_recursion_refuses_agents_far_below_the_load():
    with pytest.raises(InvalidInput):
        erlang.log_erlang_b_near_load(10_000.0, 100)


def test_staffing_many_intervals_does_not_import_scipy_special():
    code = ("import sys\nimport numpy as np\n"
            "from outsource.core.staffing import Targets, Workload, required_agents\n"
            "rng = np.random.default_rng(1)\n"
            "wl = Workload.build(rng.integers(10, 5001, 5000), 1800.0,\n"
            "                    rng.integers(120, 901, 5000))\n"
            "print(int(required_agents(wl, Targets()).sum()))\n"
            "print([m for m in sys.modules if m.startswith('scipy.special')])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert int(out[0]) > 0
    assert out[1] == "[]"


def test_large_evaluations_mix_paths_consistently():
    rng = np.random.default_rng(11)
    a = rng.uniform(0.5, 3000.0, 4000)
    n = np.concatenate([np.floor(a[:2000]) + rng.integers(1, 200, 2000),   # near the load
                        np.maximum(np.floor(a[2000:] / 3.0), 1.0)])         # far below it
    mixed = erlang.log_erlang_b(a, n)
    with _gamma_only():
        gamma = erlang.log_erlang_b(a, n)
    np.testing.assert_allclose(mixed, gamma, rtol=1e-11, atol=1e-11)
