"""`outsource contract ...`: contracts as data (issue 13). Today: `contract check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

contract_app = typer.Typer(help="Contracts: the SLA schedule, credits, governance and exit "
                                "terms as data.", no_args_is_help=True)
app.add_typer(contract_app, name="contract")


@contract_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Contract YAML (see docs/contracts.md).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Validate a contract file and print its warnings; stores nothing."""
    from outsource.schemas.base import dumps
    from outsource.services.contracts import check_contract_file

    result = check_contract_file(file)
    if json_out:
        typer.echo(dumps(result, indent=True).decode())
        return
    c = result.contract
    typer.echo(f"{result.source}: a valid contract with {c.vendor}, {c.term_months} months "
               f"from {c.start:%Y-%m-%d} to {result.end:%Y-%m-%d}; {len(c.metrics)} metrics, "
               f"allocations {result.allocation_total_pct:g} % of {c.at_risk_pct:g} % at risk; "
               + (f"{len(result.warnings)} warning(s):" if result.warnings else "no warnings."))
    for w in result.warnings:
        typer.echo(f"warning: {w.key}: {w.message}")
