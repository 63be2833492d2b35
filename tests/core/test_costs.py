"""In-house fully loaded cost: every component by hand on a small, round scenario."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core.costs import (
    INHOUSE_DEFAULTS,
    InhouseInputs,
    WorkloadFacts,
    cost_per_productive_hour,
    inhouse_cost,
    scheduled_hours,
)

FACTS = WorkloadFacts(contacts_per_year=100_000, handle_minutes_per_year=500_000,
                      staffed_hours_per_year=14_560, peak_agents=10, aht_s=300)
ROUND = InhouseInputs(
    wage_usd_per_hour=20.0, benefits_load=0.2, payroll_tax_rate=0.1,
    recruiting_usd_per_hire=2000.0, training_hours_per_hire=100.0, attrition_per_year=0.4,
    equipment_usd_per_seat_year=1000.0, facilities_usd_per_seat_year=4000.0,
    maintenance_usd_per_seat_year=500.0, software_telephony_usd_per_seat_year=1500.0,
    supervisor_span=10.0, supervisor_usd_per_hour=30.0, manager_span=5.0,
    manager_usd_per_hour=50.0, shrinkage=0.3, paid_hours_per_fte_year=2080.0, seat_factor=1.2)


def test_every_component_by_hand():
    c = inhouse_cost(FACTS, ROUND)
    paid = 14_560 / (1 - 0.3)                      # 20,800 paid agent-hours
    fte = paid / 2080                              # 10 FTE
    load = 1 + 0.2 + 0.1                           # 1.3
    sup, mgr = fte / 10, fte / 10 / 5              # 1 supervisor, 0.2 manager
    seats = 10 * 1.2 + sup + mgr                   # 13.2 seats
    assert paid == pytest.approx(20_800) and fte == pytest.approx(10)
    expected = {
        "agent_wages": paid * 20 * load,                              # 540,800
        "supervision": (sup * 30 + mgr * 50) * 2080 * load,           # 108,160
        "turnover": fte * 0.4 * (2000 + 100 * 20 * load),             # 18,400
        "equipment": seats * 1000,
        "facilities": seats * 4000,
        "maintenance": seats * 500,
        "software_telephony": seats * 1500,
    }
    for key, value in expected.items():
        assert float(c.components[key]) == pytest.approx(value), key
    assert float(c.total) == pytest.approx(sum(expected.values()))
    assert float(c.fte) == pytest.approx(10) and float(c.seats) == pytest.approx(13.2)
    per_hour = cost_per_productive_hour(c.total, FACTS)
    assert float(per_hour) == pytest.approx(sum(expected.values()) / 14_560)


def test_scheduled_hours_formula():
    assert scheduled_hours(70.0, 0.3) == pytest.approx(100.0)


def test_vectorised_over_draws():
    wages = np.array([15.0, 20.0, 25.0])
    x = InhouseInputs(**{**ROUND.__dict__, "wage_usd_per_hour": wages})
    totals = inhouse_cost(FACTS, x).total
    assert totals.shape == (3,) and np.all(np.diff(totals) > 0)
    assert totals[1] == pytest.approx(float(inhouse_cost(FACTS, ROUND).total))


def test_defaults_cite_a_source_and_are_ordered():
    for key, (lo, mode, hi, source) in INHOUSE_DEFAULTS.items():
        assert lo <= mode <= hi, key
        assert len(source) > 10, key
    d = InhouseInputs.defaults()
    assert d.wage_usd_per_hour == 19.08 and d.shrinkage == 0.30


def test_more_staffed_hours_never_cost_less():
    totals = [float(inhouse_cost(WorkloadFacts(1, 1, h, h / 1000, 300), ROUND).total)
              for h in (1000.0, 5000.0, 20_000.0)]
    assert totals == sorted(totals)
