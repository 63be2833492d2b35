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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.costs import WorkloadFacts
from outsource.core.hours import HoursOfOperation
from outsource.core.staffing import Targets, Workload, required_agents
from outsource.errors import InvalidInput

FloatArray = NDArray[np.float64]
SPLITS = ("channel", "hours", "queue", "overflow")


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
class PartStaffing:
    """A workload part staffed for the targets.

    Attributes
    ----------
    agents : agents per row [agents].
    facts : annual workload facts of the part.
    """

    agents: FloatArray
    facts: WorkloadFacts


def staff_part(wl: Workload, slot: ArrayLike, targets: Targets,
               annual_factor: float) -> PartStaffing:
    """Staff one part (rows of ``wl``) and annualise it by ``annual_factor`` periods a year.

    ``slot`` numbers the interval start of each row; rows sharing a slot
    (channels of one interval) add up towards the peak.
    """
    agents = required_agents(wl, targets)
    hours = float(np.sum(agents * wl.period_s) / 3600.0) * annual_factor
    per_slot = np.bincount(np.asarray(slot), weights=agents)
    contacts = float(np.sum(wl.calls))
    minutes = float(np.sum(wl.calls * wl.aht_s) / 60.0)
    aht = 60.0 * minutes / contacts if contacts > 0 else float(np.mean(wl.aht_s))
    facts = WorkloadFacts(contacts * annual_factor, minutes * annual_factor, hours,
                          float(per_slot.max(initial=0.0)), aht)
    return PartStaffing(agents, facts)
