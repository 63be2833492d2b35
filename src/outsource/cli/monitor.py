"""`outsource monitor`, `export`, `warnings` and `capacity`: thin adapters over the services.

Only stdlib, typer and the app are imported here; services, rich, Ibis, DuckDB
and PySpark load inside the commands, so ``outsource --help`` stays fast.
"""

from __future__ import annotations

from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from outsource.cli.app import app

#: Domain field -> CLI flag, for error messages.
_FLAGS = {
    "vendor": "--vendor", "period": "--period", "timezone": "--timezone",
    "interval_minutes": "--interval-minutes", "answer_within_s": "--answer-within-s",
    "short_abandon_s": "--short-abandon-s", "repeat_window_days": "--repeat-window-days",
    "business_hours": "--business-hours", "holidays": "--holidays",
    "first_response_within_h": "--first-response-within-h",
    "resolution_within_h": "--resolution-within-h", "engine": "--engine", "source": "--source",
    "workspace": "--workspace", "parquet": "--parquet", "service_level": "--service-level",
    "near_zero_handle_s": "--near-zero-handle-s", "threshold_band_s": "--threshold-band-s",
    "ping_pong_window_s": "--ping-pong-window-s", "alpha": "--alpha",
}


class PeriodChoice(StrEnum):
    interval = "interval"
    day = "day"
    week = "week"
    month = "month"


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


Vendor = Annotated[str | None, typer.Option("--vendor", help="Only this vendor.")]
Workspace = Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")]
Engine = Annotated[EngineChoice, typer.Option("--engine", help="duckdb (default) or spark.")]
Source = Annotated[Path | None, typer.Option(
    "--source", help="Parquet folder of canonical interactions instead of the workspace.")]
Zone = Annotated[str | None, typer.Option(
    "--timezone", help="Time zone of periods (default: the workspace's, else UTC).")]
#: ``--tz``: a short spelling of ``--timezone`` (hidden: one documented flag per concept).
ZoneShort = Annotated[str | None, typer.Option("--tz", hidden=True)]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@contextmanager
def _flags():
    """Rename domain fields of errors to the CLI flags that set them."""
    from pydantic import ValidationError

    from outsource.errors import OutsourceError, from_validation_error

    try:
        yield
    except ValidationError as exc:
        err = from_validation_error(exc)
        raise _renamed(err) from None
    except OutsourceError as exc:
        raise _renamed(exc) from None


def _renamed(err: Any) -> Any:
    if err.loc and isinstance(err.loc[0], str) and err.loc[0] in _FLAGS and err.source is None:
        return type(err)(err.message, loc=(_FLAGS[err.loc[0]], *err.loc[1:]),
                         line=err.line, column=err.column)
    return err


def _workspace(workspace: Path | None) -> Path:
    from outsource.settings import get_settings

    return get_settings(workspace=workspace).workspace


def _zone(timezone: str | None, ws: Path, source: Path | None, tz: str | None = None) -> str:
    if timezone or tz:
        return timezone or tz  # type: ignore[return-value]
    if source is not None:
        return "UTC"
    from outsource.services.monitoring import workspace_timezone

    return workspace_timezone(ws)


def _source_kwargs(ws: Path, source: Path | None, engine: EngineChoice) -> dict[str, Any]:
    from outsource.settings import get_settings

    return {"workspace": ws, "source": source, "engine": engine.value,
            "spark_master": get_settings().spark_master}


@contextmanager
def _busy(message: str):
    """A spinner on stderr while the engine works (terminals only)."""
    from rich.console import Console

    err = Console(stderr=True)
    if not err.is_terminal:
        yield
        return
    with err.status(message):
        yield


def _echo_json(value: Any) -> None:
    from outsource.schemas.base import dumps

    typer.echo(dumps(value, indent=True).decode())


