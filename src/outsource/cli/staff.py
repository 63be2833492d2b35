"""`outsource staff`: agents for one interval, or for every interval of a workload file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import FLAGS, app, print_json

Opt = typer.Option
FLAGS["staff"] = {"paid_hours_per_fte_week": "--paid-hours-per-fte-week"}


@app.command("staff")
def staff(
    calls: Annotated[float | None, Opt(help="Calls arriving in the interval.")] = None,
    period_minutes: Annotated[float, Opt(help="Interval length [min].")] = 30.0,
    aht_s: Annotated[float | None, Opt(help="Mean handle time [s].")] = None,
    workload: Annotated[Path | None, Opt(help="Workload CSV: staff every interval.")] = None,
    service_level: Annotated[float, Opt(help="Service level target: share answered within "
                                             "--answer-within-s (0-1).")] = 0.8,
    answer_within_s: Annotated[float, Opt(help="Service level threshold [s].")] = 20.0,
    sl_basis: Annotated[str, Opt(help="'offered' (entering calls) or 'answered'.")] = "offered",
    max_asa_s: Annotated[float | None, Opt(help="Ceiling on mean wait of answered [s].")] = None,
    max_abandon: Annotated[float | None, Opt(help="Ceiling on abandonment (0-1).")] = None,
    patience_s: Annotated[float | None, Opt(help="Mean patience [s] (Erlang A).")] = None,
    queue_capacity: Annotated[int | None, Opt(help="Waiting places; beyond: blocked.")] = None,
    max_occupancy: Annotated[float | None, Opt(help="Ceiling on occupancy (0-1].")] = None,
    shrinkage: Annotated[float, Opt(help="Share of paid time off the phones [0-1).")] = 0.0,
    agents: Annotated[int | None, Opt(help="Evaluate this staffing instead of solving.")] = None,
    hours: Annotated[str, Opt(help="Hours of operation, e.g. 'Mon-Fri 08:00-20:00 "
                                   "America/New_York'.")] = "24/7",
    paid_hours_per_fte_week: Annotated[float, Opt(
        "--paid-hours-per-fte-week", help="Paid hours of one FTE per week [h].")] = 40.0,
    response_within_h: Annotated[float, Opt(help="E-mail/social response target [h], on "
                                                 "the clock of --response-clock.")] = 24.0,
    response_share: Annotated[float, Opt(help="Share of e-mail/social items answered within "
                                              "--response-within-h (0-1].")] = 0.95,
    response_clock: Annotated[str, Opt(help="'clock' (default: every hour counts, as the "
                                            "playbook's 24 hours) or 'business' (only the "
                                            "--hours count).")] = "clock",
    out: Annotated[Path | None, Opt(help="With --workload: write the per-interval table to "
                                         "this .csv or .parquet file.")] = None,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    sl: Annotated[float | None, Opt("--sl", hidden=True)] = None,
    asa_s: Annotated[float | None, Opt("--asa-s", hidden=True)] = None,
    paid_hours_per_week: Annotated[float | None, Opt("--paid-hours-per-week",
                                                     hidden=True)] = None,
) -> None:
    """Agents needed to meet every target given at once (Erlang C, or Erlang A with
    --patience-s), or with --agents the measures of that staffing."""
    from outsource.errors import InvalidInput
    from outsource.services.staffing import StaffOptions, Targets, staff_interval, staff_workload

    targets = Targets(service_level if sl is None else sl, answer_within_s, sl_basis,
                      max_asa_s if asa_s is None else asa_s, max_abandon, max_occupancy)
    options = StaffOptions(patience_s, queue_capacity, shrinkage, hours,
                           paid_hours_per_fte_week if paid_hours_per_week is None
                           else paid_hours_per_week, response_within_h, response_share, agents,
                           response_clock.strip().lower())
    if workload is not None:
        from outsource.data.export import table_format, write_table
        from outsource.data.workload import read_workload

        if out is not None:
            table_format(out)
        result = staff_workload(read_workload(workload), targets, options)
        if out is not None:
            n = write_table(result.intervals, out)
            typer.echo(f"wrote {n:,} intervals to {out}", err=True)
        if json_out:
            print_json(result)
        elif out is not None:
            _print_totals(result)
        else:
            _print_workload(result)
        return
    if out is not None:
        raise InvalidInput("--out needs --workload FILE")
    if calls is None or aht_s is None:
        raise InvalidInput("give --calls and --aht-s, or --workload FILE")
    one = staff_interval(calls, period_minutes, aht_s, targets, options)
    if json_out:
        print_json(one)
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


def _print_interval(one) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Staffing for one interval", show_header=False)
    table.add_row("Agents on the phones", f"{one.agents:.0f}")
    table.add_row("Scheduled (with shrinkage)", f"{one.scheduled_agents:.2f}")
    for key, (label, fmt) in _LABELS.items():
        table.add_row(label, fmt.format(getattr(one, key)))
    Console().print(table)


def _print_workload(result) -> None:  # type: ignore[no-untyped-def]
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Staffing by day", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, show_edge=False,
                  caption="peak: most agents in one interval; SL: service level")
    peak = float(result.days.peak_agents.max(initial=0.0))
    for col in ("day", "channel", "calls", "peak", "agent h", "SL", "agents by hour"):
        table.add_column(col, justify="left" if col in ("day", "channel", "agents by hour")
                         else "right", no_wrap=True)
    for d in result.days:  # one row per day: a display, not interval-level work
        table.add_row(d.day, d.channel, f"{d.calls:,.0f}", f"{d.peak_agents:.0f}",
                      f"{d.agent_hours:,.1f}",
                      "-" if d.service_level is None else f"{d.service_level:.1%}",
                      _sparkline(d.agents_by_hour, peak))
    Console().print(table)
    _print_totals(result)


def _print_totals(result) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console()
    t = result.totals
    console.print(
        f"[bold]Totals[/]: {t.calls:,.0f} contacts, {t.agent_hours:,.1f} agent hours, "
        f"{t.scheduled_hours:,.1f} scheduled hours over {t.weeks:.2f} weeks = "
        f"[bold]{t.fte:.1f} FTE[/] ({t.paid_hours_per_year:,.0f} paid hours a year).")
    for name, c in result.channels.items():
        if hasattr(c, "share_within_target"):
            console.print(
                f"{name}: a team of {c.peak_agents:.0f} working the backlog in the hours; "
                f"{c.share_within_target:.1%} answered within the target on the "
                f"{c.response_clock} (best reachable {c.best_share:.1%}), mean response "
                f"{c.mean_response_h:.1f} h, 90% within {c.p90_response_h:.1f} h.")
    if t.calls_outside_hours:
        console.print(f"[yellow]{t.calls_outside_hours:,.0f} voice/chat contacts arrive "
                      "outside the hours of operation and are not staffed.[/]")


_BARS = " ▁▂▃▄▅▆▇█"


def _sparkline(by_hour: list[float], peak: float) -> str:
    """Agents through the day, one character per clock hour (the hour's largest staffing)."""
    scale = (len(_BARS) - 1) / peak if peak > 0 else 0.0
    return "".join(_BARS[int(round(v * scale))] for v in by_hour)
