"""What the reports print: the plan report (``outsource report plan``) and the vendor report.

Built by :mod:`outsource.services.reports` from the cost model
(:func:`outsource.services.plan.run_plan`) and the advice
(:func:`outsource.services.advice.run_advice`); the faces in
``outsource.reports`` only lay them out (HTML, PDF, XLSX).

The cost build-up is written as formulas: every :class:`BuildUpLine` has a
spreadsheet formula (Excel syntax, without the leading ``=``) over the names
of :class:`Assumption` cells and of earlier lines. The workbook defines each
name on its cell, so a finance user who changes an assumption sees every
total move; the service evaluates the same formulas itself and checks them
against the model's deterministic figures before anything is written.

Money is in US dollars (``_usd``) unless a field says the scenario's currency.
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.advice import AdviceResult, Firing
from outsource.schemas.base import Column, Rows, Schema
from outsource.schemas.contracts import ContractInForce, ContractWarning
from outsource.schemas.invoices import InvoiceCheck
from outsource.schemas.monitoring import KpiTrend, KpiWarning
from outsource.schemas.plan import PlanResult
from outsource.schemas.sla import SlaRow, SlaTrend, VendorCredits
from outsource.schemas.vendors import DueDiligence, ScoreRow, TestCallSummary

_CUR = " [scenario currency/year]"


class Assumption(Schema):
    """One input of the cost build-up: its value, range and where it comes from."""

    name: str = Field(description="Name of its cell in the workbook (a defined name) and in "
                                  "the formulas.")
    group: str = Field(description="in-house, buyer, rate card, option terms or workload.")
    key: str = Field(description="The model's parameter name or scenario key path "
                                 "(inhouse.wage_usd_per_hour, rate.india.hourly, "
                                 "options[0].billing_increment_s).")
    label: str = Field(description="What it is, in words.")
    value: float = Field(description="Central value the deterministic figures use (mode, or "
                                     "midpoint) in its unit.")
    low: float = Field(description="Low end of its range (= value when fixed), in its unit.")
    high: float = Field(description="High end of its range (= value when fixed), in its "
                                    "unit.")
    dist: str = Field(description="triangular, uniform or fixed.")
    unit: str = Field(description="Unit of value, low and high.")
    given: bool = Field(description="Whether the scenario gives it (false: a default of "
                                    "docs/costs.md, or a figure of the staffing engine).")
    source: str = Field(description="Where the number comes from (publication, card row with "
                                    "its date, scenario key, engine).")
    used_by: list[str] = Field(description="Options whose build-up uses it.")


class BuildUpLine(Schema):
    """One line of an option's cost build-up: a named formula and its value."""

    name: str = Field(description="Name of its cell in the workbook and in later formulas.")
    label: str = Field(description="What the line computes, in words.")
    formula: str = Field(description="Spreadsheet formula (Excel syntax, no leading '=') over "
                                     "assumption and line names.")
    value: float = Field(description="The formula's value at the central inputs, in unit.")
    unit: str = Field(description="Unit of value (USD/year, h/year, FTE, seats, ...).")
    component: str | None = Field(description="The model's cost component this line is "
                                              "(agent_wages, fees, liaison, total, ...); null "
                                              "for an intermediate step.")
    source: str = Field(description="Where the formula is documented.")


class OptionBuildUp(Schema):
    """An option's deterministic annual cost, component by component, as formulas."""

    option: str = Field(description="Option name, as in the comparison.")
    region: str = Field(description="Rate-card region id (in_house for in-house).")
    pricing_model: str = Field(description="Pricing model (hybrid:<split>+<model> for "
                                           "hybrids).")
    lines: list[BuildUpLine] = Field(description="Steps and components, in order; the last "
                                                 "is the total.")
    total: str = Field(description="Name of the line holding the annual total.")
    total_usd: float = Field(description="Annual cost at the central inputs, equal to the "
                                         "model's deterministic figure [USD/year].")
    components_usd: dict[str, float] = Field(description="Component -> annual cost at the "
                                                         "central inputs [USD/year].")


