"""The one parser of opening hours: day lists, wrap-around, 24:00, vectorised lookup."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core.hours import HoursOfOperation
from outsource.errors import InvalidInput


def test_day_lists_ranges_and_segments():
    h = HoursOfOperation.parse("Mon-Wed,Fri 09:00-17:30; Sat,Sun 10:00-24:00 Europe/London")
    assert h.tz == "Europe/London" and h.open_weekdays == frozenset({0, 1, 2, 4, 5, 6})
    assert h.hours_on(3) == 0.0 and h.hours_on(6) == 14.0
    assert h.hours_per_week() == pytest.approx(4 * 8.5 + 2 * 14)


def test_open_at_is_vectorised():
    h = HoursOfOperation.parse("Sun-Thu 07:00-24:00")
    wd = np.array([6, 6, 4, 3, 3])
    hr = np.array([6.99, 7.0, 12.0, 23.99, 0.0])
    assert h.open_at(wd, hr).tolist() == [False, True, False, True, False]


@pytest.mark.parametrize("spec", ["Mon-Fri", "Mon-Fri 9-17", "Mon-Xyz 09:00-10:00",
                                  "Mon 24:00-24:00", "Mon 09:00-25:00"])
def test_bad_specs_name_the_field(spec):
    with pytest.raises(InvalidInput, match="--business-hours"):
        HoursOfOperation.parse(spec, field="--business-hours")
