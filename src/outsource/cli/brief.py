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
    from outsource.errors import InvalidInput

    kind = None
    if out is not None:
        kind = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(
            out.suffix.lower())
        if kind is None:
            raise InvalidInput("write a .md or .html file", loc=("--out",))
    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
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
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write: {exc.strerror}", loc=("--out",)) from None
    if not json_out:
        typer.echo(f"wrote {out}")
