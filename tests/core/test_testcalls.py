"""Test-call statistics against published values and SciPy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from outsource.core.testcalls import FEW_CALLS, share, summarise, t_interval, wilson

# Newcombe (1998), Statistics in Medicine 17: 857-872, Table II, method 3 (Wilson score).
NEWCOMBE = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718)]


@pytest.mark.parametrize(("k", "n", "low", "high"), NEWCOMBE)
def test_wilson_matches_newcombe(k, n, low, high):
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=1e-4) and hi == pytest.approx(high, abs=1e-4)


def test_wilson_is_symmetric_and_bounded():
    for n in (1, 5, 12, 100):
        for k in range(n + 1):
            lo, hi = wilson(k, n)
            lo2, hi2 = wilson(n - k, n)
            assert 0 <= lo <= k / n <= hi <= 1
            assert lo == pytest.approx(1 - hi2) and hi == pytest.approx(1 - lo2)


def test_few_calls_threshold_is_the_quarter_width_rule():
    half = lambda n: (wilson(n // 2, n)[1] - wilson(n // 2, n)[0]) / 2  # noqa: E731
    assert half(FEW_CALLS) <= 0.25 < half(FEW_CALLS - 1)


def test_t_interval_matches_scipy():
    x = np.array([3.0, 4, 4, 5, 2, 4, 5, 3])
    m = t_interval(x)
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert m.mean == pytest.approx(x.mean()) and m.sd == pytest.approx(x.std(ddof=1))
    assert (m.low, m.high) == (pytest.approx(lo), pytest.approx(hi))


def test_t_interval_small_and_clipped():
    assert t_interval([]).mean is None
    one = t_interval([4.0])
    assert one.mean == 4.0 and one.low is None
    clipped = t_interval([1.0, 5.0], bounds=(1.0, 5.0))
    assert clipped.low == 1.0 and clipped.high == 5.0


def test_share_ignores_unknowns():
    s = share([1.0, 0.0, np.nan, 1.0])
    assert (s.successes, s.n, s.share) == (2, 3, pytest.approx(2 / 3))
    assert share([np.nan]).share is None


def test_summarise_denominators_by_hand():
    nan = np.nan
    st = summarise(handled=[1, 1, 1, 0], resolved=[1, 0, nan, 0], wait_s=[10, 30, 7200, 95],
                   clarity=[4, 5, nan, nan], courtesy=[5, 5, 4, nan], accuracy=[3, 4, 4, nan],
                   target_wait_s=20, live=[True, True, False, True])
    assert (st.handled.successes, st.handled.n) == (3, 4)
    assert (st.resolved.successes, st.resolved.n) == (1, 2)  # of handled with an outcome
    # e-mail (not live) and the unhandled call are left out of waits: 10 and 30 s
    assert (st.within_target.successes, st.within_target.n) == (1, 2)
    assert st.wait_s.mean == 20.0 and st.clarity.mean == 4.5
    assert st.few_calls
