"""`outsource simulate`: replicate a workload under a staffing plan, with confidence intervals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import FLAGS, app, print_json

Opt = typer.Option
#: Runs simulating more calls than this show a progress bar.
PROGRESS_CALLS = 2_000_000
FLAGS["simulate"] = {"from": "--from", "window": "--from/--to"}


@app.command("simulate")
def simulate(
    agents: Annotated[str, Opt(help="Agents on duty: a number, a CSV (interval_start,agents), "
                                    "the JSON of 'outsource staff --workload F --json', or with "
                                    "--replay 'logged' (agents seen in the log).")],
    workload: Annotated[Path | None, Opt(help="Workload CSV (interval_start, calls, aht_s, "
                                              "...).")] = None,
    replay: Annotated[Path | None, Opt(help="Replay the calls imported into this workspace "
                                            "(with --from, --to) instead of a workload.")] = None,
    from_: Annotated[datetime | None, Opt("--from", help="Replay window start (ISO 8601, "
                                                         "naive = UTC).")] = None,
    to: Annotated[datetime | None, Opt(help="Replay window end (exclusive).")] = None,
    period_minutes: Annotated[float, Opt(help="Replay interval length [min].")] = 30.0,
    queue: Annotated[str | None, Opt(help="Replay only this queue.")] = None,
    handle: Annotated[str | None, Opt(help="Handle times, e.g. 'lognormal:mean=240,cv=1.2' "
                                           "(default: exponential, the workload's aht_s).")] = None,
    patience: Annotated[str | None, Opt(help="Patience, e.g. 'exponential:mean=180' (default: "
                                             "exponential, the workload's patience_s).")] = None,
    queue_capacity: Annotated[int | None, Opt(help="Waiting places; beyond: blocked.")] = None,
    answer_within_s: Annotated[float, Opt(help="Service level threshold [s].")] = 20.0,
    replications: Annotated[int, Opt(help="Independent replications.")] = 20,
    seed: Annotated[int | None, Opt(help="Random seed (default: fresh, reported).")] = None,
    channel: Annotated[str | None, Opt(help="Channel to simulate (default: the only one, "
                                            "else voice).")] = None,
    service_level: Annotated[float | None, Opt(help="Service level target (0-1): report the "
                                                    "probability of missing it.")] = None,
    volume_cv: Annotated[float, Opt(help="Day-to-day volume uncertainty (coefficient of "
                                         "variation of a daily factor).")] = 0.0,
    warmup_h: Annotated[float, Opt(help="Hours at the start left out of the statistics "
                                        "(default 0: measure from the first interval, the "
                                        "queue starting empty; give a warm-up for "
                                        "steady-state figures).")] = 0.0,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    sl_target: Annotated[float | None, Opt("--sl-target", hidden=True)] = None,
) -> None:
    """Simulate the queue (FCFS, abandonment, optional blocking) over the workload's
    intervals, staffed as given, with 95 % confidence intervals over replications."""
    from outsource.errors import InvalidInput
    from outsource.services.simulate import (
        ReplayWindow,
        expected_calls,
        replay_log,
        simulate_options,
        simulate_workload,
    )

    if (workload is None) == (replay is None):
        raise InvalidInput("give either --workload FILE or --replay WORKSPACE")
    if replay is not None and (from_ is None or to is None):
        raise InvalidInput("--replay needs --from and --to")
    options = simulate_options(agents, handle, patience, queue_capacity=queue_capacity,
                               answer_within_s=answer_within_s, replications=replications,
                               seed=seed, channel=channel,
                               service_level=sl_target if sl_target is not None
                               else service_level, volume_cv=volume_cv, warmup_h=warmup_h)
    if replay is not None:
        window = ReplayWindow(replay, _aware(from_), _aware(to), period_minutes, queue)
        report = replay_log(window, options)
    else:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        from outsource.data.workload import read_workload

        table = read_workload(workload)
        show = expected_calls(table, options) > PROGRESS_CALLS
        with Progress(TextColumn("simulating"), BarColumn(), TaskProgressColumn(),
                      TimeRemainingColumn(), console=Console(stderr=True), transient=True,
                      disable=not show) as bar:
            task = bar.add_task("simulate", total=replications)
            report = simulate_workload(table, options,
                                       lambda done, _total: bar.update(task, completed=done))
    if json_out:
        print_json(report)
    else:
        _print(report)


def _aware(moment: datetime | None) -> datetime:
    """Naive times are UTC, as everywhere in the workspace."""
    assert moment is not None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_LABELS = {
    "offered": ("Offered per run", "{:,.1f}"),
    "answered": ("Answered per run", "{:,.1f}"),
    "abandoned": ("Abandoned per run", "{:,.1f}"),
    "blocked": ("Blocked per run", "{:,.1f}"),
    "service_level": ("Service level (offered)", "{:.2%}"),
    "service_level_answered": ("Service level (answered)", "{:.2%}"),
    "p_wait": ("Probability of waiting", "{:.2%}"),
    "abandon_rate": ("Abandonment", "{:.2%}"),
    "block_rate": ("Blocked (room full)", "{:.2%}"),
    "asa_s": ("ASA (answered)", "{:.1f} s"),
    "mean_wait_abandoned_s": ("Mean wait of abandoned", "{:.1f} s"),
    "occupancy": ("Occupancy", "{:.2%}"),
    "mean_queue": ("Mean calls waiting", "{:.2f}"),
}


def _cell(fmt: str, value: float | None) -> str:
    return "-" if value is None or value != value else fmt.format(value)


def _print(report) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    console = Console()
    warm = f", after a {report.warmup_h:g} h warm-up" if report.warmup_h else ""
    table = Table(title=f"Simulation of {report.channel}: {report.replications} replications, "
                        f"seed {report.seed}{warm}")
    seen = report.observed
    cols = ("measure", "estimate", "95% CI +/-") + (("as logged",) if seen else ())
    for col in cols:
        table.add_column(col, justify="left" if col == "measure" else "right")
    for key, (label, fmt) in _LABELS.items():
        rated = key in report.ci95
        cells = [label, _cell(fmt, report.overall[key]),
                 _cell(fmt, report.ci95[key]) if rated else ""]
        if seen:
            cells.append(_cell(fmt, seen[key]) if key in seen else "")
        table.add_row(*cells)
    console.print(table)
    days = Table(title="By day (per replication)")
    for col in ("day", "offered", "answered", "abandoned", "blocked", "SL", "peak agents"):
        days.add_column(col, justify="left" if col == "day" else "right")
    for d in report.days:
        days.add_row(d.day, *(f"{d[k]:,.1f}" for k in ("offered", "answered", "abandoned",
                                                      "blocked")),
                     _cell("{:.1%}", d.service_level), f"{d.peak_agents}")
    console.print(days)
    if report.risk is not None:
        r = report.risk
        low, high = r.p_miss_ci95
        console.print(f"Probability of missing the {r.target:.0%} target over the horizon: "
                      f"[bold]{r.p_miss:.1%}[/] (95% CI {low:.1%} to {high:.1%}).")
