"""Use cases behind the reports: the plan report and the vendor report's parts.

:func:`plan_report` prices the scenario once (:func:`outsource.services.plan.run_plan`),
advises on the same draws (:func:`outsource.services.advice.run_advice`), writes
every option's cost out as formulas (:mod:`outsource.services.buildup`, checked
against the model), staffs the workload interval by interval, and says what
the scenario leaves out. The faces in ``outsource.reports`` lay the
:class:`~outsource.schemas.reports.PlanReport` out as PDF and XLSX and compute
nothing.

:func:`vendor_report` gathers the monthly vendor report: the contract version in
force in the month, the vendor's KPIs from its logs with their trend and the month's
warnings (``services.monitoring``), the test-call summary, the scorecard row and the
due-diligence gaps.

:func:`start_plan_report` runs a plan report on the workspace's stored scenario as
a background job (the web app's download); the renderer is passed in, since
services never import a face.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

from outsource.core import plan as core
from outsource.core.plan import CARD_MODELS
from outsource.data.scenario import ScenarioInputs, plan_spec
from outsource.errors import NotFound
from outsource.schemas.advice import AdviceResult, Firing
from outsource.schemas.jobs import JobPublic
from outsource.schemas.plan import OptionResult, PlanResult
from outsource.schemas.reports import (
    Assumption,
    MissingItem,
    OptionBuildUp,
    PlanReport,
    PlanReportSummary,
    Risk,
    StaffingRows,
    Summary,
    VendorReport,
)
from outsource.schemas.users import Principal
from outsource.services.advice import run_advice
from outsource.services.buildup import build_up
from outsource.services.plan import run_plan

Progress = Callable[[float, str], None]
#: Folder of a workspace holding the reports made by the web app (one folder per job).
REPORTS = "reports"
#: The file names a plan report job writes (and the summary its web page shows).
PLAN_FILES = {"pdf": "plan-report.pdf", "xlsx": "plan-report.xlsx"}
SUMMARY_FILE = "summary.json"


def _no_progress(share: float, message: str) -> None:
    return None


def _money(x: float, cur: str) -> str:
    return f"{cur} {x:,.0f}"


# ---------------------------------------------------------------- plan report parts


def _staffing(built: core.Built) -> StaffingRows:
    wd = built.staffer.wd
    agents = built.staffer.part(wd.calls).agents
    weekday = np.asarray(wd.weekday, dtype=np.int64)
    hour = np.asarray(wd.hour, dtype=float)
    if wd.start_s is None:
        how = weekday * 24.0 + hour
    else:
        first = int(np.argmin(wd.start_s))
        how = (weekday[first] * 24.0 + hour[first]
               + (np.asarray(wd.start_s, dtype=float) - float(wd.start_s[first])) / 3600.0)
    return StaffingRows(hour_of_week=how, weekday=weekday, hour=hour,
                        channel=np.asarray(wd.channel, dtype=object), contacts=wd.calls,
                        aht_s=wd.aht_s, period_s=wd.period_s, agents=np.asarray(agents))


def _reasons(advice: AdviceResult) -> list[Firing]:
    seen, out = set(), []
    for c in (advice.overall, *advice.channels, *advice.segments):
        for f in c.fired:
            key = (f.rule, tuple(f.evidence))
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _method(advice: AdviceResult) -> str | None:
    if advice.overall.method_name:
        return advice.overall.method_name
    names = list(dict.fromkeys(c.method_name for c in (*advice.channels, *advice.segments)
                               if c.method_name and c.verdict != "keep in-house"))
    return ", ".join(names) or None


def _summary(plan: PlanResult, advice: AdviceResult) -> Summary:
    cur = plan.currency
    inhouse = next(o for o in plan.options if o.pricing_model == "in_house")
    matching = [o for o in advice.costs if o.pricing_model != "in_house"]
    priced = [o for o in plan.options if o.pricing_model != "in_house"]
    verdict, method = advice.overall.verdict, _method(advice)
    hybrids = [o for o in matching if o.pricing_model.startswith("hybrid:")]
    if verdict == "hybrid" and hybrids:
        matching = hybrids
    best = matching[0] if matching else (priced[0] if priced else None)
    via = f" via {method}" if method else ""
    handed = [f"{c.scope.split(':', 1)[1].replace('_', ' ')} ({c.verdict})"
              for c in (*advice.channels, *advice.segments) if c.verdict != "keep in-house"]
    if verdict == "outsource":
        rec = f"Outsource{via}."
    elif verdict == "hybrid":
        rec = (f"Hybrid: hand part of the work over{via}: {', '.join(handed)}."
               if handed else f"Hybrid{via}.")
    else:
        rec = "Keep customer service in-house."
    if best is None:
        statement = "No outsourcing option was priced, so no savings are stated."
    else:
        if matching and verdict == "hybrid" and not hybrids:
            rec += (f" The scenario prices no hybrid plan, so the figures below are those of "
                    f"the cheapest matching option for the whole workload, {best.name}; add "
                    "the split under hybrids: (docs/costs.md) to price the part handed over.")
        elif matching:
            kind = "hybrid plan" if verdict == "hybrid" else "option"
            rec += f" The cheapest {kind} that matches the advice is {best.name}."
        else:
            rec += (f" No priced option matches the advice; the cheapest priced, {best.name}, "
                    "is shown for comparison.")
        statement = (f"{best.name} saves a median of {_money(best.savings_vs_inhouse, cur)} a "
                     f"year against in-house ({_money(best.savings_p10, cur)} to "
                     f"{_money(best.savings_p90, cur)}, P10 to P90) and costs less than "
                     f"in-house in {best.p_cheaper_than_inhouse:.0%} of {plan.draws:,} Monte "
                     "Carlo draws.")
    return Summary(
        verdict=verdict, method=method, recommendation=rec, reasons=_reasons(advice),
        option=None if best is None else best.name,
        option_annual_cost=None if best is None else best.annual_cost,
        inhouse_annual_cost=inhouse.annual_cost,
        savings=None if best is None else best.savings_vs_inhouse,
        savings_p10=None if best is None else best.savings_p10,
        savings_p90=None if best is None else best.savings_p90,
        p_cheaper=None if best is None else best.p_cheaper_than_inhouse, statement=statement)


def _risks(plan: PlanResult, advice: AdviceResult, summary: Summary,
           base: float, best: OptionResult | None) -> list[Risk]:
    cur, out = plan.currency, []
    draws = f"Monte Carlo, {plan.draws:,} draws (seed {plan.seed})"
    if summary.option is not None:
        p = summary.p_cheaper or 0.0
        if p < 0.95:
            out.append(Risk(title="The savings are not certain",
                            detail=f"{summary.option} costs more than in-house in "
                                   f"{1 - p:.0%} of the draws.", source=draws))
        if summary.savings_p10 is not None and summary.savings_p10 < 0:
            out.append(Risk(title="Savings can turn into a loss",
                            detail=f"The 10th percentile of the savings of {summary.option} "
                                   f"is {_money(summary.savings_p10, cur)} a year.",
                            source=draws))
    if best is not None:
        for s in plan.sensitivity[:3]:
            lo, hi = sorted((s.savings_at_low, s.savings_at_high))
            out.append(Risk(
                title=f"Savings depend on {s.input}",
                detail=f"With {s.input} anywhere in its range the savings of {best.name} run "
                       f"from {_money(lo, cur)} to {_money(hi, cur)} a year (base "
                       f"{_money(base, cur)}).",
                source="tornado: one input at a time at its low and high end, others "
                       "central"))
    for o in plan.options:
        if o.commission is not None and not o.commission.workable:
            out.append(Risk(
                title=f"Commission deal unworkable: {o.name}",
                detail=f"The centre would earn {o.commission.earnings_per_hour_usd:,.2f} USD "
                       f"an hour against {o.commission.hourly_rate_usd:,.2f} hourly "
                       f"({o.commission.premium:+.0%}); workable in "
                       f"{o.commission.p_workable:.0%} of draws.",
                source="the playbook, 'What it costs': a 10-20% premium over the hourly "
                       "rate"))
    conditions = sorted({c for r in advice.regions if r.eligible for c in r.conditions})
    for c in conditions:
        out.append(Risk(title="Condition before a contract", detail=c,
                        source="region rules (docs/advice.md), the playbook, 'The seven "
                               "steps' (step 4)"))
    for b in plan.breakeven:
        if b.volume_multiplier is not None and 0.5 <= b.volume_multiplier <= 2.0:
            out.append(Risk(
                title=f"Volume near the shared/dedicated break-even in {b.region}",
                detail=f"At x{b.volume_multiplier:.2f} today's volume dedicated hourly "
                       "becomes no dearer than shared per minute: a change in volume can "
                       "reverse the cheaper pricing model.",
                source="break-even search, docs/costs.md"))
    for step in advice.checklist:
        if step.number in (4, 6, 7) and step.missing:
            out.append(Risk(title=f"Step {step.number} not done: {step.title}",
                            detail="; ".join(step.missing) + ".",
                            source=f"the playbook, 'The seven steps' (step {step.number})"))
    return out


def _card_gaps(inputs: ScenarioInputs) -> list[MissingItem]:
    s, card = inputs.scenario, inputs.card
    if not s.compare_card:
        return []
    out = []
    for rid, reg in card.regions.items():
        for model in CARD_MODELS[s.direction]:
            row = card.lookup(rid, model)
            if row is None and model == "monthly_per_agent":
                row = card.lookup(rid, "dedicated_hourly")
            if row is None:
                out.append(MissingItem(
                    section="rate card", what=f"no {model} price for {reg.name} ({rid})",
                    consequence=f"{reg.name} is not compared on {model}"))
    return out


def _missing(inputs: ScenarioInputs, assumptions: list[Assumption],
             advice: AdviceResult) -> list[MissingItem]:
    s = inputs.scenario
    out = []
    for group, label in (("in-house", "in-house cost inputs"), ("buyer", "buyer's own cost "
                                                                         "inputs")):
        keys = [a.key.split(".", 1)[1] for a in assumptions if a.group == group and not a.given]
        if keys:
            out.append(MissingItem(
                section="assumptions", what=f"{label} not given by the scenario: "
                                            f"{', '.join(keys)}",
                consequence="the defaults of docs/costs.md are used, each with its source "
                            "(see Assumptions)"))
    out += _card_gaps(inputs)
    if advice.overall.verdict == "hybrid" and not s.hybrids:
        out.append(MissingItem(section="options", what="no hybrid plan in the scenario, while "
                                                        "the advice is a hybrid",
                               consequence="the savings stated are those of handing the whole "
                                           "workload over; add the split under hybrids:"))
    if not s.quotes:
        out.append(MissingItem(section="quotes", what="no vendor quotes in the scenario",
                               consequence="vendor options are priced at the rate card's "
                                           "ranges, not at a vendor's own price"))
    if s.advice is None:
        out.append(MissingItem(section="advice", what="the scenario has no advice: block",
                               consequence="every answer is missing; the verdict rests on the "
                                           "workload and the costs alone"))
    out += [MissingItem(section="advice", what=m, consequence="the rule that needs it is not "
                                                              "evaluated")
            for m in advice.missing]
    out += [MissingItem(section="regions", what=f"no region data for {r.name} ({r.region})",
                        consequence="its location, languages and time zone are unknown: out")
            for r in advice.regions if r.location == "unknown" and r.region != "international"]
    for step in advice.checklist:
        out += [MissingItem(section="checklist", what=f"step {step.number} ({step.title}): {m}",
                            consequence=f"step {step.number} is {step.status}")
                for m in step.missing]
    return out


def _ordered(plan: PlanResult, buildups: list[OptionBuildUp]) -> list[OptionBuildUp]:
    """In-house first, then the plan's order (cheapest median first)."""
    rank: dict[tuple[str, str, str], list[int]] = {}
    for i, o in enumerate(plan.options):
        rank.setdefault((o.name, o.region, o.pricing_model), []).append(i)
    keyed = []
    for b in buildups:
        slots = rank.get((b.option, b.region, b.pricing_model)) or [len(plan.options)]
        keyed.append((-1 if b.pricing_model == "in_house" else slots.pop(0), b))
    return [b for _, b in sorted(keyed, key=lambda kb: kb[0])]


