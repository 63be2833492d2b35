"""Hybrid plans: split a workload between in-house staff and a vendor.

Each function returns the contacts per interval kept in-house and those sent
to the vendor (two arrays summing to the input); each part is then staffed and
priced separately and the costs summed (the playbook, "Who it is for": "a
company may outsource part of its service (a channel, a segment,
after-hours)").

Splits:

- by channel: whole channels go to the vendor;
- by hours: intervals outside the in-house opening hours go to the vendor
  (e.g. after-hours and weekends), see :func:`parse_hours`;
- by queue: a queue holding a share of the contacts goes to the vendor;
- overflow: contacts above a threshold per interval go to the vendor (an
  approximation of overflow routing that splits volume, not individual calls).

Voice and chat rows of a part are staffed interval by interval with Erlang
(``core.staffing``); e-mail and social rows with the backlog model
(``core.deferred``): one constant team per channel and part, working its
hours, sized for the response target. A deferred part keeps every item that
was sent to it, wherever in the week it arrived, so:

- by channel, by queue and overflow: each side works its own backlog (the
  whole channel, a share of every interval's items, or the items above the
  threshold) during all the hours of operation;
- by hours: an item goes to the side that is working when it arrives, and
  each side answers its backlog only in its own hours (in-house: the
  ``inhouse_hours`` inside the hours of operation; vendor: the rest of the
  hours of operation). An item the in-house team receives at closing time
  waits for its next opening; response time is still counted on the clock
  or in the service's hours of operation, never in one side's hours. See
  :func:`staff_part` (``works``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.costs import WorkloadFacts
from outsource.core.deferred import DeferredResult, ResponseTarget, staff_channel
from outsource.core.hours import HoursOfOperation
from outsource.core.staffing import Targets, Workload, required_agents
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]
SPLITS = ("channel", "hours", "queue", "overflow")
#: Channels queued and staffed with Erlang per interval, and deferred (backlog) channels.
QUEUED = ("voice", "chat")
DEFERRED = ("email", "social")


@dataclass(frozen=True)
class Split:
    """Contacts per interval for each side [contacts]."""

    inhouse: FloatArray
    vendor: FloatArray


def _split(calls: ArrayLike, vendor: ArrayLike) -> Split:
    c = np.asarray(calls, dtype=float)
    v = np.asarray(vendor, dtype=float)
    return Split(c - v, v)


def by_channel(calls: ArrayLike, channels: Sequence[str], vendor_channels: Sequence[str]) -> Split:
    """Send every interval of the ``vendor_channels`` to the vendor."""
    mask = np.isin(np.asarray(channels), list(vendor_channels))
    return _split(calls, np.where(mask, calls, 0.0))


def by_hours(calls: ArrayLike, inhouse_open: ArrayLike) -> Split:
    """Keep intervals where ``inhouse_open`` is true; send the rest to the vendor."""
    return _split(calls, np.where(np.asarray(inhouse_open, dtype=bool), 0.0, calls))


def by_queue(calls: ArrayLike, vendor_share: float) -> Split:
    """Send a queue holding ``vendor_share`` (0-1) of every interval's contacts to the vendor."""
    if not 0.0 <= vendor_share <= 1.0:
        raise InvalidInput("must be between 0 and 1", loc=("vendor_share",))
    return _split(calls, np.asarray(calls, dtype=float) * vendor_share)


def overflow(calls: ArrayLike, threshold: float) -> Split:
    """Keep up to ``threshold`` contacts per interval in-house; the excess goes to the vendor."""
    if threshold < 0:
        raise InvalidInput("must be >= 0", loc=("overflow_above",))
    c = np.asarray(calls, dtype=float)
    return _split(c, np.maximum(c - threshold, 0.0))


def parse_hours(spec: str, field: str | tuple = "inhouse_hours") -> tuple[set[int], float, float]:
    """Parse ``"mon-fri 08:00-18:00"`` into (weekdays 0=Mon, start hour, end hour).

    One window on one or more days (``24:00`` allowed as an end); parsed by
    :class:`outsource.core.hours.HoursOfOperation`, in the workload's local time.
    """
    hours = HoursOfOperation.parse(spec, field)
    windows = {w for day in hours.days for w in day}
    if len(windows) != 1:
        raise InvalidInput(f"'{spec}' must be one window like 'mon-fri 08:00-18:00'",
                           loc=field if isinstance(field, tuple) else (field,))
    start, end = windows.pop()
    return set(hours.open_weekdays), start, end


def open_mask(weekday: ArrayLike, hour: ArrayLike, specs: Sequence[str]) -> NDArray[np.bool_]:
    """True where an interval (weekday 0=Mon, local start hour) falls in any of ``specs``.

    A bad window is located at its index: ``inhouse_hours[i]``.
    """
    mask = np.zeros(np.shape(weekday), dtype=bool)
    for i, spec in enumerate(specs):
        mask |= HoursOfOperation.parse(spec, ("inhouse_hours", i)).open_at(weekday, hour)
    return mask


