"""Trend and forecast of a monthly KPI (outsource.core.trend, statsforecast)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from outsource.core.trend import trend


def test_linear_decline_has_its_slope_and_a_forecast_interval() -> None:
    rng = np.random.default_rng(3)
    y = 0.9 - 0.05 * np.arange(8) + rng.normal(0, 0.005, 8)
    tr = trend(y, level=80, bounded=True)
    assert tr.slope_per_period == pytest.approx(-0.05, abs=0.01)
    assert tr.trend_p < 1e-4
    assert tr.lo <= tr.forecast <= tr.hi
    assert tr.forecast == pytest.approx(0.5, abs=0.06)
    # AutoTheta replaced AutoARIMA for short series (see core/trend.py for why)
    assert tr.model in ("AutoETS", "AutoTheta", "RandomWalkWithDrift")


def test_short_series_and_gaps() -> None:
    tr = trend([0.8, 0.7], level=95)
    assert tr.model == "RandomWalkWithDrift" and tr.forecast == pytest.approx(0.6)
    assert math.isnan(tr.trend_p)
    one = trend([0.8, float("nan")])
    assert one.n == 1 and one.model == "" and math.isnan(one.forecast)
    flat = trend([5.0, 5.0, 5.0, 5.0])
    assert flat.forecast == 5.0 and flat.model == "constant"


def test_shares_are_clipped() -> None:
    tr = trend([0.9, 0.95, 0.99, 1.0, 1.0, 1.0, 0.999], bounded=True)
    assert 0.0 <= tr.lo <= tr.hi <= 1.0


def test_six_months_get_the_theta_method_and_four_the_drift() -> None:
    # Six monthly values, as in the demo: too few for AutoETS (n <= k + 4), so
    # AutoTheta; its forecast of a decline continues it, inside its own interval.
    y = [0.85, 0.83, 0.80, 0.78, 0.74, 0.70]
    tr = trend(y, level=80, bounded=True)
    assert tr.model == "AutoTheta"
    assert tr.lo <= tr.forecast <= tr.hi and tr.forecast < y[-1]
    four = trend(y[:4], level=80)  # AutoTheta's interval needs a fifth value
    assert four.model == "RandomWalkWithDrift" and math.isfinite(four.lo)
