"""Test calls (mystery shopping) summarised with confidence intervals.

The playbook ("Choosing a provider"; "Contract and oversight") advises placing
test calls posing as a customer, before choosing and periodically after. A
dozen calls say little on their own, so every share carries a Wilson score
interval and every mean a Student t interval, and a summary of fewer than
:data:`FEW_CALLS` calls says so.

References
----------
.. [1] E. B. Wilson, "Probable inference, the law of succession, and
   statistical inference", J. Amer. Statist. Assoc. 22 (1927) 209-212.
.. [2] R. G. Newcombe, "Two-sided confidence intervals for the single
   proportion: comparison of seven methods", Statistics in Medicine 17 (1998)
   857-872 (method 3, the Wilson score interval; worked examples in Table II).
.. [3] "Student" (W. S. Gosset), "The probable error of a mean", Biometrika 6
   (1908) 1-25.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike

#: Confidence level of every interval.
CONFIDENCE = 0.95
#: Below this many calls a summary says "few calls": 12 is the smallest n for which
#: the 95% Wilson interval of a share of one half is no wider than +-0.25.
FEW_CALLS = 12


@dataclass(frozen=True)
class Share:
    """``successes`` of ``n`` with the Wilson interval ``[low, high]`` (all ``None`` if n = 0)."""

    successes: int
    n: int
    share: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Mean:
    """Mean of ``n`` values with sample sd and the t interval (``None`` where undefined)."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


def wilson(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for a binomial share [1]_, [2]_.

    ``(p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)`` with
    ``p = successes / n`` and ``z`` the normal quantile of ``(1 + confidence) / 2``.

    Parameters
    ----------
    successes : int
        Trials with the property, ``0 <= successes <= n``.
    n : int
        Trials, ``n >= 1``.
    confidence : float
        Two-sided confidence level.

    Returns
    -------
    (low, high) : tuple of float
        Bounds in [0, 1].
    """
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n and n >= 1")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denom = 1 + z * z / n
    low = 0.0 if successes == 0 else max(0.0, (centre - half) / denom)
    high = 1.0 if successes == n else min(1.0, (centre + half) / denom)
    return low, high


def share(flags: ArrayLike, confidence: float = CONFIDENCE) -> Share:
    """Share of true values among the known ones (NaN = unknown) with its Wilson interval."""
    x = np.asarray(flags, dtype=float)
    x = x[~np.isnan(x)]
    n, k = int(x.size), int(np.sum(x > 0.5))
    if n == 0:
        return Share(0, 0, None, None, None)
    low, high = wilson(k, n, confidence)
    return Share(k, n, k / n, low, high)


def t_interval(values: ArrayLike, confidence: float = CONFIDENCE,
               bounds: tuple[float, float] = (-math.inf, math.inf)) -> Mean:
    """Mean and Student t interval ``mean -+ t(df = n-1) s / sqrt(n)`` [3]_ (NaN = unknown).

    The interval is clipped to ``bounds``, the range the values can take (a
    1-5 rating, a wait >= 0).
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return Mean(0, None, None, None, None)
    mean = float(x.mean())
    if n == 1:
        return Mean(1, mean, None, None, None)
    from scipy.special import stdtrit

    sd = float(x.std(ddof=1))
    half = float(stdtrit(n - 1, 0.5 + confidence / 2)) * sd / math.sqrt(n)
    return Mean(n, mean, sd, max(bounds[0], mean - half), min(bounds[1], mean + half))


@dataclass(frozen=True)
class CallStats:
    """A vendor's test calls summarised (see :func:`summarise`)."""

    n: int
    few_calls: bool
    target_wait_s: float
    handled: Share
    resolved: Share
    within_target: Share
    wait_s: Mean
    clarity: Mean
    courtesy: Mean
    accuracy: Mean


def summarise(handled: ArrayLike, resolved: ArrayLike, wait_s: ArrayLike, clarity: ArrayLike,
              courtesy: ArrayLike, accuracy: ArrayLike, target_wait_s: float = 20.0,
              live: ArrayLike | None = None) -> CallStats:
    """Summarise test calls (arrays of equal length, NaN = not recorded).

    - handled: share of all calls answered by an agent;
    - resolved: share resolved among handled calls whose outcome is recorded;
    - within target: share of handled live calls (``live``: voice, chat,
      social; e-mail's wait is a response time in hours and is not mixed in)
      with a wait on file answered within ``target_wait_s`` [s];
    - wait [s] of handled live calls, and clarity, courtesy, accuracy (1-5): means.
    """
    h = np.asarray(handled, dtype=float)
    ok = h > 0.5
    live_mask = np.ones(h.size, dtype=bool) if live is None else np.asarray(live, dtype=bool)
    res = np.where(ok, np.asarray(resolved, dtype=float), np.nan)
    wait = np.where(ok & live_mask, np.asarray(wait_s, dtype=float), np.nan)
    within = np.where(np.isnan(wait), np.nan, (wait <= target_wait_s).astype(float))
    scale = (1.0, 5.0)
    return CallStats(int(h.size), int(h.size) < FEW_CALLS, float(target_wait_s), share(h),
                     share(res), share(within), t_interval(wait, bounds=(0.0, math.inf)),
                     t_interval(clarity, bounds=scale), t_interval(courtesy, bounds=scale),
                     t_interval(accuracy, bounds=scale))
