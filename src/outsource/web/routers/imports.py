"""Imports: upload a contact log (run as a job), past imports, one import's report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from outsource.errors import OutsourceError
from outsource.schemas.errors import ErrorBody
from outsource.schemas.imports import ImportReport, ImportSummary
from outsource.schemas.jobs import JobPublic
from outsource.services import imports
from outsource.web import charts
from outsource.web.deps import CurrentUser, Id, RunnerDep, SettingsDep, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["imports"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
PAGE = 200


def _mapping(upload: UploadFile | None) -> UploadFile | None:
    return upload if upload is not None and upload.filename else None


def _start(ws, runner, user, settings, file: UploadFile,  # type: ignore[no-untyped-def]
           mapping: UploadFile | None, vendor: str | None) -> JobPublic:
    mapping = _mapping(mapping)
    return imports.start_import(
        ws, runner, user, filename=file.filename or "upload.csv", data=file.file,
        mapping_filename=mapping.filename if mapping else None,
        mapping_data=mapping.file if mapping else None, vendor=vendor,
        max_bytes=int(settings.upload_max_mb * 1e6))


def _page(request: Request, user, ws, *, error: str | None = None,  # type: ignore[no-untyped-def]
          status_code: int = 200) -> Response:
    rows = imports.list_imports(ws, user)
    may_upload, forced, vendors = imports.upload_options(ws, user)
    return render(request, "imports/list.html",
                  {"imports": rows, "may_upload": may_upload, "forced_vendor": forced,
                   "vendors": vendors, "error": error}, status_code=status_code)


@router.get("/imports", name="imports.page", include_in_schema=False)
def imports_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Upload form and past imports."""
    return _page(request, user, ws)


@router.post("/imports", name="imports.upload_form", include_in_schema=False)
def upload_form(request: Request, user: CurrentUser, ws: WorkspaceDep, runner: RunnerDep,
                settings: SettingsDep, file: Annotated[UploadFile, File()],
                mapping: Annotated[UploadFile | None, File()] = None,
                vendor: Annotated[str | None, Form(max_length=120)] = None) -> Response:
    """Start the import job and go to its progress page."""
    try:
        job = _start(ws, runner, user, settings, file, mapping, vendor)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        return _page(request, user, ws, error=str(exc), status_code=exc.http_status)
    return RedirectResponse(request.url_for("jobs.detail_page", job_id=job.id).path,
                            status_code=303)


@router.get("/imports/{import_id}", name="imports.report_page", include_in_schema=False)
def report_page(request: Request, user: CurrentUser, ws: WorkspaceDep, import_id: Id,
                offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0) -> Response:
    """One import: counts, dropped rows, rejects (a page at a time) and a chart."""
    report = imports.import_report(ws, user, import_id, offset=offset, limit=PAGE)
    chart = charts.rejects_by_column(report.rejects_by_column) if report.rejects_total else None
    rows = list(zip(report.rejects.line, report.rejects.column, report.rejects.reason,
                    strict=True))
    return render(request, "imports/report.html",
                  {"report": report, "s": report.summary, "rows": rows, "chart": chart,
                   "page": PAGE})


@router.get("/imports/{import_id}/rejects.csv", name="imports.rejects_csv",
            include_in_schema=False)
def rejects_csv(user: CurrentUser, ws: WorkspaceDep, import_id: Id) -> Response:
    """Every reject of an import as CSV (line, column, reason)."""
    name, text = imports.rejects_csv(ws, user, import_id)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/api/imports", name="imports.list", response_model=list[ImportSummary],
            responses=_ERRORS)
def list_imports(user: CurrentUser, ws: WorkspaceDep,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[ImportSummary]:
    """Past imports, newest first (a vendor user: its vendor's only)."""
    return imports.list_imports(ws, user, limit)


@router.post("/api/imports", name="imports.create", response_model=JobPublic,
             status_code=202, responses={**_ERRORS, 409: {"model": ErrorBody}})
def create_import(request: Request, response: Response, user: CurrentUser,
                  ws: WorkspaceDep, runner: RunnerDep,
                  settings: SettingsDep, file: Annotated[UploadFile, File()],
                  mapping: Annotated[UploadFile | None, File()] = None,
                  vendor: Annotated[str | None, Form(max_length=120)] = None) -> JobPublic:
    """Upload a contact log (and optional YAML mapping); the import runs as a job.

    Poll ``GET /api/jobs/{id}``; when it has succeeded, ``result_ref`` is
    ``import:N`` and ``GET /api/imports/N`` is the report. A vendor user's
    upload is restricted to its vendor: rows naming another are rejected.
    """
    job = _start(ws, runner, user, settings, file, mapping, vendor)
    response.headers["Location"] = request.url_for("jobs.get", job_id=job.id).path
    return job


@router.get("/api/imports/{import_id}", name="imports.get", response_model=ImportReport,
            responses=_ERRORS)
def get_import(user: CurrentUser, ws: WorkspaceDep, import_id: Id,
               offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
               limit: Annotated[int, Query(ge=1, le=10000)] = 1000) -> ImportReport:
    """One import's counts and a page of its rejects (columnar: line, column, reason)."""
    return imports.import_report(ws, user, import_id, offset=offset, limit=limit)
