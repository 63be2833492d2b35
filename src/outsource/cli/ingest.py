"""`outsource import` and `outsource profile`: thin adapters over the services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app, print_json

#: Files at least this large [bytes] show a progress bar while importing.
LARGE_FILE = 20 * 1024 * 1024


def _workspace(workspace: Path | None) -> Path:
    from outsource.settings import get_settings

    return get_settings(workspace=workspace).workspace


def _waiting() -> None:
    from rich.console import Console

    Console(stderr=True).print("another import is writing this workspace: waiting for it to "
                               "finish", highlight=False)


def _import_with_bar(file: Path, ws: Path, mapping, quiet: bool):  # type: ignore[no-untyped-def]
    from outsource.services.ingest import import_file

    if quiet or not file.is_file() or file.stat().st_size < LARGE_FILE:
        return import_file(file, ws, mapping, on_wait=_waiting)
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    columns = (
        *Progress.get_default_columns()[:2],
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"reading {file.name}", total=file.stat().st_size)
        return import_file(file, ws, mapping, lambda done, _: bar.update(task, completed=done),
                           on_wait=_waiting)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV/TSV (optionally .gz) or Parquet contact log.")],
    mapping: Annotated[Path | None, typer.Option("--mapping", help="YAML mapping file.")] = None,
    workspace: Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import a contact log into the workspace (rejected rows are kept and reported).

    Exit code 2, nothing stored, when the file gives no row (empty, a header
    only, every row rejected); rows rejected beside imported ones are listed
    and warned about on standard error."""
    from outsource.data.loader import NothingImported
    from outsource.data.mapping import load_mapping

    preset = load_mapping(mapping) if mapping is not None else None
    try:
        res = _import_with_bar(file, _workspace(workspace), preset, json_out)
    except NothingImported as exc:
        if exc.rejects and not json_out:
            from rich.console import Console

            err = Console(stderr=True, markup=False, highlight=False, soft_wrap=True)
            _print_rejects(err, exc.rejects, more="more (nothing was stored)")
        raise
    if json_out:
        print_json(res)
        return
    from rich.console import Console

    # markup off: file names, reasons and values are the user's text, printed as written
    out = Console(markup=False, highlight=False, soft_wrap=True)
    if res.already_imported:
        out.print(f"{file}: already imported (import {res.import_id}); nothing changed")
        return
    replaced = f", replaced {res.replaced:,}" if res.replaced else ""
    out.print(
        f"{file}: imported {res.imported:,}{replaced}, rejected {res.rejected:,}, "
        f"duplicates skipped {res.duplicates_skipped:,} of {res.rows_read:,} rows"
    )
    for reason, n in res.dropped.items():
        out.print(f"  dropped {n:,}: {reason}")
    rows = [(int(res.rejects.line[i]), str(res.rejects.column[i]), str(res.rejects.reason[i]))
            for i in range(min(len(res.rejects), 20))]
    _print_rejects(out, rows, len(res.rejects))
    err = Console(stderr=True, markup=False, highlight=False, soft_wrap=True)
    if res.rejected:
        err.print(f"warning: {res.rejected:,} of {res.rows_read:,} rows rejected (listed above; "
                  "all in the workspace's rejects); fix them and import the corrected rows")
    elif res.imported == 0:
        err.print("warning: no new row imported (every row was a duplicate or dropped on "
                  "purpose)")


def _print_rejects(out, rows: list[tuple[int, str, str]], total: int | None = None,  # type: ignore[no-untyped-def]
                   more: str = "more in the workspace's rejects table") -> None:
    """The first 20 rejects, one a line, and how many more there are."""
    total = len(rows) if total is None else total
    for line, column, reason in rows[:20]:
        out.print(f"  line {line}, column {column}: {reason}")
    if total > 20:
        out.print(f"  ... {total - 20:,} {more}")


@app.command("profile")
def profile_command(
    workspace: Annotated[Path | None, typer.Option("--workspace", help="Workspace folder.")] = None,
    interval: Annotated[
        int, typer.Option("--interval", help="Interval length: 15, 30 or 60 [min].")
    ] = 30,
    business_hours: Annotated[
        str | None,
        typer.Option("--business-hours", help='e.g. "Mon-Fri 08:00-20:00 America/New_York".'),
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="Time zone of the profile.")
    ] = None,
    percentile: Annotated[
        float | None,
        typer.Option("--percentile", help="Export this percentile of calls instead of the mean."),
    ] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Only this channel.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write the workload CSV here.")] = None,
) -> None:
    """Profile the imported workload: volume, AHT, abandonment, patience, after-hours."""
    from outsource.services.profile import ProfileOptions, build_profile, export_workload

    opts = ProfileOptions(
        interval=interval,
        business_hours=business_hours,
        timezone=timezone,
        percentile=percentile,
        channel=channel,
    )
    prof = build_profile(_workspace(workspace), opts)
    n_rows = export_workload(prof, out, channel) if out is not None else 0
    if json_out:
        print_json(prof)
        return
    _print_profile(prof)
    if out is not None:
        from rich.console import Console

        Console(markup=False, highlight=False).print(f"wrote {n_rows} intervals to {out}")


def _fmt(x: float | None, pattern: str = "{:.1f}") -> str:
    return "n/a" if x is None else pattern.format(x)


def _print_profile(prof) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Workload {prof.first_day} .. {prof.last_day} ({prof.timezone})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in [
        ("offered contacts", f"{prof.offered:,}"),
        ("mean handle time (s)", _fmt(prof.mean_handle_s)),
        ("abandonment", _fmt(prof.abandon_rate, "{:.1%}")),
        ("mean patience (s) (Brown et al. 2005)", _fmt(prof.patience_s)),
        ("median patience (s) (Kaplan-Meier)", _fmt(prof.patience_km_median_s)),
        ("after-hours share", _fmt(prof.after_hours_share, "{:.1%}")),
        ("long contacts", _fmt(prof.long_contact_share, "{:.1%}")),
        ("transferred", _fmt(prof.transfer_share, "{:.1%}")),
        ("repeat within 7 days", _fmt(prof.repeat_7d_share, "{:.1%}")),
        ("channel mix", ", ".join(f"{c} {s:.0%}" for c, s in prof.channel_mix.items())),
    ]:
        table.add_row(name, value)
    Console(markup=False).print(table)
