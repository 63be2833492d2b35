"""From agents on the phones to people on the payroll.

Agents required per interval (from the Erlang solver) are the people who
must be available to take contacts. Paid staff must cover shrinkage, the
share of paid time not available for contacts (breaks, training, meetings,
absence): ``scheduled = agents / (1 - shrinkage)`` (Cleveland, "Call Center
Management on Fast Forward", 3rd ed., 2012, ch. 6; the standard workforce
management "base staff to scheduled staff" step). Full-time equivalents are
scheduled hours per week divided by paid hours per FTE per week.

Hours of operation are written ``24/7`` or as day ranges with hours and a
time zone, e.g. ``Mon-Fri 08:00-20:00 America/New_York``, several separated
by ``;`` (``Mon-Fri 08:00-20:00; Sat 09:00-13:00 America/New_York``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.errors import InvalidInput

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKS_PER_YEAR = 365.0 / 7.0
MONTHS_PER_YEAR = 12.0
_SEGMENT = re.compile(
    r"^(?P<d1>[a-z]{3})(?:-(?P<d2>[a-z]{3}))?\s+(?P<h1>\d{1,2}:\d{2})-(?P<h2>\d{1,2}:\d{2})$")


@dataclass(frozen=True)
class HoursOfOperation:
    """Opening hours: per weekday (0 = Monday) a list of ``(open, close)`` times."""

    days: tuple[tuple[tuple[time, time], ...], ...]
    tz: str = "UTC"
    always_open: bool = False

    @classmethod
    def parse(cls, spec: str) -> HoursOfOperation:
        """Parse ``24/7`` or ``Mon-Fri 08:00-20:00[; Sat 09:00-13:00] [Area/City]``."""
        text = spec.strip()
        if text.lower() in ("24/7", "24x7", "always"):
            return cls(days=tuple(((time(0), time(23, 59, 59, 999999)),) for _ in DAYS),
                       always_open=True)
        text, tz = _split_zone(text)
        days: list[list[tuple[time, time]]] = [[] for _ in DAYS]
        for part in filter(None, (p.strip() for p in text.split(";"))):
            _add_segment(days, part.lower(), spec)
        return cls(days=tuple(tuple(d) for d in days), tz=tz)

    def is_open(self, moments: list[datetime]) -> NDArray[np.bool_]:
        """Whether each (time-zone aware) moment falls inside opening hours."""
        if self.always_open:
            return np.ones(len(moments), dtype=bool)
        zone = ZoneInfo(self.tz)
        out = np.zeros(len(moments), dtype=bool)
        for i, moment in enumerate(moments):
            local = moment.astimezone(zone)
            t = local.time()
            out[i] = any(a <= t < b for a, b in self.days[local.weekday()])
        return out

    def hours_per_week(self) -> float:
        """Open hours in a week [h]."""
        if self.always_open:
            return 168.0
        return sum(_hours(b) - _hours(a) for day in self.days for a, b in day)


def _hours(t: time) -> float:
    return t.hour + t.minute / 60.0 + (t.second + t.microsecond / 1e6) / 3600.0


def _split_zone(text: str) -> tuple[str, str]:
    head, _, last = text.rpartition(" ")
    if "/" in last or last.upper() == "UTC":
        try:
            ZoneInfo(last)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"unknown time zone '{last}'", field="hours") from None
        return head.strip(), last
    return text, "UTC"


def _add_segment(days: list[list[tuple[time, time]]], part: str, spec: str) -> None:
    m = _SEGMENT.match(part)
    if not m or m["d1"] not in DAYS or (m["d2"] and m["d2"] not in DAYS):
        raise InvalidInput(
            f"cannot read '{spec}': write '24/7' or e.g. 'Mon-Fri 08:00-20:00 America/New_York'",
            field="hours")
    start, end = _clock(m["h1"], spec), _clock(m["h2"], spec)
    if end <= start and m["h2"] != "24:00":
        raise InvalidInput(f"closing time must follow opening time in '{part}'", field="hours")
    first = DAYS.index(m["d1"])
    last = DAYS.index(m["d2"]) if m["d2"] else first
    for d in range(first, first + (last - first) % 7 + 1):
        days[d % 7].append((start, end))


def _clock(text: str, spec: str) -> time:
    hh, mm = (int(v) for v in text.split(":"))
    if hh == 24 and mm == 0:
        return time(23, 59, 59, 999999)
    if not (0 <= hh < 24 and 0 <= mm < 60):
        raise InvalidInput(f"'{text}' is not a time of day in '{spec}'", field="hours")
    return time(hh, mm)


@dataclass(frozen=True)
class StaffTotals:
    """Hours and people for a staffing plan.

    Attributes
    ----------
    agent_hours : hours agents must be available for contacts [h].
    scheduled_hours : paid hours including shrinkage [h].
    weeks : length of the plan [weeks].
    fte : average full-time equivalents, scheduled hours per week / paid hours per FTE.
    paid_hours_per_week, paid_hours_per_month, paid_hours_per_year : at that FTE [h].
    """

    agent_hours: float
    scheduled_hours: float
    weeks: float
    fte: float
    paid_hours_per_week: float
    paid_hours_per_month: float
    paid_hours_per_year: float


def scheduled_agents(agents: ArrayLike, shrinkage: float) -> NDArray[np.float64]:
    """Paid staff to schedule per interval, ``agents / (1 - shrinkage)`` [people].

    Parameters
    ----------
    agents : array_like
        Agents needed on contacts [agents].
    shrinkage : float
        Share of paid time unavailable for contacts, in [0, 1).
    """
    if not 0.0 <= shrinkage < 1.0:
        raise InvalidInput("must be in [0, 1)", field="shrinkage")
    return np.asarray(agents, dtype=float) / (1.0 - shrinkage)


def staff_totals(agents: ArrayLike, period_s: ArrayLike, shrinkage: float,
                 weeks: float, paid_hours_per_fte_week: float = 40.0) -> StaffTotals:
    """Agent hours, scheduled hours and FTE of a per-interval staffing plan.

    Parameters
    ----------
    agents : array_like
        Agents per interval [agents].
    period_s : array_like
        Interval lengths [s].
    shrinkage : float
        Share of paid time unavailable for contacts, in [0, 1).
    weeks : float
        Length of time the intervals cover [weeks] (> 0).
    paid_hours_per_fte_week : float
        Paid hours of one full-time equivalent per week [h] (> 0).
    """
    if not weeks > 0:
        raise InvalidInput("must be > 0", field="weeks")
    if not paid_hours_per_fte_week > 0:
        raise InvalidInput("must be > 0 hours", field="paid_hours_per_fte_week")
    scheduled_agents(0.0, shrinkage)  # validates shrinkage
    agent_hours = float(np.sum(np.asarray(agents, float) * np.asarray(period_s, float)) / 3600)
    scheduled = agent_hours / (1.0 - shrinkage)
    per_week = scheduled / weeks
    fte = per_week / paid_hours_per_fte_week
    return StaffTotals(agent_hours, scheduled, weeks, fte, per_week,
                       per_week * WEEKS_PER_YEAR / MONTHS_PER_YEAR, per_week * WEEKS_PER_YEAR)


def plan_weeks(starts: list[datetime], period_s: ArrayLike) -> float:
    """Weeks covered by intervals: from the first start to the last end [weeks]."""
    ends = [s.timestamp() + p for s, p in zip(starts, np.ravel(period_s), strict=True)]
    span = max(ends) - min(s.timestamp() for s in starts)
    return span / (7 * 86400.0)
