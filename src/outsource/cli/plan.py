"""`outsource plan`: compare in-house with every outsourcing option of a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app, print_json

Opt = typer.Option


@app.command("plan")
def plan(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML (see docs/examples).")],
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    draws: Annotated[int, Opt(help="Monte Carlo draws.")] = 10_000,
    seed: Annotated[int, Opt(help="Random seed.")] = 1,
) -> None:
    """Staff and price in-house, every region x pricing model, each quote and each
    hybrid; print them ranked by median annual cost."""
    from outsource.data.scenario import load_scenario_inputs
    from outsource.services.plan import run_plan

    result = run_plan(load_scenario_inputs(scenario), draws=draws, seed=seed)
    if json_out:
        print_json(result)
    else:
        _print(result)


def _flag(o) -> str:  # type: ignore[no-untyped-def]
    if o.commission is None:
        return ""
    c = o.commission
    word = "ok" if c.workable else "UNWORKABLE"
    return f"{word}: premium {c.premium:+.0%}"


def _print(r) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from outsource.cli.render import money_k, option_label

    cur = escape(r.currency)
    console = Console()
    t = Table(title=f"Options ranked by median annual cost. {escape(r.scenario)}: "
                    f"{r.contacts_per_year:,.0f} contacts/year, {r.draws:,} draws "
                    f"(seed {r.seed}), money in {cur}/year",
              caption="P50: median annual cost; savings: against in-house; "
                      "P(win): share of draws in which the option beats in-house")
    for col in ("option", "P50", "P10-P90", "/contact", "savings", "P(win)", "FTE"):
        if col == "option":
            t.add_column(col, min_width=16)
        else:
            t.add_column(col, justify="right", no_wrap=True)
    for o in r.options:
        flag = _flag(o)
        t.add_row(escape(option_label(o.name, o.pricing_model))
                  + (f" [red]{escape(flag)}[/]" if flag else ""),
                  money_k(o.annual_cost), f"{o.p10 / 1000:,.0f}-{money_k(o.p90)}",
                  f"{o.cost_per_contact:,.2f}", money_k(o.savings_vs_inhouse),
                  f"{o.p_cheaper_than_inhouse:.0%}", f"{o.fte:.1f}",
                  style="bold" if o.pricing_model == "in_house" else None)
    console.print(t)
    for c in r.by_channel:
        how = {"erlang_c": "Erlang C per interval", "erlang_a": "Erlang A per interval",
               "deferred": "backlog"}.get(c.model, c.model)
        extra = ""
        if c.model == "deferred":
            extra = (f"; a team of {c.team_agents:.0f}, {c.share_within_target:.1%} within "
                     f"{c.response_within_h:g} {c.response_clock} hours")
        console.print(f"{c.channel} ({how}): {c.contacts_per_year:,.0f} contacts/year, "
                      f"{c.staffed_hours_per_year:,.0f} staffed h/year, {c.fte:.1f} FTE "
                      f"in-house{extra}")
    for b in r.breakeven:
        where = (f"{b.contacts_per_year:,.0f} contacts/year (x{b.volume_multiplier:.2f})"
                 if b.volume_multiplier else b.status.replace("_", " "))
        console.print(f"break-even {escape(b.region)}: shared {cur} {b.shared_per_min:.2f}"
                      f"/min vs dedicated {b.dedicated_per_hour:.2f}/h: {where}")
    for s in r.sensitivity[:5]:
        console.print(f"sensitivity of best option's savings: {escape(s.input)}: "
                      f"{s.savings_at_low:,.0f} (input low) to {s.savings_at_high:,.0f} "
                      "(input high)")
    for note in r.notes:
        console.print(f"note: {escape(note)}")
