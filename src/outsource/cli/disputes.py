"""`outsource disputes list`: the vendors' disputes of SLA results and invoice lines.

Disputes are filed by vendor users and decided by the buyer on the web
(the monitoring page, or ``/api/disputes``); the CLI lists them.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

disputes_app = typer.Typer(help="Disputes of SLA results and invoice lines (filed on the web).",
                           no_args_is_help=True)
app.add_typer(disputes_app, name="disputes")


class StatusChoice(StrEnum):
    open = "open"
    accepted = "accepted"
    rejected = "rejected"


@disputes_app.command("list")
def list_command(
    vendor: Annotated[str | None, typer.Option("--vendor", help="Only this vendor's.")] = None,
    status: Annotated[StatusChoice | None, typer.Option(
        "--status", help="Only open, accepted or rejected ones.")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", help="Only those of this month (YYYY-MM).")] = None,
    workspace: Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")
                         ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """Disputes, newest first, with the buyer's decisions."""
    from outsource.cli._common import echo_json, flag_errors
    from outsource.cli._common import workspace as open_ws
    from outsource.errors import InvalidInput
    from outsource.services.disputes import list_disputes
    from outsource.services.users import cli_principal

    with flag_errors({"vendor": "--vendor", "period": "--period"}):
        if period is not None and not (len(period) == 7 and period[4] == "-"
                                       and period[:4].isdigit() and period[5:].isdigit()
                                       and 1 <= int(period[5:]) <= 12):
            raise InvalidInput(f"'{period}' is not a month (YYYY-MM)", field="period")
        result = list_disputes(open_ws(workspace), actor=cli_principal(), vendor=vendor,
                               status=status.value if status else None, period=period)
    if json_out:
        echo_json(result)
        return
    from rich.console import Console
    from rich.table import Table

    if not result.disputes:
        typer.echo("no disputes")
        return
    table = Table(title=f"Disputes ({result.open} open)")
    for head in ("#", "vendor", "month", "subject", "comment", "filed by", "status",
                 "decision"):
        table.add_column(head, justify="right" if head == "#" else "left")
    for d in result.disputes:
        subject = d.metric if d.kind == "sla" else f"invoice line {d.line_ref}"
        decision = (f"{d.decided_by}: {d.decision_comment}" if d.status != "open" else "")
        table.add_row(str(d.id), d.vendor, d.period, subject or "", d.comment, d.filed_by,
                      d.status, decision)
    Console().print(table)
