"""`outsource demo`: seed the demo workspace (Northwind Outfitters and its vendors)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option


@app.command("demo")
def demo(
    workspace: Annotated[Path | None, Opt("--workspace", help="Workspace folder to seed "
                                          "(default: OUTSOURCE_WORKSPACE or "
                                          "./outsource-workspace).")] = None,
    serve: Annotated[bool, Opt("--serve/--no-serve", help="Serve the web app afterwards "
                               "(there is no web app yet: --serve only says so).")] = True,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
) -> None:
    """Seed a demo workspace: the buyer's scenario and contact log, its decision rights,
    three vendors with due-diligence facts and quotes, twelve test calls each. Safe to run
    again: each step adds only what is missing."""
    from rich.console import Console

    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.services.demo import run_demo

    err = Console(stderr=True, highlight=False)
    with err.status("seeding") as status:
        result = run_demo(open_ws(workspace),
                          progress=lambda what: status.update(f"seeding: {what}"))
    if json_out:
        echo_json(result)
    else:
        for s in result.steps:
            typer.echo(f"{s.step}: {s.result}")
        typer.echo(f"demo workspace ready: {result.workspace}")
        w = result.workspace
        typer.echo(f"  try: outsource score --workspace {w}; outsource vendor show "
                   f"andes-bogota --workspace {w}; outsource brief --workspace {w}")
    if serve and not json_out:
        typer.echo("no web app yet: nothing to serve (use --no-serve)")
