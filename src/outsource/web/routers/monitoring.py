"""Monitoring: each vendor's KPIs per month against the contract's targets (breaches
marked), the warnings with their numbers, capacity, and the disputes filed on the page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from outsource.schemas.errors import ErrorBody
from outsource.schemas.monitoring_page import MonitoringOverview, VendorMonitoring
from outsource.services.monitoring_page import (
    monitoring_overview,
    vendor_monitoring,
    vendor_monitoring_json,
)
from outsource.web import charts
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["monitoring"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
Vendor = Annotated[str, Path(min_length=1, max_length=120, description="Vendor name.")]
Period = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                                     description="Month 'YYYY-MM' of the SLA results "
                                                 "(default: the newest with data).")]

#: KPI -> label on the page.
KPI_LABELS = {
    "sl_offered": "Service level (answered within T / offered)",
    "sl_excl_short": "Service level (short abandons excluded)",
    "asa_s": "Average speed of answer", "abandon_rate": "Abandonment",
    "aht_s": "Average handle time", "repeat_rate": "Repeat contacts",
    "fcr": "First-contact resolution", "transfer_rate": "Transfers", "csat": "Satisfaction",
    "first_response_met_share": "E-mails answered within target",
}


#: Contract metric -> label on the page.
METRIC_LABELS = {
    "service_level": "Service level", "asa_s": "Average speed of answer",
    "abandon_rate": "Abandonment", "aht_s": "Average handle time",
    "repeat_rate": "Repeat contacts", "fcr": "First-contact resolution",
    "csat": "Satisfaction", "email_response": "E-mails answered within target",
}


def target_charts(m: VendorMonitoring) -> list[dict]:
    """(id, title, spec, missed months) per contract metric: values against the target."""
    out = []
    for t in m.targets:
        label = METRIC_LABELS.get(t.metric, t.metric)
        title = f"{label} against the target"
        missed = [mo for mo, ok in zip(t.months, t.met, strict=True) if ok is False]
        out.append({"id": f"target-{t.metric}", "title": title, "metric": t.metric,
                    "missed": missed,
                    "spec": charts.kpi_target_trend(title, t.metric, t.months, t.values,
                                                    t.target, t.direction, t.met)})
    return out


def page_charts(m: VendorMonitoring) -> dict[str, list[dict]]:
    """The page's charts: the contract's targets, then every KPI."""
    return {"targets": target_charts(m), "kpis": kpi_charts(m)}


def kpi_charts(m: VendorMonitoring) -> list[dict]:
    """(id, title, spec) of the KPI charts of the page: KPIs with at least one value."""
    months = m.months
    out = []
    for t in m.kpis:
        if all(v is None for v in t.values):
            continue
        title = KPI_LABELS.get(t.metric, t.metric)
        out.append({"id": f"kpi-{t.metric}", "title": title, "metric": t.metric,
                    "spec": charts.kpi_target_trend(title, t.metric, months, t.values)})
    return out


@router.get("/monitoring", name="monitoring.page", include_in_schema=False)
def monitoring_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Every vendor to monitor; a vendor user goes straight to its own page."""
    if user.is_vendor and user.vendor:
        return RedirectResponse(request.url_for("monitoring.vendor_page",
                                                vendor=user.vendor).path, status_code=303)
    return render(request, "monitoring/list.html", {"o": monitoring_overview(ws, actor=user)})


@router.get("/monitoring/{vendor}", name="monitoring.vendor_page", include_in_schema=False)
def vendor_page(request: Request, user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
                period: Period = None) -> Response:
    """One vendor: KPIs against the contract's targets (breaches marked), the month's SLA
    results and credits, its checked invoices, warnings, capacity, disputes."""
    m = vendor_monitoring(ws, vendor, actor=user, period=period)
    return render(request, "monitoring/vendor.html",
                  {"m": m, "charts": page_charts(m), "labels": METRIC_LABELS, "errors": {},
                   "form": {}})


@router.get("/api/monitoring", name="monitoring.overview", response_model=MonitoringOverview,
            responses=_ERRORS)
def get_overview(user: CurrentUser, ws: WorkspaceDep) -> MonitoringOverview:
    """The vendors the user may monitor (a vendor user: its own) and their open disputes."""
    return monitoring_overview(ws, actor=user)


@router.get("/api/monitoring/{vendor}", name="monitoring.get", response_model=VendorMonitoring,
            responses=_ERRORS)
def get_vendor(user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
               period: Period = None) -> Response:
    """One vendor's monitoring: per contract metric its months against the target (met or
    missed), the month's SLA results and credits (credits, earn-back, net, chronic failure,
    termination right), its checked invoices, the monthly KPIs and trends, warnings,
    capacity and disputes (a vendor user: its own)."""
    return Response(vendor_monitoring_json(ws, vendor, actor=user, period=period),
                    media_type="application/json")