class StaffingRows(Rows):
    """The workload staffed for the service targets, one row per interval and channel."""

    hour_of_week: Column = Field(description="Interval start in hours since Monday 00:00 "
                                             "(local) of the workload's first week [h].")
    weekday: Column = Field(description="Local weekday of the interval start (0 = Monday).")
    hour: Column = Field(description="Local start hour of the interval [h].")
    channel: Column = Field(description="voice, chat, email or social.")
    contacts: Column = Field(description="Contacts arriving in the interval [contacts].")
    aht_s: Column = Field(description="Mean handle time [s].")
    period_s: Column = Field(description="Interval length [s].")
    agents: Column = Field(description="Agents on contacts the targets need [agents].")


class Summary(Schema):
    """The executive summary: what to do, why, and what it saves."""

    verdict: str = Field(description="keep in-house, hybrid or outsource (the advice's "
                                     "overall verdict).")
    method: str | None = Field(description="Recommended way to outsource, if any (its display "
                                           "name).")
    recommendation: str = Field(description="The recommendation in one sentence.")
    reasons: list[Firing] = Field(description="The advice rules that fired behind the verdict "
                                              "and the method, with their evidence.")
    option: str | None = Field(description="The cheapest option matching the advice (else the "
                                           "cheapest priced, for comparison); null when no "
                                           "option is priced.")
    option_annual_cost: float | None = Field(description="Its median annual cost" + _CUR)
    inhouse_annual_cost: float = Field(description="In-house median annual cost" + _CUR)
    savings: float | None = Field(description="Median of paired in-house minus option costs"
                                  + _CUR)
    savings_p10: float | None = Field(description="10th percentile of the savings" + _CUR)
    savings_p90: float | None = Field(description="90th percentile of the savings" + _CUR)
    p_cheaper: float | None = Field(description="Share of Monte Carlo draws in which the option "
                                                "costs less than in-house [share].")
    statement: str = Field(description="The savings range and its probability in words.")


class Risk(Schema):
    """A risk the figures or the advice show, with where it comes from."""

    title: str = Field(description="The risk in a few words.")
    detail: str = Field(description="What the numbers say.")
    source: str = Field(description="The figure, rule or playbook section behind it.")


class MissingItem(Schema):
    """Something the report needed and the scenario did not give."""

    section: str = Field(description="Report part it affects (assumptions, rate card, advice, "
                                     "checklist, quotes).")
    what: str = Field(description="What is missing.")
    consequence: str = Field(description="What the report did instead (default used, option "
                                         "not compared, rule not evaluated).")


class PlanReport(Schema):
    """Everything ``outsource report plan`` prints, in the order of its parts."""

    title: str = Field(description="Report title.")
    scenario: str = Field(description="Scenario name.")
    source: str = Field(description="Scenario file (or the workspace's stored scenario).")
    generated_on: str = Field(description="Date the report was made (YYYY-MM-DD).")
    currency: str = Field(description="ISO 4217 code of the display currency.")
    per_usd: float = Field(description="Units of the display currency per US dollar.")
    draws: int = Field(description="Monte Carlo draws.")
    seed: int = Field(description="Random seed of the draws.")
    summary: Summary = Field(description="Executive summary.")
    plan: PlanResult = Field(description="The option comparison (outsource plan).")
    advice: AdviceResult = Field(description="The advice (outsource advise), on the same "
                                             "draws.")
    staffing: StaffingRows = Field(description="Staffing by interval of the whole workload.")
    annual_factor: float = Field(description="Periods of the workload per year.")
    buildups: list[OptionBuildUp] = Field(description="Cost build-up of every option, "
                                                      "in-house first, in the plan's order.")
    assumptions: list[Assumption] = Field(description="Every input the build-up uses, with "
                                                      "its source.")
    base_savings: float = Field(description="Savings of the best option with every input "
                                            "central (the tornado's base)" + _CUR)
    best_option: str | None = Field(description="Cheapest option by median (the tornado's).")
    risks: list[Risk] = Field(description="Risks, most important first.")
    missing: list[MissingItem] = Field(description="What the scenario did not give and what "
                                                   "the report did instead.")


