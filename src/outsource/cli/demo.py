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
                               "and print the demo logins (default); --no-serve only "
                               "seeds.")] = True,
    host: Annotated[str, Opt("--host", help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, Opt("--port", help="TCP port to serve on.")] = 8000,
    json_out: Annotated[bool, Opt("--json", help="Print JSON (the seed steps; no serving, "
                                  "no passwords).")] = False,
) -> None:
    """Seed a demo workspace: the buyer's scenario and contact log, its decision rights,
    three vendors with due-diligence facts and quotes, twelve test calls each, a contract
    each, demo users; then serve it. Safe to run again: each step adds only what is
    missing."""
    from rich.console import Console

    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.services.demo import demo_logins, run_demo

    err = Console(stderr=True, highlight=False)
    ws = open_ws(workspace)
    with err.status("seeding") as status:
        result = run_demo(ws, progress=lambda what: status.update(f"seeding: {what}"))
    if json_out:
        echo_json(result)
    else:
        for s in result.steps:
            typer.echo(f"{s.step}: {s.result}")
        typer.echo(f"demo workspace ready: {result.workspace}")
        w = result.workspace
        typer.echo(f"  try: outsource score --workspace {w}; outsource vendor show "
                   f"andes-bogota --workspace {w}; outsource brief --workspace {w}")
        typer.echo(f"       outsource credits --period 2026-10 --workspace {w}; outsource "
                   f"invoice-check {w}/invoices/acme-manila-2026-10.csv --workspace {w}")
    if not serve or json_out:
        if not json_out:
            typer.echo(f"  serve it with its demo logins: outsource demo --workspace {w}")
        return
    typer.echo(f"\ndemo logins for http://{host}:{port}/ (passwords made for this "
               "workspace, printed only by the demo):")
    for login in demo_logins(ws):
        who = f"vendor user of {login.vendor}" if login.vendor else login.role
        typer.echo(f"  {login.name:<14} {login.password:<18} {who}")
    typer.echo(f"  the breach: http://{host}:{port}/monitoring/andes-bogota (as analyst; "
               "as andes-bogota to dispute a month)")
    from outsource.cli.serve import run_server

    run_server(ws.path, host, port)
