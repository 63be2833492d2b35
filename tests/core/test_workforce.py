"""Shrinkage, hours of operation and FTE arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from outsource.core.workforce import HoursOfOperation, plan_weeks, scheduled_agents, staff_totals
from outsource.errors import InvalidInput


def test_scheduled_agents_and_totals_by_hand():
    assert scheduled_agents([7.0], 0.3)[0] == pytest.approx(10.0)
    # 10 agents for 48 half hours a day, 7 days: 10 * 24 * 7 = 1,680 agent hours a week
    t = staff_totals(np.full(336, 10.0), np.full(336, 1800.0), 0.3, 1.0, 40.0)
    assert t.agent_hours == pytest.approx(1680.0)
    assert t.scheduled_hours == pytest.approx(2400.0)
    assert t.fte == pytest.approx(60.0)
    assert t.paid_hours_per_year == pytest.approx(2400.0 * 365 / 7)
    assert t.paid_hours_per_month == pytest.approx(2400.0 * 365 / 7 / 12)


def test_hours_of_operation():
    h = HoursOfOperation.parse("Mon-Fri 08:00-20:00; Sat 09:00-13:00 America/New_York")
    assert h.hours_per_week() == pytest.approx(64.0)
    # Monday 2024-01-01 13:00 UTC = 08:00 New York (open); 12:59 UTC = 07:59 (closed)
    moments = [datetime(2024, 1, 1, 13, 0, tzinfo=UTC), datetime(2024, 1, 1, 12, 59, tzinfo=UTC),
               datetime(2024, 1, 7, 15, 0, tzinfo=UTC)]
    assert h.is_open(moments).tolist() == [True, False, False]
    assert HoursOfOperation.parse("24/7").hours_per_week() == 168.0
    assert HoursOfOperation.parse("Sat-Mon 00:00-24:00 UTC").hours_per_week() == pytest.approx(72)


@pytest.mark.parametrize("spec", ["Mon-Fri 8-20", "Funday 08:00-10:00", "Mon 10:00-09:00",
                                  "Mon-Fri 08:00-20:00 Mars/Olympus"])
def test_bad_hours_are_explained(spec):
    with pytest.raises(InvalidInput, match="hours"):
        HoursOfOperation.parse(spec)


def test_bad_shrinkage_and_weeks():
    with pytest.raises(InvalidInput, match="shrinkage"):
        scheduled_agents(3, 1.0)
    with pytest.raises(InvalidInput, match="weeks"):
        staff_totals([1], [1800], 0.2, 0.0)


def test_plan_weeks():
    starts = [datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 7, 23, 30, tzinfo=UTC)]
    assert plan_weeks(starts, [1800, 1800]) == pytest.approx(1.0)