def plan_report(inputs: ScenarioInputs, *, draws: int = 10_000, seed: int = 1,
                workspace: Path | None = None, source: str | None = None,
                today: date | None = None, progress: Progress | None = None) -> PlanReport:
    """Everything the plan report prints, for a loaded scenario.

    ``workspace``: the advice also uses the shares measured from its imported
    contact log (as ``outsource advise --workspace``). ``progress(share, message)``
    is told how far it is.
    """
    say = progress or _no_progress
    s = inputs.scenario
    say(0.05, f"pricing every option ({draws:,} Monte Carlo draws)")
    plan = run_plan(inputs, draws=draws, seed=seed)
    say(0.45, "advising on the same draws")
    advice = run_advice(inputs, workspace=workspace, plan=plan)
    say(0.6, "staffing by interval and writing the cost build-up")
    built = core.build(plan_spec(s), inputs.card, inputs.workload)
    assumptions, buildups = build_up(built, s, inputs.card, inputs.workload.source)
    summary = _summary(plan, advice)
    best = next((o for o in plan.options if o.pricing_model != "in_house"), None)
    inhouse = next(o for o in plan.options if o.pricing_model == "in_house")
    base = 0.0 if best is None else inhouse.deterministic - best.deterministic
    say(0.7, "report assembled")
    return PlanReport(
        title=f"Outsourcing plan: {s.name}", scenario=s.name, source=source or inputs.source,
        generated_on=(today or date.today()).isoformat(), currency=plan.currency,
        per_usd=plan.per_usd, draws=plan.draws, seed=plan.seed, summary=summary, plan=plan,
        advice=advice, staffing=_staffing(built), annual_factor=inputs.workload.annual_factor,
        buildups=_ordered(plan, buildups), assumptions=assumptions, base_savings=base,
        best_option=None if best is None else best.name,
        risks=_risks(plan, advice, summary, base, best),
        missing=_missing(inputs, assumptions, advice))


