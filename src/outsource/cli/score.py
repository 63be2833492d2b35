"""`outsource score`: the vendor scorecard, how firm its winner is, the cost-quality frontier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option


@app.command("score")
def score(
    weights: Annotated[Path | None, Opt("--weights", help="YAML of criterion: weight "
                                        "(criteria not named weigh 0; default: the playbook "
                                        "defaults of docs/vendors.md).")] = None,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    workspace: Annotated[Path | None, Opt("--workspace", help="Workspace folder.")] = None,
    scenario: Annotated[Path | None, Opt("--scenario", help="Price cost on this scenario file "
                                         "instead of the workspace's.")] = None,
    draws: Annotated[int, Opt("--draws", help="Monte Carlo draws of the cost model.")] = 2000,
    seed: Annotated[int, Opt("--seed", help="Random seed (cost model and weight draws).")] = 1,
    dirichlet_draws: Annotated[int, Opt("--dirichlet-draws", help="Random weight vectors "
                                        "near yours for the win shares.")] = 10_000,
    concentration: Annotated[float, Opt("--concentration", help="Dirichlet concentration: "
                                        "larger stays nearer your weights.")] = 50.0,
    as_of: Annotated[str | None, Opt("--as-of", help="Judge quotes and certificates as of "
                                     "this date (YYYY-MM-DD; default: today).")] = None,
) -> None:
    """Score every vendor on weighted criteria (cost from the cost model; missing facts shown
    as missing), rank them, and say how firm the winner is."""
    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.services.scoring import score_vendors

    flags = {"dirichlet_draws": "--dirichlet-draws", "concentration": "--concentration",
             "draws": "--draws"}
    with flag_errors(flags):
        result = score_vendors(open_ws(workspace), weights=weights, scenario=scenario,
                               draws=draws, seed=seed, dirichlet_draws=dirichlet_draws,
                               concentration=concentration, today=parse_date(as_of, "--as-of"))
    if json_out:
        echo_json(result)
        return
    from outsource.cli._vendor_view import print_scorecard

    print_scorecard(result)
