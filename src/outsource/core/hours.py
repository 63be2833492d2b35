"""Hours of operation: the one parser of "which weekdays and hours are open".

Written ``24/7`` or as segments ``DAYS HH:MM-HH:MM`` separated by ``;``, with
an optional IANA time zone at the end (UTC without one)::

    Mon-Fri 08:00-20:00 America/New_York
    Mon-Fri 08:00-20:00; Sat 09:00-13:00 Europe/London
    Sat,Sun 00:00-24:00

``DAYS`` is a day, a range (``Sun-Thu`` wraps over the week's end) or a comma
list of both; ``24:00`` closes at midnight. Used by staffing (which intervals
are staffed), the profile (after-hours share), hybrids (which hours stay
in-house) and the advice (time-zone overlap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.errors import InvalidInput

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SEGMENT = re.compile(
    r"^(?P<days>[a-z]{3}(?:\s*[-,]\s*[a-z]{3})*)\s+"
    r"(?P<h1>\d{1,2}):(?P<m1>\d{2})\s*-\s*(?P<h2>\d{1,2}):(?P<m2>\d{2})$")
_EXAMPLE = "write '24/7' or e.g. 'Mon-Fri 08:00-20:00 America/New_York'"

Window = tuple[float, float]


def check_timezone(zone: str, field: str | tuple = "timezone") -> None:
    """Refuse an unknown IANA time-zone name (error located at ``field``: name or key path)."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone '{zone}'", loc=_loc(field)) from None


def _loc(field: str | tuple) -> tuple:
    return field if isinstance(field, tuple) else (field,)


@dataclass(frozen=True)
class HoursOfOperation:
    """Opening hours: per weekday (0 = Monday) its ``(open, close)`` windows [h].

    Attributes
    ----------
    days : tuple of 7 tuples of (float, float)
        Local opening and closing hour of each window, ``0 <= open < close <= 24``.
    tz : str
        IANA time zone of the local hours.
    always_open : bool
        ``24/7``.
    """

    days: tuple[tuple[Window, ...], ...]
    tz: str = "UTC"
    always_open: bool = False

    @classmethod
    def parse(cls, spec: str, field: str | tuple = "hours") -> HoursOfOperation:
        """Parse ``24/7`` or ``DAYS HH:MM-HH:MM[; ...] [Area/City]`` (see module notes).

        Errors are located at ``field``: a domain name (``hours``) or a key path
        (``("hybrids", 0, "inhouse_hours", 1)``).
        """
        text = spec.strip()
        if text.lower() in ("24/7", "24x7", "always"):
            return cls(days=tuple(((0.0, 24.0),) for _ in DAYS), always_open=True)
        text, tz = _split_zone(text, field)
        days: list[list[Window]] = [[] for _ in DAYS]
        parts = [p.strip() for p in text.split(";") if p.strip()]
        if not parts:
            raise InvalidInput(f"cannot read '{spec}': {_EXAMPLE}", loc=_loc(field))
        for part in parts:
            _add_segment(days, part.lower(), spec, field)
        return cls(days=tuple(tuple(d) for d in days), tz=tz)

    def open_at(self, weekday: ArrayLike, hour: ArrayLike) -> NDArray[np.bool_]:
        """Whether local ``weekday`` (0 = Monday) at local ``hour`` [h] is open (vectorised)."""
        wd = np.asarray(weekday, dtype=int)
        hr = np.asarray(hour, dtype=float)
        out = np.zeros(np.broadcast_shapes(wd.shape, hr.shape), dtype=bool)
        for d, windows in enumerate(self.days):
            for start, end in windows:
                out |= (wd == d) & (hr >= start) & (hr < end)
        return out

    def is_open(self, moments: list[datetime]) -> NDArray[np.bool_]:
        """Whether each (time-zone aware) moment falls inside opening hours."""
        return self.is_open_at(np.array([m.timestamp() for m in moments], dtype=float))

    def is_open_at(self, epoch_s: ArrayLike) -> NDArray[np.bool_]:
        """Whether each instant [s since 1970-01-01 UTC] falls inside opening hours (vectorised)."""
        epoch = np.asarray(epoch_s, dtype=float)
        if self.always_open:
            return np.ones(epoch.shape, dtype=bool)
        return self.open_at(*local_clock(epoch, self.tz))

    @property
    def open_weekdays(self) -> frozenset[int]:
        """Weekdays (0 = Monday) with at least one window."""
        return frozenset(d for d, windows in enumerate(self.days) if windows)

    def hours_on(self, weekday: int) -> float:
        """Open hours on ``weekday`` [h]."""
        return sum(end - start for start, end in self.days[weekday])

    def hours_per_week(self) -> float:
        """Open hours in a week [h]."""
        return sum(self.hours_on(d) for d in range(len(DAYS)))


