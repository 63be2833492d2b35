"""`outsource credits`, `invoice-check` and `invoices`: SLA results, credits and invoices.

Only stdlib, typer and the app are imported here; services, rich and the engines load
inside the commands, so ``outsource --help`` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from outsource.cli.app import app


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


Vendor = Annotated[str | None, typer.Option("--vendor", help="Only this vendor.")]
Workspace = Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")]
Engine = Annotated[EngineChoice, typer.Option("--engine", help="duckdb (default) or spark.")]
Source = Annotated[Path | None, typer.Option(
    "--source", help="Parquet folder of canonical interactions instead of the workspace.")]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _open(workspace: Path | None) -> Any:
    from outsource.services.workspace import open_workspace

    return open_workspace(workspace)


def _spark_master() -> str:
    from outsource.settings import get_settings

    return get_settings().spark_master


def _echo_json(value: Any) -> None:
    from outsource.schemas.base import dumps

    typer.echo(dumps(value, indent=True).decode())


def _value(v: float | None, metric: str) -> str:
    if v is None:
        return "-"
    if metric in ("asa_s", "aht_s"):
        return f"{v:,.1f} s"
    if metric == "csat":
        return f"{v:.2f}"
    return f"{100 * v:.1f} %"


def _console() -> Any:
    """A rich console; 120 columns when the output is not a terminal (files, pipes)."""
    import sys

    from rich.console import Console

    return Console(highlight=False, soft_wrap=True,
                   width=None if sys.stdout.isatty() else 120)


def _usd(x: float | None) -> str:
    return "-" if x is None else f"${x:,.2f}"


@app.command("credits")
def credits_command(
    period: Annotated[str, typer.Option(
        "--period", help="The month to assess, YYYY-MM (in each contract's time zone).")],
    vendor: Vendor = None,
    figures: Annotated[Path | None, typer.Option(
        "--figures", help="CSV vendor,month,metric,value[,note] of figures entered by hand "
        "(e.g. CSAT from a survey).")] = None,
    engine: Engine = EngineChoice.duckdb,
    source: Source = None,
    workspace: Workspace = None,
    json_out: JsonOut = False,
) -> None:
    """SLA results against the contract: each metric's value from the logs, met or missed,
    credits, earn-back, cap, chronic failure and termination rights, with trends."""
    from outsource.services.sla import sla_results

    ws = _open(workspace)
    result = sla_results(ws, period, vendor=vendor, figures=figures, engine=engine.value,
                         source=source, spark_master=_spark_master())
    if json_out:
        _echo_json(result)
        return
    _print_credits(result)


def _print_credits(res: Any) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    out = _console()
    trends = {(t.vendor, t.metric): t for t in res.trends}
    for vc in res.vendors:
        head = (f"[bold]{vc.vendor}[/] {vc.period} (contract v{vc.contract_version}, month "
                f"{vc.contract_month}; {vc.timezone}): credits {_usd(vc.credits_usd)} of a "
                f"cap of {_usd(vc.cap_usd)}, earned back {_usd(vc.earned_back_usd)}, net "
                f"{_usd(vc.net_usd)}")
        out.print(head)
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
        for col in ("metric", "value", "target", "met", "credit", "earned back",
                    f"forecast {res.trends[0].forecast_month if res.trends else ''}"):
            table.add_column(col, justify="left" if col in ("metric", "met") else "right")
        for r in (x for x in res.rows if x.vendor == vc.vendor):
            t = trends.get((vc.vendor, r.metric))
            fc = "-"
            if t is not None and t.forecast is not None:
                fc = (f"{_value(t.forecast, r.metric)} [{_value(t.forecast_lo, r.metric)}, "
                      f"{_value(t.forecast_hi, r.metric)}]")
            met = {True: "met", False: "[red]missed[/]", None: "no data"}[r.met]
            if r.critical:
                met += " [bold red]critical[/]"
            if r.value_source == "hand":
                met += " (by hand)"
            table.add_row(r.metric, _value(r.value, r.metric),
                          f"{r.direction} {_value(r.target, r.metric)}", met,
                          _usd(r.credit_usd), _usd(r.earned_back_usd), fc)
        out.print(table)
        out.print(f"  {escape(vc.note)}")
        if vc.chronic_rule:
            state = ", ".join(f"{m} {n}" for m, n in vc.misses_in_window.items() if n)
            out.print(f"  Chronic failure at {vc.chronic_rule}: misses in the window: "
                      f"{state or 'none'}.")
        if vc.termination_right:
            out.print(f"  [bold red]Termination right[/] from {vc.termination_right_from}: "
                      f"{escape('; '.join(vc.termination_reasons))}.")
        out.print("")
    for nc in res.not_covered:
        out.print(f"{nc.vendor}: not assessed: {escape(nc.reason)}")
    if res.uncontracted_vendors:
        out.print("In the logs without a stored contract (not assessed): "
                  f"{escape(', '.join(res.uncontracted_vendors))}.")
    out.print(f"Values from the contacts ({res.engine}, {escape(res.source)}); forecasts: "
              f"{int(100 * (res.trends[0].interval_level_share if res.trends else 0.8))} % "
              "prediction intervals (statsforecast). Every month and metric: --json.")


@app.command("invoice-check")
def invoice_check_command(
    invoice: Annotated[Path, typer.Argument(
        help="Invoice CSV: vendor,period,line,quantity,unit,unit_price[,channel,description].")],
    agent_states: Annotated[Path | None, typer.Option(
        "--agent-states", help="CSV agent,vendor,state,start,end: hours delivered support "
        "hourly lines (default: the hours the logged workload required).")] = None,
    recheck: Annotated[bool, typer.Option(
        "--recheck", help="Check an invoice already stored from this file again and rewrite "
        "its check.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check only: store nothing.")] = False,
    engine: Engine = EngineChoice.duckdb,
    source: Source = None,
    workspace: Workspace = None,
    json_out: JsonOut = False,
) -> None:
    """Check a vendor's invoice against its logs: billable minutes, staffed hours, the
    difference in money per line, overbilled lines flagged; stored for disputes."""
    from outsource.services.invoices import check_invoice

    ws = _open(workspace)
    result = check_invoice(ws, invoice, agent_states=agent_states, engine=engine.value,
                           source=source, spark_master=_spark_master(), recheck=recheck,
                           store=not dry_run)
    if json_out:
        _echo_json(result)
        return
    _print_invoices(result.invoices)
    typer.echo(f"{result.overbilled_lines} overbilled line(s), {_usd(result.overbilled_usd)} "
               f"to dispute, of {_usd(result.billed_usd)} billed.")


def _print_invoices(invoices: list[Any]) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    out = _console()
    for inv in invoices:
        state = ("already stored: the stored check" if inv.already_imported and not inv.stored
                 else "re-checked" if inv.already_imported else
                 "stored" if inv.stored else "not stored")
        out.print(f"[bold]{inv.vendor}[/] {inv.period} invoice "
                  f"{'#' + str(inv.id) if inv.id else ''} ({escape(inv.source)}; {state}): "
                  f"billed {_usd(inv.billed_usd)}, supported {_usd(inv.supported_usd)}, "
                  f"difference {_usd(inv.difference_usd)}")
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
        for col in ("id", "line", "quantity", "unit", "billed", "supported", "difference",
                    "status"):
            table.add_column(col, justify="left" if col in ("line", "unit", "status")
                             else "right")
        for ln in inv.lines:
            status = f"[bold red]{ln.status}[/]" if ln.overbilled else ln.status
            table.add_row("-" if ln.id is None else str(ln.id), escape(ln.line),
                          f"{ln.quantity:,.2f}", ln.unit + (f" ({ln.channel})" if ln.channel
                                                            else ""),
                          _usd(ln.billed_usd), _usd(ln.supported_usd), _usd(ln.difference_usd),
                          status)
        out.print(table)
        for ln in inv.lines:
            if ln.status != "ok":
                out.print(f"  line {escape(ln.line)} (file line {ln.file_line}): "
                          f"{escape(ln.reason)}")
        for note in inv.notes:
            out.print(f"  {escape(note)}")
        out.print("")


@app.command("invoices")
def invoices_command(
    vendor: Vendor = None,
    period: Annotated[str | None, typer.Option(
        "--period", help="Only invoices for this month, YYYY-MM.")] = None,
    workspace: Workspace = None,
    json_out: JsonOut = False,
) -> None:
    """Stored invoices with their checked lines (line ids are what a dispute references)."""
    from outsource.services.invoices import list_invoices

    result = list_invoices(_open(workspace), vendor=vendor, period=period)
    if json_out:
        _echo_json(result)
        return
    if not result.invoices:
        typer.echo("no invoices stored (outsource invoice-check FILE)")
        return
    _print_invoices(result.invoices)