# ---------------------------------------------------------------- vendor report


def _month_end(period: str) -> date:
    from outsource.services.stored_contracts import _month

    year, mon = _month(period)
    return date(year, mon, calendar.monthrange(year, mon)[1])


#: Monthly KPIs the vendor report trends (``services.monitoring.TREND_METRICS`` order).
VENDOR_KPIS: tuple[str, ...] = (
    "sl_offered", "asa_s", "abandon_rate", "aht_s", "repeat_rate", "transfer_rate", "fcr",
    "csat", "first_response_met_share",
)


def _answer_within_s(contract) -> float | None:  # type: ignore[no-untyped-def]
    """The service-level threshold T of the contract's service-level metric, if it has one."""
    for m in contract.metrics if contract is not None else ():
        if m.metric == "service_level" and m.answer_within_s is not None:
            return float(m.answer_within_s)
    return None


def _vendor_monitoring(ws, vendor: str, label: str, zone: str,  # type: ignore[no-untyped-def]
                       answer_within_s: float | None, missing: list[MissingItem],
                       skip: set[str] | frozenset[str] = frozenset()):
    """(months with logs, KPI trends, the month's warnings) of ``vendor`` up to ``label``.

    The KPIs (``services.monitoring.monitor``, monthly, in ``zone``) are cut at the end of
    the month reported, so a report on an earlier month shows what was known then.
    """
    from outsource.schemas.monitoring import MonitorOptions
    from outsource.services import monitoring

    opts = MonitorOptions(vendor=vendor, period="month", timezone=zone,
                          **({} if answer_within_s is None
                             else {"answer_within_s": answer_within_s}))
    try:
        kpis = monitoring.monitor(opts, workspace=ws.path)
    except NotFound as exc:
        missing.append(MissingItem(section="monitoring", what=f"no logs: {exc.message}",
                                   consequence="no KPIs, trend or warnings from the logs"))
        return [], [], []
    rows = kpis.rows
    keep = [f"{t:%Y-%m}" <= label for t in rows.column("period_start").to_pylist()]
    import pyarrow as pa

    kpis = kpis.model_copy(update={"rows": rows.filter(pa.array(keep, pa.bool_()))})
    totals = [(f"{t:%Y-%m}", q, c) for t, q, c in zip(
        kpis.rows.column("period_start").to_pylist(), kpis.rows.column("queue").to_pylist(),
        kpis.rows.column("channel").to_pylist(), strict=True)]
    months = sorted({m for m, q, c in totals if q is None and c is None})
    if label not in months:
        missing.append(MissingItem(
            section="monitoring", what=f"no contacts of {vendor} in {label} in the logs "
            f"({'last month with contacts: ' + months[-1] if months else 'none before it'})",
            consequence="the month's KPIs, SLA results and warnings cannot be computed"))
    if not months:
        return [], [], []
    metrics = tuple(m for m in VENDOR_KPIS if m not in skip)
    trends = [t for t in monitoring.kpi_trends(kpis, metrics).trends if t.vendor == vendor]
    found = monitoring.warnings_from_kpis(
        kpis, test_calls=monitoring.vendor_test_calls(ws.path, vendor)).warnings
    month_warnings = [w for w in found if f"{w.period_start:%Y-%m}" == label]
    return months, trends, month_warnings


