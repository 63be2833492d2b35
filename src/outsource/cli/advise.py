"""`outsource advise`: should we outsource, what, how and where, with the reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app, print_json

Opt = typer.Option
_COSTS_SHOWN = 8


@app.command("advise")
def advise(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML with an advice: block.")],
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    workspace: Annotated[Path | None, Opt("--workspace", help="Workspace whose imported "
                                          "contact log gives measured shares.")] = None,
    draws: Annotated[int, Opt(help="Monte Carlo draws of the cost model.")] = 2000,
    seed: Annotated[int, Opt(help="Random seed.")] = 1,
) -> None:
    """Keep in-house, hybrid or outsource, per channel and time segment; the method; the
    eligible regions; the matching costs; the seven-step checklist. Every conclusion names
    the playbook rules that fired and the numbers behind them."""
    from outsource.data.scenario import load_scenario_inputs
    from outsource.services.advice import run_advice

    result = run_advice(load_scenario_inputs(scenario), workspace=workspace, draws=draws,
                        seed=seed)
    if json_out:
        print_json(result)
    else:
        _print(result)


def _conclusion(console, c) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape

    how = f" via {c.method_name}" if c.method_name else ""
    size = "" if c.fte is None else f" ({c.contacts_per_week:,.0f} contacts/week, " \
                                    f"{c.fte:.1f} FTE)"
    console.print(f"[bold]{escape(c.scope)}[/]: {c.verdict.upper()}{escape(how + size)}",
                  highlight=False)
    for f in c.fired:
        numbers = "; ".join(f.evidence)
        line = f"  - {f.rule}: {f.says} [{f.citation}]" + (f" <- {numbers}" if numbers else "")
        console.print(escape(line), highlight=False, soft_wrap=True)


def _regions(console, r) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape
    from rich.table import Table

    regions = r.regions
    placed = [set(g.conditions) for g in regions if g.conditions]
    common = set.intersection(*placed) if len(placed) > 1 else set()
    t = Table(title="Regions")
    for col in ("region", "location", "in?", "overlap h/day", "why / conditions"):
        t.add_column(col)
    for g in regions:
        why = "; ".join(f"{f.rule}: {', '.join(f.evidence) or f.says}" for f in g.fired
                        if f.effect != "region:condition")
        cond = "; ".join(c for c in g.conditions if c not in common)
        t.add_row(escape(g.name), escape(g.location), "in" if g.eligible else "[red]OUT[/]",
                  "" if g.overlap_hours_per_day is None else f"{g.overlap_hours_per_day:g}",
                  escape("; ".join(x for x in (why, cond) if x)))
    console.print(t)
    for c in sorted(common):
        console.print(escape(f"every region: {c}"), highlight=False)


def _costs(console, r) -> None:  # type: ignore[no-untyped-def]
    from rich.markup import escape
    from rich.table import Table

    from outsource.cli.render import money_k, option_label

    cur = r.currency
    t = Table(title=f"Cost model: matching options beside in-house ({cur}/year)")
    for col in ("option", "P50", "P10-P90", "savings", "P(win)"):
        t.add_column(col, justify="left" if col == "option" else "right",
                     no_wrap=col != "option")
    for o in [r.inhouse, *r.costs[:_COSTS_SHOWN]]:
        t.add_row(escape(option_label(o.name, o.pricing_model)), money_k(o.annual_cost),
                  f"{o.p10 / 1000:,.0f}-{money_k(o.p90)}", money_k(o.savings_vs_inhouse),
                  f"{o.p_cheaper_than_inhouse:.0%}")
    console.print(t)
    if len(r.costs) > _COSTS_SHOWN:
        console.print(f"({len(r.costs) - _COSTS_SHOWN} more matching options in --json)")


def _print(r) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    rec = r
    console.print(f"[bold]{escape(r.scenario)}: {rec.overall.verdict.upper()}[/]",
                  highlight=False)
    for c in (*rec.channels, *rec.segments):
        _conclusion(console, c)
    _regions(console, r)
    _costs(console, r)
    for m in rec.missing:
        console.print(f"missing: {escape(m)}", highlight=False, soft_wrap=True)
    console.print("[bold]The seven steps[/]")
    for s in r.checklist:
        console.print(escape(f"  {s.number}. {s.title}: {s.status}"
                             + (f" - missing: {'; '.join(s.missing)}" if s.missing else "")),
                      highlight=False, soft_wrap=True)
    for note in r.notes:
        console.print(f"note: {escape(note)}", highlight=False)