class PlanReportSummary(Schema):
    """What a finished plan report job keeps beside its files (the web page shows it)."""

    title: str = Field(description="Report title.")
    scenario: str = Field(description="Scenario name.")
    source: str = Field(description="Where the scenario came from.")
    generated_on: str = Field(description="Date the report was made (YYYY-MM-DD).")
    currency: str = Field(description="ISO 4217 code of the display currency.")
    draws: int = Field(description="Monte Carlo draws.")
    seed: int = Field(description="Random seed of the draws.")
    summary: Summary = Field(description="Executive summary.")
    risks: list[Risk] = Field(description="Risks, most important first.")
    missing: list[MissingItem] = Field(description="What the scenario did not give.")


class VendorReport(Schema):
    """The monthly vendor report (``outsource report vendor``): the governance meeting's
    SLA scorecard of one vendor and one month.

    From the vendor's own logs (monitoring, ``services.monitoring``): the monthly KPIs
    with their trend and next month's forecast, and the warnings of the month (handle-time
    gaming, drops below the answer threshold, rising abandonment, ...). From the stores:
    the contract in force, the test calls, the scorecard row, the due diligence. Whatever
    is missing (no logs that month, no contract, no invoice) is listed in ``missing``.
    """

    vendor: str = Field(description="Vendor name.")
    period: str = Field(description="Calendar month reported (YYYY-MM).")
    generated_on: str = Field(description="Date the report was made (YYYY-MM-DD).")
    timezone: str = Field(description="IANA time zone the months are counted in (the "
                                      "contract's; the workspace's without a contract).")
    contract: ContractInForce | None = Field(description="Contract version in force in the "
                                                         "month; null without one.")
    contract_warnings: list[ContractWarning] = Field(description="Review notes on those "
                                                                 "terms.")
    log_months: list[str] = Field(description="Months (YYYY-MM) up to the one reported in "
                                              "which the logs hold contacts of the vendor.")
    sla: VendorCredits | None = Field(description="The month's SLA results against the "
                                                  "contract (services.sla.sla_results): "
                                                  "credits owed and earned back, net, cap, "
                                                  "chronic and critical failures, termination "
                                                  "right, every contract month so far; null "
                                                  "without a contract or logs.")
    sla_rows: list[SlaRow] = Field(description="Each contract metric in the month: value, "
                                               "target, met or missed, credit, earn-back.")
    sla_trends: list[SlaTrend] = Field(description="Each contract metric by contract month "
                                                   "with its breaches, slope and next month's "
                                                   "forecast.")
    invoice: InvoiceCheck | None = Field(description="The month's stored invoice checked "
                                                     "against the logs (outsource "
                                                     "invoice-check); null when none is "
                                                     "stored.")
    kpi_trends: list[KpiTrend] = Field(description="The vendor's monthly KPIs from its logs "
                                                   "up to the month reported (vendor totals), "
                                                   "each with its slope and next month's "
                                                   "forecast; empty without logs.")
    warnings: list[KpiWarning] = Field(description="Monitoring's warnings of the month "
                                                   "(handle-time gaming, drops below the "
                                                   "answer threshold, rising abandonment, "
                                                   "...), each with its figures.")
    test_calls: TestCallSummary = Field(description="Summary of the vendor's test calls.")
    score: ScoreRow | None = Field(description="The vendor's row of the scorecard; null when "
                                               "it could not be scored or the reader is the "
                                               "vendor (the scorecard compares vendors).")
    diligence: DueDiligence = Field(description="Due-diligence checklist as of the month's "
                                                "last day.")
    missing: list[MissingItem] = Field(description="Parts without data and why.")
