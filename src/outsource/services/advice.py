"""Use case ``outsource advise``: should we outsource, what, how and where, explained.

Steps: take the loaded scenario and its ``advice:`` block; measure facts from
the scenario's workload (channel mix, contacts and FTE per channel and per time
segment, after-hours share against the buyer's business hours, volatility,
peak agents against the stated in-house capacity); take the shares the
workload cannot show (complex, long, transferred contacts) from an imported
workspace's profile (``workspace``) or from ``advice.facts`` (stated wins
over measured, and each fact says which it is); check the answers for
contradictions; run the rule engine (``core.advice``); price the matching
options with the cost model (:func:`outsource.services.plan.run_plan`, once)
and run the engine again with the cost gate; build the seven-step checklist.

Every input file (workload, rate cards) was read once by the loader
(:func:`outsource.data.scenario.load_scenario_inputs`); nothing is re-read.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from outsource.core import advice as core
from outsource.core.advice_rules import METHODS, REGIONS, RegionData
from outsource.core.checklist import Evidence, Known, checklist
from outsource.core.costs import INHOUSE_DEFAULTS
from outsource.core.hours import HoursOfOperation
from outsource.core.plan import Staffer, WorkloadData
from outsource.core.uncertainty import Range
from outsource.data.advice_inputs import AdviceIn
from outsource.data.scenario import Scenario, ScenarioInputs, response_of, targets_of
from outsource.errors import InvalidInput
from outsource.schemas import advice as out
from outsource.schemas.plan import OptionResult, PlanResult
from outsource.services.plan import run_plan

WORKLOAD = "measured: workload file"
STATED = "stated: advice.facts"
WORKSPACE = "measured: workspace profile"


def _moments(wd: WorkloadData, tz: str) -> np.ndarray:
    """Interval starts [s since epoch] (an inline week is laid in the buyer's zone)."""
    if wd.start_s is not None:
        return wd.start_s
    monday = date(2025, 1, 13)
    zone = ZoneInfo(tz)
    return np.array([(datetime.combine(monday + timedelta(days=int(d)), datetime.min.time(),
                                       zone) + timedelta(hours=float(h))).timestamp()
                     for d, h in zip(wd.weekday, wd.hour, strict=True)])


def _central(s: Scenario, key: str) -> float:
    spec = getattr(s.inhouse, key)
    lo, mode, hi, _ = INHOUSE_DEFAULTS[key]
    return (spec.to_range() if spec else Range(lo, hi, mode)).central


class _Measure:
    """Measures one scenario's workload: parts, FTE, volatility, peaks.

    A channel scope is staffed as ``outsource plan`` staffs it. A time segment's
    e-mail and social items are answered in the segment's own hours (inside the
    hours of operation), as an hours hybrid would have them; where no team can
    meet the response target so, by the team working all the hours of operation;
    where that fails too, the scope's FTE is unknown and a note says why.
    """

    def __init__(self, s: Scenario, wd: WorkloadData, hours: HoursOfOperation | None) -> None:
        self.wd = wd
        self.staffer = Staffer(wd, targets_of(s), response_of(s), s.hours)
        self.weeks = s.workload.weeks_per_year / wd.annual_factor
        self.fte_hours = (1 - _central(s, "shrinkage")) * _central(s, "paid_hours_per_fte_year")
        self.open = (np.ones(len(wd.calls), dtype=bool) if hours is None
                     else hours.is_open_at(_moments(wd, hours.tz)))
        self.notes: list[str] = []

    def _part(self, name: str, calls: np.ndarray, works: np.ndarray | None):  # noqa: ANN202
        tries = [works, None] if works is not None else [None]
        for i, w in enumerate(tries):
            try:
                return self.staffer.part(calls, w)
            except InvalidInput as exc:
                if i == len(tries) - 1:
                    self.notes.append(f"{name}: not sized ({exc.message})")
        return None

    def scope(self, name: str, mask: np.ndarray, cv_mask: np.ndarray,
              works: np.ndarray | None = None) -> core.ScopeFacts:
        calls = np.where(mask, self.wd.calls, 0.0)
        part = self._part(name, calls, works)
        per_slot = np.bincount(self.wd.slot, weights=calls)[np.unique(self.wd.slot[cv_mask])]
        mean = float(per_slot.mean()) if per_slot.size else 0.0
        cv = float(per_slot.std() / mean) if mean > 0 else None
        fte = None if part is None else part.facts.staffed_hours_per_year / self.fte_hours
        return core.ScopeFacts(name, float(calls.sum()) / self.weeks, fte, cv)

    def peak(self, mask: np.ndarray) -> float | None:
        part = self._part("capacity_ratio", np.where(mask, self.wd.calls, 0.0), mask)
        return None if part is None else self.staffer.peak(part)


def _scopes(m: _Measure, with_segments: bool) -> tuple[core.ScopeFacts, ...]:
    chan = np.asarray(m.wd.channel)
    result = [m.scope(f"channel:{c}", chan == c, (chan == c) & m.open)
              for c in dict.fromkeys(m.wd.channel) if m.wd.calls[chan == c].sum() > 0]
    if with_segments:
        result.append(m.scope("segment:business_hours", m.open, m.open, m.open))
        if m.wd.calls[~m.open].sum() > 0:
            result.append(m.scope("segment:after_hours", ~m.open, ~m.open, ~m.open))
    return tuple(result)


def _measured(m: _Measure, a: AdviceIn, hours) -> dict[str, core.Fact]:
    total = float(m.wd.calls.sum())
    chan = np.asarray(m.wd.channel)
    facts = {f"{c}_share": core.Fact(float(m.wd.calls[chan == c].sum()) / total, WORKLOAD)
             for c in ("voice", "chat", "email", "social")}
    if hours is not None:
        facts["after_hours_share"] = core.Fact(float(m.wd.calls[~m.open].sum()) / total,
                                               WORKLOAD)
    cap = a.answers.inhouse_capacity_agents
    peak = m.peak(m.open) if cap is not None else None
    if peak is not None:
        facts["capacity_ratio"] = core.Fact(peak / cap, f"{WORKLOAD}: peak {peak:.0f} agents "
                                                        f"required / {cap:g} in-house")
    return facts


def _workspace_facts(workspace: Path, business_hours: str | None) -> dict[str, core.Fact]:
    from outsource.services.profile import ProfileOptions, build_profile

    prof = build_profile(workspace, ProfileOptions(business_hours=business_hours))
    pairs = {"long_contact_share": prof.long_contact_share,
             "transfer_share": prof.transfer_share, "after_hours_share": prof.after_hours_share}
    return {k: core.Fact(float(v), WORKSPACE) for k, v in pairs.items() if v is not None}


def _stated(a: AdviceIn) -> dict[str, core.Fact]:
    return {k: core.Fact(float(v), STATED) for k, v in a.facts.model_dump().items()
            if v is not None}


def _answers(a: AdviceIn) -> core.Answers:
    x = a.answers
    return core.Answers(x.face_to_face, x.offshore_sensitivity,
                        None if x.languages is None else tuple(x.languages),
                        tuple(x.data_rules), x.data_stays_onshore, x.business_hours, x.goal,
                        x.want, x.inhouse_capacity_agents)


def _regions(inputs: ScenarioInputs, a: AdviceIn) -> dict[str, tuple[str, RegionData | None]]:
    result: dict[str, tuple[str, RegionData | None]] = {}
    for rid, reg in inputs.card.regions.items():
        data = REGIONS.get(rid)
        over = a.regions.get(rid)
        if over is not None:
            base = data or RegionData("offshore", ("en",), "UTC")
            data = replace(base, **{k: tuple(v) if isinstance(v, list) else v
                                    for k, v in over.model_dump().items() if v is not None})
        result[rid] = (reg.name, data)
    return result


def _option_set(s: Scenario) -> tuple[tuple[str, str], ...]:
    if s.compare_card:
        return ()
    terms = [*s.options, *s.quotes, *(h.vendor for h in s.hybrids)]
    loc = {k: v.location for k, v in REGIONS.items()}
    return tuple((loc.get(t.region, "unknown"), t.pricing_model) for t in terms)


def matching(rec: core.Recommendation, plan: PlanResult,
             groups: dict[str, str] | None = None) -> list[OptionResult]:
    """Priced options in an eligible region whose pricing model fits a recommended method.

    A generic pricing group (e.g. "international", whose shared rate the card's
    offshore regions inherit) stands for its eligible member regions.
    """
    eligible = {r.region for r in rec.regions if r.eligible}
    eligible |= {(groups or {}).get(rid, rid) for rid in eligible}
    methods = {c.method for c in (*rec.channels, *rec.segments) if c.method}
    models = {m for mid in methods for m in METHODS[mid][1]}
    return [o for o in plan.options if o.region in eligible and (
        o.pricing_model in models or o.pricing_model.startswith("hybrid:"))]


def _known(s: Scenario, a: AdviceIn, facts: dict, plan: PlanResult) -> Known:
    t = s.targets
    return Known(a.answers.face_to_face is not None,
                 any(k in facts for k in ("complex_share", "long_contact_share",
                                          "transfer_share")),
                 True, any(o.region == "us_canada" for o in plan.options),
                 t.service_level is not None or t.max_abandon is not None
                 or t.max_asa_s is not None, a.answers.offshore_sensitivity is not None,
                 a.answers.goal is not None, tuple(a.answers.data_rules))


def run_advice(inputs: ScenarioInputs, workspace: Path | None = None, draws: int = 2000,
               seed: int = 1, plan: PlanResult | None = None) -> out.AdviceResult:
    """Advise on a loaded scenario; ``workspace`` adds the shares measured from a contact log.

    ``plan``: the cost model's result for the same scenario, if already run (the plan
    report prices once for both); otherwise it is run here with ``draws`` and ``seed``.
    """
    s = inputs.scenario
    a = s.advice or AdviceIn()
    ans = _answers(a)
    hours = (HoursOfOperation.parse(ans.business_hours, ("advice", "answers", "business_hours"))
             if ans.business_hours else None)
    m = _Measure(s, inputs.workload, hours)
    facts = _measured(m, a, hours)
    if workspace is not None:
        facts |= _workspace_facts(workspace, ans.business_hours)
    facts |= _stated(a)
    over = dict(a.thresholds)
    if a.answers.overlap_hours_needed is not None:
        over["overlap_hours_needed"] = a.answers.overlap_hours_needed
    thresholds = core.thresholds_with(over)
    core.check_answers(ans, facts, thresholds, _option_set(s))
    scopes, regions = _scopes(m, hours is not None), _regions(inputs, a)
    ref = date.fromisoformat(a.reference_date)
    first = core.advise(facts, scopes, ans, thresholds, regions, ref)
    if plan is None:
        plan = run_plan(inputs, draws=draws, seed=seed)
    else:
        draws = plan.draws
    groups = {rid: reg.group for rid, reg in inputs.card.regions.items()}
    vendors = [o for o in matching(first, plan, groups) if o.region != "in_house"]
    best = max((o.p_cheaper_than_inhouse for o in vendors), default=None)
    facts = core.with_cost_gate(facts, best, f"cost model: best of {len(vendors)} matching "
                                             f"options, {draws} draws")
    rec = core.advise(facts, scopes, ans, thresholds, regions, ref)
    inhouse = next(o for o in plan.options if o.region == "in_house")
    steps = checklist(_evidence(a), _known(s, a, facts, plan))
    return out.AdviceResult(
        scenario=s.name, overall=_schema(out.Conclusion, rec.overall),
        channels=[_schema(out.Conclusion, c) for c in rec.channels],
        segments=[_schema(out.Conclusion, c) for c in rec.segments],
        regions=[_schema(out.RegionAdvice, g) for g in rec.regions],
        missing=list(rec.missing),
        facts={k: out.Fact(value=_plain(f.value), source=f.source)
               for k, f in rec.facts.items()},
        thresholds=dict(rec.thresholds), checklist=[_schema(out.Step, x) for x in steps],
        inhouse=inhouse, costs=matching(rec, plan, groups), breakeven=plan.breakeven,
        notes=_notes(s, m), currency=plan.currency, per_usd=plan.per_usd)


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


def _schema(model, value):  # type: ignore[no-untyped-def]
    """A core dataclass as its schema (tuples become lists)."""
    return model.model_validate(asdict(value))


def _evidence(a: AdviceIn) -> Evidence:
    return Evidence(**{k: tuple(v) if isinstance(v, list) else v
                       for k, v in a.evidence.model_dump().items()})


def _notes(s: Scenario, m: _Measure) -> list[str]:
    notes = [f"workload: {m.weeks:.2f} week(s) in the file; contacts per week are means",
             "freelance, e-mail, social-media and remote teams are priced here at the "
             "region's dedicated hourly rate (the playbook gives no separate price)"]
    if s.advice is None:
        notes.append("the scenario has no advice: block; every answer is missing")
    return notes + m.notes
