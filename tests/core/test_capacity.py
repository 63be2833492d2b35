"""Capacity: hours by interval, required hours and flags (outsource.core.capacity)."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core import capacity as cap
from outsource.core.staffing import Targets, Workload, required_agents


def test_spans_split_exactly_over_intervals() -> None:
    # group 0: minutes 10-65 and 60-61:40 of the hour grid; group 1: one 10-minute span
    base = 1_800 * 1000
    g, k, h = cap.hours_by_interval([0, 1, 0], [base + 600, base, base + 3600],
                                    [base + 3900, base + 600, base + 3700], 1800)
    got = {(int(a), int(b)): round(float(c) * 60, 6) for a, b, c in zip(g, k, h, strict=True)}
    assert got == {(0, base): 20.0, (0, base + 1800): 30.0,
                   (0, base + 3600): round(5 + 100 / 60, 6), (1, base): 10.0}
    # a grid shifted by 30 minutes (hours starting at :30)
    g, k, h = cap.hours_by_interval([0], [0], [3600], 3600, align_s=1800)
    assert k.tolist() == [-1800, 1800] and h.tolist() == [0.5, 0.5]
    empty = cap.hours_by_interval([], [], [], 1800)
    assert all(a.size == 0 for a in empty)


def test_required_hours_use_the_staffing_engine() -> None:
    targets = Targets(service_level=0.8, answer_within_s=20)
    hours = cap.required_hours([100, 40, 0], [300, 600, 300], 1800, targets,
                               [True, False, True])
    agents = required_agents(Workload.build(100, 1800, 300), targets)[0]
    assert hours[0] == pytest.approx(agents * 0.5)
    assert hours[1] == pytest.approx(40 * 600 / 3600)  # e-mail: handle hours
    assert hours[2] == 0.0


def test_flags() -> None:
    f = cap.compare([10, 10, 10], [12, 12, 8], [11, 12.0, np.nan])
    assert f.under_delivered.tolist() == [True, False, False]
    assert f.understaffed.tolist() == [False, False, True]  # no log: committed 8 < 10
    assert np.isnan(f.shortfall_h[2]) and f.shortfall_h[0] == pytest.approx(1.0)


def test_states_and_aliases() -> None:
    assert cap.canonical_state("ACW") == "after_contact_work"
    assert cap.canonical_state("On Call") == "on_contact"
    assert cap.canonical_state("lunch") == "lunch"
    assert cap.canonical_state("dancing") is None
