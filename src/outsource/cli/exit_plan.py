"""`outsource exit-plan`: taking a vendor's work back in-house (playbook step 7).

Defaults of the ramp flags are those of ``core.exit_plan.EXIT_DEFAULTS`` (a test
checks the help texts against it); they are written out here so that
``outsource --help`` imports nothing but Typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from outsource.cli.app import app

Opt = typer.Option
#: Domain field -> flag, for errors.
FLAGS = {"hires_per_week": "--hires-per-week", "training_weeks": "--training-weeks",
         "time_to_proficiency_weeks": "--time-to-proficiency-weeks",
         "start_proficiency_share": "--start-proficiency-share",
         "ramp_attrition_share": "--ramp-attrition-share",
         "parallel_run_weeks": "--parallel-run-weeks", "monthly_fees_usd": "--monthly-fees-usd",
         "fte_needed": "--scenario", "vendor": "--vendor", "scenario": "--scenario"}


@app.command("exit-plan")
def exit_plan(
    vendor: Annotated[str | None, Opt("--vendor", help="The vendor whose work is taken back "
                                      "(default: every vendor with a contract).")] = None,
    notice_date: Annotated[str | None, Opt("--notice-date", help="Day notice would be given "
                                           "and hiring starts (YYYY-MM-DD; default: "
                                           "today).")] = None,
    failure_right: Annotated[bool, Opt("--failure-right", help="A chronic or critical "
                                       "failure gave the termination right: no fee, the "
                                       "vendor pays exit assistance (an input until "
                                       "monitoring tells).")] = False,
    failure_from_monitoring: Annotated[bool, Opt(
        "--failure-from-monitoring", help="Take each vendor's failure right from its SLA "
        "results up to the notice date's month (outsource credits): a chronic or critical "
        "failure gives it.")] = False,
    hires_per_week: Annotated[float | None, Opt("--hires-per-week", help="Most people hired "
                                                "a week (default 10).")] = None,
    training_weeks: Annotated[int | None, Opt("--training-weeks", help="Weeks of paid "
                                              "training before taking contacts (default 4, "
                                              "or the scenario's training hours / 40).")]
    = None,
    time_to_proficiency_weeks: Annotated[int | None, Opt(
        "--time-to-proficiency-weeks", help="Productive weeks until fully proficient "
        "(default 8).")] = None,
    start_proficiency_share: Annotated[float | None, Opt(
        "--start-proficiency-share", help="Output in the first productive week, share of a "
        "tenured agent's (default 0.5).")] = None,
    ramp_attrition_share: Annotated[float | None, Opt(
        "--ramp-attrition-share", help="Share of each hiring class leaving before full "
        "proficiency (default 0.2).")] = None,
    parallel_run_weeks: Annotated[int | None, Opt(
        "--parallel-run-weeks", help="Weeks both teams serve once in-house is ready "
        "(default 4, or the scenario's parallel-run months).")] = None,
    monthly_fees_usd: Annotated[float | None, Opt(
        "--monthly-fees-usd", help="Monthly fees valuing the remaining term, for a contract "
        "without a fixed fee [USD/month].")] = None,
    scenario: Annotated[Path | None, Opt("--scenario", help="Staff this scenario file's "
                                         "workload instead of the workspace's.")] = None,
    workspace: Annotated[Path | None, Opt("--workspace", help="Workspace folder (default: "
                                          "OUTSOURCE_WORKSPACE or ./outsource-workspace).")]
    = None,
    json_out: Annotated[bool, Opt("--json", help="Print JSON: one plan with --vendor, else "
                                  "{notice_date, workload, plans}.")] = False,
) -> None:
    """To take a vendor's work back in-house: agents and FTE the workspace scenario's
    workload needs, the hiring and training ramp, its weeks and cost, the termination
    fee the contract implies, who pays exit assistance, and a red flag when the ramp
    outlasts notice plus exit assistance."""
    from outsource.cli._common import echo_json, flag_errors, parse_date
    from outsource.cli._common import workspace as open_ws
    from outsource.services.exit_plans import exit_plans

    ramp = {"hires_per_week": hires_per_week, "training_weeks": training_weeks,
            "time_to_proficiency_weeks": time_to_proficiency_weeks,
            "start_proficiency_share": start_proficiency_share,
            "ramp_attrition_share": ramp_attrition_share,
            "parallel_run_weeks": parallel_run_weeks}
    with flag_errors({**FLAGS, "notice_date": "--notice-date"}):
        result = exit_plans(open_ws(workspace), vendor=vendor,
                            notice_date=parse_date(notice_date, "--notice-date"),
                            failure_right=failure_right,
                            failure_from_monitoring=failure_from_monitoring,
                            ramp_inputs={k: float(v) for k, v in ramp.items() if v is not None},
                            monthly_fees_usd=monthly_fees_usd, scenario=scenario)
    if json_out:
        echo_json(result.plans[0] if vendor is not None else result)
        return
    from outsource.cli._exit_view import print_plans

    print_plans(result)
