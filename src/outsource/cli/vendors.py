"""`outsource vendor ...`: the vendor registry, quotes and test calls (docs/vendors.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option
vendor_app = typer.Typer(name="vendor", no_args_is_help=True, rich_markup_mode=None,
                         help="Vendors: register, list, show, quote, test calls.")
testcalls_app = typer.Typer(name="testcalls", no_args_is_help=True, rich_markup_mode=None,
                            help="Test calls in bulk.")
vendor_app.add_typer(testcalls_app, name="testcalls")
app.add_typer(vendor_app, name="vendor")

Workspace = Annotated[Path | None, Opt("--workspace", help="Workspace folder (default: "
                                       "OUTSOURCE_WORKSPACE or ./outsource-workspace).")]
Json = Annotated[bool, Opt("--json", help="Print JSON.")]
AsOf = Annotated[str | None, Opt("--as-of", help="Judge expiry as of this date "
                                 "(YYYY-MM-DD; default: today).")]
ScenarioFile = Annotated[Path | None, Opt("--scenario", help="Price on this scenario file "
                                          "instead of the workspace's.")]
Draws = Annotated[int, Opt("--draws", help="Monte Carlo draws of the cost model.")]
Seed = Annotated[int, Opt("--seed", help="Random seed.")]
_QUOTE_FLAGS = {"pricing_model": "--model", "rate": "--rate", "valid_until": "--valid-until",
                "valid_from": "--valid-from", "region": "--region", "tier": "--tier",
                "billing_increment_s": "--billing-increment-s", "bill_on": "--bill-on",
                "commission_usd_per_sale": "--commission-usd-per-sale",
                "conversion_rate": "--conversion-rate", "base_share": "--base-share",
                "received_on": "--received-on", "source": "--source",
                "draws": "--draws", "scenario": "--scenario", "vendor": "NAME"}


@vendor_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Unique vendor name, e.g. acme-manila.")],
    region: Annotated[list[str] | None, Opt("--region", help="Region key of the rate card "
                                            "(repeat for several).")] = None,
    file: Annotated[Path | None, Opt("--file", help="VENDOR.yaml with every fact on file "
                                     "(docs/vendors.md).")] = None,
    workspace: Workspace = None,
    json_out: Json = False,
) -> None:
    """Register a vendor: regions, and optionally everything a vendor file holds."""
    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.data.vendor_files import load_vendor_file, parse_vendor
    from outsource.errors import OutsourceError
    from outsource.services.vendors import add_vendor

    extra = list(region or [])
    if file is not None:
        data = load_vendor_file(file, name)
        first = len(data.regions)
        data = data.model_copy(update={"regions": [*data.regions, *extra]})
    else:
        first = 0
        data = parse_vendor({"regions": extra}, None, name)
    try:
        result = add_vendor(open_ws(workspace), data)
    except OutsourceError as exc:
        raise _locate(exc, file, first) from None
    if json_out:
        echo_json(result)
        return
    typer.echo(f"added {result.vendor} ({', '.join(result.regions)}): {result.quotes} quotes, "
               f"{result.test_calls} test calls")
    if result.missing:
        typer.echo(f"  not on file: {'; '.join(result.missing)}")
    if result.problems:
        typer.echo(f"  problems: {'; '.join(result.problems)}")


def _locate(exc, file: Path | None, first: int):  # type: ignore[no-untyped-def]
    """A region error from ``--region`` names the flag; one from the file names the file."""
    from outsource.errors import Conflict

    if isinstance(exc, Conflict):
        return Conflict(exc.message)
    if exc.source is not None or not exc.loc:
        return exc
    if exc.loc[0] == "regions" and (len(exc.loc) == 1 or int(exc.loc[1]) >= first):
        return type(exc)(exc.message, loc=("--region",))
    if file is not None:
        return exc.prefixed(source=str(file))
    return exc


@vendor_app.command("list")
def list_(workspace: Workspace = None, json_out: Json = False, as_of: AsOf = None) -> None:
    """Every vendor: regions, channels, quotes, test calls, due-diligence gaps."""
    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.services.vendors import list_vendors

    with flag_errors({}):
        result = list_vendors(open_ws(workspace), today=parse_date(as_of, "--as-of"))
    if json_out:
        echo_json(result)
        return
    from outsource.cli._vendor_view import print_list

    print_list(result)


@vendor_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Vendor name.")],
    workspace: Workspace = None,
    json_out: Json = False,
    scenario: ScenarioFile = None,
    draws: Draws = 2000,
    seed: Seed = 1,
    as_of: AsOf = None,
) -> None:
    """Everything on file, the due-diligence checklist, test calls with confidence intervals,
    and every quote priced on the scenario beside the rate card and in-house."""
    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.services.vendors import show_vendor

    with flag_errors(_QUOTE_FLAGS):
        result = show_vendor(open_ws(workspace), name, scenario=scenario, draws=draws, seed=seed,
                             today=parse_date(as_of, "--as-of"))
    if json_out:
        echo_json(result)
        return
    from outsource.cli._vendor_view import print_detail

    print_detail(result)


@vendor_app.command("quote")
def quote(
    name: Annotated[str, typer.Argument(help="Vendor name.")],
    model: Annotated[str, Opt("--model", help="Pricing model: shared_per_minute, "
                              "dedicated_hourly, monthly_per_agent, outbound_hourly, "
                              "commission_only, hourly_plus_commission.")],
    rate: Annotated[float, Opt("--rate", help="Rate: USD/min (shared_per_minute), "
                               "USD/agent-month (monthly_per_agent), else USD/h.")],
    valid_until: Annotated[str | None, Opt("--valid-until", help="Last day the price holds "
                                           "(YYYY-MM-DD).")] = None,
    valid_from: Annotated[str | None, Opt("--valid-from", help="First day the price holds.")]
    = None,
    region: Annotated[str | None, Opt("--region", help="Region key (default: the vendor's "
                                      "first region).")] = None,
    billing_increment_s: Annotated[float, Opt("--billing-increment-s", help="Billing rounding "
                                              "per contact [s] (shared per minute).")] = 6.0,
    bill_on: Annotated[str, Opt("--bill-on", help="Hours billed: productive or scheduled "
                                "(dedicated hourly).")] = "productive",
    commission_usd_per_sale: Annotated[float | None, Opt("--commission-usd-per-sale",
                                                         help="Commission [USD/sale].")] = None,
    conversion_rate: Annotated[float | None, Opt("--conversion-rate", help="Sales per contact "
                                                 "(commission models).")] = None,
    base_share: Annotated[float | None, Opt("--base-share", help="Share of the rate paid per "
                                            "hour (hourly_plus_commission).")] = None,
    source: Annotated[str | None, Opt("--source", help="Where the quote came from.")] = None,
    received_on: Annotated[str | None, Opt("--received-on", help="When it arrived (default: "
                                           "today).")] = None,
    workspace: Workspace = None,
    json_out: Json = False,
    scenario: ScenarioFile = None,
    draws: Draws = 2000,
    seed: Seed = 1,
    as_of: AsOf = None,
) -> None:
    """Store a quote and price all of the vendor's quotes on the scenario, beside the rate
    card's option of the same region and model and in-house; expired quotes are flagged."""
    from pydantic import ValidationError

    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.errors import from_validation_error
    from outsource.schemas.vendors import QuoteIn
    from outsource.services.vendors import add_quote

    raw = {"pricing_model": model, "rate": rate, "valid_until": valid_until,
           "valid_from": valid_from, "region": region, "billing_increment_s": billing_increment_s,
           "bill_on": bill_on, "commission_usd_per_sale": commission_usd_per_sale,
           "conversion_rate": conversion_rate, "base_share": base_share, "source": source,
           "received_on": received_on}
    with flag_errors(_QUOTE_FLAGS):
        try:
            q = QuoteIn.model_validate({k: v for k, v in raw.items() if v is not None})
        except ValidationError as exc:
            raise from_validation_error(exc) from None
        result = add_quote(open_ws(workspace), name, q, scenario=scenario, draws=draws,
                           seed=seed, today=parse_date(as_of, "--as-of"))
    if json_out:
        echo_json(result)
        return
    typer.echo(f"stored quote {result.id} for {name}: {q.pricing_model} {q.rate:g} "
               f"({result.quote.region})")
    if result.pricing is None:
        typer.echo("no scenario in the workspace: not priced (outsource scenario set FILE)")
        return
    from outsource.cli._vendor_view import print_pricing

    print_pricing(result.pricing)


