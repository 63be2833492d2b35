"""The playbook's seven steps as a checklist: what is done for this scenario, what is missing.

Each step (playbook, section "The seven steps") is a list of checks; a check
is done when the scenario's evidence (``advice.evidence``), its answers or the
cost comparison show it. A step is ``done`` when every check is, ``missing``
when none is, ``partial`` otherwise. Pure: the caller passes what it knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STEP_TITLES = (
    "Analyse the scope of your needs",
    "Make sure it is cost-effective",
    "Assess your customer base",
    "Find and vet the call center",
    "Build a working link with the call center",
    "Track and monitor results",
    "Keep the ability to run service in-house",
)


@dataclass(frozen=True)
class Evidence:
    """What the buyer has done so far (``advice.evidence`` in the scenario)."""

    test_calls_recorded: int = 0
    vendor_references_checked: bool = False
    reviews_read: bool = False
    labour_law_checked: bool = False
    compliance_evidence: tuple[str, ...] = ()
    contact_reasons_documented: bool = False
    decision_authority_documented: bool = False
    liaison_named: str | None = None
    governance_defined: bool = False
    sla_metrics: tuple[str, ...] = ()
    exit_plan: bool = False
    in_house_fallback_staff: int = 0
    termination_terms: bool = False


@dataclass(frozen=True)
class Known:
    """What the analysis itself established (answers given, costs compared)."""

    face_to_face_answered: bool
    complexity_known: bool
    cost_compared: bool
    us_option_priced: bool
    quality_targets_set: bool
    sensitivity_answered: bool
    goal_answered: bool
    data_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One of the seven steps: status, what is done and what is missing."""

    number: int
    title: str
    status: str
    done: tuple[str, ...]
    missing: tuple[str, ...] = field(default=())


def _step(n: int, checks: list[tuple[bool, str, str]]) -> Step:
    done = tuple(ok_text for ok, ok_text, _ in checks if ok)
    missing = tuple(no_text for ok, _, no_text in checks if not ok)
    status = "done" if not missing else ("missing" if not done else "partial")
    return Step(n, STEP_TITLES[n - 1], status, done, missing)


def _vet_checks(e: Evidence, k: Known) -> list[tuple[bool, str, str]]:
    checks = [
        (e.vendor_references_checked, "vendor's clients and US references checked",
         "no vendor references checked (talk to US companies that used the provider)"),
        (e.test_calls_recorded > 0, f"{e.test_calls_recorded} vendor test calls recorded",
         "no vendor test calls recorded yet"),
        (e.reviews_read, "blog and forum reviews read", "no customer reviews of the center read"),
        (e.labour_law_checked, "labour laws of the provider's country checked",
         "labour laws of the provider's country not checked"),
    ]
    have = {r.casefold() for r in e.compliance_evidence}
    checks += [(rule.casefold() in have, f"{rule} compliance evidence on file",
                f"no {rule} compliance evidence from the vendor") for rule in k.data_rules]
    return checks


def checklist(e: Evidence, k: Known) -> tuple[Step, ...]:
    """The seven steps with their status for one scenario."""
    beyond_aht = [m for m in e.sla_metrics if m.casefold() not in ("aht", "handle time")]
    return (
        _step(1, [(True, "workload measured (volume, channels, hours)", ""),
                  (k.face_to_face_answered, "face-to-face need answered",
                   "face-to-face need not answered"),
                  (k.complexity_known, "share of complex contacts known",
                   "share of complex / long / transferred contacts unknown")]),
        _step(2, [(k.cost_compared, "in-house cost compared with outsourcing options",
                   "no cost comparison"),
                  (k.us_option_priced, "US-based providers priced",
                   "no US-based provider priced for comparison"),
                  (k.quality_targets_set, "today's quality written as service targets",
                   "no service-level target to hold the provider to")]),
        _step(3, [(k.sensitivity_answered, "customers' view of offshoring assessed",
                   "customers' sensitivity to offshoring not assessed"),
                  (k.goal_answered, "goal stated (cost or satisfaction)", "goal not stated")]),
        _step(4, _vet_checks(e, k)),
        _step(5, [(e.contact_reasons_documented, "why customers contact you documented",
                   "reasons for contact not documented for the vendor"),
                  (e.decision_authority_documented, "what representatives may decide documented",
                   "not documented whether representatives decide")]),
        _step(6, [(e.liaison_named is not None, f"liaison named: {e.liaison_named}",
                   "no internal liaison named"),
                  (e.governance_defined, "governance (roles, escalation, contract changes) "
                   "defined", "no governance defined in the contract"),
                  (bool(beyond_aht), f"SLA metrics beyond handle time: {', '.join(beyond_aht)}",
                   "no SLA metric beyond handle time")]),
        _step(7, [(e.exit_plan, "exit plan written", "no exit plan"),
                  (e.in_house_fallback_staff > 0,
                   f"{e.in_house_fallback_staff} in-house staff able to take calls back",
                   "no in-house fallback staff"),
                  (e.termination_terms, "termination at minimal cost and liability agreed",
                   "no termination terms (minimal cost and liability)")]),
    )
