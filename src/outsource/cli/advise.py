"""`outsource advise`: should we outsource, what, how and where, with the reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from outsource.cli.app import app
from outsource.cli.render import jsonable, money_k, option_label, print_json
from outsource.core.advice import Conclusion
from outsource.services.advice import AdviceResult, advise_file

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
    result = advise_file(scenario, workspace=workspace, draws=draws, seed=seed)
    if json_out:
        print_json(to_json(result))
    else:
        _print(result)


def to_json(r: AdviceResult) -> dict:
    """The JSON document of ``outsource advise --json``."""
    rec = r.recommendation
    return {"scenario": r.scenario, "overall": jsonable(rec.overall),
            "channels": jsonable(rec.channels), "segments": jsonable(rec.segments),
            "regions": jsonable(rec.regions), "missing": list(rec.missing),
            "facts": {k: {"value": f.value, "source": f.source} for k, f in rec.facts.items()},
            "thresholds": rec.thresholds, "checklist": jsonable(r.checklist),
            "inhouse": jsonable(r.inhouse), "costs": jsonable(r.costs),
            "breakeven": r.breakeven, "notes": r.notes}


def _conclusion(console: Console, c: Conclusion) -> None:
    how = f" via {c.method_name}" if c.method_name else ""
    size = "" if c.fte is None else f" ({c.contacts_per_week:,.0f} contacts/week, " \
                                    f"{c.fte:.1f} FTE)"
    console.print(f"[bold]{escape(c.scope)}[/]: {c.verdict.upper()}{escape(how + size)}",
                  highlight=False)
    for f in c.fired:
        numbers = "; ".join(f.evidence)
        line = f"  - {f.rule}: {f.says} [{f.citation}]" + (f" <- {numbers}" if numbers else "")
        console.print(escape(line), highlight=False, soft_wrap=True)


def _regions(console: Console, r: AdviceResult) -> None:
    regions = r.recommendation.regions
    placed = [set(g.conditions) for g in regions if g.conditions]
    common = set.intersection(*placed) if len(placed) > 1 else set()
    t = Table(title="Regions")
    for col in ("region", "location", "in?", "overlap h/day", "why / conditions"):
        t.add_column(col)
    for g in regions:
        why = "; ".join(f"{f.rule}: {', '.join(f.evidence) or f.says}" for f in g.fired
                        if f.effect != "region:condition")
        cond = "; ".join(c for c in g.conditions if c not in common)
        t.add_row(escape(g.name), g.location, "in" if g.eligible else "[red]OUT[/]",
                  "" if g.overlap_hours_per_day is None else f"{g.overlap_hours_per_day:g}",
                  escape("; ".join(x for x in (why, cond) if x)))
    console.print(t)
    for c in sorted(common):
        console.print(escape(f"every region: {c}"), highlight=False)


def _costs(console: Console, r: AdviceResult) -> None:
    fx, cur = r.per_usd, r.currency
    t = Table(title=f"Cost model: matching options beside in-house ({cur}/year)")
    for col in ("option", "P50", "P10-P90", "savings", "P(win)"):
        t.add_column(col, justify="left" if col == "option" else "right",
                     no_wrap=col != "option")
    for o in [r.inhouse, *r.costs[:_COSTS_SHOWN]]:
        t.add_row(escape(option_label(o.name, o.pricing_model)), money_k(o.annual_cost_usd * fx),
                  f"{o.p10_usd * fx / 1000:,.0f}-{money_k(o.p90_usd * fx)}",
                  money_k(o.savings_vs_inhouse_usd * fx), f"{o.p_cheaper_than_inhouse:.0%}")
    console.print(t)
    if len(r.costs) > _COSTS_SHOWN:
        console.print(f"({len(r.costs) - _COSTS_SHOWN} more matching options in --json)")


def _print(r: AdviceResult) -> None:
    console = Console()
    rec = r.recommendation
    console.print(f"[bold]{r.scenario}: {rec.overall.verdict.upper()}[/]", highlight=False)
    for c in (*rec.channels, *rec.segments):
        _conclusion(console, c)
    _regions(console, r)
    _costs(console, r)
    for m in rec.missing:
        console.print(f"missing: {m}", highlight=False, soft_wrap=True)
    console.print("[bold]The seven steps[/]")
    for s in r.checklist:
        console.print(f"  {s.number}. {s.title}: {s.status}"
                      + (f" - missing: {'; '.join(s.missing)}" if s.missing else ""),
                      highlight=False, soft_wrap=True)
    for note in r.notes:
        console.print(f"note: {note}", highlight=False)
