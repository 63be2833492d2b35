"""Exit plans (playbook step 7): taking each vendor's work back in-house, week by week."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from outsource.schemas.contracts import ExitPlans
from outsource.schemas.errors import ErrorBody
from outsource.services.exit_plans import exit_plans
from outsource.web import charts
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["exit plans"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
Vendor = Annotated[str, Path(min_length=1, max_length=120, description="Vendor name.")]
Notice = Annotated[date | None, Query(description="Day notice would be given and hiring "
                                                  "starts (default today).")]
Failure = Annotated[bool, Query(description="A chronic or critical failure gave the "
                                            "termination right: no fee, the vendor pays "
                                            "exit assistance.")]
FromMonitoring = Annotated[bool, Query(description="Take each vendor's failure right from "
                                                   "its SLA results (monitoring) up to the "
                                                   "notice month instead of failure_right.")]


@router.get("/exit", name="exit.page", include_in_schema=False)
def exit_page(request: Request, user: CurrentUser, ws: WorkspaceDep, notice_date: Notice = None,
              failure_right: Failure = False,
              failure_from_monitoring: FromMonitoring = False) -> Response:
    """Every vendor's exit plan side by side, red flags first."""
    plans = exit_plans(ws, notice_date=notice_date, failure_right=failure_right,
                       failure_from_monitoring=failure_from_monitoring, actor=user)
    return render(request, "exit/list.html", {"x": plans, "failure_right": failure_right,
                                              "from_monitoring": failure_from_monitoring,
                                              "notice_date": notice_date})


@router.get("/exit/{vendor}", name="exit.detail_page", include_in_schema=False)
def exit_detail(request: Request, user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
                notice_date: Notice = None, failure_right: Failure = False,
                failure_from_monitoring: FromMonitoring = False) -> Response:
    """One vendor's exit plan: the weekly ramp, its cost, the fee, who pays the exit."""
    plans = exit_plans(ws, vendor=vendor, notice_date=notice_date,
                       failure_right=failure_right,
                       failure_from_monitoring=failure_from_monitoring, actor=user)
    p = plans.plans[0]
    return render(request, "exit/detail.html",
                  {"x": plans, "p": p, "chart": charts.exit_ramp(p),
                   "failure_right": failure_right, "from_monitoring": failure_from_monitoring,
                   "notice_date": notice_date})


@router.get("/api/exit-plans", name="exit.list", response_model=ExitPlans, responses=_ERRORS)
def list_exit_plans(user: CurrentUser, ws: WorkspaceDep, notice_date: Notice = None,
                    failure_right: Failure = False,
                    failure_from_monitoring: FromMonitoring = False) -> ExitPlans:
    """The exit plan of every vendor with a contract."""
    return exit_plans(ws, notice_date=notice_date, failure_right=failure_right,
                      failure_from_monitoring=failure_from_monitoring, actor=user)


@router.get("/api/exit-plans/{vendor}", name="exit.get", response_model=ExitPlans,
            responses=_ERRORS)
def get_exit_plan(user: CurrentUser, ws: WorkspaceDep, vendor: Vendor,
                  notice_date: Notice = None, failure_right: Failure = False,
                  failure_from_monitoring: FromMonitoring = False) -> ExitPlans:
    """One vendor's exit plan."""
    return exit_plans(ws, vendor=vendor, notice_date=notice_date, failure_right=failure_right,
                      failure_from_monitoring=failure_from_monitoring, actor=user)
