"""Deferred work (e-mail, social posts): agents so replies meet a response-time target.

E-mail and social posts wait in a backlog worked first in, first out by a
constant team during its working hours. The arrival profile (items per
interval) repeats cyclically, e.g. a typical week. The backlog is a fluid
queue with piecewise-constant rates: in interval ``i`` items arrive evenly at
``a_i / period`` and the team replies at up to ``c_i / period`` with
``c_i = n x period / AHT`` when it works (0 otherwise). At the interval
boundaries the backlog follows Lindley's recursion
``b_{i+1} = max(0, b_i + a_i - c_i)`` (Lindley 1952 [1]_), whose closed form
from an empty start is ``b_k = S_k - min_{j<=k} S_j`` with ``S`` the running sum
of ``a_i - c_i``; inside an interval the team replies at full rate until the
backlog is cleared, then as items arrive (the exact fluid path, e.g.
Chen and Yao 2001 [2]_, ch. 2). An item's reply comes when cumulative replies
reach its place in line.

Response time is counted on the **clock** (the playbook's 24 hours, section
"Four ways to outsource", Email: the industry-standard response time) or in
**business** time, counting only the hours of operation ("95 % answered
within 24 business hours"). The hours of operation (business time) and the
hours the team works are separate masks, so one side of a split (a vendor
working only evenings, say) can be measured against the whole service's
business hours.

With unlimited agents an item is answered at the first working instant at or
after its arrival; the share of items that meets the target then is the best
any team can reach (:func:`best_share`). A target above it is refused as
:class:`~outsource.errors.Infeasible` with that share, computed directly.

The steady state of a cycle is reached after one warm-up cycle when the
cycle's capacity exceeds its work: starting empty, the backlog at the end of
one cycle equals the supremum of net inflow over all past windows; items of
the second of three cycles are measured.

References
----------
.. [1] D. V. Lindley, "The theory of queues with a single server", Proc.
   Cambridge Phil. Soc. 48(2), 277-289, 1952.
.. [2] H. Chen, D. D. Yao, "Fundamentals of Queueing Networks", Springer, 2001.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.errors import Infeasible, InvalidInput

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_SAMPLES_PER_INTERVAL = 20
#: How response time is counted: on the clock, or in the hours of operation only.
CLOCKS = ("clock", "business")


@dataclass(frozen=True)
class ResponseTarget:
    """A deferred channel's target: ``share`` of items answered within ``within_h``.

    Attributes
    ----------
    within_h : response-time target [h] (default 24, the playbook's standard).
    share : share of items that must meet it, in (0, 1] (default 0.95).
    clock : ``"clock"`` (hours on the clock, default) or ``"business"`` (only
        the hours of operation count).
    """

    within_h: float = 24.0
    share: float = 0.95
    clock: str = "clock"

    def __post_init__(self) -> None:
        if not (np.isfinite(self.within_h) and self.within_h > 0):
            raise InvalidInput("must be > 0 hours", loc=("response_within_h",))
        if not 0.0 < self.share <= 1.0:
            raise InvalidInput("must be in (0, 1]", loc=("response_share",))
        if self.clock not in CLOCKS:
            raise InvalidInput("must be 'clock' or 'business'", loc=("response_clock",))

    @property
    def within_s(self) -> float:
        """The target [s]."""
        return self.within_h * 3600.0

    @property
    def business_time(self) -> bool:
        """Whether only the hours of operation count."""
        return self.clock == "business"

    def describe(self) -> str:
        """E.g. ``95% within 24 clock hours``."""
        return f"{self.share:.0%} within {self.within_h:g} {self.clock} hours"


@dataclass(frozen=True)
class DeferredResult:
    """Staffing of a deferred-work queue.

    Attributes
    ----------
    agents : agents working during each working interval [agents].
    agents_per_interval : ``agents`` where the team works, 0 elsewhere [agents].
    share_within_target : share of items replied to within the target (0-1).
    mean_response_s : mean response time, in the target's time basis [s].
    p90_response_s : 90th percentile of response time [s].
    max_backlog : largest backlog at an interval boundary [items].
    occupancy : work / capacity over the cycle (0-1).
    best_share : share of items within the target with unlimited agents (0-1).
    """

    agents: int
    agents_per_interval: FloatArray
    share_within_target: float
    mean_response_s: float
    p90_response_s: float
    max_backlog: float
    occupancy: float
    best_share: float = 1.0


def _cycle(values: NDArray, cycles: int) -> NDArray:
    return np.tile(values, cycles)


def _first_time(times: FloatArray, cum: FloatArray, q: FloatArray) -> FloatArray:
    """Time at which a non-decreasing piecewise-linear cumulative (knots ``times``,
    ``cum``) first reaches ``q``."""
    idx = np.clip(np.searchsorted(cum, q, side="left"), 1, cum.size - 1)
    lo, hi = cum[idx - 1], cum[idx]
    frac = np.divide(q - lo, hi - lo, out=np.ones_like(q), where=hi > lo)
    return times[idx - 1] + np.clip(frac, 0.0, 1.0) * (times[idx] - times[idx - 1])


def _samples(cum_a: FloatArray, m: int) -> FloatArray:
    """Equal-mass item positions in the second of three cycles (midpoints)."""
    n = m * _SAMPLES_PER_INTERVAL
    lo, hi = cum_a[m], cum_a[2 * m]
    return lo + (np.arange(n) + 0.5) * (hi - lo) / n


def _business(t: FloatArray, bop: BoolArray, period_s: float) -> FloatArray:
    """Business time [s] elapsed by clock time ``t`` (three cycles of ``bop``)."""
    clock = np.concatenate([[0.0], np.cumsum(np.where(_cycle(bop, 3), period_s, 0.0))])
    return np.interp(t, np.arange(clock.size) * period_s, clock)


def _masks(a: FloatArray, works: ArrayLike, business_open: ArrayLike | None
           ) -> tuple[BoolArray, BoolArray]:
    op = np.asarray(works, bool)
    bop = op if business_open is None else np.asarray(business_open, bool)
    if op.shape != a.shape or bop.shape != a.shape:
        raise InvalidInput("must have one entry per interval", loc=("open",))
    return op, bop


def response_times(arrivals: ArrayLike, aht_s: float, period_s: float, open_: ArrayLike,
                   agents: float, business_time: bool = True,
                   business_open: ArrayLike | None = None) -> tuple[FloatArray, float]:
    """Response times [s] of a grid of items arriving in the steady-state cycle.

    Parameters
    ----------
    arrivals : items per interval over one cycle [items].
    aht_s : mean handle time per item [s].
    period_s : interval length [s].
    open_ : whether the team works in each interval.
    agents : team size [agents].
    business_time : count only business time (``business_open``) instead of the clock.
    business_open : hours of operation per interval (default: ``open_``).

    Returns
    -------
    tuple
        (response times of equally weighted sample items [s], largest backlog [items]).
    """
    a = np.asarray(arrivals, float)
    op, bop = _masks(a, open_, business_open)
    m = a.size
    a3 = _cycle(a, 3)
    c3 = _cycle(np.where(op, agents * period_s / aht_s, 0.0), 3)
    s = np.concatenate([[0.0], np.cumsum(a3 - c3)])
    backlog = s - np.minimum.accumulate(np.minimum(s, 0.0))
    cum_a = np.concatenate([[0.0], np.cumsum(a3)])
    t0 = np.arange(3 * m) * period_s
    b = backlog[:-1]
    alpha, gamma = a3 / period_s, c3 / period_s
    # Time into each interval at which the backlog is cleared: at once when empty and
    # replies keep up, b / (gamma - alpha) when they are faster, else never (period).
    faster = gamma > alpha
    drain = np.divide(b, gamma - alpha, out=np.full_like(b, period_s), where=faster)
    clear = np.where(b > 0.0, np.minimum(drain, period_s),
                     np.where(gamma >= alpha, 0.0, period_s))
    d0 = cum_a[:-1] - b
    times = np.empty(6 * m + 1)
    cum_d = np.empty(6 * m + 1)
    times[0:-1:2], cum_d[0:-1:2] = t0, d0
    times[1:-1:2], cum_d[1:-1:2] = t0 + clear, d0 + gamma * clear
    times[-1], cum_d[-1] = 3 * m * period_s, cum_a[-1] - backlog[-1]
    cum_d = np.maximum.accumulate(cum_d)
    q = _samples(cum_a, m)
    grid = np.arange(3 * m + 1) * period_s
    t_arr, t_dep = _first_time(grid, cum_a, q), _first_time(times, cum_d, q)
    if business_time:
        t_arr, t_dep = _business(t_arr, bop, period_s), _business(t_dep, bop, period_s)
    return np.maximum(t_dep - t_arr, 0.0), float(backlog[m: 2 * m + 1].max())


def best_share(arrivals: ArrayLike, period_s: float, open_: ArrayLike, response_within_s: float,
               business_time: bool = False, business_open: ArrayLike | None = None) -> float:
    """Share of items within the target that no team can better [share].

    With unlimited agents an item is answered at the first instant at or
    after its arrival at which the team works: at once inside the working
    hours, at the next opening outside them. Measured on the same items as
    :func:`response_times`, so it is exactly the limit of the shares it gives
    as the team grows.
    """
    a = np.asarray(arrivals, float)
    op, bop = _masks(a, open_, business_open)
    m = a.size
    if a.sum() <= 0:
        return 1.0
    if not op.any():
        return 0.0
    cum_a = np.concatenate([[0.0], np.cumsum(_cycle(a, 3))])
    t_arr = _first_time(np.arange(3 * m + 1) * period_s, cum_a, _samples(cum_a, m))
    k = np.minimum((t_arr // period_s).astype(np.int64), 3 * m - 1)
    works = np.flatnonzero(_cycle(op, 3))
    nxt = works[np.minimum(np.searchsorted(works, k), works.size - 1)]
    t_dep = np.where(_cycle(op, 3)[k], t_arr, np.maximum(nxt * period_s, t_arr))
    if business_time:
        t_arr, t_dep = _business(t_arr, bop, period_s), _business(t_dep, bop, period_s)
    return float(np.mean(t_dep - t_arr <= response_within_s + 1e-9))


def _validate(a: FloatArray, aht_s: float, period_s: float, op: BoolArray, within_s: float,
              share: float) -> None:
    if a.size == 0 or np.any(~np.isfinite(a)) or np.any(a < 0):
        raise InvalidInput("must be a non-empty list of finite counts >= 0", loc=("arrivals",))
    if op.shape != a.shape:
        raise InvalidInput("must have one entry per interval", loc=("open",))
    if not op.any():
        raise InvalidInput("no open interval: nobody works the backlog", loc=("hours",))
    for name, value in (("aht_s", aht_s), ("period_s", period_s), ("response_within_s", within_s)):
        if not (np.isfinite(value) and value > 0):
            raise InvalidInput("must be > 0", loc=(name,))
    if not 0.0 < share <= 1.0:
        raise InvalidInput("must be in (0, 1]", loc=("response_share",))


def _clock_word(business_time: bool) -> str:
    return "business" if business_time else "clock"


def staff_deferred(arrivals: ArrayLike, aht_s: float, period_s: float, open_: ArrayLike,
                   response_within_s: float, share: float = 0.95,
                   business_time: bool = True, max_agents: int = 50_000,
                   business_open: ArrayLike | None = None) -> DeferredResult:
    """Least constant team meeting "``share`` of items answered within ``response_within_s``".

    Parameters
    ----------
    arrivals : array_like
        Items arriving per interval over one cycle (e.g. a week) [items].
    aht_s : float
        Mean handle time per item [s].
    period_s : float
        Interval length [s].
    open_ : array_like of bool
        Whether agents work in each interval.
    response_within_s : float
        Response-time target [s], in business time if ``business_time``.
    share : float
        Share of items that must meet it (1.0: every item).
    business_time : bool
        Measure response in business time (the hours of operation) or on the clock.
    max_agents : int
        A safety ceiling on the team size.
    business_open : array_like of bool, optional
        Hours of operation per interval for business time (default: ``open_``).

    Raises
    ------
    Infeasible
        When no team can meet the target inside the working hours (the
        message gives :func:`best_share`), or it needs more than ``max_agents``.
    """
    a, op = np.asarray(arrivals, float), np.asarray(open_, bool)
    _validate(a, aht_s, period_s, op, response_within_s, share)
    best = best_share(a, period_s, op, response_within_s, business_time, business_open)
    within_h = response_within_s / 3600.0
    if best < share - 1e-12:
        raise Infeasible(
            f"{share:.0%} within {within_h:g} {_clock_word(business_time)} hours cannot be "
            f"met by any team inside the hours: at most {np.floor(best * 1000) / 10:.1f}% of "
            "items can be answered in time (items arriving while nobody works wait for the "
            "next opening)", loc=("response_share",))
    if a.sum() <= 0:
        return DeferredResult(0, np.zeros(a.size), 1.0, 0.0, 0.0, 0.0, 0.0, best)

    def met(n: float) -> bool:
        rt, _ = response_times(a, aht_s, period_s, op, n, business_time, business_open)
        return bool(np.mean(rt <= response_within_s + 1e-9) >= share - 1e-12)

    open_s = op.sum() * period_s
    lo = max(1, int(np.floor(a.sum() * aht_s / open_s)) + 1)
    hi = lo
    while not met(hi):
        if hi >= max_agents:
            raise Infeasible(f"{share:.0%} within {within_h:g} {_clock_word(business_time)} "
                             f"hours needs more than {max_agents:,} agents (at most "
                             f"{best:.1%} reachable with unlimited agents)",
                             loc=("response_share",))
        lo, hi = hi + 1, min(max_agents, 2 * hi)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if met(mid) else (mid + 1, hi)
    r = evaluate_deferred(a, aht_s, period_s, op, response_within_s, hi, business_time,
                          business_open)
    return DeferredResult(r.agents, r.agents_per_interval, r.share_within_target,
                          r.mean_response_s, r.p90_response_s, r.max_backlog, r.occupancy, best)


def evaluate_deferred(arrivals: ArrayLike, aht_s: float, period_s: float, open_: ArrayLike,
                      within_s: float, n: int, business_time: bool = True,
                      business_open: ArrayLike | None = None) -> DeferredResult:
    """Response-time measures of a constant team of ``n`` agents (see :func:`staff_deferred`)."""
    a, op = np.asarray(arrivals, float), np.asarray(open_, bool)
    best = best_share(a, period_s, op, within_s, business_time, business_open)
    work = a.sum() * aht_s
    if work <= 0:
        return DeferredResult(int(n), np.where(op, float(n), 0.0), 1.0, 0.0, 0.0, 0.0, 0.0,
                              best)
    rt, backlog = response_times(a, aht_s, period_s, op, n, business_time, business_open)
    return DeferredResult(
        agents=int(n), agents_per_interval=np.where(op, float(n), 0.0),
        share_within_target=float(np.mean(rt <= within_s + 1e-9)),
        mean_response_s=float(rt.mean()), p90_response_s=float(np.quantile(rt, 0.9)),
        max_backlog=backlog, occupancy=float(work / (n * op.sum() * period_s)) if n else np.inf,
        best_share=best)


@dataclass(frozen=True)
class ChannelResult:
    """A deferred channel staffed on its own rows (see :func:`staff_channel`).

    Attributes
    ----------
    result : the backlog model's result on the channel's regular grid.
    agents : agents per input row, in the rows' own order [agents].
    aht_s : contact-weighted mean handle time the model used [s].
    """

    result: DeferredResult
    agents: FloatArray
    aht_s: float


def staff_channel(calls: ArrayLike, aht_s: ArrayLike, period_s: ArrayLike, start_s: ArrayLike,
                  works: ArrayLike, open_: ArrayLike, target: ResponseTarget,
                  agents: int | None = None) -> ChannelResult:
    """Staff one deferred channel given as workload rows (any order, gaps allowed).

    The rows are laid on a regular grid of their common interval length, from
    the first start to the last end: one cycle of the profile, repeated.
    Intervals missing from the rows have no arrivals and count as closed
    (nobody works, no business time). Handle time is the contact-weighted mean
    of the rows' (one AHT for the backlog, as FIFO work has no per-interval
    mix). With ``agents`` the measures of that team instead of the least one.

    Parameters
    ----------
    calls : items per row [items].
    aht_s : mean handle time per row [s].
    period_s : interval length per row [s] (one value for the whole channel).
    start_s : row starts [s] (any origin).
    works : whether the team works in the row's interval.
    open_ : whether the row's interval is in the hours of operation (business time).
    target : the response target.
    agents : a team size to evaluate instead of solving.
    """
    c = np.asarray(calls, float)
    periods = np.unique(np.asarray(period_s, float))
    if periods.size != 1:
        raise InvalidInput("e-mail/social intervals must all have the same length",
                           loc=("period_minutes",))
    p = float(periods[0])
    start = np.asarray(start_s, float)
    pos = np.round((start - start.min()) / p).astype(np.int64)
    if np.any(np.abs(start - start.min() - pos * p) > 1e-6) or np.unique(pos).size != pos.size:
        raise InvalidInput("e-mail/social intervals must lie on one grid of their length, "
                           "one row per interval and channel", loc=("interval_start",))
    size = int(pos.max()) + 1
    arr, op, bop = np.zeros(size), np.zeros(size, bool), np.zeros(size, bool)
    arr[pos], op[pos], bop[pos] = c, np.asarray(works, bool), np.asarray(open_, bool)
    h = np.asarray(aht_s, float)
    aht = float(np.average(h, weights=np.maximum(c, 1e-12))) if c.size else 1.0
    within = target.within_s
    if agents is None:
        res = staff_deferred(arr, aht, p, op, within, target.share, target.business_time,
                             business_open=bop)
    else:
        if not op.any():
            raise InvalidInput("no open interval: nobody works the backlog", loc=("hours",))
        res = evaluate_deferred(arr, aht, p, op, within, agents, target.business_time, bop)
    return ChannelResult(res, res.agents_per_interval[pos], aht)
