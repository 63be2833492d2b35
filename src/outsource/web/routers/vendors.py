"""Vendors: the registry, one vendor's due diligence, quotes and test calls, the scorecard,
the hand-over brief; the forms for what the CLI can do (add a vendor, a quote, a test call,
import test calls)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from outsource.errors import InvalidInput, OutsourceError
from outsource.schemas.errors import ErrorBody
from outsource.schemas.vendors import (
    AddedQuote,
    AddedTestCall,
    AddedVendor,
    HandoverBrief,
    QuoteIn,
    Scorecard,
    TestCallImportResult,
    TestCallIn,
    VendorDetail,
    VendorIn,
    VendorList,
)
from outsource.services import scoring, vendors
from outsource.services.brief import build_brief
from outsource.web import charts
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.forms import errors_by_field, fields, uploads, validate
from outsource.web.templating import render

router = APIRouter(tags=["vendors"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
Name = Annotated[str, Path(min_length=1, max_length=120, description="Vendor name.")]

VENDOR_FIELDS = ("name", "regions", "channels", "languages", "seats", "hours_offered",
                 "attrition_per_year", "notes")
QUOTE_FIELDS = tuple(QuoteIn.model_fields)
CALL_FIELDS = tuple(TestCallIn.model_fields)
#: Pricing models a quote may have (the schema's choices).
MODELS = list(QuoteIn.model_fields["pricing_model"].annotation.__args__)  # type: ignore[union-attr]


def _url(request: Request, route: str, **params: str) -> str:
    return request.url_for(route, **params).path


# ------------------------------------------------------------------ list and add


def _list_page(request: Request, user, ws, *, mode: str | None = None,  # type: ignore[no-untyped-def]
               errors: dict | None = None, values: dict | None = None, imported=None,
               status_code: int = 200) -> Response:
    from outsource.services.plan_runs import form_options

    listing = vendors.list_vendors(ws, actor=user)
    regions = form_options(ws, user).regions if not user.is_vendor else {}
    return render(request, "vendors/list.html",
                  {"listing": listing, "mode": mode, "errors": errors or {},
                   "form": values or {}, "regions": regions, "imported": imported,
                   "channels": ("voice", "chat", "email", "social")},
                  status_code=status_code)


@router.get("/vendors", name="vendors.page", include_in_schema=False)
def vendors_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Every vendor (a vendor user: its own), and the forms to add one."""
    return _list_page(request, user, ws)


def _vendor_doc(values: dict) -> dict:
    doc = dict(values)
    if "languages" in doc:
        doc["languages"] = [x.strip() for x in doc["languages"].replace(";", ",").split(",")
                            if x.strip()]
    return doc


