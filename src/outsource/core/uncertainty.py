"""Uncertain inputs as ranges; Monte Carlo, percentiles and sensitivity.

Every uncertain input of the cost model is a :class:`Range` (low, high, an
optional mode, triangular or uniform). :func:`sample` draws all of them at once
with a caller-supplied ``numpy.random.Generator`` (no global state), giving a
mapping ``name -> array of draws``; the cost functions are vectorised over that
last axis, so 10,000 draws of 50 options are a few hundred array operations.

Sensitivity is measured two ways: Spearman rank correlation between each input
and each output over the Monte Carlo draws (:func:`rank_correlation`), and a
tornado design (:func:`tornado_design`) that moves one input at a time to its
low and high ends with every other input at its central value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]
DISTRIBUTIONS = ("triangular", "uniform")


@dataclass(frozen=True)
class Range:
    """An uncertain input between ``low`` and ``high`` (equal: a fixed value).

    Attributes
    ----------
    low, high : float
        Bounds, in the unit of the input.
    mode : float or None
        Most likely value of a triangular range; ``None`` means the midpoint.
    dist : str
        ``"triangular"`` (default) or ``"uniform"``.
    """

    low: float
    high: float
    mode: float | None = None
    dist: str = "triangular"

    def __post_init__(self) -> None:
        if not (np.isfinite(self.low) and np.isfinite(self.high)):
            raise InvalidInput("range bounds must be finite numbers")
        if self.low > self.high:
            raise InvalidInput(f"low {self.low:g} is above high {self.high:g}")
        if self.mode is not None and not self.low <= self.mode <= self.high:
            raise InvalidInput(f"mode {self.mode:g} is outside [{self.low:g}, {self.high:g}]")
        if self.dist not in DISTRIBUTIONS:
            raise InvalidInput(f"dist must be one of {', '.join(DISTRIBUTIONS)}")

    @classmethod
    def fixed(cls, value: float) -> Range:
        """A range with no spread."""
        return cls(float(value), float(value))

    @property
    def central(self) -> float:
        """The deterministic value: the mode if given (triangular), else the midpoint."""
        if self.mode is not None and self.dist == "triangular":
            return self.mode
        return 0.5 * (self.low + self.high)

    @property
    def spread(self) -> float:
        """``high - low``."""
        return self.high - self.low

    def scaled(self, factor: float) -> Range:
        """The same range in another unit (``factor`` > 0)."""
        mode = None if self.mode is None else self.mode * factor
        return Range(self.low * factor, self.high * factor, mode, self.dist)


#: Most Monte Carlo draws one run takes: every option holds a few arrays of this length,
#: so more would not fit in memory (10,000 already give percentiles to about 1 %).
MAX_DRAWS = 1_000_000


def sample(ranges: Mapping[str, Range], draws: int,
           rng: np.random.Generator) -> dict[str, FloatArray]:
    """Draw every range ``draws`` times, independently.

    Parameters
    ----------
    ranges : mapping of str to Range
        The uncertain inputs, by name.
    draws : int
        Number of draws (1 to :data:`MAX_DRAWS`).
    rng : numpy.random.Generator
        Source of randomness; seed it for reproducible results.

    Returns
    -------
    dict of str to ndarray
        ``draws`` values per input (a fixed input repeats its value).
    """
    if draws < 1:
        raise InvalidInput("must be >= 1", loc=("draws",))
    if draws > MAX_DRAWS:
        raise InvalidInput(f"must be at most {MAX_DRAWS:,} (more would not fit in memory; "
                           "10,000 give percentiles to about 1 %)", loc=("draws",))
    out: dict[str, FloatArray] = {}
    for name in sorted(ranges):  # sorted: the draws do not depend on dict order
        r = ranges[name]
        if r.spread == 0:
            out[name] = np.full(draws, r.low)
        elif r.dist == "uniform":
            out[name] = rng.uniform(r.low, r.high, draws)
        else:
            out[name] = rng.triangular(r.low, r.central, r.high, draws)
    return out


def central(ranges: Mapping[str, Range]) -> dict[str, FloatArray]:
    """Every input at its central value, as one-element arrays (the deterministic case)."""
    return {name: np.array([r.central]) for name, r in ranges.items()}


def tornado_design(ranges: Mapping[str, Range]) -> tuple[list[str], dict[str, FloatArray]]:
    """One-at-a-time design: column ``2i`` puts input ``i`` at low, ``2i+1`` at high.

    Only inputs with a spread take part; every other input stays at its central
    value in every column.

    Returns
    -------
    names : list of str
        The varied inputs, in column order.
    design : dict of str to ndarray
        ``2 x len(names)`` values per input.
    """
    names = sorted(n for n, r in ranges.items() if r.spread > 0)
    cols = 2 * len(names)
    design = {n: np.full(cols, r.central) for n, r in ranges.items()}
    for i, name in enumerate(names):
        design[name][2 * i] = ranges[name].low
        design[name][2 * i + 1] = ranges[name].high
    return names, design


def tornado_swings(names: list[str], outputs: FloatArray) -> list[tuple[str, float, float]]:
    """``(input, output at low, output at high)`` sorted by swing, largest first.

    ``outputs`` is one output over the columns of :func:`tornado_design`.
    """
    rows = [(n, float(outputs[2 * i]), float(outputs[2 * i + 1])) for i, n in enumerate(names)]
    return sorted(rows, key=lambda r: abs(r[2] - r[1]), reverse=True)


def percentiles(values: FloatArray, qs: tuple[float, ...] = (10, 50, 90)) -> FloatArray:
    """Percentiles over the last axis (draws): shape ``(len(qs), ...)``."""
    return np.percentile(values, qs, axis=-1)


def _ranks(x: FloatArray) -> FloatArray:
    """Ranks along the last axis, centred and scaled to unit norm (0 when constant)."""
    order = np.argsort(x, axis=-1)
    r = np.empty(x.shape)
    np.put_along_axis(r, order, np.arange(x.shape[-1], dtype=float), axis=-1)
    r -= r.mean(axis=-1, keepdims=True)
    const = np.ptp(x, axis=-1, keepdims=True) == 0
    norm = np.linalg.norm(r, axis=-1, keepdims=True)
    return np.where(const, 0.0, r / np.where(norm == 0, 1.0, norm))


def rank_correlation(inputs: Mapping[str, FloatArray], outputs: FloatArray,
                     max_draws: int = 2000) -> tuple[list[str], FloatArray]:
    """Spearman rank correlation of each input with each output.

    Parameters
    ----------
    inputs : mapping of str to ndarray
        Draws per input, shape ``(draws,)`` each.
    outputs : ndarray
        Shape ``(k, draws)``: ``k`` outputs over the same draws.
    max_draws : int
        Use at most the first ``max_draws`` draws (independent draws, so a
        random subsample; standard error of rho about ``1 / sqrt(max_draws)``).

    Returns
    -------
    names : list of str
        Input names (sorted), the columns of the result.
    rho : ndarray
        Shape ``(k, len(names))``, values in [-1, 1]; 0 for a fixed input.
    """
    names = sorted(inputs)
    y = _ranks(np.atleast_2d(outputs)[:, :max_draws])
    rho = np.zeros((y.shape[0], len(names)))
    varied = [i for i, n in enumerate(names) if np.ptp(inputs[n]) > 0]
    if varied:
        x = _ranks(np.vstack([inputs[names[i]][:max_draws] for i in varied]))
        rho[:, varied] = y @ x.T
    return names, rho
