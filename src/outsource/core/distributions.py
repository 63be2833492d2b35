"""Handle-time and patience distributions: specs, parsing, analytic means, sampling.

A distribution is written ``name:key=value,...`` with ``mean`` in seconds and,
where the family has one, ``cv`` (coefficient of variation, standard deviation
over mean):

``exponential:mean=180``
    Exponential, ``cv = 1``.
``lognormal:mean=240,cv=1.2``
    ``log X ~ N(m, s^2)`` with ``s^2 = log(1 + cv^2)``, ``m = log(mean) - s^2/2``
    (Johnson, Kotz and Balakrishnan 1994 [1]_, ch. 14).
``gamma:mean=240,cv=0.5``
    Shape ``k = 1/cv^2``, scale ``mean/k``; Erlang-k is gamma with
    ``cv = 1/sqrt(k)``, also written ``erlang:mean=240,k=4``.
``deterministic:mean=240``
    Always ``mean``, ``cv = 0``.
``empirical:file=handle.csv``
    Resampled with replacement from observed values (read by the caller: the
    core does no I/O); ``mean=`` rescales them to that mean.

Every family except ``empirical`` is a scale family: draws are made with mean
one and multiplied by the mean, so ``mean`` may be left out and given per call
(e.g. each interval's ``aht_s`` of a workload).

References
----------
.. [1] N. L. Johnson, S. Kotz, N. Balakrishnan, "Continuous Univariate
   Distributions", vol. 1, 2nd ed., Wiley, 1994.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]

#: Families and the keys each accepts.
FAMILIES: dict[str, tuple[str, ...]] = {
    "exponential": ("mean",),
    "lognormal": ("mean", "cv"),
    "gamma": ("mean", "cv"),
    "erlang": ("mean", "k"),
    "deterministic": ("mean",),
    "empirical": ("file", "mean"),
}


@dataclass(frozen=True)
class Distribution:
    """A non-negative distribution of durations [s].

    Attributes
    ----------
    family : str
        ``exponential``, ``lognormal``, ``gamma``, ``deterministic`` or ``empirical``.
    mean : float or None
        Mean [s]; ``None`` means "given per call when sampling"; ``inf`` means
        "never" (no abandonment), sampled as ``inf``.
    cv : float
        Coefficient of variation (standard deviation / mean).
    samples : ndarray or None
        Observed values [s] of an ``empirical`` distribution.
    file : str or None
        Where ``samples`` are to be read from (set by :func:`parse_spec`).
    """

    family: str
    mean: float | None = None
    cv: float = 1.0
    samples: FloatArray | None = None
    file: str | None = None

    @property
    def analytic_mean(self) -> float:
        """The distribution's mean [s]: ``mean``, or the samples' mean if ``empirical``."""
        if self.mean is not None:
            return float(self.mean)
        if self.samples is not None:
            return float(np.mean(self.samples))
        raise InvalidInput(f"{self.family}: no mean given", loc=("mean",))

    def sample(self, rng: np.random.Generator, size: int, mean: ArrayLike | None = None):
        """Draw ``size`` values [s].

        Parameters
        ----------
        rng : numpy.random.Generator
        size : int
        mean : float or array of ``size`` floats, optional
            Mean of each draw [s], used when the distribution has no own mean.
            ``inf`` entries give ``inf`` (e.g. callers who never abandon).
        """
        scale = self._scale(mean, size)
        if self.family == "empirical":
            return self._empirical(rng, size, scale)
        unit = unit_draws(self.family, self.cv, rng, size)
        with np.errstate(invalid="ignore"):
            return np.where(np.isinf(scale), np.inf, unit * scale)

    def _scale(self, mean: ArrayLike | None, size: int) -> FloatArray:
        chosen = self.mean if self.mean is not None else mean
        if chosen is None:
            if self.family == "empirical":
                return np.full(size, np.nan)
            raise InvalidInput(f"{self.family}: no mean given", loc=("mean",))
        return np.broadcast_to(np.asarray(chosen, dtype=float), (size,))

    def _empirical(self, rng: np.random.Generator, size: int, scale: FloatArray) -> FloatArray:
        if self.samples is None or self.samples.size == 0:
            raise InvalidInput("empirical: no samples loaded", loc=("file",))
        draws = rng.choice(self.samples, size=size, replace=True)
        if self.mean is None:
            return draws
        return draws * (self.mean / float(np.mean(self.samples)))


def unit_draws(family: str, cv: float, rng: np.random.Generator, size: int) -> FloatArray:
    """Draws of mean one from a scale family with coefficient of variation ``cv``."""
    if family == "exponential":
        return rng.standard_exponential(size)
    if family == "deterministic" or cv == 0.0:
        return np.ones(size)
    if family == "lognormal":
        s2 = math.log1p(cv * cv)
        return np.exp(rng.normal(-s2 / 2.0, math.sqrt(s2), size))
    if family == "gamma":
        shape = 1.0 / (cv * cv)
        return rng.standard_gamma(shape, size) / shape
    raise InvalidInput(f"unknown distribution '{family}'", loc=("distribution",))


def make(family: str, mean: float | None = None, cv: float | None = None,
         samples: ArrayLike | None = None) -> Distribution:
    """Build a validated :class:`Distribution` (``erlang`` needs ``cv = 1/sqrt(k)``).

    Raises
    ------
    InvalidInput
        Unknown family, non-positive mean, negative ``cv``, or ``cv`` given
        to a family that fixes it.
    """
    if family not in FAMILIES or family == "erlang":
        known = ", ".join(f for f in FAMILIES if f != "erlang")
        raise InvalidInput(f"unknown distribution '{family}' (one of {known})",
                           loc=("distribution",))
    if mean is not None and not (mean > 0):
        raise InvalidInput(f"mean must be > 0 seconds, got {mean}", loc=(family,))
    fixed = {"exponential": 1.0, "deterministic": 0.0, "empirical": math.nan}
    if family in fixed:
        if cv is not None:
            raise InvalidInput("takes no cv", loc=(family,))
        cv = fixed[family]
    elif cv is None:
        raise InvalidInput("needs cv=VALUE (coefficient of variation >= 0)", loc=(family,))
    elif not (0 <= cv < math.inf):
        raise InvalidInput(f"needs cv >= 0, got {cv}", loc=(family,))
    data = None if samples is None else _check_samples(samples)
    return Distribution(family, mean, float(cv), data)


def _check_samples(samples: ArrayLike) -> FloatArray:
    data = np.asarray(samples, dtype=float).ravel()
    if data.size == 0 or not np.all(np.isfinite(data)) or np.any(data < 0):
        raise InvalidInput("samples must be finite numbers >= 0, at least one",
                           loc=("empirical",))
    return data


def parse_spec(text: str, field: str = "distribution") -> Distribution:
    """Parse ``name:key=value,...`` (e.g. ``lognormal:mean=240,cv=1.2``).

    ``name`` alone is allowed for the families with a fixed ``cv``
    (``exponential``, ``deterministic``): the mean then comes with each call.
    An ``empirical`` spec keeps its ``file`` for the caller to load with
    :func:`with_samples`.

    Raises
    ------
    InvalidInput
        Malformed text, unknown family or key, or a bad value, located at
        ``field`` (a domain name such as ``handle``; the CLI shows its flag).
    """
    name, _, rest = text.strip().partition(":")
    name = name.strip().lower()
    try:
        params = _key_values(rest, name)
        if name == "erlang":
            return _erlang(params)
        mean = _number(params, "mean", name)
        if name == "empirical":
            if "file" not in params:
                raise InvalidInput("needs file=PATH", loc=(name,))
            return Distribution("empirical", mean, math.nan, None, params["file"])
        return make(name, mean, _number(params, "cv", name))
    except InvalidInput as exc:
        raise InvalidInput(f"{exc} in '{text}'", loc=(field,)) from None


def _key_values(rest: str, name: str) -> dict[str, str]:
    if name not in FAMILIES:
        known = ", ".join(FAMILIES)
        raise InvalidInput(f"unknown distribution '{name}' (one of {known})")
    params: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = (s.strip() for s in item.partition("="))
        if not eq or not key or not value:
            raise InvalidInput(f"malformed '{item}', expected key=value")
        if key not in FAMILIES[name]:
            raise InvalidInput(f"unknown key '{key}' for {name} (keys: "
                               f"{', '.join(FAMILIES[name])})")
        params[key] = value
    return params


def _number(params: dict[str, str], key: str, name: str) -> float | None:
    if key not in params:
        return None
    try:
        value = float(params[key])
    except ValueError:
        raise InvalidInput(f"{key}='{params[key]}' is not a number", loc=(name,)) from None
    if not math.isfinite(value):
        raise InvalidInput(f"{key} must be finite, got {params[key]}", loc=(name,))
    return value


def _erlang(params: dict[str, str]) -> Distribution:
    k = _number(params, "k", "erlang")
    if k is None or k < 1 or k != int(k):
        raise InvalidInput("needs k = a whole number >= 1", loc=("erlang",))
    return make("gamma", _number(params, "mean", "erlang"), 1.0 / math.sqrt(k))


def with_samples(dist: Distribution, samples: ArrayLike) -> Distribution:
    """The ``empirical`` distribution ``dist`` with its observed values filled in."""
    return Distribution("empirical", dist.mean, math.nan, _check_samples(samples), dist.file)
