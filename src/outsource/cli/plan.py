"""`outsource plan`: compare in-house with every outsourcing option of a scenario."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from outsource.cli.app import app
from outsource.cli.render import print_json
from outsource.services.plan import OptionResult, PlanResult, plan_file

Opt = typer.Option
_MONEY = ("annual_cost_usd", "p10_usd", "p90_usd", "deterministic_usd", "cost_per_contact_usd",
          "cost_per_productive_hour_usd", "savings_vs_inhouse_usd")


@app.command("plan")
def plan(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML (see docs/examples).")],
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    draws: Annotated[int, Opt(help="Monte Carlo draws.")] = 10_000,
    seed: Annotated[int, Opt(help="Random seed.")] = 1,
) -> None:
    """Staff and price in-house, every region x pricing model, each quote and each
    hybrid; print them ranked by median annual cost."""
    result = plan_file(scenario, draws=draws, seed=seed)
    if json_out:
        print_json(to_json(result))
    else:
        _print(result)


def _option_json(o: OptionResult, fx: float, code: str) -> dict:
    out = asdict(o)
    for key in _MONEY:
        out[key.removesuffix("_usd")] = out[key] * fx
    out["currency"] = code
    return out


def to_json(r: PlanResult) -> dict:
    """The JSON document of ``outsource plan --json``: money in USD (``*_usd``) and in
    the scenario's currency (the same key without ``_usd``)."""
    return {"scenario": r.scenario, "currency": r.currency, "per_usd": r.per_usd,
            "draws": r.draws, "seed": r.seed, "contacts_per_year": r.contacts_per_year,
            "staffed_hours_per_year": r.staffed_hours_per_year,
            "options": [_option_json(o, r.per_usd, r.currency) for o in r.options],
            "breakeven": r.breakeven, "sensitivity": r.sensitivity, "notes": r.notes}


def _flag(o: OptionResult) -> str:
    if o.commission is None:
        return ""
    c = o.commission
    word = "ok" if c["workable"] else "UNWORKABLE"
    return f"{word}: premium {c['premium']:+.0%}"


def _print(r: PlanResult) -> None:
    fx, cur = r.per_usd, r.currency
    console = Console()
    t = Table(title=f"{r.scenario}: {r.contacts_per_year:,.0f} contacts/year, "
                    f"{r.draws:,} draws (seed {r.seed}), money in {cur}/year")
    for col in ("#", "option", "model", "P50", "P10-P90", "per contact", "savings",
                "P(cheaper)", "agents", "FTE", "driver", "commission"):
        t.add_column(col, justify="left" if col in ("option", "model", "driver") else "right")
    for i, o in enumerate(r.options, 1):
        t.add_row(str(i), o.name, o.pricing_model, f"{o.annual_cost_usd * fx:,.0f}",
                  f"{o.p10_usd * fx:,.0f}-{o.p90_usd * fx:,.0f}",
                  f"{o.cost_per_contact_usd * fx:,.2f}", f"{o.savings_vs_inhouse_usd * fx:,.0f}",
                  f"{o.p_cheaper_than_inhouse:.0%}", f"{o.agents_required:.0f}", f"{o.fte:.1f}",
                  o.top_driver, _flag(o))
    console.print(t)
    for b in r.breakeven:
        where = (f"{b['contacts_per_year']:,.0f} contacts/year (x{b['volume_multiplier']:.2f})"
                 if b["volume_multiplier"] else b["status"].replace("_", " "))
        console.print(f"break-even {b['region']}: shared {cur} {b['shared_usd_per_min'] * fx:.2f}"
                      f"/min vs dedicated {b['dedicated_usd_per_hour'] * fx:.2f}/h: {where}")
    for s in r.sensitivity[:5]:
        lo, hi = s["savings_at_low_usd"] * fx, s["savings_at_high_usd"] * fx
        console.print(f"sensitivity of best option's savings: {s['input']}: "
                      f"{lo:,.0f} (input low) to {hi:,.0f} (input high)")
    for note in r.notes:
        console.print(f"note: {note}")
