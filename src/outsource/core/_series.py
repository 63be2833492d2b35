"""Vectorised summation of series whose terms are built from term ratios.

Used where a closed form in incomplete-gamma functions underflows; in those
regimes the ratios are below one and the series converges geometrically.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

#: Relative size of a term below which summation stops.
_REL_TOL = 1e-17
#: Hard cap on terms, far above any regime in which the callers use a series.
_MAX_TERMS = 2_000_000


def geometric_like_sum(
    ratio: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    shape: tuple[int, ...],
) -> NDArray[np.float64]:
    """Sum ``sum_{i>=0} t_i`` with ``t_0 = 1`` and ``t_{i+1} = t_i * ratio(i)``.

    Parameters
    ----------
    ratio : callable
        ``ratio(i)`` returns the array of ratios ``t_{i+1} / t_i`` for step
        ``i`` (a float array of the given shape, all entries at the same step).
    shape : tuple of int
        Shape of the result.

    Returns
    -------
    ndarray
        The sums, accurate to about 1e-16 relative where ratios fall below 1.
    """
    total = np.ones(shape)
    term = np.ones(shape)
    active = np.ones(shape, dtype=bool)
    i = 0
    while np.any(active) and i < _MAX_TERMS:
        term = np.where(active, term * ratio(np.float64(i)), 0.0)
        total += term
        active &= term > _REL_TOL * total
        i += 1
    return total
