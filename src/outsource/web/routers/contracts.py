"""Contracts: each vendor's stored terms and versions, the rendered schedule, a new version
uploaded (its validation errors and warnings shown)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from outsource.errors import InvalidInput, OutsourceError
from outsource.schemas.contracts import AddedContract, ContractList, StoredContract
from outsource.schemas.errors import ErrorBody
from outsource.services import stored_contracts
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.forms import uploads
from outsource.web.templating import render

router = APIRouter(tags=["contracts"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
Vendor = Annotated[str, Path(min_length=1, max_length=120, description="Vendor name.")]
Version = Annotated[int | None, Query(ge=1, le=2**31 - 1,
                                      description="Version (default: the newest).")]


def _list_page(request: Request, user, ws, *, errors: dict | None = None,  # type: ignore[no-untyped-def]
               added: AddedContract | None = None, status_code: int = 200) -> Response:
    listing = stored_contracts.list_contracts(ws, actor=user)
    return render(request, "contracts/list.html",
                  {"listing": listing, "errors": errors or {}, "added": added},
                  status_code=status_code)


@router.get("/contracts", name="contract.page", include_in_schema=False)
def contracts_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Every vendor's contract (a vendor user: its own), and the upload of a new version."""
    return _list_page(request, user, ws)


def _effective(text: object) -> date | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date (YYYY-MM-DD)",
                           field="effective_from") from None


@router.post("/contracts", name="contract.upload_form", include_in_schema=False)
async def upload_form(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Validate an uploaded contract file and store it as the vendor's next version."""
    form = await request.form()
    try:
        files = await uploads(form, "file")
        if not files:
            raise InvalidInput("choose the contract file (YAML)", field="file")
        added = await run_in_threadpool(
            stored_contracts.add_contract, ws, files[0].data, source=files[0].name,
            effective_from=_effective(form.get("effective_from")), actor=user)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        field = "effective_from" if exc.loc[:1] == ("effective_from",) else "file"
        return await run_in_threadpool(_list_page, request, user, ws,
                                       errors={field: str(exc)}, status_code=exc.http_status)
    return await run_in_threadpool(_list_page, request, user, ws, added=added)


@router.get("/contracts/{vendor}", name="contract.detail_page", include_in_schema=False)
def detail_page(request: Request, user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
                version: Version = None) -> Response:
    """One vendor's contract: terms, where the term stands, SLA table, versions."""
    c = stored_contracts.show_contract(ws, vendor, version=version, actor=user)
    return render(request, "contracts/detail.html", {"c": c, "k": c.contract})


@router.get("/contracts/{vendor}/schedule", name="contract.schedule_page",
            include_in_schema=False)
def schedule_page(user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
                  version: Version = None) -> Response:
    """The rendered schedule people sign (standalone HTML, reports/contract.py)."""
    from outsource.reports.contract import render_contract

    r = stored_contracts.show_contract(ws, vendor, version=version, actor=user)
    note = (f"Version {r.version} of {r.current_version} of the stored contract, effective "
            f"from {r.effective_from} (from {r.source}).")
    return HTMLResponse(render_contract(r.contract, "html", warnings=r.warnings, note=note))


@router.get("/api/contracts", name="contract.list", response_model=ContractList,
            responses=_ERRORS)
def list_contracts(user: CurrentUser, ws: WorkspaceDep) -> ContractList:
    """The newest version of every vendor's contract (a vendor user: its own)."""
    return stored_contracts.list_contracts(ws, actor=user)


@router.get("/api/contracts/{vendor}", name="contract.get", response_model=StoredContract,
            responses=_ERRORS)
def get_contract(user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
                 version: Version = None) -> StoredContract:
    """A stored version with its term status today, its warnings and every version."""
    return stored_contracts.show_contract(ws, vendor, version=version, actor=user)


@router.post("/api/contracts", name="contract.create", response_model=AddedContract,
             status_code=201, responses={**_ERRORS, 409: {"model": ErrorBody}})
async def create_contract(user: CurrentUser, ws: WorkspaceDep,
                          file: Annotated[UploadFile, File(description="Contract file (YAML, "
                                                                       "docs/contracts.md).")],
                          effective_from: Annotated[date | None, Form(
                              description="First day the version governs.")] = None,
                          ) -> AddedContract:
    """Store a contract file as its vendor's next version (a no-op for unchanged terms)."""
    data = await file.read()
    return await run_in_threadpool(stored_contracts.add_contract, ws, data,
                                   source=file.filename or "contract.yaml",
                                   effective_from=effective_from, actor=user)
