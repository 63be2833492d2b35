"""Trend of a monthly KPI and a forecast of next month with an interval.

* **Trend**: the ordinary least-squares slope of the monthly values on the
  month number, with the two-sided p-value of its t statistic
  (:func:`scipy.stats.linregress`; e.g. Montgomery, Peck and Vining,
  *Introduction to Linear Regression Analysis*, 5th ed., 2012, sec. 2.3).
* **Forecast**: from ``statsforecast`` (Nixtla), a maintained library, not
  a hand-written model: ``AutoETS`` (Hyndman, Koehler, Snyder and Grose 2002
  [1]_, automatic exponential smoothing) where the series is long enough for
  it (statsforecast, as R's ``forecast``, refuses a model with ``n <= k + 4``
  values for its ``k`` parameters: seven months at least), otherwise
  ``AutoTheta`` from five months, and the random walk with drift for two to
  four months. Prediction intervals are the models' own. A KPI that is a
  share (service level, rates, FCR) has its forecast and interval clipped to
  [0, 1].

  Why the theta method for short series: contract monitoring mostly has a few
  months of history (six in the demo). The theta method, simple exponential
  smoothing with a drift of half the series' linear trend (Hyndman and
  Billah 2003 [3]_), was the most accurate method of the M3 competition
  (3,003 series, many of them short: Makridakis and Hibon 2000 [2]_), and
  ``AutoTheta`` picks among its standard, optimised and dynamic variants by
  in-sample fit (Fiorucci et al. 2016 [4]_), with intervals from their state
  space form. It fits in about a millisecond; ``AutoARIMA``, which ran here
  before, fitted six candidate models a series (about 0.1-0.3 s each series)
  to estimate up to five parameters from six values.

References
----------
.. [1] R. J. Hyndman, A. B. Koehler, R. D. Snyder, S. Grose, "A state space
   framework for automatic forecasting using exponential smoothing methods",
   Int. J. Forecasting 18(3), 439-454, 2002.
.. [2] S. Makridakis, M. Hibon, "The M3-Competition: results, conclusions and
   implications", Int. J. Forecasting 16(4), 451-476, 2000.
.. [3] R. J. Hyndman, B. Billah, "Unmasking the Theta method", Int. J.
   Forecasting 19(2), 287-290, 2003.
.. [4] J. A. Fiorucci, T. R. Pellegrini, F. Louzada, F. Petropoulos, A. B.
   Koehler, "Models for optimising the theta method and their relationship to
   state space models", Int. J. Forecasting 32(4), 1151-1161, 2016.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats


@dataclass(frozen=True)
class Trend:
    """Trend and next-period forecast of one series.

    Attributes
    ----------
    n : values used (missing ones skipped).
    slope_per_period : least-squares slope [unit of the series per period].
    trend_p : two-sided p-value of the slope (NaN below 3 values).
    forecast, lo, hi : next period's point forecast and interval (NaN when none).
    level : interval level [%].
    model : statsforecast model used ("" when no forecast).
    """

    n: int
    slope_per_period: float
    trend_p: float
    forecast: float
    lo: float
    hi: float
    level: int
    model: str


def trend(values: ArrayLike, level: int = 80, bounded: bool = False) -> Trend:
    """Slope, its p-value and a one-step forecast with a ``level`` % interval.

    Parameters
    ----------
    values : array_like
        One value per period, oldest first; NaN where a period has none.
    level : int
        Prediction-interval level [%], e.g. 80 or 95.
    bounded : bool
        Clip forecast and interval to [0, 1] (for shares).
    """
    y_all = np.asarray(values, dtype=float)
    keep = np.isfinite(y_all)
    y = y_all[keep]
    t = np.arange(y_all.size, dtype=float)[keep]
    n = int(y.size)
    slope, p = math.nan, math.nan
    if n >= 3 and np.ptp(y) > 0:
        fit = stats.linregress(t, y)
        slope, p = float(fit.slope), float(fit.pvalue)
    elif n >= 2:
        slope, p = float(np.polyfit(t, y, 1)[0]), math.nan
    if n < 2:
        return Trend(n, slope, p, math.nan, math.nan, math.nan, level, "")
    mean, lo, hi, model = _forecast(y, level)
    if bounded:
        mean, lo, hi = (min(max(v, 0.0), 1.0) for v in (mean, lo, hi))
    return Trend(n, slope, p, mean, lo, hi, level, model)


def _forecast(y: np.ndarray, level: int) -> tuple[float, float, float, str]:
    from statsforecast.models import AutoETS, AutoTheta, RandomWalkWithDrift

    if np.ptp(y) == 0:
        v = float(y[-1])
        return v, v, v, "constant"
    candidates = []
    if y.size >= 7:  # statsforecast's ETS refuses n <= npars + 4, and npars >= 2 (alpha, l0)
        candidates.append(AutoETS(season_length=1))
    if y.size >= 5:  # with four values its interval is undefined (no residual dof)
        candidates.append(AutoTheta(season_length=1))
    candidates.append(RandomWalkWithDrift())
    for model in candidates:
        try:
            out = model.forecast(y=y, h=1, level=[level])
        except (ValueError, np.linalg.LinAlgError):
            continue
        mean = float(np.asarray(out["mean"])[0])
        lo = float(np.asarray(out[f"lo-{level}"])[0])
        hi = float(np.asarray(out[f"hi-{level}"])[0])
        if all(map(math.isfinite, (mean, lo, hi))):
            return mean, lo, hi, type(model).__name__
    return math.nan, math.nan, math.nan, ""  # pragma: no cover - drift always fits 2 points
