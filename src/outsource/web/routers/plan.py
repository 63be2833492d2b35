"""Plan: price the scenario (stored, uploaded or from the form) as a job; its result, charted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from outsource.errors import InvalidInput, OutsourceError
from outsource.schemas.base import Schema
from outsource.schemas.errors import ErrorBody
from outsource.schemas.jobs import JobPublic
from outsource.schemas.plan_runs import PlanRunPublic, PlanRunSummary, ScenarioForm
from outsource.schemas.vendors import ScenarioInfo
from outsource.services import plan_runs
from outsource.web import charts
from outsource.web.deps import CurrentUser, Id, RunnerDep, WorkspaceDep
from outsource.web.forms import errors_by_field, fields, uploads, validate
from outsource.web.templating import render

router = APIRouter(tags=["plan"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 404, 422)}
#: Form fields of the scenario form (ScenarioForm) and of the run itself.
FORM_FIELDS = tuple(ScenarioForm.model_fields)
RUN_FIELDS = ("draws", "seed")
MODES = ("stored", "file", "form")


class _RunForm(Schema):
    """How many draws, which seed (the run's own fields)."""

    draws: int = Field(default=plan_runs.DEFAULT_DRAWS, description="Monte Carlo draws.")
    seed: int = Field(default=1, description="Random seed.")


def _page(request: Request, user, ws, *, mode: str | None = None,  # type: ignore[no-untyped-def]
          errors: dict[str, str] | None = None, values: dict | None = None,
          status_code: int = 200) -> Response:
    options = plan_runs.form_options(ws, user)
    runs = plan_runs.list_runs(ws, user, limit=20)
    form = {**options.defaults.model_dump(), **(values or {})}
    return render(request, "plan/page.html",
                  {"options": options, "runs": runs, "mode": mode, "errors": errors or {},
                   "form": form, "draws": (values or {}).get("draws", options.draws),
                   "seed": (values or {}).get("seed", 1)}, status_code=status_code)


@router.get("/plan", name="plan.page", include_in_schema=False)
def plan_page(request: Request, user: CurrentUser, ws: WorkspaceDep) -> Response:
    """The three ways to price a scenario, and the latest runs."""
    return _page(request, user, ws)


@router.post("/plan", name="plan.run_form", include_in_schema=False)
async def run_form(request: Request, user: CurrentUser, ws: WorkspaceDep,
                   runner: RunnerDep) -> Response:
    """Start a plan run from one of the page's forms and go to its progress."""
    form = await request.form()
    mode = form.get("mode") if form.get("mode") in MODES else "stored"
    values = fields(form, (*FORM_FIELDS, *RUN_FIELDS), lists=("regions", "pricing_models"),
                    flags=("keep_advice",) if mode == "form" else ())
    known = {*FORM_FIELDS, *RUN_FIELDS, "workload_file", "scenario_file", "files"}
    try:
        run = validate(_RunForm, {k: v for k, v in values.items() if k in RUN_FIELDS})
        kwargs: dict = {"draws": run.draws, "seed": run.seed}
        if mode == "form":
            kwargs["form"] = validate(ScenarioForm, {k: v for k, v in values.items()
                                                     if k in FORM_FIELDS})
            kwargs["uploads"] = await uploads(form, "workload_file")
        elif mode == "file":
            files = await uploads(form, "scenario_file")
            if not files:
                raise InvalidInput("choose the scenario file (YAML)", field="scenario_file")
            kwargs["scenario_file"] = files[0]
            kwargs["uploads"] = await uploads(form, "files")
        job = await run_in_threadpool(plan_runs.start_plan, ws, runner, user, **kwargs)
    except OutsourceError as exc:
        if exc.http_status in (401, 403):
            raise
        default = {"file": "scenario_file", "form": ""}.get(mode, "")
        errors = errors_by_field(exc, known, default)
        return await run_in_threadpool(_page, request, user, ws, mode=mode, errors=errors,
                                       values=values, status_code=exc.http_status)
    return RedirectResponse(request.url_for("jobs.detail_page", job_id=job.id).path,
                            status_code=303)


@router.get("/plan/runs/{run_id}", name="plan.run_page", include_in_schema=False)
def run_page(request: Request, user: CurrentUser, ws: WorkspaceDep, run_id: Id,
             saved: Annotated[bool, Query()] = False) -> Response:
    """One run: the charts and tables of its result."""
    run = plan_runs.get_run(ws, user, run_id)
    ctx: dict = {"run": run, "saved": saved, "charts": {}}
    if run.result is not None:
        r = run.result
        best = min((o for o in r.plan.options if o.region != "in_house"),
                   key=lambda o: o.annual_cost, default=None)
        pick = best.region if best is not None else None
        ctx["best"] = best
        ctx["inhouse"] = next((o for o in r.plan.options if o.region == "in_house"), None)
        ctx["kinds"] = {o.name: charts.option_kind(o.name, o.region, o.pricing_model)
                        for o in r.plan.options}
        ctx["charts"] = {k: v for k, v in {
            "staffing": charts.staffing_curve(r.staffing),
            "costs": charts.cost_ranges(r.plan),
            "breakeven": charts.breakeven(r.breakeven_curves, r.plan.contacts_per_year, pick),
            "tornado": charts.tornado(r.plan)}.items() if v is not None}
    return render(request, "plan/run.html", ctx)


@router.post("/plan/runs/{run_id}/save", name="plan.save_form", include_in_schema=False)
def save_form(request: Request, user: CurrentUser, ws: WorkspaceDep, run_id: Id) -> Response:
    """Make the run's scenario the workspace's."""
    plan_runs.save_scenario(ws, user, run_id)
    return RedirectResponse(request.url_for("plan.run_page", run_id=run_id).path + "?saved=1",
                            status_code=303)


# ------------------------------------------------------------------ API


@router.get("/api/scenario", name="plan.scenario", response_model=ScenarioInfo,
            responses=_ERRORS)
def get_scenario(user: CurrentUser, ws: WorkspaceDep) -> ScenarioInfo:
    """The workspace's scenario (404 before one is set)."""
    return plan_runs.stored_scenario(ws, user)


@router.get("/api/plans", name="plan.list", response_model=list[PlanRunSummary],
            responses=_ERRORS)
def list_plans(user: CurrentUser, ws: WorkspaceDep,
               limit: Annotated[int, Query(ge=1, le=500)] = 50,
               offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0) -> list[PlanRunSummary]:
    """Plan runs, newest first."""
    return plan_runs.list_runs(ws, user, limit=limit, offset=offset)


@router.post("/api/plans", name="plan.create", response_model=JobPublic, status_code=202,
             responses=_ERRORS)
async def create_plan(request: Request, response: Response, user: CurrentUser,
                      ws: WorkspaceDep, runner: RunnerDep,
                      scenario: Annotated[UploadFile | None, File(
                          description="A scenario file (YAML, docs/costs.md); without it "
                                      "the workspace's scenario is priced.")] = None,
                      files: Annotated[list[UploadFile] | None, File(
                          description="The files the scenario names (workload, rate "
                                      "cards), each under its file name.")] = None,
                      draws: Annotated[int, Form(ge=plan_runs.MIN_DRAWS,
                                                 le=plan_runs.MAX_DRAWS)] = 10_000,
                      seed: Annotated[int, Form(ge=0, le=2**31 - 1)] = 1) -> JobPublic:
    """Price a scenario in the background: 202 with the job (``result_ref`` ``plan:N``).

    Poll ``GET /api/jobs/{id}``; then ``GET /api/plans/N`` is the result. A
    scenario file may name only files uploaded with it.
    """
    from outsource.services.plan_runs import Upload

    sent = []
    for f in files or []:
        if f.filename:
            sent.append(Upload(f.filename, await f.read()))
    scen = (Upload(scenario.filename or "scenario.yaml", await scenario.read())
            if scenario is not None and scenario.filename else None)
    job = await run_in_threadpool(plan_runs.start_plan, ws, runner, user, scenario_file=scen,
                                  uploads=sent, draws=draws, seed=seed)
    response.headers["Location"] = request.url_for("jobs.get", job_id=job.id).path
    return job


@router.get("/api/plans/{run_id}", name="plan.get", response_model=PlanRunPublic,
            responses=_ERRORS)
def get_plan(user: CurrentUser, ws: WorkspaceDep, run_id: Id) -> PlanRunPublic:
    """One plan run: the cost comparison, the staffing curve, the break-even curves."""
    return plan_runs.get_run(ws, user, run_id)


@router.post("/api/plans/{run_id}/scenario", name="plan.save", response_model=ScenarioInfo,
             responses=_ERRORS)
def save_plan_scenario(user: CurrentUser, ws: WorkspaceDep, run_id: Id) -> ScenarioInfo:
    """Make the run's scenario (uploaded or from the form) the workspace's."""
    return plan_runs.save_scenario(ws, user, run_id)
