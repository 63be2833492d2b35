"""Local periods and business time (outsource.core.business_time)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from outsource.core.business_time import (
    business_calendar,
    day_number,
    holiday_dates,
    offset_steps,
    period_bounds,
)
from outsource.core.hours import HoursOfOperation
from outsource.errors import InvalidInput

NY = ZoneInfo("America/New_York")


def _s(*args, tz=NY) -> int:
    return int(datetime(*args, tzinfo=tz).timestamp())


def test_offset_steps_match_zoneinfo_at_every_hour_of_a_year() -> None:
    start, end = _s(2026, 1, 1, tz=UTC), _s(2027, 1, 1, tz=UTC)
    steps = offset_steps("America/New_York", start, end)
    assert steps.until_s.size == 2  # spring forward, fall back
    hours = np.arange(start, end, 3600)
    expected = [datetime.fromtimestamp(int(h), UTC).astimezone(NY).utcoffset().total_seconds()
                for h in hours]
    assert np.array_equal(steps.at(hours), np.array(expected, dtype=np.int64))
    assert offset_steps("UTC", start, end).until_s.size == 0


def test_business_time_across_a_weekend_and_a_us_holiday() -> None:
    hours = HoursOfOperation.parse("Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York")
    closed = holiday_dates("US", range(2026, 2027))
    assert date(2026, 7, 3) in closed and date(2026, 7, 4) in closed  # observed, actual
    cal = business_calendar(hours, closed, day_number(date(2026, 6, 29)),
                            day_number(date(2026, 7, 10)))
    thu_19h = _s(2026, 7, 2, 19)
    mon_09h = _s(2026, 7, 6, 9)
    assert cal.between_s([thu_19h], [mon_09h])[0] == 2 * 3600  # Thu 1 h + Mon 1 h
    open_all = business_calendar(hours, frozenset(), cal.days[0], cal.days[-1])
    assert open_all.between_s([thu_19h], [mon_09h])[0] == (1 + 12 + 8 + 1) * 3600
    # an arrival at night counts from the next opening
    assert cal.between_s([_s(2026, 7, 7, 2)], [_s(2026, 7, 7, 8, 30)])[0] == 1800
    # outside the calendar: no value
    assert np.isnan(cal.clock_s([_s(2027, 1, 1)]))[0]


def test_business_days_with_a_dst_change_count_real_time() -> None:
    hours = HoursOfOperation.parse("24/7")
    cal = business_calendar(hours, frozenset(), day_number(date(2026, 10, 31)),
                            day_number(date(2026, 11, 2)))
    assert cal.between_s([_s(2026, 11, 1, 0)], [_s(2026, 11, 2, 0)])[0] == 25 * 3600


def test_period_bounds_in_local_time() -> None:
    first, last = period_bounds("month", [2026 * 12 + 10], "America/New_York")  # Nov 2026
    assert first[0] == _s(2026, 11, 1) and last[0] == _s(2026, 12, 1)
    first, last = period_bounds("week", [(day_number(date(2026, 5, 6)) + 3) // 7],
                                "America/New_York")
    assert datetime.fromtimestamp(int(first[0]), NY).date() == date(2026, 5, 4)  # Monday
    assert last[0] - first[0] == 7 * 86400
    first, last = period_bounds("day", [day_number(date(2026, 3, 8))], "America/New_York")
    assert last[0] - first[0] == 23 * 3600
    with pytest.raises(InvalidInput):
        period_bounds("year", [0], "UTC")


def test_unknown_holiday_calendar() -> None:
    with pytest.raises(InvalidInput, match="unknown holiday calendar 'ZZ'"):
        holiday_dates("ZZ", range(2026, 2027))
    assert holiday_dates(None, range(2026, 2027)) == frozenset()
    assert date(2026, 2, 12) in holiday_dates("US-IL", range(2026, 2027))  # Lincoln's Birthday
