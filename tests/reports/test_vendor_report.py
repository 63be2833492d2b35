"""The monthly vendor report on the demo's vendors: what the service gathers, and the parts
that say what is missing.

The report's files (PDF, workbook) are checked in ``test_vendor_report_files.py``.
"""

from __future__ import annotations

import pytest
import typer

from outsource.cli import app
from outsource.errors import Forbidden
from outsource.reports import vendor as layout
from outsource.schemas.users import Principal
from outsource.services.reports import vendor_report


def test_the_vendors_facts(andes_report):
    r = andes_report
    assert r.vendor == "andes-bogota" and r.period == "2026-10"
    c = r.contract
    assert c.version == 1 and c.contract_month == 6 and c.contract.fees_usd_per_month == 59_200
    assert r.test_calls.n == 12
    assert r.score is not None and r.score.vendor == "andes-bogota"
    labels = " ".join(r.diligence.missing + r.diligence.problems).lower()
    assert "labour" in labels and "pci" in labels  # the cast's gaps
    assert str(r.diligence.as_of) == "2026-10-31"
    # andes-bogota's October invoice is not stored (the demo's is acme-manila's)
    assert [m.section for m in r.missing] == ["invoice"]


def test_kpis_from_the_logs_with_trend_and_forecast(andes_report):
    r = andes_report
    assert r.timezone == "America/New_York"
    assert r.log_months == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    sl = next(t for t in r.kpi_trends if t.metric == "sl_offered")
    assert [f"{p:%Y-%m}" for p in sl.periods] == r.log_months
    # andes-bogota drifts out of SLA: the service level falls month after month
    assert all(b < a for a, b in zip(sl.values, sl.values[1:], strict=False))
    assert sl.slope_per_month < 0 and sl.trend_p < 0.05
    assert f"{sl.forecast_period_start:%Y-%m}" == "2026-11"
    assert sl.forecast_lo <= sl.forecast <= sl.forecast_hi < sl.values[-1]


def test_the_months_warnings_carry_their_figures(acme_report, andes_report):
    kinds = {w.kind for w in acme_report.warnings}
    assert {"handle_time_gaming", "near_zero_handle", "threshold_bunching"} <= kinds
    gaming = next(w for w in acme_report.warnings if w.kind == "handle_time_gaming")
    assert f"{gaming.period_start:%Y-%m}" == "2026-10"
    assert gaming.evidence["aht_s"] < gaming.evidence["aht_prev_s"]
    assert gaming.evidence["repeat_rate"] > gaming.evidence["repeat_rate_prev"]
    assert all(f"{w.period_start:%Y-%m}" == "2026-10" for w in andes_report.warnings)


def test_a_report_on_an_earlier_month_stops_there(vendor_ws):
    r = vendor_report(vendor_ws, "andes-bogota", "2026-07", draws=50)
    assert r.log_months == ["2026-05", "2026-06", "2026-07"]
    assert all(len(t.values) == 3 for t in r.kpi_trends)


def test_missing_contract_and_logs_are_said(vendor_ws):
    r = vendor_report(vendor_ws, "prairie-ohio", "2026-03", draws=50)
    assert r.contract is None and r.kpi_trends == [] and r.warnings == []
    sections = {m.section: m for m in r.missing}
    assert "2026-05-01" in sections["contract"].what
    assert "no contacts of prairie-ohio in 2026-03" in sections["monitoring"].what


def test_a_vendor_user_sees_its_own_report_without_the_scorecard(vendor_ws):
    own = Principal(user_id=None, name="acme", role="vendor", vendor="prairie-ohio", via="cli")
    with pytest.raises(Forbidden):
        vendor_report(vendor_ws, "andes-bogota", "2026-03", draws=50, actor=own)
    r = vendor_report(vendor_ws, "prairie-ohio", "2026-03", draws=50, actor=own)
    assert r.score is None
    assert any("compares vendors" in m.what for m in r.missing)


def test_the_command_exists_only_when_every_part_is_real():
    group = typer.main.get_command(app).commands["report"]
    assert ("vendor" in group.commands) == layout.ready()
