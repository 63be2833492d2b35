"""Pure profile calculations: patience, business hours, volume grids, workload rows."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from outsource.core import profile as core
from outsource.errors import InvalidInput


def test_brown_patience_is_total_wait_over_abandonments() -> None:
    # served waits 10 + 20 censor, abandoned waits 30 + 40: (10+20+30+40) / 2
    assert core.brown_patience(100.0, 2) == pytest.approx(50.0)
    assert core.brown_patience(100.0, 0) is None


def test_kaplan_meier_without_censoring_is_empirical_survival() -> None:
    t, s = core.kaplan_meier(np.array([1.0, 2.0, 3.0, 4.0]), np.array([True] * 4))
    assert list(t) == [1, 2, 3, 4]
    assert s == pytest.approx([0.75, 0.5, 0.25, 0.0])
    assert core.km_median(t, s) == 2.0


def test_kaplan_meier_with_censoring_and_weights() -> None:
    # 2 abandon at 1 s, 1 served at 2 s (censored), 1 abandons at 3 s
    t, s = core.kaplan_meier(np.array([1.0, 2.0, 3.0]), np.array([True, False, True]),
                             np.array([2, 1, 1]))
    assert list(t) == [1.0, 3.0]
    assert s == pytest.approx([0.5, 0.0])


def test_parse_business_hours() -> None:
    bh = core.parse_business_hours("Mon-Fri 08:00-20:00 America/New_York")
    assert bh.days == frozenset(range(5)) and bh.timezone == "America/New_York"
    assert bh.is_open(0, 8 * 60) and not bh.is_open(0, 20 * 60) and not bh.is_open(5, 600)
    wrap = core.parse_business_hours("Sun-Thu 07:00-24:00")
    assert wrap.days == frozenset({6, 0, 1, 2, 3}) and wrap.timezone == "UTC"


@pytest.mark.parametrize("text", ["Mon-Fri", "Xyz 08:00-20:00", "Mon 20:00-08:00",
                                  "Mon 08:00-20:00 Mars/Base", "Mon 08:61-09:00"])
def test_bad_business_hours(text: str) -> None:
    with pytest.raises(InvalidInput):
        core.parse_business_hours(text)


def test_after_hours_share() -> None:
    bh = core.parse_business_hours("Mon-Fri 08:00-20:00")
    counts = {(0, 9 * 60): 3, (0, 21 * 60): 1, (6, 600): 1}
    assert core.after_hours_share(counts, bh) == pytest.approx(2 / 5)
    assert core.after_hours_share({}, bh) == 0.0


def test_volume_grid_counts_days_without_calls() -> None:
    # two Mondays in range, calls only on the first
    counts = {(date(2024, 1, 1), 18): 10}
    grid = core.volume_grid(counts, date(2024, 1, 1), date(2024, 1, 8), 30)
    assert grid.shape == (7, 48)
    assert grid[0, 18] == 5.0 and grid.sum() == 5.0
    high = core.volume_grid(counts, date(2024, 1, 1), date(2024, 1, 8), 30, 90)
    assert high[0, 18] == pytest.approx(9.0)
    assert core.hourly(grid, 30)[0, 9] == 5.0
    assert list(core.weekday_counts(date(2024, 1, 1), date(2024, 1, 8))) == [2, 1, 1, 1, 1, 1, 1]


def test_interval_aht_falls_back_to_overall() -> None:
    aht = core.interval_aht(np.array([1000.0, 100.0]), np.array([5.0, 1.0]), 150.0)
    assert list(aht) == [200.0, 150.0]


def test_workload_rows_typical_week() -> None:
    calls = np.ones((7, 24))
    rows = core.workload_rows(calls, np.full((7, 24), 180.0), 60, "America/New_York", 90.0,
                              "voice")
    assert len(rows) == 168
    assert rows[0]["interval_start"] == "2024-01-01T00:00:00-05:00"
    assert rows[-1]["interval_start"] == "2024-01-07T23:00:00-05:00"
    assert rows[0]["patience_s"] == 90.0 and rows[0]["period_minutes"] == 60
    assert rows[0]["channel"] == "voice"