@app.command("monitor")
def monitor_command(
    vendor: Vendor = None,
    period: Annotated[PeriodChoice, typer.Option(
        "--period", help="Row period: interval, day, week or month.")] = PeriodChoice.day,
    answer_within_s: Annotated[float, typer.Option(
        "--answer-within-s", help="Service-level threshold T: within T = wait <= T [s].")] = 20.0,
    short_abandon_s: Annotated[float, typer.Option(
        "--short-abandon-s", help="Abandons with a wait below it are short [s].")] = 5.0,
    repeat_window_days: Annotated[float, typer.Option(
        "--repeat-window-days", help="Window of a repeat contact [days].")] = 7.0,
    engine: Engine = EngineChoice.duckdb,
    source: Source = None,
    workspace: Workspace = None,
    timezone: Zone = None,
    tz: ZoneShort = None,
    interval_minutes: Annotated[int, typer.Option(
        "--interval-minutes", help="Interval length for --period interval: 15, 30, 60.")] = 30,
    business_hours: Annotated[str, typer.Option(
        "--business-hours", help='Calendar of e-mail timers, e.g. "Mon-Fri 08:00-20:00 '
        'America/New_York".')] = "24/7",
    holidays: Annotated[str | None, typer.Option(
        "--holidays", help="Public holidays closing the calendar: US, US-NY, GB ...")] = None,
    first_response_within_h: Annotated[float, typer.Option(
        "--first-response-within-h", help="E-mail first-response target [business h].")] = 24.0,
    resolution_within_h: Annotated[float, typer.Option(
        "--resolution-within-h", help="E-mail resolution target [business h].")] = 72.0,
    breakdown: Annotated[bool, typer.Option(
        "--breakdown", help="Table: also rows per queue and channel.")] = False,
    json_out: JsonOut = False,
) -> None:
    """KPIs per vendor, queue, channel and period from the vendor's own logs."""
    from outsource.schemas.monitoring import MonitorOptions
    from outsource.services.monitoring import monitor

    ws = _workspace(workspace)
    with _flags():
        opts = MonitorOptions(
            vendor=vendor, period=period.value, timezone=_zone(timezone, ws, source, tz),
            interval_minutes=interval_minutes, answer_within_s=answer_within_s,
            short_abandon_s=short_abandon_s, repeat_window_days=repeat_window_days,
            business_hours=business_hours, holidays=holidays,
            first_response_within_h=first_response_within_h,
            resolution_within_h=resolution_within_h)
        with _busy(f"computing KPIs on {engine.value}"):
            result = monitor(opts, **_source_kwargs(ws, source, engine))
    if json_out:
        _echo_json(result.to_json_dict())
        return
    _print_kpis(result, breakdown)


def _fmt(value: Any, kind: str) -> str:
    if value is None or value != value:
        return "-"
    if kind == "share":
        return f"{100 * value:.1f}"
    if kind == "s":
        return f"{value:,.0f}"
    if kind == "n":
        return f"{value:,}"
    return f"{value:.2f}"


def _print_kpis(result: Any, breakdown: bool) -> None:
    import pyarrow.compute as pc
    from rich import box
    from rich.console import Console
    from rich.table import Table

    opts = result.options
    rows = result.rows
    if not breakdown:
        rows = rows.filter(pc.and_(pc.is_null(rows["queue"]), pc.is_null(rows["channel"])))
    columns = [("vendor", "vendor", None), ("queue", "queue", None),
               ("channel", "channel", None), ("period_start", "period", None),
               ("offered", "offered", "n"), ("sl_offered", "SL%", "share"),
               ("asa_s", "ASA s", "s"), ("abandon_rate", "aband%", "share"),
               ("aht_s", "AHT s", "s"), ("repeat_rate", "repeat%", "share"),
               ("fcr", "FCR%", "share"), ("transfer_rate", "transf%", "share"),
               ("csat", "CSAT", "x")]
    if not breakdown:
        columns = [c for c in columns if c[0] not in ("queue", "channel")]
    table = Table(title=f"KPIs per {opts.period} ({opts.timezone})", box=box.SIMPLE_HEAD,
                  padding=(0, 0), show_edge=False)
    for _, head, kind in columns:
        table.add_column(head, justify="left" if kind is None else "right", no_wrap=True)
    stamp = {"interval": "%m-%d %H:%M", "month": "%Y-%m"}.get(opts.period, "%Y-%m-%d")
    data = {name: rows.column(name).to_pylist() for name, _, _ in columns}
    for i in range(rows.num_rows):
        cells = []
        for name, _, kind in columns:
            v = data[name][i]
            if name == "period_start":
                cells.append(v.strftime(stamp))
            elif kind is None:
                cells.append("all" if v is None else str(v))
            else:
                cells.append(_fmt(v, kind))
        table.add_row(*cells)
    hidden = result.rows.num_rows - rows.num_rows
    table.caption = (f"SL = answered within {opts.answer_within_s:g} s / offered (sl_offered; "
                     f"the other formulas in --json); repeat window "
                     f"{opts.repeat_window_days:g} days"
                     + (f"; {hidden:,} rows per queue and channel: --breakdown or --json"
                        if hidden else ""))
    Console().print(table)


@app.command("export")
def export_command(
    parquet: Annotated[Path, typer.Option(
        "--parquet", help="Folder to write the Parquet dataset to (by vendor and month).")],
    workspace: Workspace = None,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace the folder if it exists.")] = False,
    json_out: JsonOut = False,
) -> None:
    """Export the workspace's interactions as Parquet, partitioned by vendor and month."""
    from outsource.services.monitoring import export_parquet

    with _flags(), _busy("writing Parquet"):
        report = export_parquet(_workspace(workspace), parquet, overwrite=overwrite)
    if json_out:
        _echo_json(report)
        return
    typer.echo(f"wrote {report['rows']:,} interactions to {report['path']} "
               f"({len(report['files'])} files)")


