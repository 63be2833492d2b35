"""`outsource plan`: compare in-house with every outsourcing option of a scenario."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from outsource.cli.app import app
from outsource.cli.render import money_k, option_label, print_json
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
    t = Table(title=f"Options ranked by median annual cost. {r.scenario}: "
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
        t.add_row(option_label(o.name, o.pricing_model) + (f" [red]{flag}[/]" if flag else ""),
                  money_k(o.annual_cost_usd * fx),
                  f"{o.p10_usd * fx / 1000:,.0f}-{money_k(o.p90_usd * fx)}",
                  f"{o.cost_per_contact_usd * fx:,.2f}", money_k(o.savings_vs_inhouse_usd * fx),
                  f"{o.p_cheaper_than_inhouse:.0%}", f"{o.fte:.1f}",
                  style="bold" if o.pricing_model == "in_house" else None)
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
