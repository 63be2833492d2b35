"""Should we outsource, what, how and where: the rule engine of ``outsource advise``.

Pure: named facts (measured from the workload or stated by the buyer), the
buyer's answers and the thresholds go in; a :class:`Recommendation` comes out.
The rules are data (:mod:`outsource.core.advice_rules`); this module only
evaluates them:

1. verdict rules give each scope (a channel, or a time segment: business hours
   and after hours) arguments to keep in-house, hand over in part (hybrid) or
   outsource; ``keep!`` (frequent face-to-face) forces in-house; mixed
   arguments give a hybrid; no argument keeps the status quo (in-house); the
   cost gate (goal "cost" and no eligible option likely cheaper) brings every
   hand-over back in-house;
2. method rules, first match wins, name the way to outsource each scope;
3. region rules (:mod:`outsource.core.advice_regions`) put regions in or out.

Every conclusion lists the rules that fired, with the playbook section and the
numbers compared. A rule whose fact is unknown is not evaluated and is listed
in :attr:`Recommendation.missing`, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from outsource.core.advice_regions import RegionAdvice, assess_region
from outsource.core.advice_rules import (
    DEFAULT_THRESHOLDS,
    METHOD_RULES,
    METHODS,
    VERDICT_RULES,
    Cond,
    RegionData,
    Rule,
)
from outsource.core.hours import HoursOfOperation
from outsource.errors import InvalidInput

VERDICTS = ("keep in-house", "hybrid", "outsource")
LIVE = ("voice", "chat")
_OPS = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
        "<": lambda a, b: a < b, "==": lambda a, b: a == b}
_COMPLEX = ("complex_live", "long_contacts", "transfers")
_SHORT = ("after_hours", "over_capacity")


@dataclass(frozen=True)
class Answers:
    """The buyer's answers; ``None`` means not answered.

    ``face_to_face``: none / occasional / frequent; ``offshore_sensitivity``:
    low / medium / high; ``languages``: ISO 639-1 codes customers need;
    ``data_rules``: e.g. ("PCI DSS",); ``data_stays_onshore``: the buyer's own
    statement that data may not leave the country; ``goal``: cost / satisfaction;
    ``want``: everything / part / open; ``inhouse_capacity_agents``: most agents
    the current staff can put on the phones at once.
    """

    face_to_face: str | None = None
    offshore_sensitivity: str | None = None
    languages: tuple[str, ...] | None = None
    data_rules: tuple[str, ...] = ()
    data_stays_onshore: bool | None = None
    business_hours: str | None = None
    goal: str | None = None
    want: str = "open"
    inhouse_capacity_agents: float | None = None


@dataclass(frozen=True)
class Fact:
    """A named fact's value and where it came from (``measured: ...`` or ``stated: ...``)."""

    value: object
    source: str


@dataclass(frozen=True)
class ScopeFacts:
    """One scope: ``channel:voice`` or ``segment:after_hours``; its size and swings."""

    scope: str
    contacts_per_week: float
    fte: float | None
    volatility_cv: float | None


@dataclass(frozen=True)
class Firing:
    """A rule that fired: what it says, where the playbook says it, the numbers compared."""

    rule: str
    citation: str
    says: str
    effect: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Conclusion:
    """The verdict for one scope, the method, and the rules behind both."""

    scope: str
    verdict: str
    method: str | None
    method_name: str | None
    fired: tuple[Firing, ...]
    contacts_per_week: float | None = None
    fte: float | None = None


@dataclass(frozen=True)
class Recommendation:
    """Everything ``outsource advise`` concludes."""

    overall: Conclusion
    channels: tuple[Conclusion, ...]
    segments: tuple[Conclusion, ...]
    regions: tuple[RegionAdvice, ...]
    missing: tuple[str, ...]
    thresholds: dict[str, float]
    facts: dict[str, Fact]


def cite(rule: Rule) -> str:
    """The citation of a rule, e.g. ``playbook, section The seven steps (step 1)``."""
    return f"playbook, section {rule.section}"


@dataclass
class Context:
    """Evaluation context: answers, thresholds, reference date; collects missing facts."""

    answers: Answers
    thresholds: dict[str, float]
    reference: date
    hours: HoursOfOperation | None
    sources: dict[str, str] = field(default_factory=dict)
    missing: dict[str, set[str]] = field(default_factory=dict)

    def _cond(self, c: Cond, facts: dict[str, object]) -> tuple[bool | None, str]:
        value = facts.get(c.fact)
        if value is None:
            return None, c.fact
        limit = self.thresholds[c.threshold] if c.threshold else c.value
        name = f" {c.threshold}" if c.threshold else ""
        src = f" ({self.sources[c.fact]})" if c.fact in self.sources else ""
        text = f"{c.fact} {_fmt(value)}{src} {c.op}{name} {_fmt(limit)}"
        return bool(_OPS[c.op](value, limit)), text

    def fire(self, rule: Rule, facts: dict[str, object], where: str) -> Firing | None:
        """The rule's firing if all its conditions hold; unknown facts are recorded."""
        texts = []
        for c in rule.when:
            ok, text = self._cond(c, facts)
            if ok is None:
                self.missing.setdefault(text, set()).add(f"{rule.id} ({cite(rule)})")
                return None
            if not ok:
                return None
            texts.append(text)
        return Firing(rule.id, cite(rule), rule.says, rule.effect, tuple(texts))

    def note(self, rid: str, says: str) -> Firing:
        """A fixed conclusion that no playbook rule covers (says why)."""
        return Firing(rid, "outsource advise (no playbook rule)", says, "note", ())


