"""Reports: the plan report on the workspace's scenario, made as a job, downloaded as PDF or XLSX;
the monthly vendor report, made on request and downloaded.

The job (:func:`outsource.services.reports.start_plan_report`) prices the stored
scenario and writes both files with the same code as ``outsource report plan``
(:mod:`outsource.reports.plan`); its page shows the progress, then links here.
The vendor report (:func:`outsource.services.reports.vendor_report`) is written by
the code of ``outsource report vendor`` (:mod:`outsource.reports.vendor`); a
vendor user gets its own vendor's only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from outsource.errors import NotFound
from outsource.schemas.errors import ErrorBody
from outsource.schemas.jobs import JobPublic
from outsource.services import reports
from outsource.web.deps import CurrentUser, Id, RunnerDep, SettingsDep, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["reports"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
_MEDIA = {"pdf": "application/pdf",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _render_files(report, folder) -> None:  # type: ignore[no-untyped-def]
    """The job's renderer: the CLI's PDF and workbook writers."""
    from outsource.reports.plan import write_pdf_file, write_xlsx

    write_xlsx(report, folder / reports.PLAN_FILES["xlsx"])
    write_pdf_file(report, folder / reports.PLAN_FILES["pdf"])


def _page(request: Request, user, ws, *, error: str | None = None,  # type: ignore[no-untyped-def]
          status_code: int = 200) -> Response:
    from outsource.services.vendors import list_vendors

    rows = reports.list_plan_reports(ws, user)
    names = [v.name for v in list_vendors(ws, actor=user).vendors]
    return render(request, "reports/list.html", {"reports": rows, "error": error,
                                                 "vendors": names},
                  status_code=status_code)


@router.get("/reports", name="reports.page", include_in_schema=False)
def reports_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Past plan reports and the button that makes a new one."""
    return _page(request, user, ws)


@router.post("/reports/plan", name="reports.plan_form", include_in_schema=False)
def plan_form(request: Request, user: CurrentUser, ws: WorkspaceDep, runner: RunnerDep,
              settings: SettingsDep) -> Response:
    """Start a plan report on the workspace's scenario and go to its progress page."""
    try:
        job = reports.start_plan_report(ws, runner, user, _render_files,
                                        draws=settings.report_draws)
    except NotFound as exc:
        return _page(request, user, ws, error=str(exc), status_code=404)
    return RedirectResponse(request.url_for("jobs.detail_page", job_id=job.id).path,
                            status_code=303)


Month = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="The month, YYYY-MM.")]


@router.get("/reports/vendor", name="reports.vendor_file", include_in_schema=False)
def vendor_report_file(user: CurrentUser, ws: WorkspaceDep, settings: SettingsDep,
                       vendor: Annotated[str, Query(min_length=1, description="The vendor.")],
                       period: Month,
                       kind: Annotated[Literal["pdf", "xlsx"], Query(
                           description="pdf or xlsx.")] = "pdf") -> Response:
    """The monthly vendor report of ``vendor`` for ``period`` as PDF or workbook (the file of
    ``outsource report vendor``). Buyers: any vendor; a vendor user: its own only."""
    import tempfile
    from pathlib import Path as FsPath

    from outsource.reports.vendor import write_vendor_report

    found = reports.vendor_report(ws, vendor, period, draws=settings.report_draws,
                                  actor=user)
    with tempfile.TemporaryDirectory(prefix="vendor-report-") as tmp:
        out = FsPath(tmp) / f"vendor-report.{kind}"
        write_vendor_report(found, **{kind: out})
        data = out.read_bytes()
    name = f"vendor-report-{found.vendor}-{found.period}.{kind}"
    return Response(data, media_type=_MEDIA[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/reports/{report_id}", name="reports.detail_page", include_in_schema=False)
def detail_page(request: Request, user: CurrentUser, ws: WorkspaceDep,
                report_id: Id) -> Response:
    """A finished plan report: its recommendation and the two downloads."""
    found = reports.plan_report_summary(ws, user, report_id)
    return render(request, "reports/detail.html", {"found": found, "report_id": report_id})


@router.get("/reports/{report_id}/{kind}", name="reports.file", include_in_schema=False)
def report_file(user: CurrentUser, ws: WorkspaceDep, report_id: Id,
                kind: Annotated[Literal["pdf", "xlsx"], Path()]) -> Response:
    """Download the report's PDF or workbook."""
    path = reports.plan_report_file(ws, user, report_id, kind)
    return FileResponse(path, media_type=_MEDIA[kind],
                        filename=f"plan-report-{report_id}.{kind}")


@router.post("/api/reports/plan", name="reports.create", response_model=JobPublic,
             status_code=202, responses=_ERRORS)
def create_plan_report(request: Request, response: Response, user: CurrentUser,
                       ws: WorkspaceDep, runner: RunnerDep,
                       settings: SettingsDep) -> JobPublic:
    """Make the plan report of the workspace's scenario as a job.

    Poll ``GET /api/jobs/{id}``; when it has succeeded (``result_ref`` is
    ``report:N``), download ``GET /reports/N/pdf`` and ``GET /reports/N/xlsx``.
    """
    job = reports.start_plan_report(ws, runner, user, _render_files,
                                    draws=settings.report_draws)
    response.headers["Location"] = request.url_for("jobs.get", job_id=job.id).path
    return job