def utc_offsets(epoch_s: ArrayLike, tz: str) -> NDArray[np.float64]:
    """UTC offset of zone ``tz`` at each instant [s] (vectorised over the instants).

    The offset is looked up once a day over the instants' span; where it
    changes between two days the change is located to the second by
    bisection, so every instant gets the exact offset of the IANA rules
    (time zones change offset at most once a day).
    """
    epoch = np.asarray(epoch_s, dtype=float)
    if epoch.size == 0:
        return np.zeros(epoch.shape)
    zone = ZoneInfo(tz)

    def offset(t: float) -> float:
        return datetime.fromtimestamp(t, zone).utcoffset().total_seconds()

    lo, hi = float(np.floor(epoch.min() / 86400.0) * 86400.0), float(epoch.max())
    days = np.arange(lo, hi + 86400.0, 86400.0)
    values = [offset(t) for t in days.tolist()]
    changes, after = [float(days[0])], [values[0]]
    for k in range(1, len(values)):
        if values[k] != values[k - 1]:
            a, b = float(days[k - 1]), float(days[k])
            while b - a > 1.0:
                mid = np.floor((a + b) / 2.0)
                a, b = (mid, b) if offset(mid) == values[k - 1] else (a, mid)
            changes.append(b)
            after.append(values[k])
    at = np.searchsorted(np.array(changes), epoch, side="right") - 1
    return np.array(after)[np.maximum(at, 0)]


def local_clock(epoch_s: ArrayLike, tz: str) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Local weekday (0 = Monday) and hour of day [h] of instants [s] in zone ``tz``."""
    epoch = np.asarray(epoch_s, dtype=float)
    local = epoch + utc_offsets(epoch, tz)
    days = np.floor(local / 86400.0)
    weekday = ((days.astype(np.int64) + 3) % 7)  # 1970-01-01 was a Thursday
    return weekday, (local - days * 86400.0) / 3600.0


def _split_zone(text: str, field: str | tuple) -> tuple[str, str]:
    head, _, last = text.rpartition(" ")
    if "/" in last or last.upper() == "UTC":
        check_timezone(last, field)
        return head.strip(), last
    return text, "UTC"


def _weekdays(text: str, spec: str, field: str | tuple) -> list[int]:
    out: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        ends = [e.strip() for e in part.split("-")]
        if len(ends) > 2 or any(e not in DAYS for e in ends):
            raise InvalidInput(f"unknown day(s) '{part}' in '{spec}': {_EXAMPLE}", loc=_loc(field))
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        out += [(first + k) % 7 for k in range((last - first) % 7 + 1)]
    return out


def _add_segment(days: list[list[Window]], part: str, spec: str, field: str | tuple) -> None:
    m = _SEGMENT.match(part)
    if not m:
        raise InvalidInput(f"cannot read '{spec}': {_EXAMPLE}", loc=_loc(field))
    start = _clock(int(m["h1"]), int(m["m1"]), spec, field)
    end = _clock(int(m["h2"]), int(m["m2"]), spec, field)
    if end <= start:
        raise InvalidInput(f"closing time must follow opening time in '{part}'", loc=_loc(field))
    for d in _weekdays(m["days"], spec, field):
        days[d].append((start, end))


def _clock(hh: int, mm: int, spec: str, field: str | tuple) -> float:
    if not (0 <= mm < 60 and 0 <= hh * 60 + mm <= 1440):
        raise InvalidInput(f"'{hh}:{mm:02d}' is not a time of day in '{spec}'", loc=_loc(field))
    return hh + mm / 60.0
