"""Inputs of a simulation run: timeline, arrivals, handle times and patience.

A :class:`Scenario` holds what does not change between replications (the
intervals, staffing, arrival rates, distributions); :func:`simulate` draws one
replication's calls with the ``rng`` it is given and runs the queue of
:mod:`outsource.core.simulate`. Calls come from one of three sources:

* Poisson arrivals with a piecewise-constant rate: in interval ``k`` the count
  is Poisson with mean ``rate_k x length_k``, and given the count the times are
  independent and uniform over the interval (the order-statistics property of
  the Poisson process, Ross 1996 [1]_, thm 2.3.1);
* a given list of arrival times (handle times and patience drawn);
* a replayed call log (:class:`CallLog`): its own arrivals, handle times and
  observed patience, to ask "what if the vendor had staffed N?".

References
----------
.. [1] S. M. Ross, "Stochastic Processes", 2nd ed., Wiley, 1996.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.distributions import Distribution, make
from outsource.core.simulate import Run, run_queue
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Scenario:
    """What one replication needs besides randomness.

    Attributes
    ----------
    edges : ndarray
        Interval boundaries [s], increasing (``n + 1`` values).
    agents : ndarray
        Servers per interval (agents x concurrency).
    rates : ndarray
        Arrival rate per interval [calls/s], ``>= 0``.
    handle : Distribution
        Handle times; if it has no own mean, ``handle_mean`` of the arrival
        interval is used.
    patience : Distribution or None
        Patience; ``None`` means callers never hang up. Without its own mean,
        ``patience_mean`` of the arrival interval is used (``inf``: none).
    handle_mean, patience_mean : ndarray
        Per-interval means [s] for distributions without their own.
    queue_capacity : int or None
        Waiting places (``None``: unlimited).
    answer_within : float
        Service-level threshold [s].
    """

    edges: FloatArray
    agents: NDArray[np.int64]
    rates: FloatArray
    handle: Distribution
    patience: Distribution | None = None
    handle_mean: FloatArray | None = None
    patience_mean: FloatArray | None = None
    queue_capacity: int | None = None
    answer_within: float = 20.0

    def __post_init__(self) -> None:
        rates = np.asarray(self.rates, dtype=float)
        if rates.shape != (len(self.edges) - 1,):
            raise InvalidInput(f"need one rate per interval, got {rates.size}", loc=("rates",))
        if not np.all(np.isfinite(rates)) or np.any(rates < 0):
            raise InvalidInput("arrival rates must be finite and >= 0 calls/s", loc=("rates",))

    @property
    def expected_calls(self) -> float:
        """Mean number of calls offered in one replication."""
        return float(np.sum(np.asarray(self.rates) * np.diff(self.edges)))


def cut(scenario: Scenario, at_s: float) -> tuple[Scenario, int]:
    """``scenario`` with an interval boundary at ``at_s`` [s], and that boundary's index.

    The interval containing ``at_s`` is split in two with the same agents,
    rate and means, so a warm-up of any length ends on a boundary and
    ``Tally.after(index)`` keeps exactly what comes after it (Law 2015,
    section 9.5.1: statistics start after the warm-up).
    """
    e = np.asarray(scenario.edges, dtype=float)
    if not e[0] <= at_s < e[-1]:
        raise InvalidInput(f"must end before the horizon ({(e[-1] - e[0]) / 3600:g} h)",
                           loc=("warmup_h",))
    k = int(np.searchsorted(e, at_s, side="left"))
    if e[k] == at_s:
        return scenario, k
    j = k - 1

    def dup(values):  # noqa: ANN001, ANN202
        return None if values is None else np.insert(np.asarray(values), j, values[j])

    return replace(scenario, edges=np.insert(e, k, at_s), agents=dup(scenario.agents),
                   rates=dup(scenario.rates), handle_mean=dup(scenario.handle_mean),
                   patience_mean=dup(scenario.patience_mean)), k


def poisson_arrivals(rates: ArrayLike, edges: ArrayLike, rng: np.random.Generator,
                     scale: ArrayLike = 1.0) -> tuple[FloatArray, NDArray[np.intp]]:
    """Poisson arrival times [s] with rate ``rates[k] x scale[k]`` [calls/s] in interval ``k``.

    Returns
    -------
    times : ndarray
        Sorted arrival times [s].
    interval : ndarray
        Index of each arrival's interval.
    """
    e = np.asarray(edges, dtype=float)
    length = np.diff(e)
    counts = rng.poisson(np.asarray(rates, dtype=float) * scale * length)
    interval = np.repeat(np.arange(length.size), counts)
    times = e[interval] + rng.random(interval.size) * length[interval]
    times = np.minimum(times, np.nextafter(e[interval + 1], -np.inf))
    _sort_blocks(times, counts)
    return times, interval


def _sort_blocks(times: FloatArray, counts: NDArray[np.int64]) -> None:
    """Sort ``times`` in place, given that it is blocks of ``counts`` values, each block's
    values below the next block's (intervals in order): sorting block by block gives the
    same array as one sort, in fewer comparisons when blocks are large."""
    if counts.size == 0 or times.size < 32 * counts.size:
        times.sort()
        return
    ends = np.cumsum(counts)
    for k in np.flatnonzero(counts > 1).tolist():
        times[ends[k] - counts[k]:ends[k]].sort()


def draw_durations(dist: Distribution | None, means: FloatArray | None,
                   interval: NDArray[np.intp], rng: np.random.Generator) -> FloatArray:
    """One duration per call [s]; ``None`` (no distribution) gives ``inf`` (never)."""
    if dist is None:
        return np.full(interval.size, np.inf)
    per_call = None if dist.mean is not None or means is None else means[interval]
    return dist.sample(rng, interval.size, per_call)


def simulate(scenario: Scenario, rng: np.random.Generator,
             arrivals: ArrayLike | None = None, volume: ArrayLike = 1.0) -> Run:
    """One replication: draw calls (Poisson unless ``arrivals`` [s] given) and queue them.

    ``volume`` multiplies each interval's arrival rate (forecast error).
    """
    sc = scenario
    if arrivals is None:
        times, interval = poisson_arrivals(sc.rates, sc.edges, rng, volume)
    else:
        times = np.sort(np.asarray(arrivals, dtype=float))
        interval = np.clip(np.searchsorted(sc.edges, times, side="right") - 1, 0,
                           len(sc.edges) - 2)
    handle = draw_durations(sc.handle, sc.handle_mean, interval, rng)
    patience = draw_durations(sc.patience, sc.patience_mean, interval, rng)
    return run_queue(times, handle, patience, sc.edges, sc.agents, sc.queue_capacity,
                     sc.answer_within)


def contiguous_timeline(starts_s: ArrayLike, periods_s: ArrayLike):
    """Intervals given by start [s] and length [s] as boundaries without gaps.

    Gaps between one interval's end and the next start become extra intervals
    (closed: no calls, no agents).

    Returns
    -------
    edges : ndarray
        Boundaries of the real and gap intervals [s].
    real : ndarray
        Position in ``edges[:-1]`` of each given interval.

    Raises
    ------
    InvalidInput
        Intervals not in time order, or overlapping.
    """
    s, p = np.asarray(starts_s, dtype=float), np.asarray(periods_s, dtype=float)
    ends = s + p
    if np.any(s[1:] < ends[:-1] - 1e-6):
        raise InvalidInput("intervals overlap or are not in time order "
                           "(one channel at a time)", loc=("interval_start",))
    gap = s[1:] > ends[:-1] + 1e-6
    real = np.arange(s.size) + np.concatenate([[0], np.cumsum(gap)])
    edges = np.empty(real[-1] + 2)
    edges[real] = s
    edges[real[:-1][gap] + 1] = ends[:-1][gap]
    edges[-1] = ends[-1]
    return edges, real


@dataclass(frozen=True)
class CallLog:
    """Calls as a vendor's system logged them.

    Attributes
    ----------
    arrival_s : ndarray
        Arrival times [s].
    handle_s : ndarray
        Handle times [s]; ``nan`` where unknown (abandoned calls).
    wait_s : ndarray
        Observed waits [s]: until answered, or until the caller hung up.
    abandoned : ndarray of bool
        Whether the caller hung up.
    """

    arrival_s: FloatArray
    handle_s: FloatArray
    wait_s: FloatArray
    abandoned: NDArray[np.bool_]

    def __post_init__(self) -> None:
        sizes = {np.size(x) for x in (self.arrival_s, self.handle_s, self.wait_s,
                                      self.abandoned)}
        if len(sizes) != 1:
            raise InvalidInput("every column needs one value per call", loc=("call_log",))
        if np.any(np.asarray(self.wait_s) < 0) or np.any(np.isnan(self.wait_s)):
            raise InvalidInput("waits must be numbers >= 0 seconds", loc=("call_log", "wait_s"))


def replay_calls(log: CallLog, rng: np.random.Generator, handle: Distribution | None = None,
                 patience: Distribution | None = None) -> tuple[FloatArray, ...]:
    """Arrivals, handle times and patience [s] of a logged day, sorted by arrival.

    Known handle times are kept; unknown ones (abandoned calls) are drawn from
    ``handle``, by default resampled from the known ones. An abandoned caller's
    patience is its observed wait. An answered caller's patience is censored
    (only ``>= wait`` is known): it is ``wait + X`` with ``X`` from
    ``patience`` (exact for exponential patience, which is memoryless), or
    ``inf`` without a patience distribution.
    """
    order = np.argsort(log.arrival_s, kind="stable")
    arrival = np.asarray(log.arrival_s, dtype=float)[order]
    hnd = np.asarray(log.handle_s, dtype=float)[order].copy()
    wait = np.asarray(log.wait_s, dtype=float)[order]
    gone = np.asarray(log.abandoned, dtype=bool)[order]
    unknown = np.isnan(hnd)
    if np.any(unknown):
        known = hnd[~unknown]
        if handle is None and known.size == 0:
            raise InvalidInput("no handle time known to resample from", loc=("call_log",))
        dist = handle or make("empirical", samples=known)
        hnd[unknown] = dist.sample(rng, int(unknown.sum()))
    extra = np.full(arrival.size, np.inf) if patience is None else patience.sample(
        rng, arrival.size)
    return arrival, hnd, np.where(gone, wait, wait + extra)


def replay(log: CallLog, scenario: Scenario, rng: np.random.Generator) -> Run:
    """Replay a call log through ``scenario``'s staffing (its rates are not used).

    ``scenario.handle`` fills unknown handle times only if it has its own mean;
    ``scenario.patience`` gives the censored patience of answered callers.
    """
    handle = scenario.handle if scenario.handle.mean is not None else None
    patience = scenario.patience
    if patience is not None and patience.mean is None:
        raise InvalidInput("give the patience distribution a mean to replay a log",
                           loc=("patience",))
    times, hnd, pat = replay_calls(log, rng, handle, patience)
    return run_queue(times, hnd, pat, scenario.edges, scenario.agents,
                     scenario.queue_capacity, scenario.answer_within)
