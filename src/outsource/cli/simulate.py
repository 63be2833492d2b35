"""`outsource simulate`: replicate a workload under a staffing plan, with confidence intervals."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from outsource.cli.app import app
from outsource.cli.render import print_json
from outsource.errors import InvalidInput
from outsource.services.simulate import (
    ReplayWindow,
    SimulateOptions,
    SimulationReport,
    expected_calls,
    replay_log,
    simulate_workload,
)

Opt = typer.Option
#: Runs simulating more calls than this show a progress bar.
PROGRESS_CALLS = 2_000_000


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
    sl_target: Annotated[float | None, Opt(help="Service level target (0-1): report the "
                                                "probability of missing it.")] = None,
    volume_cv: Annotated[float, Opt(help="Day-to-day volume uncertainty (coefficient of "
                                         "variation of a daily factor).")] = 0.0,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
) -> None:
    """Simulate the queue (FCFS, abandonment, optional blocking) over the workload's
    intervals, staffed as given, with 95 % confidence intervals over replications."""
    options = SimulateOptions(agents, handle, patience, queue_capacity, answer_within_s,
                              replications, seed, channel, sl_target, volume_cv)
    if (workload is None) == (replay is None):
        raise InvalidInput("give either --workload FILE or --replay WORKSPACE", field="simulate")
    if replay is not None:
        if from_ is None or to is None:
            raise InvalidInput("--replay needs --from and --to", field="--from/--to")
        window = ReplayWindow(replay, _aware(from_), _aware(to), period_minutes, queue)
        report = replay_log(window, options)
    else:
        show = expected_calls(workload, options) > PROGRESS_CALLS
        with Progress(TextColumn("simulating"), BarColumn(), TaskProgressColumn(),
                      TimeRemainingColumn(), console=Console(stderr=True), transient=True,
                      disable=not show) as bar:
            task = bar.add_task("simulate", total=replications)
            report = simulate_workload(workload, options,
                                       lambda done, _total: bar.update(task, completed=done))
    if json_out:
        out = {"overall": report.overall, "ci95": report.ci95, "intervals": report.intervals,
               "replications": report.replications, "seed": report.seed,
               "channel": report.channel}
        if report.risk is not None:
            out["risk"] = report.risk
        if report.observed is not None:
            out["observed"] = report.observed
        print_json(out)
    else:
        _print(report)


def _aware(moment: datetime) -> datetime:
    """Naive times are UTC, as everywhere in the workspace."""
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


def _print(report: SimulationReport) -> None:
    console = Console()
    table = Table(title=f"Simulation of {report.channel}: {report.replications} replications, "
                        f"seed {report.seed}")
    seen = report.observed
    cols = ("measure", "estimate", "95% CI +/-") + (("as logged",) if seen else ())
    for col in cols:
        table.add_column(col, justify="left" if col == "measure" else "right")
    for key, (label, fmt) in _LABELS.items():
        half = report.ci95.get(key)
        cells = [label, _cell(fmt, report.overall[key]), "" if half is None else _cell(fmt, half)]
        if seen:
            cells.append(_cell(fmt, seen[key]) if key in seen else "")
        table.add_row(*cells)
    console.print(table)
    _print_days(console, report)
    if report.risk is not None:
        r = report.risk
        low, high = r["p_miss_ci95"]
        console.print(f"Probability of missing the {r['target']:.0%} target over the horizon: "
                      f"[bold]{r['p_miss']:.1%}[/] (95% CI {low:.1%} to {high:.1%}).")


def _print_days(console: Console, report: SimulationReport) -> None:
    by_day: dict[str, list[dict]] = defaultdict(list)
    for row in report.intervals:
        by_day[str(row["interval_start"])[:10]].append(row)
    table = Table(title="By day (per replication)")
    for col in ("day", "offered", "answered", "abandoned", "blocked", "SL", "peak agents"):
        table.add_column(col, justify="left" if col == "day" else "right")
    for day, rows in sorted(by_day.items()):
        tot = {k: sum(float(r[k]) for r in rows)
               for k in ("offered", "answered", "abandoned", "blocked")}
        within = sum(float(r["service_level"]) * float(r["offered"]) for r in rows
                     if r["offered"])
        sl = within / tot["offered"] if tot["offered"] else None
        table.add_row(day, *(f"{tot[k]:,.1f}" for k in tot), _cell("{:.1%}", sl),
                      f"{max(int(r['agents']) for r in rows)}")
    console.print(table)
