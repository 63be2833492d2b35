"""Advice: should we outsource, what, how and where, rule by rule (``outsource advise``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from outsource.schemas.advice import AdviceResult
from outsource.schemas.errors import ErrorBody
from outsource.services import plan_runs
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["advice"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
Run = Annotated[int | None, Query(ge=1, le=2**31 - 1,
                                  description="A plan run whose scenario to advise on "
                                              "(default: the workspace's scenario).")]


@router.get("/advice", name="advice.page", include_in_schema=False)
def advice_page(request: Request, user: CurrentUser, ws: WorkspaceDep,
                run: Run = None) -> Response:
    """The verdict per channel and segment, the rules that fired, the regions, the seven steps."""
    a = plan_runs.workspace_advice(ws, user, run_id=run)
    return render(request, "advice/page.html", {"a": a, "run": run})


@router.get("/api/advice", name="advice.get", response_model=AdviceResult, responses=_ERRORS)
def get_advice(user: CurrentUser, ws: WorkspaceDep, run: Run = None) -> AdviceResult:
    """``outsource advise`` on the workspace's scenario (or a plan run's), explained."""
    return plan_runs.workspace_advice(ws, user, run_id=run)
