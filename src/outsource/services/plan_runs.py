"""Use case: plan runs from the web, priced in the background and kept (docs/web.md, Plan).

A run prices one scenario with the cost model (:func:`outsource.services.plan.run_plan`,
the same call as ``outsource plan``) as a background job, and keeps the result
with what its charts need: the staffing curve of the workload and the
break-even curves. The scenario comes from one of three places:

- the workspace's stored scenario (``outsource scenario set``);
- an uploaded scenario file (YAML) with the files it names (workload, rate
  cards), each uploaded by its file name. A scenario from an upload may only
  name uploaded files: no path on the server is ever read for it;
- the plan page's form (:class:`~outsource.schemas.plan_runs.ScenarioForm`):
  a workload file upload or a typical week profiled from the workspace's
  imported logs, the targets, the in-house wage and benefits, the regions and
  pricing models to compare. Its errors are located at the form's fields.

Everything is read and validated before the job is queued, so a bad input
is an error on the form, not a failed job. The files of an uploaded or form
scenario are written to ``WORKSPACE/plans/job-N/`` with the scenario itself
(``scenario.yaml``), so the run can later become the workspace's scenario
(:func:`save_scenario`; permission ``scenario.write``).

Permissions: ``plan.read`` (runs, the stored scenario), ``plan.run`` (start a
run: it stores its result and changes nothing else), ``scenario.write``.
Vendor users hold none of them: the plan is the buyer's.
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import yaml
from pydantic import ValidationError

from outsource.data import store
from outsource.data.db.models.plans import PlanRun
from outsource.data.db.repositories import PlanRunRepository, ScenarioRepository
from outsource.data.ratecard import default_card
from outsource.data.scenario import Scenario, ScenarioInputs, parse_scenario, scenario_inputs
from outsource.data.yaml_safe import load_yaml
from outsource.errors import InvalidInput, NotFound, OutsourceError, from_validation_error
from outsource.schemas.advice import AdviceResult
from outsource.schemas.base import dumps
from outsource.schemas.jobs import JobPublic
from outsource.schemas.plan_runs import (
    REFERENCE_MONDAY,
    BreakevenCurve,
    PlanFormOptions,
    PlanRunPublic,
    PlanRunResult,
    PlanRunSummary,
    ScenarioForm,
    StaffingCurve,
)
from outsource.schemas.users import Principal
from outsource.schemas.vendors import ScenarioInfo
from outsource.services import audit, jobs
from outsource.services.authz import authorize
from outsource.services.workspace import Workspace

#: Monte Carlo draws of a run unless asked otherwise, and the most a run may ask for.
DEFAULT_DRAWS = 10_000
MAX_DRAWS = 20_000
MIN_DRAWS = 100
#: Folder of the workspace holding each run's scenario and files.
PLANS = "plans"
#: Inbound pricing models of the rate card (``core.plan.CARD_MODELS['inbound']``).
STORED = "the workspace's scenario"
FORM = "the plan form"
#: Most bytes of one uploaded scenario file or data file.
MAX_FILE_BYTES = 200 << 20

#: Scenario key paths the form fills -> the form field they come from.
FORM_FIELDS: dict[tuple[str, ...], str] = {
    ("name",): "name",
    ("workload",): "workload",
    ("targets", "service_level"): "service_level",
    ("targets", "answer_within_s"): "answer_within_s",
    ("targets", "max_abandon"): "max_abandon",
    ("targets", "max_asa_s"): "max_asa_s",
    ("targets",): "service_level",
    ("inhouse", "wage_usd_per_hour"): "wage_usd_per_hour",
    ("inhouse", "benefits_load"): "benefits_load",
    ("advice", "answers", "business_hours"): "business_hours",
    ("advice",): "keep_advice",
    ("options",): "regions",
}


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name as sent and its bytes."""

    name: str
    data: bytes


# ------------------------------------------------------------------ the form


def _card_models() -> tuple[str, ...]:
    from outsource.core.plan import CARD_MODELS

    return CARD_MODELS["inbound"]


