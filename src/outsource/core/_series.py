"""Vectorised summation of series whose terms are built from term ratios.

Used where a closed form in incomplete-gamma functions underflows or loses
digits; in those regimes the ratios are below one and the series converges
geometrically. Terms are formed a block at a time with a cumulative product,
so a series of 100,000 terms costs a few hundred NumPy calls, not 100,000.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

#: Relative size of a term below which summation stops.
_REL_TOL = 1e-17
#: Terms formed per block.
_BLOCK = 512
#: Hard cap on terms, far above any regime in which the callers use a series.
_MAX_TERMS = 4_000_000


def geometric_like_sum(
    ratio: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    shape: tuple[int, ...],
) -> NDArray[np.float64]:
    """Sum ``sum_{i>=0} t_i`` with ``t_0 = 1`` and ``t_{i+1} = t_i * ratio(i)``.

    Parameters
    ----------
    ratio : callable
        ``ratio(i)``, given a row ``i`` of step indices of shape ``(1, B)``,
        returns the ratios ``t_{i+1} / t_i`` of shape ``(m, B)`` for the ``m``
        series being summed (one per element of the flattened result).
    shape : tuple of int
        Shape of the result (``m`` elements in all).

    Returns
    -------
    ndarray
        The sums, accurate to about 1e-16 relative where ratios fall below 1.
    """
    m = int(np.prod(shape))
    total = np.ones(m)
    last = np.ones(m)
    active = np.arange(m)
    start = 0
    while active.size and start < _MAX_TERMS:
        steps = np.arange(start, start + _BLOCK, dtype=float)[None, :]
        r = np.broadcast_to(ratio(steps), (m, _BLOCK))[active]
        terms = last[active, None] * np.cumprod(r, axis=1)
        total[active] += terms.sum(axis=1)
        last[active] = terms[:, -1]
        active = active[last[active] > _REL_TOL * total[active]]
        start += _BLOCK
    return total.reshape(shape)
