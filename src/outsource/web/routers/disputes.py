"""Disputes: a vendor user disputes a month's SLA result or an invoice-check line (a form
on its monitoring page, or the API); the buyer accepts or rejects it with a comment."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from outsource.errors import OutsourceError
from outsource.schemas.disputes import DisputeDecisionIn, DisputeIn, DisputeList, DisputePublic
from outsource.schemas.errors import ErrorBody
from outsource.services import disputes
from outsource.web.deps import CurrentUser, Id, WorkspaceDep
from outsource.web.forms import errors_by_field, fields, validate
from outsource.web.templating import render

router = APIRouter(tags=["disputes"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 409, 422)}
FILE_FIELDS = ("kind", "vendor", "period", "metric", "invoice_line_id", "comment")
DECIDE_FIELDS = ("decision", "comment")


async def _page_with_errors(request: Request, user, ws, vendor: str,  # type: ignore[no-untyped-def]
                            period: str | None, exc: OutsourceError, known: tuple[str, ...],
                            values: dict, prefix: str = "") -> Response:
    from outsource.services.monitoring_page import vendor_monitoring
    from outsource.web.routers.monitoring import METRIC_LABELS, page_charts

    errors = errors_by_field(exc, set(known))
    m = await run_in_threadpool(vendor_monitoring, ws, vendor, actor=user, period=period)
    return render(request, "monitoring/vendor.html",
                  {"m": m, "charts": page_charts(m), "labels": METRIC_LABELS,
                   "errors": {f"{prefix}{k}": v for k, v in errors.items()},
                   "form": {f"{prefix}{k}": v for k, v in values.items()}},
                  status_code=exc.http_status)


def _back(request: Request, vendor: str, period: str | None, anchor: str) -> Response:
    url = request.url_for("monitoring.vendor_page", vendor=vendor).path
    return RedirectResponse(url + (f"?period={period}" if period else "") + anchor,
                            status_code=303)


@router.post("/disputes", name="disputes.file_form", include_in_schema=False)
async def file_form(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """File a dispute from the monitoring page (a vendor user, its own vendor)."""
    form = await request.form()
    values = fields(form, FILE_FIELDS)
    vendor = values.get("vendor") or user.vendor or ""
    try:
        d = validate(DisputeIn, {**values, "vendor": vendor})
        filed = await run_in_threadpool(disputes.file_dispute, ws, d, actor=user)
    except OutsourceError as exc:
        if exc.http_status in (401, 403) or not vendor:
            raise
        return await _page_with_errors(request, user, ws, vendor, None, exc, FILE_FIELDS,
                                       values, "file_")
    return _back(request, filed.vendor, filed.period, f"#dispute-{filed.id}")


@router.post("/disputes/{dispute_id}/decision", name="disputes.decide_form",
             include_in_schema=False)
async def decide_form(request: Request, user: CurrentUser, ws: WorkspaceDep,
                      dispute_id: Id) -> Response:
    """Accept or reject a dispute from the monitoring page (admin, analyst)."""
    form = await request.form()
    values = fields(form, DECIDE_FIELDS)
    d = await run_in_threadpool(disputes.get_dispute, ws, dispute_id, actor=user)
    try:
        decided = await run_in_threadpool(disputes.decide_dispute, ws, dispute_id,
                                          validate(DisputeDecisionIn, values), actor=user)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        return await _page_with_errors(request, user, ws, d.vendor, None, exc, DECIDE_FIELDS,
                                       values, f"decide_{dispute_id}_")
    return _back(request, decided.vendor, None, f"#dispute-{decided.id}")


@router.get("/api/disputes", name="disputes.list", response_model=DisputeList,
            responses=_ERRORS)
def list_disputes(user: CurrentUser, ws: WorkspaceDep,
                  vendor: Annotated[str | None, Query(min_length=1, max_length=120)] = None,
                  status: Annotated[Literal["open", "accepted", "rejected"] | None,
                                    Query()] = None,
                  period: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
                                    ] = None) -> DisputeList:
    """Disputes, newest first (a vendor user: its own)."""
    return disputes.list_disputes(ws, actor=user, vendor=vendor, status=status, period=period)


@router.post("/api/disputes", name="disputes.create", response_model=DisputePublic,
             status_code=201, responses=_ERRORS)
def create_dispute(user: CurrentUser, ws: WorkspaceDep, dispute: DisputeIn) -> DisputePublic:
    """File a dispute of a month's SLA result or of an invoice-check line (vendor users)."""
    return disputes.file_dispute(ws, dispute, actor=user)


@router.get("/api/disputes/{dispute_id}", name="disputes.get", response_model=DisputePublic,
            responses=_ERRORS)
def get_dispute(user: CurrentUser, ws: WorkspaceDep, dispute_id: Id) -> DisputePublic:
    """One dispute (a vendor user: only its own)."""
    return disputes.get_dispute(ws, dispute_id, actor=user)


@router.post("/api/disputes/{dispute_id}/decision", name="disputes.decide",
             response_model=DisputePublic, responses=_ERRORS)
def decide_dispute(user: CurrentUser, ws: WorkspaceDep, dispute_id: Id,
                   decision: DisputeDecisionIn) -> DisputePublic:
    """Accept or reject an open dispute with a comment (admin, analyst); final."""
    return disputes.decide_dispute(ws, dispute_id, decision, actor=user)