def _fmt(v: object) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def _applies(rule: Rule, scope: str) -> bool:
    if rule.scope == "all":
        return True
    kind, _, names = rule.scope.partition(":")
    s_kind, _, s_name = scope.partition(":")
    return kind == s_kind and s_name in names.split(",")


def _verdict(fired: list[Firing]) -> str:
    effects = {f.effect for f in fired}
    if "keep!" in effects:
        return "keep in-house"
    args = effects & {"keep", "hybrid", "outsource"}
    if not args or args == {"keep"}:
        return "keep in-house"
    verdict = "outsource" if args == {"outsource"} else "hybrid"
    return "keep in-house" if "gate" in effects else verdict


def _method(ctx: Context, sf: ScopeFacts, verdict: str, flags: dict[str, bool]):
    channel = sf.scope.split(":", 1)[1] if sf.scope.startswith("channel:") else None
    facts = {"channel": channel or "", "fte": sf.fte, "volatility_cv": sf.volatility_cv,
             "complex": flags["complex"] and channel not in ("email", "social"),
             "capacity_short": flags["short"]}
    rules = METHOD_RULES if verdict != "keep in-house" else [
        r for r in METHOD_RULES if r.id == "remote_team"]
    for rule in rules:
        if (f := ctx.fire(rule, facts, sf.scope)) is not None:
            mid = f.effect.split(":", 1)[1]
            return mid, METHODS[mid][0], f
    return None, None, None


def _conclude(ctx: Context, sf: ScopeFacts, facts: dict[str, object], flags) -> Conclusion:
    fired = [f for r in VERDICT_RULES if _applies(r, sf.scope)
             and (f := ctx.fire(r, facts, sf.scope)) is not None]
    if sf.scope in {f"channel:{c}" for c in LIVE}:
        fired += [replace(f, effect="hybrid", says=f"{f.says} (part of this channel)")
                  for r in VERDICT_RULES if r.scope.startswith("segment:")
                  and (f := ctx.fire(r, facts, sf.scope)) is not None]
    verdict = _verdict(fired)
    if not fired:
        fired.append(ctx.note("status_quo", "no rule argues for handing this scope over: "
                                            "service stays as it is (in-house)"))
    mid, mname, mfire = (None, None, None) if "keep!" in {f.effect for f in fired} else \
        _method(ctx, sf, verdict, flags)
    if mfire is not None:
        fired.append(mfire)
    return Conclusion(sf.scope, verdict, mid, mname, tuple(fired), sf.contacts_per_week, sf.fte)


def _flags(ctx: Context, scopes, facts) -> dict[str, bool]:
    """Whether complexity fired on a live channel, and whether capacity falls short."""
    live = [s for s in scopes if s.scope in {f"channel:{c}" for c in LIVE}]
    probe = Context(ctx.answers, ctx.thresholds, ctx.reference, ctx.hours, ctx.sources)

    def any_fired(ids: tuple[str, ...], where: list[ScopeFacts]) -> bool:
        return any(r.id in ids and _applies(r, s.scope) and probe.fire(r, facts, s.scope)
                   for r in VERDICT_RULES for s in where)
    return {"complex": any_fired(_COMPLEX, live), "short": any_fired(_SHORT, list(scopes))}


def _overall(channels: tuple[Conclusion, ...]) -> Conclusion:
    verdicts = {c.verdict for c in channels}
    verdict = verdicts.pop() if len(verdicts) == 1 else "hybrid"
    seen: dict[str, Firing] = {}
    for c in channels:
        for f in c.fired:
            seen.setdefault(f.rule, f)
    return Conclusion("all", verdict, None, None, tuple(seen.values()))


def thresholds_with(overrides: dict[str, float]) -> dict[str, float]:
    """Default thresholds with the scenario's overrides; unknown names are an error."""
    out = {k: v for k, (v, _) in DEFAULT_THRESHOLDS.items()}
    for key, value in overrides.items():
        if key not in out:
            raise InvalidInput(f"unknown threshold; known: {', '.join(out)}",
                               loc=("advice", "thresholds", key))
        out[key] = float(value)
    return out


