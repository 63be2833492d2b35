"""Local periods and business time, as small tables an engine can join.

Two problems of monitoring logs stored as UTC instants:

* **Which local period does a contact fall in?** A time zone's UTC offset is
  piecewise constant between transitions (daylight-saving changes), so over a
  log's span it is a short step function of the instant:
  :func:`offset_steps` lists the steps (from the IANA tz database through
  :mod:`zoneinfo`), and an engine evaluates ``local = utc + offset(utc)`` as
  one ``CASE`` over a handful of thresholds. Local day, ISO week (Monday
  first) and month follow by integer arithmetic on local seconds.
* **How many business seconds lie between two instants?** Following the
  cumulative-calendar method of SLA timers (Zammad's and Jira Service
  Management's business-hours clocks count only open time, skipping nights,
  weekends and holidays), a calendar gives each local day its open windows
  as UTC instants and ``cum_s``, the open seconds of all earlier days. The
  business clock at an instant ``t`` of local day ``d`` is
  ``B(t) = cum_s[d] + sum_k clip(t - open_k[d], 0, close_k[d] - open_k[d])``
  and the business time between two instants is ``B(end) - B(start)``:
  an equi-join on the day number, no per-contact loop. Windows are converted
  to instants per day, so days with a daylight-saving change count their
  real length.

Public holidays come from the ``holidays`` package (country and optional
subdivision, e.g. ``US`` or ``US-NY``), not from a hand-kept list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.hours import HoursOfOperation, check_timezone
from outsource.errors import InvalidInput

DAY_S = 86_400
WEEK_S = 7 * DAY_S
#: 1970-01-01 was a Thursday: day number ``d`` lies in ISO week ``(d + 3) // 7``.
_WEEK_SHIFT_DAYS = 3
PERIODS: tuple[str, ...] = ("interval", "day", "week", "month")
_EPOCH = date(1970, 1, 1)

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class OffsetSteps:
    """A time zone's UTC offset as a step function of the UTC instant.

    Attributes
    ----------
    zone : str
        IANA time-zone name.
    until_s : ndarray of int64
        ``offset_s[i]`` holds for instants ``< until_s[i]`` (and ``>=`` the
        previous threshold) [s since the epoch]; the last offset holds after.
    offset_s : ndarray of int64
        UTC offsets, one more than ``until_s`` [s].
    """

    zone: str
    until_s: IntArray
    offset_s: IntArray

    def at(self, epoch_s: ArrayLike) -> IntArray:
        """UTC offset at each instant [s]."""
        idx = np.searchsorted(self.until_s, np.asarray(epoch_s, dtype=np.int64), side="right")
        return self.offset_s[idx]

    def local(self, epoch_s: ArrayLike) -> IntArray:
        """Local wall-clock seconds since the local epoch, ``utc + offset`` [s]."""
        e = np.asarray(epoch_s, dtype=np.int64)
        return e + self.at(e)


def _offset(zone: ZoneInfo, epoch_s: int) -> int:
    off = datetime.fromtimestamp(epoch_s, UTC).astimezone(zone).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


def offset_steps(zone: str, start_s: int, end_s: int) -> OffsetSteps:
    """UTC-offset steps of ``zone`` between two instants [s since the epoch].

    Looks day by day for a change of offset, then bisects each change to the
    second (transitions are at least days apart in the tz database).
    """
    check_timezone(zone, "timezone")
    tz = ZoneInfo(zone)
    lo, hi = int(start_s) - DAY_S, int(end_s) + DAY_S
    until: list[int] = []
    offsets = [_offset(tz, lo)]
    t = lo
    while t < hi:
        nxt = min(t + DAY_S, hi)
        o_next = _offset(tz, nxt)
        if o_next != offsets[-1]:
            a, b = t, nxt  # offset(a) == offsets[-1], offset(b) differs
            while b - a > 1:
                mid = (a + b) // 2
                if _offset(tz, mid) == offsets[-1]:
                    a = mid
                else:
                    b = mid
            until.append(b)
            offsets.append(o_next)
        t = nxt
    return OffsetSteps(zone, np.array(until, dtype=np.int64), np.array(offsets, dtype=np.int64))


def local_midnight_s(zone: str, day_number: int) -> int:
    """UTC instant of local midnight starting local day ``day_number`` [s]."""
    d = _EPOCH + timedelta(days=int(day_number))
    local = datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(zone))
    return int(local.timestamp())


def day_number(d: date) -> int:
    """Days since 1970-01-01 of a calendar date."""
    return (d - _EPOCH).days


def period_bounds(period: str, keys: ArrayLike, zone: str,
                  interval_s: int = 1800) -> tuple[IntArray, IntArray]:
    """UTC instants starting and ending each period key [s since the epoch].

    Keys are those the pipeline groups by: for ``interval`` the UTC instant of
    the interval's start; for ``day`` the local day number; for ``week`` the
    ISO week number ``(day + 3) // 7`` (weeks start on Monday); for ``month``
    ``year * 12 + month - 1`` of the local date.
    """
    k = np.asarray(keys, dtype=np.int64)
    if period == "interval":
        return k, k + interval_s
    if period == "day":
        first, last = k, k + 1
    elif period == "week":
        first = k * 7 - _WEEK_SHIFT_DAYS
        last = first + 7
    elif period == "month":
        first = np.array([day_number(date(int(m // 12), int(m % 12) + 1, 1)) for m in k],
                         dtype=np.int64)
        nxt = k + 1
        last = np.array([day_number(date(int(m // 12), int(m % 12) + 1, 1)) for m in nxt],
                        dtype=np.int64)
    else:
        raise InvalidInput(f"must be one of {', '.join(PERIODS)}", field="period")
    cache: dict[int, int] = {}

    def midnight(d: int) -> int:
        if d not in cache:
            cache[d] = local_midnight_s(zone, d)
        return cache[d]

    return (np.array([midnight(int(d)) for d in first], dtype=np.int64),
            np.array([midnight(int(d)) for d in last], dtype=np.int64))


def holiday_dates(spec: str | None, years: range) -> frozenset[date]:
    """Public holidays of a country (``US``) or subdivision (``US-NY``) in ``years``.

    From the ``holidays`` package (observed days included, as businesses
    close on them).
    """
    if not spec:
        return frozenset()
    import holidays  # a sizeable package of rules: load only when asked

    country, _, subdiv = spec.strip().partition("-")
    country, subdiv = country.upper(), subdiv.upper()
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise InvalidInput(f"unknown holiday calendar '{spec}' (write e.g. US or US-NY): "
                           f"Country {country} not available", field="holidays")
    if subdiv and subdiv not in supported[country]:
        raise InvalidInput(f"unknown holiday calendar '{spec}' (write e.g. US or US-NY): "
                           f"Entity `{country}` does not have subdivision {subdiv}",
                           field="holidays")
    table = holidays.country_holidays(country, subdiv=subdiv or None, years=list(years))
    return frozenset(table.keys())


@dataclass(frozen=True)
class BusinessCalendar:
    """Open windows per local day, with the business seconds before each day.

    Attributes
    ----------
    zone : str
        Time zone of the local days.
    days : ndarray of int64
        Local day numbers (days since 1970-01-01), consecutive.
    cum_s : ndarray of int64
        Open seconds of all earlier days of the calendar [s].
    open_s, close_s : ndarray of int64, shape (days, K)
        UTC instants opening and closing each window of the day; unused
        slots (and holidays) have ``open_s == close_s`` [s since the epoch].
    steps : OffsetSteps
        The zone's offsets over the calendar, to find an instant's local day.
    """

    zone: str
    days: IntArray
    cum_s: IntArray
    open_s: IntArray
    close_s: IntArray
    steps: OffsetSteps

    def clock_s(self, epoch_s: ArrayLike) -> NDArray[np.float64]:
        """Business clock ``B(t)``: open seconds since the calendar's start [s].

        Instants outside the calendar's days give NaN.
        """
        e = np.asarray(epoch_s, dtype=np.int64)
        day = self.steps.local(e) // DAY_S
        idx = day - self.days[0]
        ok = (idx >= 0) & (idx < self.days.size)
        i = np.where(ok, idx, 0)
        width = self.close_s[i] - self.open_s[i]
        inside = np.clip(e[..., None] - self.open_s[i], 0, width).sum(axis=-1)
        return np.where(ok, (self.cum_s[i] + inside).astype(float), np.nan)

    def between_s(self, start_s: ArrayLike, end_s: ArrayLike) -> NDArray[np.float64]:
        """Business seconds from ``start_s`` to ``end_s`` (instants) [s]."""
        return self.clock_s(end_s) - self.clock_s(start_s)


def business_calendar(hours: HoursOfOperation, closed: frozenset[date], first_day: int,
                      last_day: int) -> BusinessCalendar:
    """The calendar of local days ``first_day..last_day`` (day numbers, inclusive).

    Parameters
    ----------
    hours : HoursOfOperation
        Weekly open windows and their time zone.
    closed : set of date
        Days closed all day (public holidays).
    first_day, last_day : int
        Local day numbers the calendar covers.
    """
    first_day, last_day = int(first_day), max(int(last_day), int(first_day))
    zone = hours.tz
    n = last_day - first_day + 1
    k = max(1, max(len(w) for w in hours.days))
    open_s = np.zeros((n, k), dtype=np.int64)
    close_s = np.zeros((n, k), dtype=np.int64)
    tz = ZoneInfo(zone)
    for j in range(n):
        d = _EPOCH + timedelta(days=first_day + j)
        if d in closed:
            continue
        for slot, (start_h, end_h) in enumerate(hours.days[d.weekday()]):
            open_s[j, slot] = _instant(d, start_h, tz)
            close_s[j, slot] = _instant(d, end_h, tz)
    per_day = (close_s - open_s).sum(axis=1)
    cum = np.concatenate([[0], np.cumsum(per_day)[:-1]]).astype(np.int64)
    start_utc = local_midnight_s(zone, first_day)
    end_utc = local_midnight_s(zone, last_day + 1)
    return BusinessCalendar(zone, np.arange(first_day, last_day + 1, dtype=np.int64), cum,
                            open_s, close_s, offset_steps(zone, start_utc, end_utc))


def _instant(d: date, hour: float, tz: ZoneInfo) -> int:
    """UTC instant of local ``hour`` [h] on day ``d`` (24 = next midnight) [s]."""
    minutes = round(hour * 60)
    base = datetime(d.year, d.month, d.day, tzinfo=tz)
    if minutes >= 1440:
        nxt = d + timedelta(days=1)
        return int(datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz).timestamp())
    local = base.replace(hour=minutes // 60, minute=minutes % 60)
    return int(local.timestamp())
