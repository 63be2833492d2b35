"""Exact t quantiles (A&S 26.7.3-4) equal SciPy's; replications import no SciPy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import stdtr, stdtrit

from outsource.core import student_t


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 9, 10, 29, 30, 83, 84, 999, 1000, 4999, 5000])
@pytest.mark.parametrize("p", [0.975, 0.95, 0.995, 0.9, 0.6, 0.025])
def test_quantile_equals_scipy(df, p):
    assert student_t.quantile(df, p) == pytest.approx(float(stdtrit(df, p)), rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(df=st.integers(1, 3000), t=st.floats(0.0, 50.0))
def test_distribution_function_equals_scipy(df, t):
    assert student_t.two_sided(t, df) == pytest.approx(2.0 * float(stdtr(df, t)) - 1.0,
                                                       rel=1e-12, abs=1e-14)


def test_published_table_values():
    # A&S table 26.10 / any t table: t_{0.975} for 1, 10, 30 degrees of freedom.
    for df, t in ((1, 12.706), (10, 2.228), (30, 2.042)):
        assert student_t.quantile(df, 0.975) == pytest.approx(t, abs=5e-4)


def test_bad_arguments():
    with pytest.raises(ValueError):
        student_t.quantile(0, 0.9)
    with pytest.raises(ValueError):
        student_t.quantile(3, 1.0)


def test_confidence_interval_of_replications_imports_no_scipy_special():
    # (Numba imports the root ``scipy`` package, a few milliseconds; not its special functions.)
    code = ("import sys\nimport numpy as np\n"
            "from outsource.core.replicate import half_width\n"
            "print(round(half_width(np.arange(84.0)), 9))\n"
            "print([m for m in sys.modules if m.startswith('scipy.special')])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    import numpy as np

    values = np.arange(84.0)
    expected = float(stdtrit(83, 0.975) * np.std(values, ddof=1) / np.sqrt(84))
    assert float(out[0]) == pytest.approx(expected, rel=1e-9)
    assert out[1] == "[]"