def _sla(ws, vendor: str, label: str, contract, actor, missing: list[MissingItem]):  # type: ignore[no-untyped-def]
    """(VendorCredits, the month's rows, the metrics' trends) of ``services.sla``; gaps said."""
    from outsource.services.sla import sla_results

    if contract is None:
        return None, [], []
    try:
        res = sla_results(ws, label, vendor=vendor, actor=actor)
    except NotFound as exc:
        missing.append(MissingItem(section="sla", what=exc.message,
                                   consequence="no SLA results, credits or failure status"))
        return None, [], []
    vc = next((v for v in res.vendors if v.vendor == vendor), None)
    rows = [r for r in res.rows if r.vendor == vendor]
    trends = [t for t in res.trends if t.vendor == vendor]
    if vc is not None and vc.missing_metrics:
        missing.append(MissingItem(
            section="sla", what=f"no value in {label} for {', '.join(vc.missing_metrics)}",
            consequence="not assessed: no credit for it this month"))
    if vc is not None and vc.fees_usd is None:
        missing.append(MissingItem(section="sla", what="no fees known for the month "
                                   "(no fixed fee in the contract and no invoice stored)",
                                   consequence="credits are 0: nothing to compute them on"))
    return vc, rows, trends


def _invoice(ws, vendor: str, label: str, contract, actor,  # type: ignore[no-untyped-def]
             missing: list[MissingItem]):
    """The month's stored invoice of ``vendor`` with its check (``services.invoices``)."""
    from outsource.services.invoices import list_invoices

    found = list_invoices(ws, vendor=vendor, period=label, actor=actor).invoices
    if not found:
        missing.append(MissingItem(section="invoice", what=f"no invoice of {vendor} for {label} "
                                   "is stored", consequence="no invoice check (outsource "
                                   "invoice-check FILE stores and checks one)"))
        return None
    return found[0]