@app.command("warnings")
def warnings_command(
    vendor: Vendor = None,
    answer_within_s: Annotated[float, typer.Option(
        "--answer-within-s", help="Service-level threshold T [s].")] = 20.0,
    repeat_window_days: Annotated[float, typer.Option(
        "--repeat-window-days", help="Window of a repeat contact [days].")] = 7.0,
    near_zero_handle_s: Annotated[float, typer.Option(
        "--near-zero-handle-s", help="Handle times below it are near zero [s].")] = 10.0,
    threshold_band_s: Annotated[float, typer.Option(
        "--threshold-band-s", help="Band below/above T compared for bunching [s].")] = 5.0,
    ping_pong_window_s: Annotated[float, typer.Option(
        "--ping-pong-window-s", help="Window of a transfer chain [s].")] = 3600.0,
    alpha: Annotated[float, typer.Option(
        "--alpha", help="Significance level of each one-sided test.")] = 0.01,
    engine: Engine = EngineChoice.duckdb,
    source: Source = None,
    workspace: Workspace = None,
    timezone: Zone = None,
    tz: ZoneShort = None,
    json_out: JsonOut = False,
) -> None:
    """Warnings from the logs: handle-time gaming, abandonment, repeat hot spots."""
    from outsource.schemas.monitoring import MonitorOptions
    from outsource.services.monitoring import (
        monitoring_warnings,
        rule_thresholds,
        vendor_test_calls,
    )

    ws = _workspace(workspace)
    with _flags():
        calls = vendor_test_calls(ws, vendor)
        opts = MonitorOptions(vendor=vendor, period="month",
                              timezone=_zone(timezone, ws, source, tz),
                              answer_within_s=answer_within_s,
                              repeat_window_days=repeat_window_days,
                              near_zero_handle_s=near_zero_handle_s,
                              threshold_band_s=threshold_band_s,
                              ping_pong_window_s=ping_pong_window_s)
        with _busy(f"computing monthly KPIs on {engine.value}"):
            result = monitoring_warnings(opts, rule_thresholds(alpha=alpha), calls,
                                         **_source_kwargs(ws, source, engine))
    if json_out:
        _echo_json(result)
        return
    from rich.console import Console

    out = Console()
    if not result.warnings:
        out.print("no warnings", highlight=False)
        return
    for w in result.warnings:
        out.print(f"[bold]{w.period_start:%Y-%m}[/] [yellow]{w.kind}[/] {w.message}",
                  highlight=False, soft_wrap=True)


@app.command("capacity")
def capacity_command(
    commitments: Annotated[Path, typer.Option(
        "--commitments", help="CSV vendor,interval_start,hours of committed hours.")],
    agent_states: Annotated[Path | None, typer.Option(
        "--agent-states", help="CSV agent,vendor,state,start,end of agent states.")] = None,
    vendor: Vendor = None,
    interval_minutes: Annotated[int, typer.Option(
        "--interval-minutes", help="Interval length: 15, 30 or 60 [min].")] = 30,
    service_level: Annotated[float, typer.Option(
        "--service-level", help="Service-level target of the hours required (0-1).")] = 0.8,
    answer_within_s: Annotated[float, typer.Option(
        "--answer-within-s", help="Threshold of that target [s].")] = 20.0,
    engine: Engine = EngineChoice.duckdb,
    source: Source = None,
    workspace: Workspace = None,
    timezone: Zone = None,
    tz: ZoneShort = None,
    json_out: JsonOut = False,
) -> None:
    """Hours required, committed and delivered per vendor and interval."""
    from outsource.schemas.monitoring import CapacityOptions
    from outsource.services.monitoring import capacity

    ws = _workspace(workspace)
    with _flags():
        opts = CapacityOptions(vendor=vendor, timezone=_zone(timezone, ws, source, tz),
                               interval_minutes=interval_minutes, service_level=service_level,
                               answer_within_s=answer_within_s)
        with _busy(f"staffing the logged volume on {engine.value}"):
            result = capacity(opts, commitments, agent_states,
                              **_source_kwargs(ws, source, engine))
    if json_out:
        _echo_json(result)
        return
    _print_capacity(result)


def _print_capacity(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Capacity per vendor ({result.timezone}, "
                        f"{result.options.interval_minutes}-minute intervals)")
    for head in ("vendor", "required h", "committed h", "delivered h", "under-delivered h",
                 "under-delivered int.", "understaffed int."):
        table.add_column(head, justify="left" if head == "vendor" else "right")
    for v in result.vendors:
        table.add_row(v.vendor, f"{v.required_h:,.1f}", f"{v.committed_h:,.1f}",
                      "-" if v.delivered_h is None else f"{v.delivered_h:,.1f}",
                      "-" if v.under_delivered_h is None else f"{v.under_delivered_h:,.1f}",
                      "-" if v.under_delivered_intervals is None
                      else f"{v.under_delivered_intervals:,}",
                      f"{v.understaffed_intervals:,}")
    table.caption = (f"delivered states: {', '.join(result.delivered_states)}; "
                     "per-interval rows with --json")
    Console().print(table)