def advise(facts: dict[str, Fact], scopes: tuple[ScopeFacts, ...], answers: Answers,
           thresholds: dict[str, float], regions: dict[str, tuple[str, RegionData | None]],
           reference: date) -> Recommendation:
    """Recommend keep / hybrid / outsource per channel and segment, the method, the regions.

    Parameters
    ----------
    facts : named facts (see docs/advice.md), each with its source.
    scopes : channels (``channel:<name>``) and segments (``segment:<name>``) with their size.
    answers : the buyer's answers.
    thresholds : every threshold of :data:`DEFAULT_THRESHOLDS` (see :func:`thresholds_with`).
    regions : rate-card region id -> (display name, region data or None).
    reference : date fixing the week for time-zone overlaps.
    """
    hours = HoursOfOperation.parse(answers.business_hours) if answers.business_hours else None
    ctx = Context(answers, thresholds, reference, hours, {k: f.source for k, f in facts.items()})
    values: dict[str, object] = {k: f.value for k, f in facts.items()}
    regs = tuple(assess_region(rid, name, data, ctx) for rid, (name, data) in regions.items())
    values.update(face_to_face=answers.face_to_face, goal=answers.goal,
                  eligible_regions=sum(r.eligible for r in regs))
    flags = _flags(ctx, scopes, values)
    done = [_conclude(ctx, s, values, flags) for s in scopes]
    channels = tuple(c for c in done if c.scope.startswith("channel:"))
    segments = tuple(c for c in done if c.scope.startswith("segment:"))
    if hours is None:
        ctx.missing.setdefault("business_hours", set()).update(
            {"after_hours (segments)", "over_capacity (segments)"})
    missing = tuple(f"{fact} unknown: not evaluated: {', '.join(sorted(rules))}"
                    for fact, rules in sorted(ctx.missing.items()))
    return Recommendation(_overall(channels), channels, segments, regs, missing, thresholds,
                          facts)


def _max_open_hours_per_day(hours: HoursOfOperation) -> float:
    return max(hours.hours_on(d) for d in range(len(hours.days)))


def check_answers(answers: Answers, facts: dict[str, Fact], thresholds: dict[str, float],
                  option_set: tuple[tuple[str, str], ...] = ()) -> None:
    """Raise :class:`InvalidInput` on answers that contradict each other or the facts.

    ``option_set`` holds (location, pricing model) of every option the scenario
    limits the comparison to (empty when the whole rate card is compared).
    """
    a = answers
    if a.face_to_face == "frequent" and a.want == "everything":
        raise InvalidInput("contradiction: frequent face-to-face contact makes outsourcing "
                           "infeasible (playbook, section The seven steps, step 1), yet "
                           "want = everything; answer want: part or open, or revise "
                           "face_to_face", loc=("advice", "answers", "want"))
    hours = HoursOfOperation.parse(a.business_hours) if a.business_hours else None
    stated = facts.get("after_hours_share")
    if hours is not None and hours.always_open and stated and stated.value:
        raise InvalidInput(f"contradiction: business hours are 24/7, so nothing is after "
                           f"hours, yet after_hours_share = {stated.value}",
                           loc=("advice", "facts", "after_hours_share"))
    need = thresholds["overlap_hours_needed"]
    if hours is not None and need > _max_open_hours_per_day(hours) + 1e-9:
        raise InvalidInput(f"contradiction: {need:g} hours of overlap a day needed, but the "
                           f"business is open at most {_max_open_hours_per_day(hours):.3g} "
                           "hours a day", loc=("advice", "answers", "overlap_hours_needed"))
    _check_goal(a, option_set)


def _check_goal(a: Answers, option_set: tuple[tuple[str, str], ...]) -> None:
    if a.goal == "satisfaction" and option_set and all(
            loc == "offshore" and model == "shared_per_minute" for loc, model in option_set):
        raise InvalidInput("contradiction: goal = satisfaction, but every option compared is "
                           "an offshore shared pool, the cheapest kind; outsourcing for "
                           "satisfaction pays only if the provider serves better (playbook, "
                           "section The seven steps, step 3): add onshore, nearshore or "
                           "dedicated options, or set goal: cost",
                           loc=("advice", "answers", "goal"))


def with_cost_gate(facts: dict[str, Fact], best_p_cheaper: float | None,
                   source: str) -> dict[str, Fact]:
    """``facts`` plus ``best_p_cheaper`` (from the cost model) when it is known."""
    if best_p_cheaper is None:
        return facts
    return {**facts, "best_p_cheaper": Fact(float(best_p_cheaper), source)}


__all__ = ["VERDICTS", "Answers", "Conclusion", "Fact", "Firing", "Recommendation",
           "ScopeFacts", "advise", "check_answers", "cite", "thresholds_with", "with_cost_gate"]