def _stored_defaults(text: str | None) -> ScenarioForm:
    """Form defaults from the stored scenario's YAML (read as a plain mapping: keys this
    form does not know are ignored, so newer scenario keys never break the page)."""
    base = ScenarioForm()
    if not text:
        return base
    try:
        doc = load_yaml(text, "stored scenario")
    except InvalidInput:
        return base
    if not isinstance(doc, dict):
        return base
    t = doc.get("targets") if isinstance(doc.get("targets"), dict) else {}
    answers = ((doc.get("advice") or {}).get("answers") or {}) if isinstance(
        doc.get("advice"), dict) else {}
    values: dict[str, Any] = {"name": doc.get("name")}
    for key in ("service_level", "answer_within_s", "max_abandon", "max_asa_s"):
        if key in t:
            values[key] = t[key]
    if isinstance(answers, dict):
        values["business_hours"] = answers.get("business_hours")
    if isinstance(doc.get("hours"), str) and doc["hours"].strip() not in ("", "24/7"):
        values["business_hours"] = doc["hours"]
    merged = {**base.model_dump(), **{k: v for k, v in values.items() if v is not None}}
    try:
        return ScenarioForm.model_validate(merged)
    except ValidationError:
        return base


def _stored_advice(ws: Workspace) -> dict[str, Any] | None:
    """The stored scenario's ``advice:`` block as written (``None`` without one)."""
    with ws.transaction() as session:
        row = ScenarioRepository(session).current()
        text = row.yaml_text if row is not None else None
    try:
        doc = load_yaml(text, "stored scenario") if text else None
    except InvalidInput:
        return None
    advice = doc.get("advice") if isinstance(doc, dict) else None
    return advice if isinstance(advice, dict) else None


def form_options(ws: Workspace, actor: Principal) -> PlanFormOptions:
    """What the plan form offers: regions, pricing models, the stored scenario's values."""
    authorize(actor, "plan.read")
    card = default_card()
    with ws.transaction() as session:
        row = ScenarioRepository(session).current()
        name, text = (row.name, row.yaml_text) if row is not None else (None, None)
    return PlanFormOptions(
        regions={rid: r.name for rid, r in card.regions.items()},
        pricing_models=list(_card_models()), stored_scenario=name, has_logs=_has_logs(ws),
        defaults=_stored_defaults(text), draws=DEFAULT_DRAWS, max_draws=MAX_DRAWS)


def _has_logs(ws: Workspace) -> bool:
    if not store.db_path(ws.path).exists():
        return False
    with store.connect(ws.path, create=False) as con:
        return any(int(r["imported"] or 0) > 0 for r in store.list_imports(con, None, 1000))


def _spec(low: float | None, mode: float | None, high: float | None, field: str):  # noqa: ANN202
    """A scenario range from the form's three boxes (blank: the default)."""
    if (low is None) != (high is None):
        raise InvalidInput("give both the low and the high end, or neither", loc=(field,))
    if low is None:
        return mode
    return [low, high] if mode is None else [low, mode, high]


def form_document(form: ScenarioForm, workload_file: str,
                  advice: dict[str, Any] | None = None) -> dict[str, Any]:
    """The scenario the form describes, as a scenario file's mapping (docs/costs.md).

    ``advice`` is the stored scenario's ``advice:`` block, kept when the form says
    so (its hours replaced by the form's when given).
    """
    targets: dict[str, Any] = {"service_level": form.service_level,
                               "answer_within_s": form.answer_within_s}
    for key in ("max_abandon", "max_asa_s"):
        if getattr(form, key) is not None:
            targets[key] = getattr(form, key)
    doc: dict[str, Any] = {"name": form.name, "workload": {"file": workload_file},
                           "targets": targets, "direction": "inbound"}
    inhouse = {}
    wage = _spec(form.wage_low_usd_per_hour, form.wage_usd_per_hour,
                 form.wage_high_usd_per_hour, "wage_usd_per_hour")
    if wage is not None:
        inhouse["wage_usd_per_hour"] = wage
    benefits = _spec(form.benefits_load_low, form.benefits_load, form.benefits_load_high,
                     "benefits_load")
    if benefits is not None:
        inhouse["benefits_load"] = benefits
    if inhouse:
        doc["inhouse"] = inhouse
    block = dict(advice) if form.keep_advice and isinstance(advice, dict) else {}
    if form.business_hours:
        from outsource.core.hours import HoursOfOperation

        HoursOfOperation.parse(form.business_hours, ("business_hours",))
        answers = block.get("answers") if isinstance(block.get("answers"), dict) else {}
        block["answers"] = {**answers, "business_hours": form.business_hours}
    if block:
        doc["advice"] = block
    if form.business_hours and "hours" in Scenario.model_fields:
        doc["hours"] = form.business_hours  # hours of operation, where scenarios have them
    if form.regions or form.pricing_models:
        doc["compare_card"] = False
        doc["options"] = _options(form)
    return doc