def vendor_report(ws, vendor: str, period: str, *, draws: int = 2000,  # type: ignore[no-untyped-def]
                  seed: int = 1, today: date | None = None,
                  actor: Principal | None = None) -> VendorReport:
    """The monthly vendor report of ``vendor`` for ``period`` (``YYYY-MM``).

    The contract version in force in the month and its review notes; the month's SLA
    results against it (``services.sla.sla_results``: each metric against target, credits
    owed and earned back, net, cap, chronic and critical failure, termination right, each
    metric's trend and forecast); from the vendor's logs (``services.monitoring``) the other
    monthly KPIs up to the month with their trend and forecast and the month's warnings; the
    month's stored invoice check (``services.invoices``); the test-call summary, the
    vendor's scorecard row (the cost model prices its quotes on the workspace's scenario
    with ``draws``; left out for a vendor user, since the scorecard compares vendors) and
    its due diligence as of
    the month's last day. Gaps are listed in ``missing``.

    Permission ``reports.vendor``; a vendor user gets only its own vendor's report.
    """
    from outsource.core.diligence import checklist
    from outsource.data.db.repositories import VendorRepository
    from outsource.schemas.contracts import contract_warnings
    from outsource.services.authz import authorize, can, scope_vendor
    from outsource.services.monitoring import workspace_timezone
    from outsource.services.scenarios import current_scenario
    from outsource.services.scoring import score_vendors
    from outsource.services.stored_contracts import contract_in_force
    from outsource.services.users import cli_principal
    from outsource.services.vendors import (
        _needs_or_empty,
        call_summary,
        core_facts,
        diligence_schema,
    )

    actor = actor or cli_principal()
    authorize(actor, "reports.vendor")
    vendor = scope_vendor(actor, vendor) or vendor
    as_of = _month_end(period)
    label = f"{as_of:%Y-%m}"
    missing: list[MissingItem] = []
    with ws.transaction() as session:
        v = VendorRepository(session).require(vendor)
        needs = _needs_or_empty(current_scenario(session))
        try:
            contract = contract_in_force(session, vendor, period)
        except NotFound as exc:
            contract = None
            missing.append(MissingItem(section="contract", what=exc.message,
                                       consequence="no contract terms, SLA results, credits "
                                                   "or invoice check in this report"))
        calls = call_summary(v, needs.answer_within_s)
        diligence = diligence_schema(checklist(core_facts(v, as_of), needs, as_of))
    zone = (contract.contract.months_timezone()[0] if contract is not None
            else workspace_timezone(ws.path))
    sla, sla_rows, sla_trends = _sla(ws, vendor, label, contract, actor, missing)
    months, trends, warnings = _vendor_monitoring(
        ws, vendor, label, zone, _answer_within_s(contract.contract if contract else None),
        missing, skip={t.kpi for t in sla_trends if t.kpi})
    invoice = _invoice(ws, vendor, label, contract, actor, missing)
    row = None
    if can(actor, "scorecard.read"):
        card = score_vendors(ws, draws=draws, seed=seed, today=as_of)
        row = next((r for r in card.rows if r.vendor == vendor), None)
        if row is None or row.score is None:
            missing.append(MissingItem(section="scorecard",
                                       what="the vendor has no scored facts",
                                       consequence="no scorecard row"))
    else:
        missing.append(MissingItem(section="scorecard", what="the scorecard compares vendors: "
                                   "not shown to a vendor user", consequence="no scorecard row"))
    if calls.n == 0:
        missing.append(MissingItem(section="test calls", what="no test calls on file",
                                   consequence="the summary is empty"))
    return VendorReport(
        vendor=vendor, period=label, generated_on=(today or date.today()).isoformat(),
        timezone=zone, contract=contract,
        contract_warnings=contract_warnings(contract.contract) if contract else [],
        log_months=months, sla=sla, sla_rows=sla_rows, sla_trends=sla_trends,
        invoice=invoice, kpi_trends=trends, warnings=warnings,
        test_calls=calls, score=row, diligence=diligence, missing=missing)


