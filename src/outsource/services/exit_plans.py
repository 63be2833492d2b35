"""Exit plans from the workspace: take a vendor's work back in-house (playbook step 7).

**Which workload.** The workspace's stored scenario (``outsource scenario
set``; ``--scenario FILE`` for one run), its workload staffed for its own
targets by the staffing engine exactly as ``outsource plan`` staffs the
in-house option: the peak agents on contacts and the FTE (staffed hours /
(1 - shrinkage) / paid hours per FTE-year). The imported contact logs are not
used: they carry no service targets, and once vendors' logs are imported they
mix every vendor's contacts; to plan on the logs, profile them (``outsource
profile --out workload.csv``) and make that the scenario's workload. The
contract does not say which share of the workload a vendor holds, so each
plan takes the whole workload back.

:func:`inhouse_need` is the **one** call into the planning and staffing
services (``services.plan.run_plan``); when they change shape, it is the only
place to adapt. The ramp and termination arithmetic is
``services.contracts.exit_plan`` over ``core.exit_plan`` and
``core.termination``; the ramp's cost uses the scenario's in-house cost inputs
at their central values (``docs/costs.md``).

The termination right after a chronic or critical failure is the caller's input
(``failure_right``) or, with ``failure_from_monitoring``, what monitoring says for
the notice date's month (``services.sla.termination_rights``: the contract's
chronic-failure clause and minimums against the vendor's own logs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from outsource.core.costs import INHOUSE_DEFAULTS, InhouseInputs
from outsource.core.exit_plan import EXIT_DEFAULTS
from outsource.data.scenario import Scenario
from outsource.errors import InvalidInput, NotFound
from outsource.schemas.contracts import Contract, ExitPlans, ExitWorkload
from outsource.schemas.users import Principal
from outsource.services.authz import authorize
from outsource.services.contracts import exit_plan
from outsource.services.scenarios import LoadedScenario, current_scenario
from outsource.services.workspace import Workspace

#: Paid hours of a training week (the cost model's 2,080 h a year = 40 h x 52).
TRAINING_HOURS_PER_WEEK = 40.0


@dataclass(frozen=True)
class InhouseNeed:
    """What the workload needs in-house: peak agents [agents], FTE, contacts and hours a year."""

    agents: float
    fte: float
    contacts_per_year: float
    staffed_hours_per_year: float


def inhouse_need(loaded: LoadedScenario) -> InhouseNeed:
    """The one call into planning/staffing: the in-house option of ``services.plan``.

    One Monte Carlo draw is enough: agents and FTE come from the staffing at the
    central inputs, not from the cost draws.
    """
    from outsource.services.plan import run_plan

    try:
        plan = run_plan(loaded.scenario, loaded.base_dir, draws=1, seed=1)
    except InvalidInput as exc:
        raise exc.prefixed(source=loaded.source) if exc.source is None else exc from None
    inhouse = next(o for o in plan.options if o.pricing_model == "in_house")
    return InhouseNeed(agents=float(inhouse.agents_required), fte=float(inhouse.fte),
                       contacts_per_year=float(plan.contacts_per_year),
                       staffed_hours_per_year=float(plan.staffed_hours_per_year))


def _central(spec, default: tuple) -> float:  # type: ignore[no-untyped-def]
    return float(spec.to_range().central) if spec is not None else float(default[1])


def inhouse_inputs(s: Scenario) -> InhouseInputs:
    """The scenario's in-house cost inputs at their central values (defaults where unset)."""
    return InhouseInputs(**{k: _central(getattr(s.inhouse, k), v)
                            for k, v in INHOUSE_DEFAULTS.items()})


def scenario_ramp_defaults(s: Scenario) -> dict[str, tuple[float, str]]:
    """Ramp defaults the scenario overrides: training weeks from its
    ``inhouse.training_hours_per_hire``, the parallel run from its
    ``buyer.parallel_run_months`` (whole weeks)."""
    out = {}
    spec = s.inhouse.training_hours_per_hire
    if spec is not None:
        hours = spec.to_range().central
        out["training_weeks"] = (float(round(hours / TRAINING_HOURS_PER_WEEK)),
                                 f"the scenario's inhouse.training_hours_per_hire ({hours:g} h) "
                                 f"at {TRAINING_HOURS_PER_WEEK:g} paid hours a week")
    spec = getattr(s.buyer, "parallel_run_months", None)
    if spec is not None:
        months = spec.to_range().central
        weeks_per_month = s.workload.weeks_per_year / 12.0
        out["parallel_run_weeks"] = (float(round(months * weeks_per_month)),
                                     f"the scenario's buyer.parallel_run_months ({months:g}) "
                                     f"x {weeks_per_month:.4f} weeks (its weeks_per_year / 12),"
                                     " in whole weeks")
    return out


def _targets(s: Scenario) -> dict[str, float | str | None]:
    return {k: v for k, v in s.targets.model_dump().items() if v is not None}


