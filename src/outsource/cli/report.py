"""`outsource report ...`: documents for the decision and the governance meeting (issue 16).

`report plan` writes the plan report as a PDF and/or an Excel workbook with live
formulas; `report vendor` the monthly vendor report (SLA scorecard) of one vendor and
month (docs/reports.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option
report_app = typer.Typer(help="Reports: the plan report and the monthly vendor report, as PDF "
                         "and Excel (live formulas).",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(report_app, name="report")


@report_app.command("plan")
def plan(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML (see docs/examples).")],
    xlsx: Annotated[Path | None, Opt("--xlsx", help="Write the workbook here (.xlsx): one "
                                     "sheet per part, native charts, the cost build-up as "
                                     "live formulas.")] = None,
    pdf: Annotated[Path | None, Opt("--pdf", help="Write the PDF here (.pdf).")] = None,
    draws: Annotated[int, Opt(help="Monte Carlo draws of the cost model.")] = 10_000,
    seed: Annotated[int, Opt(help="Random seed.")] = 1,
    workspace: Annotated[Path | None, Opt("--workspace", help="Workspace whose imported "
                                          "contact log gives the advice measured shares.")]
    = None,
) -> None:
    """The plan report: recommendation and why, savings range and its probability, options,
    staffing by interval, cost build-up, assumptions with sources, sensitivity, risks, the
    seven steps and what is missing. Give --pdf, --xlsx or both."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from outsource.data.scenario import load_scenario_inputs
    from outsource.errors import InvalidInput
    from outsource.reports.pipeline import check_suffix
    from outsource.reports.plan import write_plan_report
    from outsource.services.reports import plan_report

    if xlsx is None and pdf is None:
        raise InvalidInput("give --pdf FILE, --xlsx FILE or both", loc=("--pdf",))
    check_suffix(xlsx, ".xlsx", "--xlsx")
    check_suffix(pdf, ".pdf", "--pdf")
    inputs = load_scenario_inputs(scenario)
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("loading", total=1.0)

        def step(share: float, message: str) -> None:
            bar.update(task, completed=share, description=message)

        report = plan_report(inputs, draws=draws, seed=seed, workspace=workspace,
                             source=str(scenario), progress=step)
        step(0.75, "writing " + " and ".join(str(p) for p in (pdf, xlsx) if p is not None))
        write_plan_report(report, pdf=pdf, xlsx=xlsx)
        step(1.0, "done")
    written = " and ".join(str(p) for p in (pdf, xlsx) if p is not None)
    typer.echo(f"wrote {written}")
    typer.echo(report.summary.recommendation)
    typer.echo(report.summary.statement)
    if report.missing:
        typer.echo(f"{len(report.missing)} item(s) missing from the scenario: see the report's "
                   "last part")


@report_app.command("vendor")
def vendor(
    vendor: Annotated[str, Opt("--vendor", help="The vendor (a name of the registry).")],
    period: Annotated[str, Opt("--period", help="The month reported, YYYY-MM.")],
    pdf: Annotated[Path | None, Opt("--pdf", help="Write the PDF here (.pdf).")] = None,
    xlsx: Annotated[Path | None, Opt("--xlsx", help="Write the workbook here (.xlsx): one "
                                     "sheet per part, the credits as live formulas, native "
                                     "charts of the trend.")] = None,
    draws: Annotated[int, Opt(help="Monte Carlo draws of the scorecard's cost model.")] = 2000,
    workspace: Annotated[Path | None, Opt("--workspace", help="The workspace (vendors, "
                                          "contracts, logs, invoices).")] = None,
) -> None:
    """The monthly vendor report: each SLA metric against its target, trend with next month's
    forecast, credits owed and earned back, chronic-failure status and termination right,
    warnings from the logs, contract terms, test calls, invoice check, scorecard and due
    diligence. Give --pdf, --xlsx or both."""
    from rich.console import Console

    from outsource.cli._common import workspace as open_ws
    from outsource.errors import InvalidInput
    from outsource.reports.pipeline import check_suffix
    from outsource.reports.vendor import write_vendor_report
    from outsource.services.reports import vendor_report
    from outsource.services.stored_contracts import _month

    if xlsx is None and pdf is None:
        raise InvalidInput("give --pdf FILE, --xlsx FILE or both", loc=("--pdf",))
    check_suffix(xlsx, ".xlsx", "--xlsx")
    check_suffix(pdf, ".pdf", "--pdf")
    try:
        _month(period)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, loc=("--period",)) from None
    ws = open_ws(workspace)
    err = Console(stderr=True)
    with err.status(f"gathering {vendor}'s {period}: SLA results, KPIs, warnings, invoice"):
        report = vendor_report(ws, vendor, period, draws=draws)
    with err.status("writing " + " and ".join(str(p) for p in (pdf, xlsx) if p is not None)):
        write_vendor_report(report, pdf=pdf, xlsx=xlsx)
    typer.echo(f"wrote {' and '.join(str(p) for p in (pdf, xlsx) if p is not None)}")
    sla = report.sla
    if sla is not None:
        missed = ", ".join(sla.missed_metrics) or "none"
        typer.echo(f"{report.vendor} {report.period}: missed {missed}; credits "
                   f"${sla.credits_usd:,.2f}, earned back ${sla.earned_back_usd:,.2f}, net "
                   f"${sla.net_usd:,.2f} (cap ${sla.cap_usd:,.2f}); chronic failure "
                   f"{'yes' if sla.chronic_failure else 'no'}, termination right "
                   f"{'yes' if sla.termination_right else 'no'}")
    if report.warnings:
        typer.echo(f"{len(report.warnings)} warning(s) from the logs")
    if report.invoice is not None and report.invoice.overbilled_lines:
        typer.echo(f"invoice: {report.invoice.overbilled_lines} line(s) overbilled, "
                   f"${report.invoice.overbilled_usd:,.2f} to dispute")
    for m in report.missing:
        typer.echo(f"missing ({m.section}): {m.what}")