# ---------------------------------------------------------------- web: as a job


Renderer = Callable[[PlanReport, Path], None]


def start_plan_report(ws, runner, actor: Principal, render: Renderer, *,  # type: ignore[no-untyped-def]
                      draws: int = 10_000, seed: int = 1) -> JobPublic:
    """Queue a plan report on the workspace's stored scenario (permission ``reports.read``).

    ``render(report, folder)`` writes the files of :data:`PLAN_FILES` into
    ``WORKSPACE/reports/job-N/``; the job's result is ``report:N``. The scenario
    is loaded before the job is created, so a workspace without one (or with a
    broken one) is refused at once.
    """
    from outsource.services import audit, jobs
    from outsource.services.authz import authorize
    from outsource.services.scenarios import current_scenario

    authorize(actor, "reports.read")
    with ws.transaction() as session:
        loaded = current_scenario(session)
        if loaded is None:
            raise NotFound("the workspace has no scenario yet (outsource scenario set FILE)",
                           field="scenario")
        from outsource.data.scenario import scenario_inputs

        inputs = scenario_inputs(loaded.scenario, loaded.base_dir, source=loaded.source)
        job = jobs.create(session, actor, "report", f"plan report: {loaded.scenario.name}",
                          params={"report": "plan", "draws": draws, "seed": seed})
        audit.record(session, actor, "report.start", "job", job.id,
                     after={"report": "plan", "scenario": loaded.scenario.name})
        out = jobs.public(job)
    folder = ws.path / REPORTS / f"job-{out.id}"

    def work(ctx) -> str:  # type: ignore[no-untyped-def]
        report = plan_report(inputs, draws=draws, seed=seed, source=loaded.source,
                             progress=lambda share, msg: ctx.progress(share, msg))
        ctx.progress(0.75, "writing the PDF and the workbook", force=True)
        import shutil

        from outsource.schemas.base import dumps

        tmp = folder.with_name(folder.name + ".part")
        tmp.mkdir(parents=True, exist_ok=True)
        try:
            render(report, tmp)
            kept = PlanReportSummary(
                title=report.title, scenario=report.scenario, source=report.source,
                generated_on=report.generated_on, currency=report.currency,
                draws=report.draws, seed=report.seed, summary=report.summary,
                risks=report.risks, missing=report.missing)
            (tmp / SUMMARY_FILE).write_bytes(dumps(kept))
            tmp.replace(folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # a failed job leaves nothing behind
        ctx.summary = f"plan report on {loaded.scenario.name}: PDF and workbook ready"
        return f"report:{out.id}"

    runner.submit(out.id, work)
    return out


def plan_report_file(ws, actor: Principal, report_id: int, kind: str) -> Path:  # type: ignore[no-untyped-def]
    """The file of a finished plan report job (``kind``: ``pdf`` or ``xlsx``)."""
    from outsource.services import jobs
    from outsource.services.authz import authorize

    authorize(actor, "reports.read")
    if kind not in PLAN_FILES:
        raise NotFound(f"no such report file: {kind}", field="kind")
    job = jobs.get(ws, actor, report_id)
    path = ws.path / REPORTS / f"job-{report_id}" / PLAN_FILES[kind]
    if job.kind != "report" or job.status != "succeeded" or not path.is_file():
        raise NotFound(f"report {report_id} is not ready", field="report_id")
    return path


def plan_report_summary(ws, actor: Principal, report_id: int) -> PlanReportSummary:  # type: ignore[no-untyped-def]
    """The recommendation, risks and gaps of a finished plan report job."""
    path = plan_report_file(ws, actor, report_id, "pdf").with_name(SUMMARY_FILE)
    if not path.is_file():
        raise NotFound(f"report {report_id} is not ready", field="report_id")
    return PlanReportSummary.model_validate_json(path.read_bytes())


def list_plan_reports(ws, actor: Principal, limit: int = 50) -> list[JobPublic]:  # type: ignore[no-untyped-def]
    """Plan report jobs, newest first."""
    from outsource.services import jobs
    from outsource.services.authz import authorize

    authorize(actor, "reports.read")
    return [j for j in jobs.list_jobs(ws, actor, limit=200) if j.kind == "report"][:limit]
