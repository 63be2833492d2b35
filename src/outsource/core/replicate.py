"""Measures from simulation tallies, independent replications and monthly SLA risk.

Replications are independent runs with child generators spawned from the
caller's ``rng`` (replication ``i`` is the same whatever their number). A
measure's 95 % confidence interval is the t-based one over replications,
``mean +/- t_{0.975, R-1} s / sqrt(R)`` with ``s`` the sample standard
deviation of the ``R`` replication values (Law 2015 [1]_, section 9.4.1).

Month-level risk: simulating a month of intervals ``R`` times gives ``R``
draws of the monthly service level (answered within ``T`` among all offered
calls of the month), whose empirical distribution gives quantiles and the
probability of missing a target. Optionally each day's volume is scaled by an
independent gamma factor of mean one and coefficient of variation
``volume_cv`` (forecast error; the arrivals are then a doubly stochastic
Poisson process, Whitt 1999 [2]_).

References
----------
.. [1] A. M. Law, "Simulation Modeling and Analysis", 5th ed., McGraw-Hill, 2015.
.. [2] W. Whitt, "Dynamic staffing in a telephone call center aiming to
   immediately answer all calls", Operations Research Letters 24, 205-212, 1999.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import reduce

import numpy as np
from numpy.typing import NDArray

from outsource.core.scenario import CallLog, Scenario, replay, simulate
from outsource.core.simulate import Tally
from outsource.core.student_t import quantile as t_quantile
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]

#: Rates that get a confidence interval (keys of :func:`measures`).
RATES = ("p_wait", "abandon_rate", "block_rate", "service_level", "service_level_answered",
         "asa_s", "mean_wait_abandoned_s", "occupancy", "mean_queue")
COUNTS = ("offered", "answered", "abandoned", "blocked")


def _ratio(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan),
                     where=den > 0)


def measures(t: Tally, overall: bool = False) -> dict[str, FloatArray]:
    """Rates per interval (or, with ``overall``, for all intervals pooled).

    Probabilities are over offered calls except ``service_level_answered``
    (over answered calls); ``asa_s`` and ``mean_wait_abandoned_s`` are mean
    waits [s] of answered / abandoned calls; ``occupancy`` is busy agent time
    over staffed agent time; ``mean_queue`` the time-average number waiting;
    counts are per replication. ``nan`` where a rate has no denominator.
    """
    length = np.diff(t.edges)
    pool = np.sum if overall else (lambda x: np.asarray(x, dtype=float))
    off, ans, ab = pool(t.offered), pool(t.answered), pool(t.abandoned)
    return {
        "offered": off / t.runs, "answered": ans / t.runs, "abandoned": ab / t.runs,
        "blocked": pool(t.blocked) / t.runs,
        "p_wait": _ratio(pool(t.waited), off), "abandon_rate": _ratio(ab, off),
        "block_rate": _ratio(pool(t.blocked), off),
        "service_level": _ratio(pool(t.answered_within), off),
        "service_level_answered": _ratio(pool(t.answered_within), ans),
        "asa_s": _ratio(pool(t.wait_served_s), ans),
        "mean_wait_abandoned_s": _ratio(pool(t.wait_abandoned_s), ab),
        "occupancy": _ratio(pool(t.busy_s), pool(t.agents * length) * t.runs),
        "mean_queue": _ratio(pool(t.queue_s), pool(length) * t.runs),
        "max_queue": np.max(t.max_queue) if overall else t.max_queue.astype(float),
    }


def half_width(values: FloatArray, level: float = 0.95) -> float:
    """t-based confidence half-width of the mean of ``values`` (``nan`` ignored).

    The Student t quantile is :func:`outsource.core.student_t.quantile` (exact
    for whole degrees of freedom, Abramowitz and Stegun 26.7.3-4; the same
    value as ``scipy.special.stdtrit`` to about 1e-13, without importing SciPy).
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size < 2:
        return float("nan")
    return float(t_quantile(v.size - 1, 0.5 + level / 2) * np.std(v, ddof=1) / np.sqrt(v.size))


@dataclass(frozen=True)
class Replications:
    """Results of ``R`` independent replications.

    Attributes
    ----------
    pooled : Tally
        All replications' tallies summed (per-interval estimates).
    per_run : dict of str to ndarray
        Each overall measure of :func:`measures`, one value per replication.
    """

    pooled: Tally
    per_run: dict[str, FloatArray]

    @property
    def runs(self) -> int:
        """Number of replications ``R``."""
        return self.pooled.runs

    def mean(self) -> dict[str, float]:
        """Overall point estimates: the mean over replications of each measure."""
        with np.errstate(all="ignore"):
            return {k: _nanmean(v) for k, v in self.per_run.items()}

    def ci95(self) -> dict[str, float]:
        """95 % half-widths of the rates in :data:`RATES`."""
        return {k: half_width(self.per_run[k]) for k in RATES}


def _nanmean(v: FloatArray) -> float:
    v = v[~np.isnan(v)]
    return float(np.mean(v)) if v.size else float("nan")


