"""`outsource scenario set|show`: the workspace's scenario (stored in its database)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option
scenario_app = typer.Typer(name="scenario", no_args_is_help=True, rich_markup_mode=None,
                           help="The workspace's scenario: what quotes are priced on.")
app.add_typer(scenario_app, name="scenario")
Workspace = Annotated[Path | None, Opt("--workspace", help="Workspace folder.")]
Json = Annotated[bool, Opt("--json", help="Print JSON.")]


@scenario_app.command("set")
def set_(
    file: Annotated[Path, typer.Argument(help="Scenario YAML (see docs/costs.md).")],
    workspace: Workspace = None,
    json_out: Json = False,
) -> None:
    """Validate a scenario file (and its workload) and make it the workspace's scenario."""
    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.services.scenarios import set_scenario

    result = set_scenario(open_ws(workspace), file)
    if json_out:
        echo_json(result)
    else:
        typer.echo(f"scenario '{result.name}' is now the workspace's (from {result.source})")


@scenario_app.command("show")
def show(workspace: Workspace = None, json_out: Json = False) -> None:
    """Print the workspace's scenario file."""
    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.services.scenarios import show_scenario

    result = show_scenario(open_ws(workspace))
    if json_out:
        echo_json(result)
    else:
        typer.echo(f"# scenario '{result.name}' from {result.source} "
                   f"(relative paths from {result.base_dir})")
        typer.echo(result.yaml, nl=False)
