"""``/``: the start page: what the user can do here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from outsource.services import jobs
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.templating import render

router = APIRouter()


@router.get("/", name="home.page", include_in_schema=False)
def home(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """The start page: the menu's pages explained, and the latest jobs."""
    recent = jobs.list_jobs(ws, user, limit=5)
    return render(request, "home.html", {"jobs": recent})