def replicate(scenario: Scenario, rng: np.random.Generator, runs: int,
              progress: Progress | None = None, volume_cv: float = 0.0,
              day_s: float = 86_400.0, warmup_intervals: int = 0,
              log: CallLog | None = None, workers: int = 1) -> Replications:
    """Run ``runs`` independent replications of ``scenario``.

    Parameters
    ----------
    log : CallLog, optional
        Replay these logged calls instead of drawing Poisson arrivals; only
        their unknown handle times and censored patience vary between runs
        (see :func:`outsource.core.scenario.replay`).
    volume_cv : float
        Coefficient of variation of a per-day gamma volume factor of mean one
        (0: rates exactly as given).
    day_s : float
        Length of a "day" for ``volume_cv`` [s].
    progress : callable, optional
        Called as ``progress(done, runs)`` after each replication.
    warmup_intervals : int
        Leading intervals left out of every measure: the queue starts empty,
        so steady-state estimates start after a warm-up (Law 2015, section 9.5.1).
    workers : int
        Replications run at once in threads (the queue kernel and NumPy's
        generators release the GIL). Each replication draws from its own
        child of ``rng`` and results are pooled in replication order, so the
        figures are the same for any ``workers``.
    """
    if runs < 1 or runs != int(runs):
        raise InvalidInput(f"must be a whole number >= 1, got {runs}", loc=("replications",))
    if not (0.0 <= volume_cv < np.inf):
        raise InvalidInput(f"must be >= 0, got {volume_cv}", loc=("volume_cv",))
    def one(child: np.random.Generator) -> Tally:
        scale = _day_factors(scenario.edges, volume_cv, day_s, child)
        run = replay(log, scenario, child) if log is not None else simulate(
            scenario, child, volume=scale)
        return run.tally.after(warmup_intervals)

    children = rng.spawn(int(runs))
    tallies = []
    with ThreadPoolExecutor(max_workers=max(1, min(int(workers), int(runs)))) as pool:
        for i, tally in enumerate(pool.map(one, children)):
            tallies.append(tally)
            if progress is not None:
                progress(i + 1, int(runs))
    per_run = [measures(t, overall=True) for t in tallies]
    return Replications(reduce(lambda x, y: x + y, tallies),
                        {k: np.array([m[k] for m in per_run], dtype=float) for k in per_run[0]})


def _day_factors(edges: FloatArray, cv: float, day_s: float, rng: np.random.Generator):
    if cv == 0.0:
        return 1.0
    day = ((np.asarray(edges[:-1]) - edges[0]) // day_s).astype(np.int64)
    shape = 1.0 / (cv * cv)
    return (rng.standard_gamma(shape, day[-1] + 1) / shape)[day]


@dataclass(frozen=True)
class SlaRisk:
    """Distribution of a monthly SLA result over replications.

    Attributes
    ----------
    target : float
        Service-level target (fraction answered within ``T`` among offered).
    draws : ndarray
        Monthly service level of each replication.
    p_miss : float
        Fraction of replications below ``target``.
    p_miss_low, p_miss_high : float
        Wilson 95 % interval of the probability of missing (Wilson 1927 [3]_).

    References
    ----------
    .. [3] E. B. Wilson, "Probable inference, the law of succession, and
       statistical inference", J. Amer. Statist. Assoc. 22, 209-212, 1927.
    """

    target: float
    draws: FloatArray
    p_miss: float
    p_miss_low: float
    p_miss_high: float

    def quantiles(self, probs=(0.05, 0.25, 0.5, 0.75, 0.95)) -> dict[str, float]:
        """Quantiles of the monthly service level, keyed ``p05``, ``p50``, ..."""
        return {f"p{round(100 * q):02d}": float(np.quantile(self.draws, q)) for q in probs}


def sla_risk(reps: Replications, target: float, measure: str = "service_level") -> SlaRisk:
    """Probability that the month's ``measure`` falls below ``target``.

    Each replication of ``reps`` should simulate one whole month.
    """
    if not (0.0 <= target <= 1.0):
        raise InvalidInput(f"must be within [0, 1], got {target}", loc=("target",))
    draws = reps.per_run[measure]
    draws = draws[~np.isnan(draws)]
    if draws.size == 0:
        raise InvalidInput("no calls offered in any replication", loc=("workload",))
    miss = np.count_nonzero(draws < target)
    low, high = _wilson(miss, draws.size)
    return SlaRisk(float(target), draws, float(miss / draws.size), low, high)


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(centre - half, 0.0)), float(min(centre + half, 1.0))


def monthly_risk(scenario: Scenario, rng: np.random.Generator, runs: int, target: float,
                 volume_cv: float = 0.0, progress: Progress | None = None,
                 day_s: float = 86_400.0) -> SlaRisk:
    """:func:`sla_risk` of ``runs`` replications of a month-long ``scenario``."""
    return sla_risk(replicate(scenario, rng, runs, progress, volume_cv, day_s), target)
