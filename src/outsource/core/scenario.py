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
.. [2] D. E. Knuth, "The Art of Computer Programming", vol. 3, "Sorting and
   Searching", 2nd ed., Addison-Wesley, 1998.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core._jit import jit
from outsource.core.distributions import Distribution, make
from outsource.core.simulate import Run, Scratch, check_agents, queue_calls, run_queue
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


#: Families :func:`_draw_durations` draws in compiled code (the others: NumPy).
_NONE, _EXPONENTIAL, _GAMMA, _ONES = range(4)


def _compiled_family(dist: Distribution | None, means: FloatArray | None,
                     size: int) -> tuple[int, float, FloatArray] | None:
    """``(code, gamma shape, mean per interval)`` for a duration the compiled path draws
    exactly as :meth:`Distribution.sample` would, or ``None`` (NumPy path)."""
    if dist is None:
        return _NONE, 0.0, np.empty(0)
    if dist.mean is not None:
        per = np.full(size, float(dist.mean))
    elif means is not None:
        per = np.ascontiguousarray(means, dtype=float)
    else:
        return None  # no mean anywhere: the NumPy path raises the error
    if dist.family == "exponential":
        return _EXPONENTIAL, 0.0, per
    if dist.family == "deterministic" or (dist.family != "empirical" and dist.cv == 0.0):
        return _ONES, 0.0, per
    if dist.family == "gamma":
        return _GAMMA, 1.0 / (dist.cv * dist.cv), per
    return None  # lognormal (NumPy's vectorised exp), empirical (resampling)


@jit
def _draw_arrivals(rng, lam, edges, length, upper, times):
    """Poisson counts per interval, then uniform times in each, sorted interval by
    interval: the same draws, in the same order, as :func:`poisson_arrivals`, into
    ``times`` (a new buffer if it is too small). Returns the buffer, the number of
    calls and the counts per interval.

    Each interval's times are sorted by buckets: with ``c`` times uniform over the
    interval, time ``t`` goes to bucket ``floor(c (t - start) / length)``, the buckets
    are laid out in order (a counting sort) and an insertion sort finishes within
    them, expected ``O(c)`` work (Knuth 1998 [2]_, section 5.2.5; the result is
    the sorted array, as by any sort, in a fifth of the time of NumPy's sort of each
    interval and without a Python loop over intervals).
    """
    n_int = lam.size
    counts = np.empty(n_int, np.int64)
    total, most = 0, 0
    for k in range(n_int):
        counts[k] = rng.poisson(lam[k])
        total += counts[k]
        most = max(most, counts[k])
    if times.size < total:
        times = np.empty(total + total // 4)
    drawn, bucket = np.empty(most), np.empty(most, np.int64)
    start = np.empty(most + 1, np.int64)
    lo = 0
    for k in range(n_int):
        c = counts[k]
        start[:c + 1] = 0
        scale = c / length[k]
        for j in range(c):
            t = min(edges[k] + rng.random() * length[k], upper[k])
            b = min(max(int((t - edges[k]) * scale), 0), c - 1)
            drawn[j], bucket[j] = t, b
            start[b + 1] += 1
        for b in range(c):
            start[b + 1] += start[b]
        for j in range(c):
            b = bucket[j]
            times[lo + start[b]] = drawn[j]
            start[b] += 1
        for j in range(lo + 1, lo + c):
            x, i = times[j], j
            while i > lo and times[i - 1] > x:
                times[i] = times[i - 1]
                i -= 1
            times[i] = x
        lo += c
    return times, total, counts


@jit
def _draw_durations(rng, code, shape, per, counts, out):
    """One duration per call [s] into ``out``, interval by interval: the draws of
    :meth:`Distribution.sample` (unit draw x the interval's mean; ``inf`` mean: never)."""
    i = 0
    for k in range(counts.size):
        m = per[k] if code != _NONE else np.inf
        for _ in range(counts[k]):
            if code == _EXPONENTIAL:
                u = rng.standard_exponential()
            elif code == _GAMMA:
                u = rng.standard_gamma(shape) / shape
            else:
                u = 1.0
            out[i] = np.inf if np.isinf(m) else u * m
            i += 1


def _compiled_replication(sc: Scenario, rng: np.random.Generator, volume: ArrayLike,
                          scratch: Scratch | None = None) -> Run | None:
    """One Poisson replication drawn and queued in compiled code (no NumPy temporaries per
    call), or ``None`` where a distribution needs the NumPy path. The draws are those of
    :func:`poisson_arrivals` and :func:`draw_durations`, bit for bit (tested)."""
    e = np.ascontiguousarray(sc.edges, dtype=float)
    agents = check_agents(sc.agents, e)
    size = e.size - 1
    hnd = _compiled_family(sc.handle, sc.handle_mean, size)
    pat = _compiled_family(sc.patience, sc.patience_mean, size)
    if hnd is None or pat is None or not np.all(np.isfinite(hnd[2])) or np.any(
            np.isnan(pat[2])):
        return None  # the NumPy path draws these (and rejects infinite handle times)
    length = np.diff(e)
    lam = np.ascontiguousarray(np.asarray(sc.rates, dtype=float) * volume * length, dtype=float)
    if np.any(lam < 0) or not np.all(np.isfinite(lam)):
        return None  # let NumPy raise its error
    upper = np.nextafter(e[1:], -np.inf)
    if scratch is None:
        buf, total, counts = _draw_arrivals(rng, lam, e, length, upper, np.empty(0))
        handle, patience = np.empty(total), np.empty(total)
    else:  # the mean plus six standard deviations: rarely grown
        expected = int(np.sum(lam) + 6 * np.sqrt(np.sum(lam)) + 16)
        buf, total, counts = _draw_arrivals(rng, lam, e, length, upper,
                                            scratch.get("times", expected))
        scratch.put("times", buf)
        handle = scratch.get("handle", total)[:total]
        patience = scratch.get("patience", total)[:total]
    _draw_durations(rng, hnd[0], hnd[1], hnd[2], counts, handle)
    _draw_durations(rng, pat[0], pat[1], pat[2], counts, patience)
    return queue_calls(buf[:total], handle, patience, e, agents, sc.queue_capacity,
                       sc.answer_within, scratch)


def simulate(scenario: Scenario, rng: np.random.Generator,
             arrivals: ArrayLike | None = None, volume: ArrayLike = 1.0,
             scratch: Scratch | None = None) -> Run:
    """One replication: draw calls (Poisson unless ``arrivals`` [s] given) and queue them.

    ``volume`` multiplies each interval's arrival rate (forecast error). Poisson
    replications with exponential, gamma or constant durations are drawn in compiled
    code from the same ``rng`` (:func:`_compiled_replication`: the same numbers as the
    NumPy path, without its temporaries); lognormal and empirical durations by NumPy.
    With a ``scratch`` (one per thread), those replications reuse its buffers: the
    returned ``wait`` and ``outcome`` are then valid until its next use.
    """
    sc = scenario
    if arrivals is None:
        run = _compiled_replication(sc, rng, volume, scratch)
        if run is not None:
            return run
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