def _options(form: ScenarioForm) -> list[dict[str, str]]:
    """Explicit options for the chosen regions x pricing models that the card prices."""
    card = default_card()
    models = _card_models()
    for m in form.pricing_models:
        if m not in models:
            raise InvalidInput(f"'{m}' is not an inbound pricing model of the rate card "
                               f"({', '.join(models)})", loc=("pricing_models",))
    for r in form.regions:
        if r not in card.regions:
            raise InvalidInput(f"region '{r}' is not on the rate card", loc=("regions",))
    out = []
    for rid in form.regions or list(card.regions):
        for model in form.pricing_models or models:
            row = card.lookup(rid, model)
            if row is None and model == "monthly_per_agent":
                row = card.lookup(rid, "dedicated_hourly")
            if row is not None:
                out.append({"name": f"{card.regions[rid].name} {model}", "region": rid,
                            "pricing_model": model})
    if not out:
        raise InvalidInput("the rate card prices none of these regions with these pricing "
                           "models", loc=("regions",))
    return out


def _form_error(exc: OutsourceError) -> OutsourceError:
    """An error of the form's scenario, located at the form field it comes from."""
    loc = tuple(exc.loc)
    for n in range(len(loc), 0, -1):
        field = FORM_FIELDS.get(tuple(str(p) for p in loc[:n]))
        if field is not None:
            key = ".".join(str(p) for p in loc)
            msg = exc.message if n == len(loc) or not key else f"{key}: {exc.message}"
            return type(exc)(msg, loc=(field,))
    return exc


# ------------------------------------------------------------------ starting a run


def _check_draws(draws: int, seed: int) -> None:
    if not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise InvalidInput(f"must be between {MIN_DRAWS:,} and {MAX_DRAWS:,}", field="draws")
    if not 0 <= seed < 2**31:
        raise InvalidInput("must be a whole number from 0 to 2147483647", field="seed")