def _basis(loaded: LoadedScenario, stored: bool) -> str:
    s = loaded.scenario
    t = s.targets
    goals = []
    if t.service_level is not None:
        goals.append(f"{t.service_level:.0%} of contacts answered within {t.answer_within_s:g} s")
    if t.max_abandon is not None:
        goals.append(f"at most {t.max_abandon:.0%} abandoning")
    if t.max_asa_s is not None:
        goals.append(f"mean answer within {t.max_asa_s:g} s")
    where = "the workspace's stored scenario" if stored else "the scenario file"
    return (f"{where} '{s.name}' ({loaded.source}): its workload staffed for its targets "
            f"({'; '.join(goals) or 'none set'}) by the staffing engine, as `outsource plan` "
            "staffs in-house; the imported contact logs are not used; the whole workload "
            "is taken back")


def exit_plans(ws: Workspace, *, vendor: str | None = None, notice_date: date | None = None,
               failure_right: bool = False, ramp_inputs: dict[str, float] | None = None,
               monthly_fees_usd: float | None = None, scenario: Path | None = None,
               today: date | None = None, failure_from_monitoring: bool = False,
               actor: Principal | None = None) -> ExitPlans:
    """Exit plans for ``vendor`` or, without one, every vendor with a stored contract.

    Parameters
    ----------
    ws : the workspace (its stored contracts and scenario).
    vendor : one vendor; default every vendor with a contract.
    notice_date : day notice would be given and the ramp starts (default today).
    failure_right : a chronic or critical failure gave the termination right
        (no fee; the vendor pays exit assistance). An input until monitoring
        provides it.
    ramp_inputs : overrides of the ramp defaults (``core.exit_plan.EXIT_DEFAULTS``).
    monthly_fees_usd : values the remaining term for contracts without a fixed fee.
    scenario : a scenario file to use instead of the workspace's stored one.
    today : the day "today" means (default the system date).
    failure_from_monitoring : take each vendor's failure right from monitoring (its
        SLA results up to the notice date's month, ``services.sla.termination_rights``)
        instead of ``failure_right``; the plan says why (``failure_right_reason``).

    The contract version read is the one in force on the notice date (else the
    newest, for a contract not yet in force).
    """
    from outsource.services.stored_contracts import contracts_in_force_on
    from outsource.services.users import cli_principal

    authorize(actor or cli_principal(), "exit.read")
    day = notice_date or today or date.today()
    given = dict(ramp_inputs or {})
    unknown = set(given) - set(EXIT_DEFAULTS)
    if unknown:
        raise InvalidInput(f"unknown ramp input '{sorted(unknown)[0]}' (one of "
                           f"{', '.join(EXIT_DEFAULTS)})", field="ramp_inputs")
    with ws.transaction() as session:
        loaded = current_scenario(session, scenario)
        if loaded is None:
            raise NotFound("the workspace has no scenario yet: the exit plan staffs its "
                           "workload", field="scenario")
        if vendor is not None:
            from outsource.data.db.repositories import ContractRepository, VendorRepository

            v = VendorRepository(session).require(vendor)
            repo = ContractRepository(session)
            row = repo.in_force(v, day) or repo.latest(v)
            if row is None:
                raise NotFound(f"no contract stored for vendor '{vendor}'", field="vendor")
            rows = [(vendor, row)]
        else:
            rows = contracts_in_force_on(session, day)
            if not rows:
                raise NotFound("no contract stored yet", field="vendor")
        contracts = [(name, r.version, Contract.model_validate(r.terms)) for name, r in rows]
    need = inhouse_need(loaded)
    s = loaded.scenario
    workload = ExitWorkload(
        basis=_basis(loaded, scenario is None), scenario=s.name, scenario_source=loaded.source,
        targets=_targets(s), agents=need.agents, fte=need.fte,
        contacts_per_year=need.contacts_per_year,
        staffed_hours_per_year=need.staffed_hours_per_year)
    derived = {k: v for k, v in scenario_ramp_defaults(s).items() if k not in given}
    inputs = {**{k: v[0] for k, v in derived.items()}, **given}
    x = inhouse_inputs(s)
    rights: dict[str, tuple[bool, str]] = {}
    if failure_from_monitoring:
        from outsource.services.sla import termination_rights

        rights = termination_rights(ws, day, vendors=[n for n, _v, _c in contracts],
                                    actor=actor)
    plans = []
    for name, version, c in contracts:
        right, why = rights.get(name, (failure_right, None)) if failure_from_monitoring \
            else (failure_right, None)
        p = exit_plan(c, need.fte, day, agents=need.agents, failure_right=right,
                      monthly_fees_usd=monthly_fees_usd, ramp_inputs=inputs, inhouse=x)
        sources = {k: (derived[k][1] if k in derived else src) for k, src in p.sources.items()}
        plans.append(p.model_copy(update={"contract_version": version, "workload": workload,
                                          "sources": sources, "failure_right_reason": why}))
    return ExitPlans(notice_date=day, workload=workload, plans=plans)


__all__ = ["InhouseNeed", "exit_plans", "inhouse_inputs", "inhouse_need",
           "scenario_ramp_defaults"]
