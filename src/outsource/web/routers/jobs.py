"""Background jobs: the list, one job's page, its live progress fragment, and the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from outsource.schemas.errors import ErrorBody
from outsource.schemas.jobs import JobPublic
from outsource.services import jobs
from outsource.web.deps import CurrentUser, Id, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["jobs"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}

#: Where a job's ``result_ref`` kind is shown: route name and its path parameter.
RESULT_PAGES = {"import": ("imports.report_page", "import_id"),
                "report": ("reports.detail_page", "report_id"),
                "plan": ("plan.run_page", "run_id")}


def result_url(request: Request, job: JobPublic) -> str | None:
    """The page showing what ``job`` produced, if it has one."""
    if not job.result_ref or ":" not in job.result_ref:
        return None
    kind, _, ident = job.result_ref.partition(":")
    target = RESULT_PAGES.get(kind)
    if target is None or target[0] not in request.app.state.route_names:
        return None
    return request.url_for(target[0], **{target[1]: ident}).path


@router.get("/jobs", name="jobs.page", include_in_schema=False)
def jobs_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """Every job the user may see, newest first, with its state."""
    rows = jobs.list_jobs(ws, user, limit=100)
    return render(request, "jobs/list.html",
                  {"jobs": rows, "results": {j.id: result_url(request, j) for j in rows}})


@router.get("/jobs/{job_id}", name="jobs.detail_page", include_in_schema=False)
def job_page(request: Request, user: CurrentUser, ws: WorkspaceDep, job_id: Id) -> Response:
    """One job, its progress updating live until it ends."""
    job = jobs.get(ws, user, job_id)
    return render(request, "jobs/detail.html",
                  {"job": job, "result_url": result_url(request, job)})


@router.get("/jobs/{job_id}/progress", name="jobs.progress_fragment", include_in_schema=False)
def job_progress(request: Request, user: CurrentUser, ws: WorkspaceDep,
                 job_id: Id) -> Response:
    """The progress block (HTMX polls it every half second until the job ends)."""
    job = jobs.get(ws, user, job_id)
    return render(request, "jobs/_progress.html",
                  {"job": job, "result_url": result_url(request, job)})


@router.get("/api/jobs", name="jobs.list", response_model=list[JobPublic], responses=_ERRORS)
def list_jobs(user: CurrentUser, ws: WorkspaceDep,
              limit: Annotated[int, Query(ge=1, le=500)] = 50,
              offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0) -> list[JobPublic]:
    """Jobs, newest first (a vendor user: its vendor's only)."""
    return jobs.list_jobs(ws, user, limit=limit, offset=offset)


@router.get("/api/jobs/{job_id}", name="jobs.get", response_model=JobPublic,
            responses=_ERRORS)
def get_job(user: CurrentUser, ws: WorkspaceDep, job_id: Id) -> JobPublic:
    """One job: status, progress [0, 1], message, result reference or error."""
    return jobs.get(ws, user, job_id)
