"""Hybrid splits: each part adds up to the whole, hours parsing, part staffing."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core import hybrid as hy
from outsource.core.staffing import Targets, Workload, required_agents
from outsource.errors import InvalidInput

CALLS = np.array([10.0, 50.0, 120.0, 80.0])


def _adds_up(split: hy.Split) -> None:
    assert np.allclose(split.inhouse + split.vendor, CALLS)
    assert np.all(split.inhouse >= 0) and np.all(split.vendor >= 0)


def test_by_channel():
    s = hy.by_channel(CALLS, ["voice", "chat", "voice", "email"], ["chat", "email"])
    _adds_up(s)
    assert s.vendor.tolist() == [0, 50, 0, 80]


def test_by_queue_and_overflow():
    q = hy.by_queue(CALLS, 0.25)
    _adds_up(q)
    assert q.vendor.tolist() == [2.5, 12.5, 30, 20]
    o = hy.overflow(CALLS, 60)
    _adds_up(o)
    assert o.inhouse.tolist() == [10, 50, 60, 60] and o.vendor.tolist() == [0, 0, 60, 20]
    with pytest.raises(InvalidInput):
        hy.by_queue(CALLS, 1.5)


def test_hours_parsing_and_mask():
    assert hy.parse_hours("mon-fri 08:00-18:00") == ({0, 1, 2, 3, 4}, 8.0, 18.0)
    assert hy.parse_hours("sun-thu 08:00-18:30") == ({6, 0, 1, 2, 3}, 8.0, 18.5)
    assert hy.parse_hours("sat 09:00-24:00") == ({5}, 9.0, 24.0)
    for bad in ("weekdays 8-18", "mon-fri 18:00-08:00", "xyz 08:00-09:00"):
        with pytest.raises(InvalidInput):
            hy.parse_hours(bad)
    weekday, hour = np.array([0, 0, 5, 6]), np.array([7.0, 8.0, 10.0, 10.0])
    mask = hy.open_mask(weekday, hour, ["mon-fri 08:00-18:00", "sat 09:00-13:00"])
    assert mask.tolist() == [False, True, True, False]
    s = hy.by_hours(CALLS, mask)
    _adds_up(s)
    assert s.vendor.tolist() == [10, 0, 0, 80]


def test_staff_part_facts():
    wl = Workload.build(CALLS, 3600, 240)
    part = hy.staff_part(wl, np.array([0, 0, 1, 2]), Targets(), annual_factor=2.0)
    agents = required_agents(wl, Targets())
    assert np.array_equal(part.agents, agents)
    f = part.facts
    assert f.contacts_per_year == pytest.approx(2 * CALLS.sum())
    assert f.handle_minutes_per_year == pytest.approx(2 * CALLS.sum() * 4)
    assert f.staffed_hours_per_year == pytest.approx(2 * agents.sum())
    assert f.peak_agents == max(agents[0] + agents[1], agents[2], agents[3])
    assert f.aht_s == pytest.approx(240)


def test_splitting_loses_pooling():
    wl = Workload.build(CALLS, 3600, 240)
    whole = hy.staff_part(wl, np.arange(4), Targets(), 1.0).facts.staffed_hours_per_year
    q = hy.by_queue(CALLS, 0.5)
    parts = sum(hy.staff_part(Workload.build(c, 3600, 240), np.arange(4), Targets(), 1.0)
                .facts.staffed_hours_per_year for c in (q.inhouse, q.vendor))
    assert parts >= whole
