"""`outsource serve`: the web app on uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app


def run_server(workspace: Path | None, host: str, port: int) -> None:
    """Build the app on ``workspace`` and serve it until interrupted (``serve``, ``demo``)."""
    import uvicorn

    from outsource.settings import get_settings
    from outsource.web.app import create_app

    settings = get_settings(workspace=workspace)
    web = create_app(settings)
    typer.echo(f"outsource: serving {settings.workspace} on http://{host}:{port}/ "
               "(Ctrl+C stops)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="info", proxy_headers=False,
                server_header=False)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port to listen on.")] = 8000,
    workspace: Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")
                         ] = None,
) -> None:
    """Serve the web app (pages and the JSON API under /api) until interrupted."""
    run_server(workspace, host, port)
