"""Text of `outsource exit-plan` (imported inside the command only)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from outsource.schemas.contracts import ExitPlan, ExitPlans

_ROUTES = {"convenience": "for convenience",
           "failure": "on the failure right",
           "expiry": "at the term's end (no convenience clause)"}


def _usd(x: float) -> str:
    return f"${x:,.0f}"


def _plan_lines(p: ExitPlan) -> list[str]:
    t, x = p.termination, p.inputs
    version = "" if p.contract_version is None else f" (contract version {p.contract_version})"
    lines = [f"[bold]Exit plan: {escape(p.vendor)}[/]{version}, notice on {t.notice_date}"]
    agents = "" if p.agents is None else f"{p.agents:.0f} agents at the busiest interval, "
    lines.append(f"  Needs {agents}{p.fte:.1f} FTE in-house.")
    lines.append(
        f"  Ramp: {p.total_hires:.0f} hires at up to {x['hires_per_week']:g} a week, "
        f"{x['training_weeks']:g} weeks' training, {x['time_to_proficiency_weeks']:g} weeks to "
        f"full proficiency (from {x['start_proficiency_share']:.0%}), "
        f"{x['ramp_attrition_share']:.0%} of each class leaving during the ramp: ready in week "
        f"{p.ready_week}; with {p.parallel_run_weeks} weeks' parallel run the vendor must "
        f"serve {p.ramp_weeks} weeks.")
    comp = ", ".join(f"{k.replace('_', ' ')} {_usd(v)}"
                     for k, v in p.transition_cost_components_usd.items())
    lines.append(f"  Ramp cost (in-house, parallel run included): "
                 f"{_usd(p.transition_cost_usd)} ({comp}).")
    route = _ROUTES[t.route]
    if t.route == "convenience":
        fee = (f"fee {t.fee_pct:g} % (contract year {t.contract_year}) of "
               f"{_usd(t.remaining_fees_usd)} remaining ({t.remaining_months:.1f} months at "
               f"{_usd(t.monthly_fees_usd)}) = {_usd(t.termination_fee_usd)}")
    else:
        fee = "no fee"
    lines.append(f"  Termination: {route}, effective {t.effective_date} "
                 f"({p.notice_weeks:.1f} weeks' notice); {fee}.")
    lines.append(f"  Exit assistance: {p.exit_assistance_weeks:.1f} weeks to "
                 f"{t.exit_assistance_end}, paid by the {t.exit_assistance_payer}; data back "
                 f"by {t.data_return_by}.")
    lines.append(f"  Cost of the exit: {_usd(p.transition_cost_usd + p.termination_fee_usd)} "
                 "(ramp + termination fee).")
    cover = p.notice_weeks + p.exit_assistance_weeks
    if p.ramp_outlasts_notice:
        lines.append(f"  [bold red]RED FLAG[/]: the ramp ({p.ramp_weeks} weeks) outlasts "
                     f"notice plus exit assistance ({cover:.1f} weeks): the vendor's "
                     f"service ends {p.ramp_weeks - cover:.1f} weeks before the in-house "
                     "team is ready and has run in parallel.")
    else:
        lines.append(f"  Ramp {p.ramp_weeks} weeks within notice plus exit assistance "
                     f"({cover:.1f} weeks).")
    if p.failure_right_reason is not None:
        lines.append(f"  Failure right {'held' if p.failure_right_given else 'not held'}: "
                     f"{escape(p.failure_right_reason)}.")
    elif not p.failure_right_given:
        lines.append("  Failure right: not given (--failure-right says a chronic or critical "
                     "failure gave it; --failure-from-monitoring asks the SLA results).")
    return lines


def print_plans(r: ExitPlans) -> None:
    """Every plan, after the workload it takes back."""
    out = Console(highlight=False, soft_wrap=True)
    w = r.workload
    out.print(f"Workload: {escape(w.basis)}.")
    out.print(f"  {w.contacts_per_year:,.0f} contacts a year, {w.staffed_hours_per_year:,.0f} "
              f"agent hours on contacts: {w.agents:.0f} agents at the busiest interval, "
              f"{w.fte:.1f} FTE.")
    for p in r.plans:
        out.print("")
        for line in _plan_lines(p):
            out.print(line)
    sources = r.plans[0].sources if r.plans else {}
    if sources:
        out.print("")
        out.print("Ramp inputs (flags override them):")
        for k, v in sources.items():
            out.print(f"  --{escape(k.replace('_', '-'))} {r.plans[0].inputs[k]:g}: {escape(v)}")
