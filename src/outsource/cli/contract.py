"""`outsource contract ...`: contracts as data (issue 13; docs/contracts.md).

`check` validates a file and stores nothing; `add` stores a new version in the
workspace; `list`, `show` and `render` read what is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option
contract_app = typer.Typer(help="Contracts: the SLA schedule, credits, governance and exit "
                                "terms as data.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(contract_app, name="contract")

Workspace = Annotated[Path | None, Opt("--workspace", help="Workspace folder (default: "
                                       "OUTSOURCE_WORKSPACE or ./outsource-workspace).")]
Json = Annotated[bool, Opt("--json", help="Print JSON.")]
Version = Annotated[int | None, Opt("--version", help="Version number (default: the "
                                    "newest).")]
_FLAGS = {"effective_from": "--effective-from", "version": "--version", "as_of": "--as-of"}


@contract_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Contract YAML (see docs/contracts.md).")],
    json_out: Json = False,
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


@contract_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="Contract YAML (see docs/contracts.md); its "
                                         "vendor must be in the registry.")],
    effective_from: Annotated[str | None, Opt("--effective-from", help="First day this "
                                              "version governs (YYYY-MM-DD). Default: the "
                                              "contract's start for a first version, else "
                                              "the later of start and today.")] = None,
    workspace: Workspace = None,
    json_out: Json = False,
) -> None:
    """Validate a contract file and store it as the vendor's next version (identical terms:
    nothing stored)."""
    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.services.stored_contracts import add_contract

    with flag_errors(_FLAGS):
        result = add_contract(open_ws(workspace), file,
                              effective_from=parse_date(effective_from, "--effective-from"))
    if json_out:
        echo_json(result)
        return
    typer.echo(f"{result.source}: {result.message}")
    if result.changed:
        typer.echo(f"  changed: {', '.join(result.changed)}")
    for w in result.warnings:
        typer.echo(f"warning: {w.key}: {w.message}")


@contract_app.command("list")
def list_(workspace: Workspace = None, json_out: Json = False) -> None:
    """Every vendor's contract: its newest version, term and how many versions."""
    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.services.stored_contracts import list_contracts

    result = list_contracts(open_ws(workspace))
    if json_out:
        echo_json(result)
        return
    if not result.contracts:
        typer.echo("no contracts stored yet")
        return
    from rich.box import SIMPLE
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    t = Table("vendor", "version", "of", "effective", "start", "end", box=SIMPLE)
    for r in result.contracts:
        t.add_row(escape(r.vendor), str(r.version), str(result.versions[r.vendor]),
                  f"{r.effective_from}", f"{r.start}", f"{r.end}")
    Console(highlight=False, soft_wrap=False).print(t)


def _pct(x: float) -> str:
    return f"{x:g} %"


@contract_app.command("show")
def show(
    vendor: Annotated[str, typer.Argument(help="Vendor name.")],
    version: Version = None,
    as_of: Annotated[str | None, Opt("--as-of", help="Term status on this day (YYYY-MM-DD; "
                                     "default: today).")] = None,
    workspace: Workspace = None,
    json_out: Json = False,
) -> None:
    """The stored contract: its terms, where the term stands today (start, end, renewal and
    notice dates) and every version."""
    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.services.stored_contracts import show_contract

    with flag_errors(_FLAGS):
        r = show_contract(open_ws(workspace), vendor, version=version,
                          as_of=parse_date(as_of, "--as-of"))
    if json_out:
        echo_json(r)
        return
    from rich.box import SIMPLE
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    out = Console(highlight=False, soft_wrap=True)
    c, st = r.contract, r.term_status
    stamp = "" if r.stored_at is None else f", stored {r.stored_at:%Y-%m-%d %H:%M}"
    out.print(f"[bold]{escape(vendor)}[/]: contract version {r.version} of "
              f"{r.current_version} (effective from {r.effective_from}{stamp}, from "
              f"{escape(r.source)})")
    renewal = (f"renews automatically for {c.term_months} months unless notice"
               if c.renewal == "auto" else "does not renew")
    out.print(f"Term: {c.term_months} months from {c.start} to {r.end}; {renewal}; notice "
              f"{c.notice_days} days.")
    if st.term_number == 0:
        state = f"not started (starts {c.start})"
    elif st.ended:
        state = f"ended {st.term_end}"
    else:
        state = (f"term {st.term_number}, {st.term_start} to {st.term_end}; notice to end it "
                 f"by {st.notice_deadline}")
        if st.renews:
            state += f"; without notice it renews to {st.next_term_end}"
    out.print(f"On {r.as_of}: {state}.")
    fees = (f"${c.fees_usd_per_month:,.0f} a month" if c.fees_usd_per_month is not None
            else "each month's invoice total")
    cf = c.chronic_failure
    out.print(f"Fees: {fees}; {_pct(c.at_risk_pct)} at risk; baseline {c.baseline_months} "
              f"months; earn-back {c.earn_back_months} months; chronic failure "
              + (f"{cf.misses} of {cf.of_months} months." if cf else "none."))
    tc = c.termination_for_convenience
    if tc is None:
        term = "no termination for convenience"
    else:
        pct = tc.fee_pct_of_remaining
        fee = (" / ".join(f"{x:g} %" for x in pct) + " by contract year"
               if isinstance(pct, list) else f"{pct:g} %")
        term = (f"termination for convenience at {fee} of the remaining fees, "
                f"{tc.min_notice_days} days' notice")
    out.print(f"Exit: {term}; exit assistance {c.exit_assistance_months} months; data back "
              f"within {c.data_return_days} days.")
    t = Table("metric", "target", "critical", "allocation", title="SLA schedule", box=SIMPLE)
    for m in c.metrics:
        word = ">=" if m.higher_is_better else "<="
        t.add_row(escape(m.metric), f"{word} {m.target:g}",
                  "-" if m.minimum is None else f"{m.minimum:g}", _pct(m.allocation_pct))
    out.print(t)
    v = Table("version", "effective", "stored", "start", "end", title="Versions", box=SIMPLE)
    for x in r.versions:
        v.add_row(str(x.version), f"{x.effective_from}",
                  "-" if x.stored_at is None else f"{x.stored_at:%Y-%m-%d %H:%M}",
                  f"{x.start}", f"{x.end}")
    out.print(v)
    for w in r.warnings:
        out.print(f"warning: {escape(w.key)}: {escape(w.message)}")


@contract_app.command("render")
def render(
    vendor: Annotated[str, typer.Argument(help="Vendor name.")],
    out: Annotated[Path | None, Opt("--out", help="Write to FILE.md (Markdown) or FILE.html "
                                    "(standalone HTML) instead of printing Markdown.")]
    = None,
    version: Version = None,
    workspace: Workspace = None,
) -> None:
    """The SLA schedule and contract terms people sign, from the stored version: each
    metric's formula in words, credits with a worked example, failures, governance,
    termination and exit."""
    from outsource.cli._common import document_kind, flag_errors, write_document
    from outsource.cli._common import workspace as open_ws

    kind = document_kind(out)
    from outsource.reports.contract import render_contract
    from outsource.services.stored_contracts import show_contract

    with flag_errors(_FLAGS):
        r = show_contract(open_ws(workspace), vendor, version=version)
    note = (f"Version {r.version} of {r.current_version} of the stored contract, effective "
            f"from {r.effective_from} (from {r.source}).")
    text = render_contract(r.contract, kind, warnings=r.warnings, note=note)  # type: ignore[arg-type]
    if out is None:
        typer.echo(text, nl=False)
        return
    write_document(out, text)
    typer.echo(f"wrote {out}")