def _relative(ref: str, loc: tuple) -> PurePosixPath:
    p = PurePosixPath(str(ref).replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise InvalidInput(f"'{ref}': an uploaded scenario names its files by a relative "
                           "path and uploads them", loc=loc)
    return p


def _write_files(s: Scenario, uploads: list[Upload], folder: Path, source: str) -> None:
    """Write the uploaded files the scenario names into ``folder`` at the paths it names."""
    by_name = {}
    for u in uploads:
        by_name[PurePosixPath(u.name.replace("\\", "/")).name] = u
    refs = [(("workload", "file"), s.workload.file)] if s.workload.file else []
    refs += [(("rate_cards", i), ref) for i, ref in enumerate(s.rate_cards)]
    for loc, ref in refs:
        rel = _relative(ref, loc)
        upload = by_name.get(rel.name)
        if upload is None:
            raise InvalidInput(f"the scenario names '{ref}': upload that file with it "
                               f"(uploaded: {', '.join(sorted(by_name)) or 'none'})",
                               loc=loc, source=source)
        dest = folder.joinpath(*rel.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(upload.data)


def _profile_workload(ws: Workspace, form: ScenarioForm, dest: Path) -> None:
    """A typical week per channel profiled from the imported logs, written to ``dest``."""
    from outsource.core.profile import workload_rows
    from outsource.data.workload import write_rows
    from outsource.services.profile import ProfileOptions, build_profile

    if not _has_logs(ws):
        raise InvalidInput("no contact log is imported in this workspace: upload a workload "
                           "file, or import a log first (Imports)", loc=("workload",))
    opts = ProfileOptions(interval=form.interval_minutes)
    try:
        whole = build_profile(ws.path, opts)
        rows: list[dict[str, object]] = []
        for channel in sorted(whole.channel_mix):
            p = build_profile(ws.path, ProfileOptions(interval=form.interval_minutes,
                                                      channel=channel))
            rows += workload_rows(np.array(p.calls), np.array(p.aht_s), p.interval,
                                  p.timezone, p.patience_s, channel)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, loc=("workload",)) from None
    write_rows(dest, rows)


def _load_file_scenario(upload: Upload) -> tuple[Scenario, str]:
    try:
        data = load_yaml(upload.data, upload.name)
    except InvalidInput as exc:
        raise exc.prefixed("scenario") from None
    text = upload.data.decode("utf-8-sig")  # load_yaml has checked it is UTF-8
    try:
        return parse_scenario(data), text
    except InvalidInput as exc:
        raise exc.prefixed(source=upload.name) from None


@dataclass(frozen=True)
class _Prepared:
    inputs: ScenarioInputs
    yaml_text: str
    base_dir: Path | None
    source: str
    stored: bool


def _prepare(ws: Workspace, folder: Path, *, scenario_file: Upload | None,
             uploads: list[Upload], form: ScenarioForm | None) -> _Prepared:
    """Read and validate what to price (errors before any job exists)."""
    from outsource.services.scenarios import current_scenario

    if form is not None:
        try:
            from outsource.services.imports import safe_name

            if form.workload == "profile":
                workload = folder / "workload.csv"
                _profile_workload(ws, form, workload)
            else:
                data = next((u for u in uploads if u.data), None)
                if data is None:
                    raise InvalidInput("upload a workload file (the format of outsource "
                                       "profile --out), or choose the workspace profile",
                                       loc=("workload_file",))
                workload = folder / safe_name(data.name, "workload.csv")
                if workload.name == "scenario.yaml":
                    workload = folder / "workload-scenario.yaml"
                workload.write_bytes(data.data)
            doc = form_document(form, workload.name, _stored_advice(ws))
            s = parse_scenario(doc)
            text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
            (folder / "scenario.yaml").write_text(text, encoding="utf-8")
            inputs = scenario_inputs(s, folder, source=FORM)
        except OutsourceError as exc:
            if exc.loc[:2] == ("workload", "file") or exc.source is not None:
                name = uploads[0].name if uploads and form.workload == "upload" else None
                raise type(exc)(exc.message, loc=("workload_file",),
                                source=name or exc.source, line=exc.line,
                                column=exc.column) from None
            raise _form_error(exc) from None
        return _Prepared(inputs, text, folder, FORM, False)
    if scenario_file is not None:
        s, text = _load_file_scenario(scenario_file)
        _write_files(s, uploads, folder, scenario_file.name)
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")
        try:
            inputs = scenario_inputs(s, folder, source=scenario_file.name)
        except OutsourceError as exc:
            raise (exc if exc.source else exc.prefixed(source=scenario_file.name)) from None
        return _Prepared(inputs, text, folder, scenario_file.name, False)
    with ws.transaction() as session:
        row = ScenarioRepository(session).current()
        loaded = current_scenario(session)
    if loaded is None or row is None:
        raise NotFound("the workspace has no scenario yet: upload one, fill in the form, or "
                       "set one (outsource scenario set)", field="scenario")
    try:
        inputs = scenario_inputs(loaded.scenario, loaded.base_dir, source=loaded.source)
    except OutsourceError as exc:
        raise (exc if exc.source else exc.prefixed(source=loaded.source)) from None
    return _Prepared(inputs, row.yaml_text, Path(row.base_dir), STORED, True)


def start_plan(ws: Workspace, runner: jobs.JobRunner, actor: Principal, *,
               scenario_file: Upload | None = None, uploads: list[Upload] | None = None,
               form: ScenarioForm | None = None, draws: int = DEFAULT_DRAWS,
               seed: int = 1) -> JobPublic:
    """Validate what to price and queue the plan run as a job (permission ``plan.run``).

    With ``form``: the form's scenario (``uploads``: its workload file, unless it
    profiles the logs). Else with ``scenario_file``: that YAML and the files it
    names among ``uploads``. Else the workspace's stored scenario. The job's
    ``result_ref`` is ``plan:N`` (:func:`get_run`).
    """
    authorize(actor, "plan.run")
    _check_draws(draws, seed)
    uploads = [u for u in (uploads or []) if u.name or u.data]
    for u in [*uploads, *([scenario_file] if scenario_file else [])]:
        if len(u.data) > MAX_FILE_BYTES:
            raise InvalidInput(f"larger than the {MAX_FILE_BYTES >> 20} MB limit of a plan "
                               "upload", source=u.name)
    root = ws.path / PLANS
    incoming = root / f".incoming-{secrets.token_hex(8)}"
    incoming.mkdir(parents=True)
    try:
        prep = _prepare(ws, incoming, scenario_file=scenario_file, uploads=uploads, form=form)
        staffer, curve = _staff(prep, form is not None)
        name = prep.inputs.scenario.name
        with ws.transaction() as session:
            params = {"scenario": name, "source": prep.source, "draws": draws, "seed": seed}
            job = jobs.create(session, actor, "plan", f"plan {name} ({draws:,} draws)",
                              params=params)
            audit.record(session, actor, "plan.start", "job", job.id, after=params)
            out = jobs.public(job)
            folder = None
            if not prep.stored:
                folder = root / f"job-{job.id}"
                shutil.rmtree(folder, ignore_errors=True)
                incoming.rename(folder)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    base_dir = prep.base_dir if prep.stored else folder
    runner.submit(out.id, _work(ws, actor, prep, base_dir, draws, seed, staffer, curve))
    return out


def plan_staffer(inputs: ScenarioInputs) -> Any:
    """The staffing engine exactly as the plan staffs the scenario (``core.plan.Staffer``
    from the scenario's plan spec: its targets and, where the scenario has them, its
    response target and hours of operation)."""
    from outsource.core.plan import Staffer
    from outsource.data.scenario import plan_spec, targets_of

    if hasattr(Staffer, "of"):
        return Staffer.of(inputs.workload, plan_spec(inputs.scenario))
    return Staffer(inputs.workload, targets_of(inputs.scenario))


def _staff(prep: _Prepared, from_form: bool) -> tuple[Any, StaffingCurve]:
    """Staff the workload for its targets now (fast), so an impossible target is an
    error on the form, not a failed job."""
    try:
        staffer = plan_staffer(prep.inputs)
        return staffer, staffing_curve(prep.inputs, staffer)
    except OutsourceError as exc:
        if from_form:
            raise _form_error(exc) from None
        raise (exc if exc.source else exc.prefixed(source=prep.source)) from None


def _work(ws: Workspace, actor: Principal, prep: _Prepared, base_dir: Path | None,
          draws: int, seed: int, staffer: Any, curve: StaffingCurve) -> jobs.Work:
    from outsource.services.plan import run_plan

    def work(ctx: jobs.JobContext) -> str:
        inputs = prep.inputs
        ctx.progress(0.05, f"Monte Carlo: {draws:,} draws of every option's cost, and the "
                           "sensitivity of the best", force=True)
        plan = run_plan(inputs, draws=draws, seed=seed)
        ctx.progress(0.8, "break-even: the workload restaffed at 49 volumes", force=True)
        curves = breakeven_curves(inputs, staffer)
        ctx.progress(0.97, "saving the result", force=True)
        result = PlanRunResult(plan=plan, staffing=curve, breakeven_curves=curves)
        with ws.transaction() as session:
            run = PlanRunRepository(session).add(PlanRun(
                job_id=ctx.job_id, owner=actor.name, scenario=inputs.scenario.name[:200],
                source=prep.source, scenario_yaml=prep.yaml_text,
                base_dir=None if base_dir is None else str(base_dir), draws=draws, seed=seed,
                result=json.loads(dumps(result))))
            audit.record(session, actor, "plan.complete", "plan_run", run.id,
                         after={"job": ctx.job_id, "scenario": run.scenario,
                                "options": len(plan.options)})
            run_id = run.id
        best = _best(plan)
        ctx.summary = (f"{len(plan.options)} options priced"
                       + (f"; lowest median: {best.name}" if best else ""))
        return f"plan:{run_id}"

    return work


def _best(plan) -> Any:  # noqa: ANN001
    vendors = [o for o in plan.options if o.region != "in_house"]
    return min(vendors, key=lambda o: o.annual_cost_usd, default=None)


# ------------------------------------------------------------------ chart data


def staffing_curve(inputs: ScenarioInputs, staffer: Any = None) -> StaffingCurve:
    """Agents per interval of the typical week and channel, as the plan staffs in-house.

    The staffing engine on the scenario's workload and targets (the plan's own
    ``Staffer``: Erlang C, or Erlang A with a patience); a workload of several
    weeks is averaged per weekday, time of day and channel.
    """
    from datetime import date, timedelta

    wd = inputs.workload
    staffer = staffer or plan_staffer(inputs)
    agents = np.asarray(staffer.part(wd.calls).agents, dtype=float)
    weeks = float(inputs.scenario.workload.weeks_per_year / wd.annual_factor)
    minutes = np.rint(np.asarray(wd.weekday) * 1440 + np.asarray(wd.hour) * 60).astype(int)
    chan = np.asarray(wd.channel, dtype=object)
    keys: dict[tuple[int, str], float] = {}
    for m, c, a in zip(minutes.tolist(), chan.tolist(), agents.tolist(), strict=True):
        keys[(m, c)] = keys.get((m, c), 0.0) + a
    monday = date.fromisoformat(REFERENCE_MONDAY)
    start, channel, values = [], [], []
    for (m, c), a in sorted(keys.items()):
        t = datetime.combine(monday + timedelta(days=m // 1440), datetime.min.time()) + \
            timedelta(minutes=m % 1440)
        start.append(t.strftime("%Y-%m-%dT%H:%M"))
        channel.append(str(c))
        values.append(round(a / max(weeks, 1.0), 3))
    return StaffingCurve(start=start, channel=channel, agents=values, weeks=weeks,
                         peak_agents=float(staffer.peak(wd.calls)))


def breakeven_curves(inputs: ScenarioInputs, staffer: Any = None) -> list[BreakevenCurve]:
    """Per region with both rates: shared and dedicated fees over the break-even grid.

    The same grid, rates and billing as the plan's break-even
    (``core.plan.breakeven_rows``, docs/costs.md): the workload scaled by
    2^k, k = -6 .. 6 in quarter steps, restaffed at each; central card rates,
    6 s billing, productive hours billed; vendor fees only.
    """
    from outsource.core.plan import BREAKEVEN_SCALES
    from outsource.core.pricing import VendorTerms, vendor_fees

    card = inputs.card
    pairs = [(rid, card.lookup(rid, "shared_per_minute"), card.lookup(rid, "dedicated_hourly"))
             for rid in card.regions]
    pairs = [(rid, sh, de) for rid, sh, de in pairs if sh is not None and de is not None]
    if not pairs:
        return []
    staffer = staffer or plan_staffer(inputs)
    grid = [staffer.facts(staffer.calls * k) for k in BREAKEVEN_SCALES]
    contacts = [float(f.contacts_per_year) for f in grid]
    out = []
    for rid, sh, de in pairs:
        r_sh, r_de = sh.range.central, de.range.central
        out.append(BreakevenCurve(
            region=rid, volume_multiplier=[float(k) for k in BREAKEVEN_SCALES],
            contacts_per_year=contacts,
            shared_usd=[float(vendor_fees(f, VendorTerms("shared_per_minute", r_sh)))
                        for f in grid],
            dedicated_usd=[float(vendor_fees(f, VendorTerms("dedicated_hourly", r_de)))
                           for f in grid]))
    return out


# ------------------------------------------------------------------ reading runs


def _summary(run: PlanRun) -> dict[str, Any]:
    plan = (run.result or {}).get("plan") or {}
    options = [o for o in plan.get("options", []) if isinstance(o, dict)]
    vendors = [o for o in options if o.get("region") != "in_house"
               and isinstance(o.get("annual_cost_usd"), int | float)]
    best = min(vendors, key=lambda o: o["annual_cost_usd"], default=None)
    inhouse = next((o for o in options if o.get("region") == "in_house"), None)
    return {"id": run.id, "job_id": run.job_id, "scenario": run.scenario, "source": run.source,
            "owner": run.owner, "draws": run.draws, "seed": run.seed,
            "created_at": run.created_at,
            "best_option": best["name"] if best else None,
            "best_annual_cost_usd": best["annual_cost_usd"] if best else None,
            "inhouse_annual_cost_usd": inhouse.get("annual_cost_usd") if inhouse else None}


def list_runs(ws: Workspace, actor: Principal, *, limit: int = 50,
              offset: int = 0) -> list[PlanRunSummary]:
    """Plan runs, newest first (permission ``plan.read``)."""
    authorize(actor, "plan.read")
    with ws.transaction() as session:
        return [PlanRunSummary(**_summary(r))
                for r in PlanRunRepository(session).list(limit=limit, offset=offset)]


def _savable(session, run: PlanRun) -> bool:  # type: ignore[no-untyped-def]
    if run.source == STORED or not run.base_dir:
        return False
    current = ScenarioRepository(session).current()
    return not (current is not None and current.base_dir == run.base_dir
                and current.yaml_text == run.scenario_yaml)


def get_run(ws: Workspace, actor: Principal, run_id: int) -> PlanRunPublic:
    """One plan run with its result (permission ``plan.read``)."""
    authorize(actor, "plan.read")
    with ws.transaction() as session:
        run = PlanRunRepository(session).require(run_id)
        savable = _savable(session, run)
        result, note = None, None
        try:
            result = PlanRunResult.model_validate(run.result)
        except ValidationError:
            note = ("this result was stored by another version of outsource and cannot be "
                    "read now: run the plan again")
        return PlanRunPublic(**_summary(run), scenario_yaml=run.scenario_yaml, savable=savable,
                             result=result, note=note)


def save_scenario(ws: Workspace, actor: Principal, run_id: int) -> ScenarioInfo:
    """Make a run's scenario the workspace's (permission ``scenario.write``).

    Only an uploaded or form scenario, whose files the run kept; a run of the
    stored scenario is refused (it already was the workspace's).
    """
    from outsource.services.scenarios import set_scenario

    authorize(actor, "scenario.write")
    with ws.transaction() as session:
        run = PlanRunRepository(session).require(run_id)
        stored = run.source == STORED or not run.base_dir
        folder = Path(run.base_dir) if run.base_dir else None
    if stored or folder is None:
        raise InvalidInput("this run priced the workspace's scenario: there is nothing to "
                           "save", field="plan")
    path = folder / "scenario.yaml"
    if not path.is_file():
        raise NotFound("the run's scenario file is no longer in the workspace", field="plan")
    return set_scenario(ws, path, actor=actor)


def stored_scenario(ws: Workspace, actor: Principal) -> ScenarioInfo:
    """The workspace's scenario (permission ``plan.read``)."""
    from outsource.services.scenarios import show_scenario

    authorize(actor, "plan.read")
    return show_scenario(ws)


# ------------------------------------------------------------------ advice


def _run_inputs(ws: Workspace, run_id: int) -> ScenarioInputs:
    with ws.transaction() as session:
        run = PlanRunRepository(session).require(run_id)
        text, base, source = run.scenario_yaml, run.base_dir, run.source
    try:
        s = parse_scenario(load_yaml(text, source or "stored scenario"))
        return scenario_inputs(s, Path(base) if base else None, source=source)
    except ValidationError:
        raise InvalidInput("the run's scenario can no longer be read", field="plan") from None
    except OutsourceError as exc:
        raise (exc if exc.source else exc.prefixed(source=source)) from None


def workspace_advice(ws: Workspace, actor: Principal, *, run_id: int | None = None,
                     draws: int = 2000, seed: int = 1) -> AdviceResult:
    """``outsource advise`` on the workspace's scenario, or on a plan run's (``advice.read``).

    The shares a workload cannot show (long, transferred contacts, after hours)
    are measured from the workspace's imported logs when there are any.
    """
    from outsource.services.advice import run_advice
    from outsource.services.scenarios import current_scenario

    authorize(actor, "advice.read")
    if not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise InvalidInput(f"must be between {MIN_DRAWS:,} and {MAX_DRAWS:,}", field="draws")
    if run_id is not None:
        inputs = _run_inputs(ws, run_id)
    else:
        with ws.transaction() as session:
            loaded = current_scenario(session)
        if loaded is None:
            raise NotFound("the workspace has no scenario yet: set one (Plan page, or "
                           "outsource scenario set)", field="scenario")
        try:
            inputs = scenario_inputs(loaded.scenario, loaded.base_dir, source=loaded.source)
        except OutsourceError as exc:
            raise (exc if exc.source else exc.prefixed(source=loaded.source)) from None
    try:
        return run_advice(inputs, workspace=ws.path if _has_logs(ws) else None, draws=draws,
                          seed=seed)
    except ValidationError as exc:  # pragma: no cover - defensive: schema drift
        raise from_validation_error(exc) from None
