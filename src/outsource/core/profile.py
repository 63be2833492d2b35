"""Pure workload-profile calculations: volume grids, AHT, patience, business hours.

No I/O: inputs are small aggregates (counts per day and interval, sums of
times) computed by the data layer. Weekdays are 0 = Monday ... 6 = Sunday;
slots are ``minute_of_day // interval``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from outsource.core.hours import HoursOfOperation

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
INTERVALS = (15, 30, 60)
REFERENCE_MONDAY = date(2024, 1, 1)


@dataclass(frozen=True)
class BusinessHours:
    """Business hours seen by the profile, which works in (weekday, minute of day).

    A view of :class:`outsource.core.hours.HoursOfOperation`, the one parser
    of opening hours.
    """

    hours: HoursOfOperation

    @property
    def days(self) -> frozenset[int]:
        """Open weekdays (0 = Monday)."""
        return self.hours.open_weekdays

    @property
    def timezone(self) -> str:
        """IANA time zone of the hours."""
        return self.hours.tz

    def is_open(self, weekday: int, minute: int) -> bool:
        """Whether the minute ``minute`` of weekday ``weekday`` is inside the hours."""
        return bool(self.hours.open_at(weekday, minute / 60.0))


def parse_business_hours(text: str) -> BusinessHours:
    """Parse e.g. ``"Mon-Fri 08:00-20:00 America/New_York"`` (time zone optional, UTC)."""
    return BusinessHours(HoursOfOperation.parse(text, field="business_hours"))


def after_hours_share(counts: Mapping[tuple[int, int], int], hours: BusinessHours) -> float:
    """Share of contacts arriving outside business hours.

    Parameters
    ----------
    counts : mapping of (weekday, minute of day) to int
        Arrivals, in the business hours' time zone.
    """
    total = sum(counts.values())
    if total == 0:
        return 0.0
    outside = sum(n for (d, m), n in counts.items() if not hours.is_open(d, m))
    return outside / total


def brown_patience(total_wait_s: float, n_abandoned: int) -> float | None:
    """Mean patience [s] under exponential patience, censored by service.

    ``total_wait_s`` is the summed time in queue of *all* queued calls (served
    and abandoned): served calls censor patience at their wait. The maximum
    likelihood estimate of the mean is total wait / number of abandonments.
    Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn, Zhao (2005), "Statistical
    analysis of a telephone call center", JASA 100(469):36-50, sect. 6.
    Returns None when nobody abandoned (patience not estimable).
    """
    if n_abandoned <= 0:
        return None
    return total_wait_s / n_abandoned


def kaplan_meier(
    times: np.ndarray, events: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier survival curve of patience.

    Parameters
    ----------
    times : array of float
        Waits [s]; an abandoned call's wait is its patience (event), a served
        call's wait a lower bound (censored).
    events : array of bool
        True for abandonment.
    weights : array of int, optional
        Multiplicity of each (time, event) pair.

    Returns
    -------
    t, s : arrays
        Distinct event times [s] and the survival probability just after each.
    Kaplan & Meier (1958), JASA 53(282):457-481.
    """
    times = np.asarray(times, dtype=float)
    events = np.asarray(events, dtype=bool)
    w = np.ones_like(times) if weights is None else np.asarray(weights, dtype=float)
    uniq, inv = np.unique(times, return_inverse=True)
    deaths = np.bincount(inv, weights=w * events, minlength=len(uniq))
    removed = np.bincount(inv, weights=w, minlength=len(uniq))
    at_risk = w.sum() - np.concatenate(([0.0], np.cumsum(removed)[:-1]))
    keep = deaths > 0
    factors = 1.0 - deaths[keep] / at_risk[keep]
    return uniq[keep], np.cumprod(factors)


def km_median(t: np.ndarray, s: np.ndarray) -> float | None:
    """Median patience [s] from a Kaplan-Meier curve (None if S never reaches 0.5)."""
    below = np.nonzero(s <= 0.5)[0]
    return float(t[below[0]]) if below.size else None


def weekday_counts(first: date, last: date) -> np.ndarray:
    """How many of each weekday (Mon..Sun) lie in ``[first, last]``."""
    out = np.zeros(7, dtype=int)
    days = (last - first).days + 1
    for i in range(max(days, 0)):
        out[(first + timedelta(days=i)).weekday()] += 1
    return out


def volume_grid(
    day_counts: Mapping[tuple[date, int], int],
    first: date,
    last: date,
    interval: int,
    percentile: float | None = None,
) -> np.ndarray:
    """Calls per weekday x slot: mean over all days of that weekday (zeros included).

    With ``percentile`` (0-100), the linear-interpolated percentile of the
    per-day counts instead of the mean (a planning figure).
    """
    slots = 1440 // interval
    n_days = (last - first).days + 1
    per_day = np.zeros((n_days, slots))
    for (day, slot), n in day_counts.items():
        per_day[(day - first).days, slot] = n
    weekday = np.array([(first + timedelta(days=i)).weekday() for i in range(n_days)])
    grid = np.zeros((7, slots))
    for d in range(7):
        rows = per_day[weekday == d]
        if len(rows):
            grid[d] = (
                rows.mean(axis=0) if percentile is None else np.percentile(rows, percentile, 0)
            )
    return grid


def hourly(grid: np.ndarray, interval: int) -> np.ndarray:
    """Sum a weekday x slot grid into weekday x hour."""
    return grid.reshape(7, 24, 60 // interval).sum(axis=2)


def interval_aht(
    sum_handle: np.ndarray, n_answered: np.ndarray, overall: float, min_calls: int = 5
) -> np.ndarray:
    """Mean handle time [s] per cell, the overall mean where a cell has < ``min_calls``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        aht = sum_handle / n_answered
    return np.where(n_answered >= min_calls, aht, overall)


def workload_rows(
    calls: np.ndarray,
    aht: np.ndarray,
    interval: int,
    zone: str,
    patience_s: float | None,
    channel: str | None = None,
) -> list[dict[str, object]]:
    """One typical week (from Monday 2024-01-01 00:00 local) as workload-file rows."""
    tz = ZoneInfo(zone)
    rows = []
    for d in range(7):
        day = REFERENCE_MONDAY + timedelta(days=d)
        for slot in range(1440 // interval):
            start = datetime.combine(day, time(0), tz) + timedelta(minutes=slot * interval)
            row: dict[str, object] = {
                "interval_start": start.isoformat(),
                "calls": round(float(calls[d, slot]), 4),
                "aht_s": round(float(aht[d, slot]), 2),
                "period_minutes": interval,
            }
            if patience_s is not None:
                row["patience_s"] = round(patience_s, 2)
            if channel:
                row["channel"] = channel
            rows.append(row)
    return rows