@router.post("/vendors", name="vendors.create_form", include_in_schema=False)
async def create_form(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Register a vendor from the form or from an uploaded vendor file (YAML)."""
    form = await request.form()
    mode = "file" if form.get("mode") == "file" else "form"
    values = fields(form, VENDOR_FIELDS, lists=("regions", "channels"))
    try:
        if mode == "file":
            files = await uploads(form, "file")
            if not files:
                raise InvalidInput("choose the vendor file (YAML)", field="file")
            doc = vendors.vendor_from_upload(files[0].data, files[0].name)
        else:
            doc = validate(VendorIn, _vendor_doc(values))
        added = await run_in_threadpool(vendors.add_vendor, ws, doc, actor=user)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        errors = errors_by_field(exc, {*VENDOR_FIELDS, "file"},
                                 "file" if mode == "file" else "")
        return await run_in_threadpool(_list_page, request, user, ws, mode=mode,
                                       errors=errors, values=values,
                                       status_code=exc.http_status)
    return RedirectResponse(_url(request, "vendors.detail_page", name=added.vendor),
                            status_code=303)


@router.post("/vendors/test-calls", name="vendors.testcalls_form", include_in_schema=False)
async def testcalls_form(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Import test calls from an uploaded CSV (all rows or none)."""
    form = await request.form()
    vendor = form.get("vendor") if isinstance(form.get("vendor"), str) else None
    try:
        files = await uploads(form, "calls")
        if not files:
            raise InvalidInput("choose the test-call file (CSV)", field="calls")
        res = await run_in_threadpool(vendors.import_test_call_upload, ws, files[0].name,
                                      files[0].data, vendor or None, actor=user)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        return await run_in_threadpool(_list_page, request, user, ws, mode="calls",
                                       errors={"calls": str(exc)},
                                       status_code=exc.http_status)
    return await run_in_threadpool(_list_page, request, user, ws, imported=res)


# ------------------------------------------------------------------ one vendor


def _detail(request: Request, user, ws, name: str, *, form: str | None = None,  # type: ignore[no-untyped-def]
            errors: dict | None = None, values: dict | None = None,
            status_code: int = 200) -> Response:
    d = vendors.show_vendor(ws, name, actor=user)
    return render(request, "vendors/detail.html",
                  {"d": d, "v": d.vendor, "form_name": form, "errors": errors or {},
                   "form": values or {}, "channels": ("voice", "chat", "email", "social"),
                   "models": MODELS},
                  status_code=status_code)


@router.get("/vendors/{name}", name="vendors.detail_page", include_in_schema=False)
def detail_page(request: Request, user: CurrentUser, ws: WorkspaceDep, name: Name) -> Response:
    """One vendor: due diligence, quotes priced, test calls, everything on file."""
    return _detail(request, user, ws, name)


async def _add(request: Request, user, ws, name: str, kind: str) -> Response:  # type: ignore[no-untyped-def]
    form = await request.form()
    names = QUOTE_FIELDS if kind == "quote" else CALL_FIELDS
    values = fields(form, names, flags=("handled",) if kind == "call" else ())
    try:
        if kind == "quote":
            await run_in_threadpool(vendors.add_quote, ws, name, validate(QuoteIn, values),
                                    actor=user)
        else:
            await run_in_threadpool(vendors.add_test_call, ws, name,
                                    validate(TestCallIn, values), actor=user)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        return await run_in_threadpool(_detail, request, user, ws, name, form=kind,
                                       errors=errors_by_field(exc, set(names)),
                                       values=values, status_code=exc.http_status)
    anchor = "#quotes" if kind == "quote" else "#test-calls"
    return RedirectResponse(_url(request, "vendors.detail_page", name=name) + anchor,
                            status_code=303)


@router.post("/vendors/{name}/quotes", name="vendors.quote_form", include_in_schema=False)
async def quote_form(request: Request, user: CurrentUser, ws: WorkspaceDep,
                     name: Name) -> Response:
    """Store a quote; the vendor's quotes are priced again."""
    return await _add(request, user, ws, name, "quote")


@router.post("/vendors/{name}/test-calls", name="vendors.testcall_form",
             include_in_schema=False)
async def testcall_form(request: Request, user: CurrentUser, ws: WorkspaceDep,
                        name: Name) -> Response:
    """Record one test call."""
    return await _add(request, user, ws, name, "call")


@router.get("/vendors/{name}/brief", name="vendors.brief_page", include_in_schema=False)
def brief_page(user: CurrentUser, ws: WorkspaceDep, name: Name) -> Response:
    """The hand-over brief addressed to the vendor, as a standalone HTML page."""
    from outsource.reports.brief import render_html

    return HTMLResponse(render_html(build_brief(ws, vendor=name, actor=user)))


@router.get("/scorecard", name="vendors.scorecard_page", include_in_schema=False)
def scorecard_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """The scorecard: scores, ranks, how firm the ranking is, and the cost-quality frontier."""
    card = scoring.score_vendors(ws, actor=user)
    return render(request, "vendors/scorecard.html",
                  {"card": card, "weights": {c.key: c for c in card.criteria},
                   "charts": {k: v for k, v in {"wins": charts.win_shares(card),
                                                "frontier": charts.frontier(card)}.items()
                              if v is not None}})


# ------------------------------------------------------------------ API


@router.get("/api/vendors", name="vendors.list", response_model=VendorList, responses=_ERRORS)
def list_vendors(user: CurrentUser, ws: WorkspaceDep) -> VendorList:
    """Every vendor with its counts and due-diligence gaps (a vendor user: its own)."""
    return vendors.list_vendors(ws, actor=user)


@router.post("/api/vendors", name="vendors.create", response_model=AddedVendor,
             status_code=201, responses={**_ERRORS, 409: {"model": ErrorBody}})
def create_vendor(user: CurrentUser, ws: WorkspaceDep, vendor: VendorIn) -> AddedVendor:
    """Register a vendor with everything on file (the vendor file's keys, docs/vendors.md)."""
    return vendors.add_vendor(ws, vendor, actor=user)


@router.get("/api/vendors/{name}", name="vendors.get", response_model=VendorDetail,
            responses=_ERRORS)
def get_vendor(user: CurrentUser, ws: WorkspaceDep, name: Name) -> VendorDetail:
    """Everything about one vendor: facts, due diligence, test calls, quotes priced."""
    return vendors.show_vendor(ws, name, actor=user)


@router.post("/api/vendors/{name}/quotes", name="vendors.quote", response_model=AddedQuote,
             status_code=201, responses=_ERRORS)
def create_quote(user: CurrentUser, ws: WorkspaceDep, name: Name, quote: QuoteIn
                 ) -> AddedQuote:
    """Store a quote and price all the vendor's quotes on the workspace's scenario."""
    return vendors.add_quote(ws, name, quote, actor=user)


@router.post("/api/vendors/{name}/test-calls", name="vendors.testcall",
             response_model=AddedTestCall, status_code=201, responses=_ERRORS)
def create_test_call(user: CurrentUser, ws: WorkspaceDep, name: Name, call: TestCallIn
                     ) -> AddedTestCall:
    """Record one test call; the answer holds the vendor's summary."""
    return vendors.add_test_call(ws, name, call, actor=user)


@router.post("/api/test-calls", name="vendors.testcalls_import",
             response_model=TestCallImportResult, responses=_ERRORS)
async def import_test_calls(user: CurrentUser, ws: WorkspaceDep,
                            file: Annotated[UploadFile, File(description="Test-call CSV.")],
                            vendor: Annotated[str | None, Form(max_length=120)] = None
                            ) -> TestCallImportResult:
    """Import test calls from CSV, all rows or none; the same file again changes nothing."""
    data = await file.read()
    return await run_in_threadpool(vendors.import_test_call_upload, ws,
                                   file.filename or "test-calls.csv", data, vendor or None,
                                   actor=user)


@router.get("/api/vendors/{name}/brief", name="vendors.brief", response_model=HandoverBrief,
            responses=_ERRORS)
def get_brief(user: CurrentUser, ws: WorkspaceDep, name: Name) -> HandoverBrief:
    """The hand-over brief addressed to the vendor (playbook step 5)."""
    return build_brief(ws, vendor=name, actor=user)


@router.get("/api/scorecard", name="vendors.scorecard", response_model=Scorecard,
            responses=_ERRORS)
def get_scorecard(user: CurrentUser, ws: WorkspaceDep) -> Scorecard:
    """Every vendor scored and ranked, with the ranking's stability and the frontier."""
    return scoring.score_vendors(ws, actor=user)
