"""`outsource brief`: the hand-over brief (why customers contact, what they need, who decides)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option


@app.command("brief")
def brief(
    vendor: Annotated[str | None, Opt("--vendor", help="Address the brief to this vendor "
                                      "(adds how its languages, hours and channels fit).")]
    = None,
    out: Annotated[Path | None, Opt("--out", help="Write to FILE.md (Markdown) or FILE.html "
                                    "(HTML) instead of printing Markdown.")] = None,
    rights: Annotated[Path | None, Opt("--rights", help="Decision-rights YAML: replaces the "
                                       "workspace's before writing the brief.")] = None,
    workspace: Annotated[Path | None, Opt("--workspace", help="Workspace folder.")] = None,
    json_out: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
    scenario: Annotated[Path | None, Opt("--scenario", help="Take languages and hours from "
                                         "this scenario file instead of the workspace's.")]
    = None,
) -> None:
    """The hand-over brief from the workspace's imported logs: contact reasons by volume,
    handle time, repeat and transfer rates, peak hours, languages, and the decision rights
    representatives have; Markdown or HTML."""
    from outsource.cli._common import document_kind, echo_json, write_document
    from outsource.cli._common import workspace as open_ws

    kind = document_kind(out)
    from outsource.reports.brief import render_html, render_markdown
    from outsource.services.brief import build_brief

    result = build_brief(open_ws(workspace), vendor=vendor, rights=rights, scenario=scenario)
    if json_out:
        echo_json(result)
    text = render_html(result) if kind == "html" else render_markdown(result)
    if out is None:
        if not json_out:
            typer.echo(text, nl=False)
        return
    write_document(out, text)
    if not json_out:
        typer.echo(f"wrote {out}")
