"""Capacity per vendor and interval: hours required, committed and delivered.

What vendor managers check first (Assembled's BPO planner shows hours
required, committed, scheduled and worked per vendor site and interval):

* **required**: agents the vendor's actual volume needed in the interval, by
  the staffing engine (:func:`outsource.core.staffing.required_agents`, Erlang
  C at the service-level target) times the interval length; for e-mail and
  social posts the handle hours of the items arriving in it (deferred work has
  no queue to size);
* **committed**: the hours the vendor committed to (its commitments file);
* **delivered**: the hours its agents spent in productive states
  (:data:`DELIVERED_STATES`), from its agent-state log, split exactly over the
  intervals each state span overlaps.

All three are agent hours on contacts (productive hours): shrinkage is the
vendor's to cover. An interval is *under-delivered* when delivered hours fall
short of committed ones, *understaffed* when the hours on hand (delivered,
else committed) fall short of the required ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.staffing import Targets, Workload, required_agents

#: Agent states counted as delivered (productive) time: ready for, on, holding or
#: wrapping up contacts.
DELIVERED_STATES: tuple[str, ...] = ("available", "on_contact", "hold", "after_contact_work")
#: States counted as not delivered: paid or unpaid time away from contacts.
OTHER_STATES: tuple[str, ...] = ("break", "lunch", "meeting", "training", "coaching",
                                 "personal", "unavailable", "system_down", "offline",
                                 "logged_out")
#: Other names vendors' tools give the same states.
STATE_ALIASES: dict[str, str] = {
    "ready": "available", "idle": "available", "waiting": "available",
    "talk": "on_contact", "talking": "on_contact", "busy": "on_contact",
    "on_call": "on_contact", "in_call": "on_contact", "on_chat": "on_contact",
    "acw": "after_contact_work", "wrap": "after_contact_work", "wrap_up": "after_contact_work",
    "wrapup": "after_contact_work", "after_call_work": "after_contact_work",
    "not_ready": "unavailable", "away": "unavailable", "logout": "logged_out",
}
#: Fewest handled contacts for an interval's own AHT; below it the span's mean is used.
MIN_CALLS_FOR_AHT = 5


def canonical_state(name: str) -> str | None:
    """The canonical state of a state name (case, spaces and dashes ignored), or None."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    key = STATE_ALIASES.get(key, key)
    return key if key in DELIVERED_STATES or key in OTHER_STATES else None


def hours_by_interval(group: ArrayLike, start_s: ArrayLike, end_s: ArrayLike,
                      interval_s: int, align_s: int = 0
                      ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Hours of spans ``[start, end)`` falling in each interval, per group.

    Parameters
    ----------
    group : array_like of int
        Group (vendor) index of each span.
    start_s, end_s : array_like
        Span bounds [s since the epoch], ``end > start``.
    interval_s : int
        Interval length [s]; intervals start at ``k x interval_s + align_s``.
    align_s : int
        Offset of the interval grid [s] (e.g. 1800 for hours starting at :30).

    Returns
    -------
    (group, interval_start_s, hours) : arrays, one entry per (group, interval) with time.
    """
    g = np.asarray(group, dtype=np.int64)
    s = np.asarray(start_s, dtype=np.int64) - align_s
    e = np.asarray(end_s, dtype=np.int64) - align_s
    first = s // interval_s
    last = -((-e) // interval_s)  # ceil
    count = np.maximum(last - first, 0)
    span = np.repeat(np.arange(s.size), count)
    step = np.arange(span.size) - np.repeat(np.cumsum(count) - count, count)
    k = first[span] + step
    lo = np.maximum(s[span], k * interval_s)
    hi = np.minimum(e[span], (k + 1) * interval_s)
    secs = (hi - lo).astype(float)
    key_g, key_k = g[span], k
    if span.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    order = np.lexsort((key_k, key_g))
    key_g, key_k, secs = key_g[order], key_k[order], secs[order]
    new = np.concatenate([[True], (np.diff(key_g) != 0) | (np.diff(key_k) != 0)])
    idx = np.cumsum(new) - 1
    total = np.bincount(idx, weights=secs)
    return key_g[new], key_k[new] * interval_s + align_s, total / 3600.0


def required_hours(calls: ArrayLike, aht_s: ArrayLike, interval_s: float, targets: Targets,
                   queued: ArrayLike) -> NDArray[np.float64]:
    """Agent hours each interval's volume needed [h].

    Queued contacts (voice, chat): Erlang C agents meeting ``targets`` times the
    interval length. Deferred ones (e-mail, social): the handle hours of the
    items, ``calls x AHT / 3600``.
    """
    c = np.asarray(calls, dtype=float)
    aht = np.asarray(aht_s, dtype=float)
    q = np.asarray(queued, dtype=bool)
    out = c * aht / 3600.0
    busy = q & (c > 0) & (aht > 0)
    if busy.any():
        wl = Workload.build(c[busy], interval_s, aht[busy])
        out[busy] = required_agents(wl, targets) * interval_s / 3600.0
    return out


@dataclass(frozen=True)
class CapacityFlags:
    """Comparison of hours per interval.

    Attributes
    ----------
    shortfall_h : committed - delivered where delivered is known, else NaN [h].
    under_delivered : delivered < committed (beyond ``tolerance_h``).
    understaffed : hours on hand (delivered, else committed) < required (beyond tolerance).
    """

    shortfall_h: NDArray[np.float64]
    under_delivered: NDArray[np.bool_]
    understaffed: NDArray[np.bool_]


def compare(required_h: ArrayLike, committed_h: ArrayLike, delivered_h: ArrayLike,
            tolerance_h: float = 0.01) -> CapacityFlags:
    """Flags of under-delivery and understaffing (NaN delivered: no agent-state log)."""
    req = np.asarray(required_h, dtype=float)
    com = np.asarray(committed_h, dtype=float)
    dlv = np.asarray(delivered_h, dtype=float)
    known = np.isfinite(dlv)
    shortfall = np.where(known, com - dlv, np.nan)
    on_hand = np.where(known, dlv, com)
    return CapacityFlags(shortfall, known & (shortfall > tolerance_h),
                         on_hand < req - tolerance_h)


def hours_within(start_s: ArrayLike, end_s: ArrayLike, lo_s: float, hi_s: float) -> float:
    """Hours of spans ``[start, end)`` falling within ``[lo, hi)`` (e.g. a month) [h]."""
    s = np.asarray(start_s, dtype=float)
    e = np.asarray(end_s, dtype=float)
    return float(np.clip(np.minimum(e, hi_s) - np.maximum(s, lo_s), 0.0, None).sum() / 3600.0)