@vendor_app.command("testcall")
def testcall(
    name: Annotated[str, typer.Argument(help="Vendor name.")],
    scenario: Annotated[str, Opt("--scenario", help="What the caller asked about (the "
                                 "mystery-shopping scenario).")],
    date_: Annotated[str | None, Opt("--date", help="Date of the call (YYYY-MM-DD; default: "
                                     "today).")] = None,
    channel: Annotated[str, Opt("--channel", help="voice, chat, email or social.")] = "voice",
    wait_s: Annotated[float | None, Opt("--wait-s", help="Wait until answered, or until "
                                        "giving up [s].")] = None,
    handled: Annotated[bool, Opt("--handled/--not-handled", help="Answered by an agent.")]
    = True,
    resolved: Annotated[bool | None, Opt("--resolved/--not-resolved", help="The question "
                                         "was resolved (default: not recorded).")] = None,
    clarity: Annotated[int | None, Opt("--clarity", help="Clarity and language, 1-5.")] = None,
    courtesy: Annotated[int | None, Opt("--courtesy", help="Courtesy, 1-5.")] = None,
    accuracy: Annotated[int | None, Opt("--accuracy", help="Accuracy of the answer, 1-5.")]
    = None,
    notes: Annotated[str | None, Opt("--notes", help="Notes.")] = None,
    workspace: Workspace = None,
    json_out: Json = False,
) -> None:
    """Record one test call (mystery shopping) and print the vendor's test-call summary."""
    from datetime import date

    from pydantic import ValidationError

    from outsource.cli._common import echo_json, flag_errors
    from outsource.cli._common import workspace as open_ws
    from outsource.errors import from_validation_error
    from outsource.schemas.vendors import TestCallIn
    from outsource.services.vendors import add_test_call

    raw = {"called_on": date_ or date.today().isoformat(), "scenario": scenario,
           "channel": channel, "wait_s": wait_s, "handled": handled, "resolved": resolved,
           "clarity": clarity, "courtesy": courtesy, "accuracy": accuracy, "notes": notes}
    flags = {"called_on": "--date", "scenario": "--scenario", "channel": "--channel",
             "wait_s": "--wait-s", "handled": "--handled", "resolved": "--resolved",
             "clarity": "--clarity", "courtesy": "--courtesy", "accuracy": "--accuracy",
             "notes": "--notes", "vendor": "NAME"}
    with flag_errors(flags):
        try:
            call = TestCallIn.model_validate({k: v for k, v in raw.items() if v is not None})
        except ValidationError as exc:
            raise from_validation_error(exc) from None
        result = add_test_call(open_ws(workspace), name, call)
    if json_out:
        echo_json(result)
        return
    from outsource.cli._vendor_view import print_calls

    typer.echo(f"recorded test call {result.id} for {name}")
    print_calls(result.summary)


@testcalls_app.command("import")
def testcalls_import(
    file: Annotated[Path, typer.Argument(help="CSV of test calls (docs/vendors.md).")],
    vendor: Annotated[str | None, Opt("--vendor", help="Vendor of every row (when the file "
                                      "has no vendor column).")] = None,
    workspace: Workspace = None,
    json_out: Json = False,
) -> None:
    """Import test calls from CSV: every row or none; the same file again changes nothing."""
    from outsource.cli._common import echo_json
    from outsource.cli._common import workspace as open_ws
    from outsource.services.vendors import import_test_calls

    result = import_test_calls(open_ws(workspace), file, vendor)
    if json_out:
        echo_json(result)
        return
    if result.already_imported:
        typer.echo(f"{file}: already imported; nothing changed")
        return
    per = ", ".join(f"{k} {v}" for k, v in result.by_vendor.items())
    typer.echo(f"{file}: imported {result.imported} test calls ({per})")
