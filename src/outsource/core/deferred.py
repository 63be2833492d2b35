"""Deferred work (e-mail, social posts): agents so replies meet a response-time target.

E-mail and social posts wait in a backlog worked first in, first out by a
constant team during opening hours. The arrival profile (contacts per
interval) repeats cyclically, e.g. a typical week. The backlog is a fluid
queue: in interval ``i`` it changes by arrivals minus capacity,
``b_{i+1} = max(0, b_i + a_i - c_i)`` with ``c_i = n x period / AHT`` when open
(Lindley's recursion for a periodic fluid queue; Lindley 1952, Proc. Cambridge
Phil. Soc. 48(2)). Arrivals spread evenly over their interval; an item's
reply comes when cumulative departures reach its place in line. Response
time is measured in business time (open hours only), as e-mail service levels
are ("95 % answered within 24 business hours"), or in clock time.

The steady state of a cycle is reached after one warm-up cycle when weekly
capacity exceeds weekly work: starting empty, the backlog at the end of one
cycle equals the supremum of net inflow over all past windows.

The playbook (section "Four ways to outsource", Email) names 24 hours as the
industry-standard response time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.errors import Infeasible, InvalidInput

_SAMPLES_PER_INTERVAL = 20


@dataclass(frozen=True)
class DeferredResult:
    """Staffing of a deferred-work queue.

    Attributes
    ----------
    agents : agents working during each open interval [agents].
    agents_per_interval : ``agents`` where open, 0 where closed [agents].
    share_within_target : share of items replied to within the target (0-1).
    mean_response_s : mean response time, in the target's time basis [s].
    p90_response_s : 90th percentile of response time [s].
    max_backlog : largest backlog at an interval boundary [items].
    occupancy : work / capacity over the cycle (0-1).
    """

    agents: int
    agents_per_interval: NDArray[np.float64]
    share_within_target: float
    mean_response_s: float
    p90_response_s: float
    max_backlog: float
    occupancy: float


def _cycle(values: NDArray, cycles: int) -> NDArray:
    return np.tile(values, cycles)


def _first_time(cum: NDArray, q: NDArray, period_s: float) -> NDArray:
    """Time [s] at which a non-decreasing piecewise-linear cumulative first reaches ``q``."""
    idx = np.clip(np.searchsorted(cum, q, side="left"), 1, cum.size - 1)
    lo, hi = cum[idx - 1], cum[idx]
    frac = np.divide(q - lo, hi - lo, out=np.ones_like(q), where=hi > lo)
    return (idx - 1 + np.clip(frac, 0.0, 1.0)) * period_s


def response_times(arrivals: ArrayLike, aht_s: float, period_s: float, open_: ArrayLike,
                   agents: float, business_time: bool = True) -> tuple[NDArray, float]:
    """Response times [s] of a grid of items arriving in the steady-state cycle.

    Returns
    -------
    tuple
        (response times of equally weighted sample items, largest backlog).
    """
    a = np.asarray(arrivals, float)
    op = np.asarray(open_, bool)
    cap = np.where(op, agents * period_s / aht_s, 0.0)
    a3, c3 = _cycle(a, 3), _cycle(cap, 3)
    backlog = np.zeros(a3.size + 1)
    for i in range(a3.size):
        backlog[i + 1] = max(0.0, backlog[i] + a3[i] - c3[i])
    cum_a = np.concatenate([[0.0], np.cumsum(a3)])
    cum_d = cum_a - backlog
    m = a.size
    q = np.linspace(cum_a[m], cum_a[2 * m], m * _SAMPLES_PER_INTERVAL + 1)[:-1] + (
        (cum_a[2 * m] - cum_a[m]) / (2 * m * _SAMPLES_PER_INTERVAL))
    t_arr, t_dep = _first_time(cum_a, q, period_s), _first_time(cum_d, q, period_s)
    if business_time:
        clock = np.concatenate([[0.0], np.cumsum(np.where(_cycle(op, 3), period_s, 0.0))])
        grid = np.arange(clock.size) * period_s
        t_arr, t_dep = np.interp(t_arr, grid, clock), np.interp(t_dep, grid, clock)
    return np.maximum(t_dep - t_arr, 0.0), float(backlog[m: 2 * m + 1].max())


def _validate(a: NDArray, aht_s: float, period_s: float, op: NDArray, within_s: float,
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


def staff_deferred(arrivals: ArrayLike, aht_s: float, period_s: float, open_: ArrayLike,
                   response_within_s: float, share: float = 0.95,
                   business_time: bool = True, max_agents: int = 50_000) -> DeferredResult:
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
        Measure response in open time only (default) or in clock time.
    max_agents : int
        Team size beyond which the target counts as unreachable.
    """
    a, op = np.asarray(arrivals, float), np.asarray(open_, bool)
    _validate(a, aht_s, period_s, op, response_within_s, share)

    def met(n: float) -> bool:
        rt, _ = response_times(a, aht_s, period_s, op, n, business_time)
        return bool(np.mean(rt <= response_within_s + 1e-9) >= share - 1e-12)

    open_s = op.sum() * period_s
    lo = max(1, int(np.floor(a.sum() * aht_s / open_s)) + 1) if a.sum() > 0 else 1
    hi = lo
    while not met(hi):
        if hi >= max_agents:
            raise Infeasible(f"response target cannot be met with {max_agents:,} agents",
                             loc=("response_within_s",))
        lo, hi = hi + 1, min(max_agents, 2 * hi)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if met(mid) else (mid + 1, hi)
    return evaluate_deferred(a, aht_s, period_s, op, response_within_s, hi, business_time)


def evaluate_deferred(arrivals: ArrayLike, aht_s: float, period_s: float, open_: ArrayLike,
                      within_s: float, n: int, business_time: bool = True) -> DeferredResult:
    """Response-time measures of a constant team of ``n`` agents (see :func:`staff_deferred`)."""
    a, op = np.asarray(arrivals, float), np.asarray(open_, bool)
    rt, backlog = response_times(a, aht_s, period_s, op, n, business_time)
    work = a.sum() * aht_s
    return DeferredResult(
        agents=int(n), agents_per_interval=np.where(op, float(n), 0.0),
        share_within_target=float(np.mean(rt <= within_s + 1e-9)),
        mean_response_s=float(rt.mean()), p90_response_s=float(np.quantile(rt, 0.9)),
        max_backlog=backlog, occupancy=float(work / (n * op.sum() * period_s)))