@dataclass(frozen=True)
class Rows:
    """Where each workload row lies: its channel, its interval start, the hours of operation.

    Attributes
    ----------
    channel : channel per row (``voice``, ``chat``, ``email``, ``social``).
    start_s : interval start per row [s] (any origin; deferred rows must lie on a
        grid of their interval length).
    open : whether the row's interval is inside the hours of operation. Voice
        and chat contacts outside them are not served (not staffed, not
        counted); e-mail and social items outside them wait for the next opening.
    """

    channel: NDArray[np.str_]
    start_s: FloatArray
    open: NDArray[np.bool_]

    @classmethod
    def always_open(cls, channel: Sequence[str], start_s: ArrayLike) -> Rows:
        """Rows of a service open 24/7."""
        start = np.asarray(start_s, dtype=float)
        return cls(np.asarray(channel), start, np.ones(start.shape, dtype=bool))


@dataclass(frozen=True)
class ChannelStaffing:
    """One channel of a staffed part, per period of the workload (not per year).

    Attributes
    ----------
    model : ``erlang`` (per interval, Erlang C or A) or ``deferred`` (backlog).
    contacts : contacts served [contacts/period].
    contacts_outside_hours : voice/chat contacts outside the hours, not served
        [contacts/period] (0 for deferred channels).
    handle_minutes : contacts x AHT [min/period].
    agent_hours : staffed agent hours [h/period].
    peak_agents : most agents of the channel in one interval [agents].
    deferred : the backlog result (``None`` for Erlang channels or a deferred
        channel without items in the part).
    """

    model: str
    contacts: float
    contacts_outside_hours: float
    handle_minutes: float
    agent_hours: float
    peak_agents: float
    deferred: DeferredResult | None = None


@dataclass(frozen=True)
class PartStaffing:
    """A workload part staffed for the targets.

    Attributes
    ----------
    agents : agents per row [agents].
    facts : annual workload facts of the part.
    channels : per channel present in the part, what it takes (per period).
    """

    agents: FloatArray
    facts: WorkloadFacts
    channels: dict[str, ChannelStaffing] = field(default_factory=dict)


def staff_part(wl: Workload, slot: ArrayLike, targets: Targets, annual_factor: float, *,
               rows: Rows | None = None, response: ResponseTarget | None = None,
               works: ArrayLike | None = None) -> PartStaffing:
    """Staff one part (rows of ``wl``) and annualise it by ``annual_factor`` periods a year.

    ``slot`` numbers the interval start of each row; rows sharing a slot
    (channels of one interval) add up towards the peak. Without ``rows`` every
    row is a voice/chat interval open for service, staffed with Erlang for
    ``targets``. With ``rows``, voice and chat contacts outside the hours of
    operation are not served, and e-mail and social rows are staffed per
    channel with the backlog model for ``response``
    (:func:`outsource.core.deferred.staff_channel`), their team working where
    ``works`` is true (default: the hours of operation) and business time
    counted in the hours of operation.

    Raises
    ------
    Infeasible
        When Erlang targets need more agents than allowed, or a response
        target cannot be met inside the working hours.
    """
    calls = np.asarray(wl.calls, dtype=float)
    if rows is None:
        channel = np.full(calls.shape, "voice")
        is_open = np.ones(calls.shape, dtype=bool)
    else:
        channel, is_open = np.asarray(rows.channel), np.asarray(rows.open, dtype=bool)
    is_deferred = np.isin(channel, DEFERRED)
    served = np.where(is_deferred | is_open, calls, 0.0)
    queued = Workload.build(np.where(is_deferred, 0.0, served), wl.period_s, wl.aht_s,
                            wl.patience_s, wl.queue_capacity, wl.concurrency)
    agents = required_agents(queued, targets)
    found: dict[str, DeferredResult] = {}
    if is_deferred.any():
        work = is_open if works is None else np.asarray(works, dtype=bool) & is_open
        target = response or ResponseTarget()
        for name in dict.fromkeys(channel[is_deferred].tolist()):
            idx = np.flatnonzero(channel == name)
            if calls[idx].sum() <= 0:
                continue
            try:
                res = staff_channel(calls[idx], wl.aht_s[idx], wl.period_s[idx],
                                    rows.start_s[idx], work[idx], is_open[idx], target)
            except InvalidInput as exc:
                raise type(exc)(f"{name}: {exc.message}", loc=exc.loc) from None
            agents[idx] = res.agents
            found[name] = res.result
    hours = float(np.sum(agents * wl.period_s) / 3600.0) * annual_factor
    per_slot = np.bincount(np.asarray(slot), weights=agents)
    contacts = float(np.sum(served))
    minutes = float(np.sum(served * wl.aht_s) / 60.0)
    aht = 60.0 * minutes / contacts if contacts > 0 else float(np.mean(wl.aht_s))
    facts = WorkloadFacts(contacts * annual_factor, minutes * annual_factor, hours,
                          float(per_slot.max(initial=0.0)), aht)
    channels = {}
    for name in dict.fromkeys(channel.tolist()):
        idx = channel == name
        slots = np.bincount(np.asarray(slot)[idx], weights=agents[idx])
        channels[name] = ChannelStaffing(
            "deferred" if name in DEFERRED else "erlang", float(served[idx].sum()),
            float(calls[idx].sum() - served[idx].sum()),
            float(np.sum(served[idx] * wl.aht_s[idx]) / 60.0),
            float(np.sum(agents[idx] * wl.period_s[idx]) / 3600.0),
            float(slots.max(initial=0.0)), found.get(name))
    return PartStaffing(agents, facts, channels)
