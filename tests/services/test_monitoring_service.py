"""Monitoring use cases: capacity, warnings and trends end to end on small logs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from outsource.core.staffing import Targets, Workload, required_agents
from outsource.data import synthetic
from outsource.errors import InvalidInput
from outsource.schemas.monitoring import CapacityOptions, MonitorOptions
from outsource.services.monitoring import (
    capacity,
    kpi_trends,
    monitor,
    monitoring_warnings,
    rule_thresholds,
    warnings_from_kpis,
)


def _calls(n: int, start: str, aht: float, vendor: str = "acme") -> list[dict]:
    base = np.datetime64(start)
    return [dict(id=f"{vendor}-{start}-{i}", vendor=vendor, queue="orders", channel="voice",
                 arrived_at=str(base + np.timedelta64(int(i * 1700 / n), "s")) + "Z",
                 outcome="answered", wait_s=5, handle_s=aht) for i in range(n)]


@pytest.fixture(scope="module")
def cap_ws(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("cap") / "ws"
    recs = _calls(60, "2026-05-04T12:00:00", 300) + _calls(20, "2026-05-04T12:30:00", 300)
    recs += _calls(10, "2026-05-04T12:00:00", 200, vendor="prairie")
    synthetic.store(ws, iter([synthetic.from_records(recs)]), "cap")
    return ws


COMMITMENTS = (b"vendor,interval_start,hours\n"
               b"acme,2026-05-04T08:00:00-04:00,5\n"
               b"acme,2026-05-04T08:30:00-04:00,1\n"
               b"acme,2026-05-04T09:00:00-04:00,2\n")
STATES = (b"agent,vendor,state,start,end\n"
          + b"".join(f"a{i},acme,available,2026-05-04T08:00:00-04:00,2026-05-04T08:30:00-04:00\n"
                     .encode() for i in range(8))
          + b"a0,acme,on_contact,2026-05-04T08:30:00-04:00,2026-05-04T08:45:00-04:00\n"
          + b"a0,acme,break,2026-05-04T08:45:00-04:00,2026-05-04T09:00:00-04:00\n")


def test_capacity_required_committed_delivered(cap_ws: Path) -> None:
    opts = CapacityOptions(vendor="acme", timezone="America/New_York")
    res = capacity(opts, COMMITMENTS, STATES, workspace=cap_ws)
    rows = res.rows.to_pylist()
    assert [r["interval_start"].strftime("%H:%M") for r in rows] == ["08:00", "08:30", "09:00"]
    t = Targets(service_level=0.8, answer_within_s=20)
    need = [required_agents(Workload.build(n, 1800, 300), t)[0] / 2 for n in (60, 20)]
    assert [r["required_h"] for r in rows] == pytest.approx([*need, 0.0])
    assert [r["committed_h"] for r in rows] == [5.0, 1.0, 2.0]
    assert [r["delivered_h"] for r in rows] == pytest.approx([4.0, 0.25, 0.0])
    assert [r["under_delivered"] for r in rows] == [True, True, True]
    assert [r["understaffed"] for r in rows] == [need[0] > 4.0, need[1] > 0.25, False]
    assert [r["offered"] for r in rows] == [60, 20, 0]
    tot = res.vendors[0]
    assert tot.vendor == "acme" and tot.under_delivered_h == pytest.approx(1 + 0.75 + 2)
    assert "available" in res.delivered_states


def test_capacity_without_agent_states(cap_ws: Path) -> None:
    res = capacity(CapacityOptions(timezone="America/New_York"), COMMITMENTS, workspace=cap_ws)
    rows = res.rows.to_pylist()
    assert {r["vendor"] for r in rows} == {"acme", "prairie"}
    assert all(r["delivered_h"] is None and r["under_delivered"] is None for r in rows)
    prairie = [r for r in rows if r["vendor"] == "prairie"]
    assert prairie[0]["committed_h"] == 0.0 and prairie[0]["understaffed"]


def test_capacity_refuses_unknown_vendors(cap_ws: Path) -> None:
    bad = COMMITMENTS + b"zeta,2026-05-04T08:00:00-04:00,1\n"
    with pytest.raises(InvalidInput, match="unknown vendor 'zeta'") as err:
        capacity(CapacityOptions(timezone="America/New_York"), bad, workspace=cap_ws)
    assert err.value.line == 5 and err.value.column == "vendor"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = tmp_path_factory.mktemp("demo") / "ws"
    synthetic.store(ws, synthetic.generate(np.random.default_rng(2), total=120_000), "demo")
    return ws, monitor(MonitorOptions(period="month", timezone="America/New_York"),
                       workspace=ws)


def test_warnings_on_the_demo_vendors(demo) -> None:
    ws, months = demo
    res = warnings_from_kpis(months)
    kinds = {(w.vendor, w.kind) for w in res.warnings}
    assert ("acme-manila", "handle_time_gaming") in kinds
    assert ("acme-manila", "near_zero_handle") in kinds
    assert ("acme-manila", "threshold_bunching") in kinds
    assert ("andes-bogota", "rising_abandonment_trend") in kinds
    assert not any(v == "prairie-ohio" for v, _ in kinds)
    gaming = next(w for w in res.warnings if w.kind == "handle_time_gaming")
    assert gaming.evidence["aht_s"] < gaming.evidence["aht_prev_s"]
    assert gaming.period_start.tzinfo is not None
    assert res.thresholds["alpha"] == 0.01
    strict = monitoring_warnings(MonitorOptions(timezone="America/New_York"),
                                 rule_thresholds(alpha=1e-300), workspace=ws)
    assert len(strict.warnings) < len(res.warnings)


def test_trends_and_forecasts(demo) -> None:
    _, months = demo
    res = kpi_trends(months, metrics=("sl_offered", "aht_s"))
    andes = next(t for t in res.trends if t.vendor == "andes-bogota" and t.metric == "sl_offered")
    assert len(andes.values) == 6 and andes.slope_per_month < -0.03 and andes.trend_p < 0.01
    assert andes.forecast_lo <= andes.forecast <= andes.forecast_hi <= 1.0
    assert andes.forecast < andes.values[-1]
    assert andes.forecast_period_start.month == 11 and andes.model
    acme = next(t for t in res.trends if t.vendor == "acme-manila" and t.metric == "aht_s")
    assert acme.slope_per_month < 0
    with pytest.raises(InvalidInput, match="unknown KPI"):
        kpi_trends(months, metrics=("nope",))


def test_trends_and_warnings_need_months(demo) -> None:
    ws, _ = demo
    days = monitor(MonitorOptions(period="week"), workspace=ws)
    with pytest.raises(InvalidInput, match="monthly"):
        kpi_trends(days)
    with pytest.raises(InvalidInput, match="period month"):
        warnings_from_kpis(days)
