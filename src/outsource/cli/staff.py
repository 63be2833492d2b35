"""`outsource staff`: agents for one interval, or for every interval of a workload file."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from outsource.cli.app import app
from outsource.cli.render import print_json
from outsource.core.staffing import Targets
from outsource.errors import InvalidInput
from outsource.services.staffing import (
    IntervalStaffing,
    StaffOptions,
    WorkloadStaffing,
    staff_interval,
    staff_workload,
)

Opt = typer.Option


@app.command("staff")
def staff(
    calls: Annotated[float | None, Opt(help="Calls arriving in the interval.")] = None,
    period_minutes: Annotated[float, Opt(help="Interval length [min].")] = 30.0,
    aht_s: Annotated[float | None, Opt(help="Mean handle time [s].")] = None,
    workload: Annotated[Path | None, Opt(help="Workload CSV: staff every interval.")] = None,
    sl: Annotated[float, Opt(help="Service level target, share answered in time (0-1).")] = 0.8,
    answer_within_s: Annotated[float, Opt(help="Service level threshold [s].")] = 20.0,
    sl_basis: Annotated[str, Opt(help="'offered' (entering calls) or 'answered'.")] = "offered",
    asa_s: Annotated[float | None, Opt(help="Ceiling on mean wait of answered [s].")] = None,
    max_abandon: Annotated[float | None, Opt(help="Ceiling on abandonment (0-1).")] = None,
    patience_s: Annotated[float | None, Opt(help="Mean patience [s] (Erlang A).")] = None,
    queue_capacity: Annotated[int | None, Opt(help="Waiting places; beyond: blocked.")] = None,
    max_occupancy: Annotated[float | None, Opt(help="Ceiling on occupancy (0-1].")] = None,
    shrinkage: Annotated[float, Opt(help="Share of paid time off the phones [0-1).")] = 0.0,
    agents: Annotated[int | None, Opt(help="Evaluate this staffing instead of solving.")] = None,
    hours: Annotated[str, Opt(help="Hours of operation, e.g. 'Mon-Fri 08:00-20:00 "
                                   "America/New_York'.")] = "24/7",
    paid_hours_per_week: Annotated[float, Opt(help="Paid hours per FTE per week.")] = 40.0,
    response_within_h: Annotated[float, Opt(help="E-mail/social target [business h].")] = 24.0,
    response_share: Annotated[float, Opt(help="Share of e-mails within target.")] = 0.95,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
) -> None:
    """Agents needed to meet every target given at once (Erlang C, or Erlang A with
    --patience-s), or with --agents the measures of that staffing."""
    targets = Targets(sl, answer_within_s, sl_basis, asa_s, max_abandon, max_occupancy)
    options = StaffOptions(patience_s, queue_capacity, shrinkage, hours, paid_hours_per_week,
                           response_within_h, response_share, agents)
    if workload is not None:
        result = staff_workload(workload, targets, options)
        if json_out:
            print_json({"intervals": result.intervals, "totals": result.totals,
                        "channels": result.channels})
        else:
            _print_workload(result)
        return
    if calls is None or aht_s is None:
        raise InvalidInput("give --calls and --aht-s, or --workload FILE", field="staff")
    one = staff_interval(calls, period_minutes, aht_s, targets, options)
    if json_out:
        print_json({"agents": one.agents, "scheduled_agents": one.scheduled_agents,
                    **{k: v for k, v in one.measures.items() if k != "agents"}})
    else:
        _print_interval(one)


_LABELS = {
    "traffic_erlangs": ("Offered load", "{:.2f} Erlang"),
    "service_level": ("Service level (entering calls)", "{:.1%}"),
    "service_level_answered": ("Service level (answered calls)", "{:.1%}"),
    "p_wait": ("Probability of waiting", "{:.1%}"),
    "abandon_rate": ("Abandonment", "{:.2%}"),
    "p_block": ("Blocked (room full)", "{:.2%}"),
    "asa_s": ("ASA (answered calls)", "{:.1f} s"),
    "mean_wait_abandoned_s": ("Mean wait of abandoned", "{:.1f} s"),
    "mean_queue": ("Mean calls waiting", "{:.2f}"),
    "occupancy": ("Occupancy", "{:.1%}"),
}


def _print_interval(one: IntervalStaffing) -> None:
    table = Table(title="Staffing for one interval", show_header=False)
    table.add_row("Agents on the phones", f"{one.agents:.0f}")
    table.add_row("Scheduled (with shrinkage)", f"{one.scheduled_agents:.2f}")
    for key, (label, fmt) in _LABELS.items():
        table.add_row(label, fmt.format(one.measures[key]))
    Console().print(table)


def _print_workload(result: WorkloadStaffing) -> None:
    by_day: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in result.intervals:
        by_day[(str(row["interval_start"])[:10], str(row["channel"]))].append(row)
    table = Table(title="Staffing by day")
    peak = max((float(r["agents"]) for r in result.intervals), default=0.0)
    for col in ("day", "channel", "calls", "peak agents", "agent hours", "SL", "agents by hour"):
        table.add_column(col, justify="left" if col in ("day", "channel", "agents by hour")
                         else "right", no_wrap=col == "agents by hour")
    for (day, channel), rows in sorted(by_day.items()):
        calls = sum(float(r["calls"]) for r in rows)
        hours = sum(float(r["agents"]) * float(r["period_minutes"]) / 60.0 for r in rows)
        sl = _weighted(rows, "service_level")
        table.add_row(day, channel, f"{calls:,.0f}", f"{max(r['agents'] for r in rows):.0f}",
                      f"{hours:,.1f}", "-" if sl is None else f"{sl:.1%}",
                      _sparkline(rows, peak))
    console = Console()
    console.print(table)
    t = result.totals
    console.print(
        f"[bold]Totals[/]: {t['calls']:,.0f} contacts, {t['agent_hours']:,.1f} agent hours, "
        f"{t['scheduled_hours']:,.1f} scheduled hours over {t['weeks']:.2f} weeks = "
        f"[bold]{t['fte']:.1f} FTE[/] ({t['paid_hours_per_year']:,.0f} paid hours a year).")
    if t["calls_outside_hours"]:
        console.print(f"[yellow]{t['calls_outside_hours']:,.0f} contacts arrive outside the "
                      "hours of operation and are not staffed.[/]")


_BARS = " ▁▂▃▄▅▆▇█"


def _sparkline(rows: list[dict], peak: float) -> str:
    """Agents through the day, one character per clock hour (the hour's largest staffing)."""
    by_hour = [0.0] * 24
    for r in rows:
        hour = int(str(r["interval_start"])[11:13])
        by_hour[hour] = max(by_hour[hour], float(r["agents"]))
    scale = (len(_BARS) - 1) / peak if peak > 0 else 0.0
    return "".join(_BARS[int(round(v * scale))] for v in by_hour)


def _weighted(rows: list[dict], key: str) -> float | None:
    pairs = [(float(r["calls"]), float(r[key])) for r in rows if key in r and r["open"]]
    total = sum(c for c, _ in pairs)
    return None if not pairs or total == 0 else sum(c * v for c, v in pairs) / total
