"""SLA results against the contract: per vendor and month each metric's value from the
logs, met or missed, credits, earn-back, cap, chronic and critical failure, termination
rights, and each metric's trend with next month's forecast (``outsource credits``).

The row fields ``vendor``, ``metric``, ``value``, ``target``, ``met``, ``credit_usd``,
``earned_back_usd`` and the vendor totals ``credits_usd``, ``cap_usd``, ``net_usd``,
``chronic_failure``, ``termination_right`` are a public contract (issue 14): add fields,
never rename one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from outsource.schemas.base import Schema
from outsource.schemas.contracts import MonthCredits


class SlaRow(Schema):
    """One contract metric of one vendor in one calendar month."""

    vendor: str = Field(description="The vendor.")
    metric: str = Field(description="The contract metric (service_level, abandon_rate, ...).")
    value: float | None = Field(description="The month's value from the contacts (or entered "
                                "by hand); null = no data [the metric's unit: share, s, or "
                                "the survey's scale].")
    target: float = Field(description="The contract's target [the metric's unit].")
    met: bool | None = Field(description="Whether the target was met; null without a value.")
    credit_usd: float = Field(description="Credit owed for the metric this month, after the "
                              "monthly cap [USD].")
    earned_back_usd: float = Field(description="Earlier credits of this metric returned to "
                                   "the vendor this month (earn-back) [USD].")
    month: str = Field(description="Calendar month 'YYYY-MM' in the contract's time zone.")
    direction: Literal[">=", "<="] = Field(description="Met when value >= or <= target.")
    status: Literal["met", "missed", "no_data"] = Field(description="met, missed, or no_data "
                                                        "(not assessed).")
    value_source: Literal["logs", "hand", "none"] = Field(description="logs (the KPI "
                                                          "pipeline on the contacts), hand "
                                                          "(a figure entered by hand) or "
                                                          "none.")
    kpi: str | None = Field(description="The KPI column the value comes from "
                            "(docs/monitoring.md), e.g. sl_excl_short; null for a hand figure.")
    definition: str = Field(description="The metric's definition with the contract's "
                            "parameters, in words.")
    numerator: float | None = Field(description="Numerator of the value's ratio where it is a "
                                    "count (e.g. answered within T) [contacts].")
    denominator: float | None = Field(description="Denominator of the value's ratio where it "
                                      "is a count (e.g. offered - short abandons) [contacts].")
    critical: bool = Field(description="The value is beyond the metric's minimum (a critical "
                           "failure outside baseline months).")
    chronic: bool = Field(description="The metric is in chronic failure this month.")
    allocation_pct: float = Field(description="The metric's allocation [%].")
    uncapped_credit_usd: float = Field(description="Credit before the monthly cap [USD].")
    earn_back: Literal["", "returned", "forfeited", "pending", "no_earn_back"] = Field(
        description="What happens to this month's credit: returned, forfeited, pending (window "
                    "not complete) or no_earn_back; empty without a credit.")
    returned_in: str | None = Field(description="Month 'YYYY-MM' this credit is returned in.")
    note: str = Field(description="Why the credit is what it is, in words.")


class VendorCredits(Schema):
    """One vendor's SLA results and credits for the month asked for."""

    vendor: str = Field(description="The vendor.")
    credits_usd: float = Field(description="Credits owed for the month, after the cap [USD].")
    cap_usd: float = Field(description="The month's cap: fees x at_risk_pct / 100 [USD].")
    net_usd: float = Field(description="credits_usd - earned_back_usd: what the month changes "
                           "in credits owed [USD]; negative when returns exceed new credits.")
    chronic_failure: bool = Field(description="A metric is in chronic failure this month "
                                  "(missed in at least 'misses' of the last 'of_months' "
                                  "months).")
    termination_right: bool = Field(description="The buyer holds a termination right (a "
                                    "chronic or critical failure, this month or earlier).")
    period: str = Field(description="The month 'YYYY-MM'.")
    period_start: datetime = Field(description="First instant of the month in the contract's "
                                   "time zone (ISO 8601 with offset).")
    period_end: datetime = Field(description="First instant after the month, same zone.")
    timezone: str = Field(description="IANA time zone the months are counted in.")
    timezone_source: str = Field(description="Where that zone comes from, in words.")
    contract_version: int = Field(description="Version of the stored contract in force in "
                                  "the month (its terms assess every month shown).")
    contract_month: int = Field(description="1-based month of the contract.")
    baseline: bool = Field(description="A baseline month: measured and reported, no credit.")
    fees_usd: float | None = Field(description="Fees credits are computed on [USD]; null = "
                                   "none known.")
    fees_source: Literal["contract", "invoice", "none"] = Field(description="Where the fees "
                                                                "come from.")
    uncapped_credits_usd: float = Field(description="Credits before the cap [USD].")
    capped: bool = Field(description="The cap reduced the credits.")
    earned_back_usd: float = Field(description="Earlier credits returned this month [USD].")
    cumulative_net_usd: float = Field(description="Net credits from the contract's first "
                                      "month to this one [USD] (>= 0).")
    pending_earn_back_usd: float = Field(description="Credits to date whose earn-back window "
                                         "is not complete [USD].")
    missed_metrics: list[str] = Field(description="Metrics missed this month.")
    missing_metrics: list[str] = Field(description="Metrics without a value this month (not "
                                       "assessed).")
    chronic_failures: list[str] = Field(description="Metrics in chronic failure this month.")
    critical_failures: list[str] = Field(description="Metrics beyond their minimum this month.")
    misses_in_window: dict[str, int] = Field(description="Per metric, months missed among the "
                                             "last 'of_months' (baseline months excluded): the "
                                             "chronic-failure state; empty without the clause.")
    chronic_rule: str | None = Field(description="The chronic-failure clause, e.g. '3 of 6 "
                                     "months'; null without one.")
    termination_right_from: str | None = Field(description="First month 'YYYY-MM' with a "
                                               "termination right.")
    termination_reasons: list[str] = Field(description="What gave the right, in words.")
    note: str = Field(description="The month's credits in words (cap, baseline, no fees).")
    months: list[MonthCredits] = Field(description="Every contract month up to this one: "
                                       "fees, cap, credits, earn-back, net, failures.")


class SlaTrend(Schema):
    """A contract metric's monthly values, breaches, trend and next month's forecast."""

    vendor: str = Field(description="The vendor.")
    metric: str = Field(description="The contract metric.")
    kpi: str | None = Field(description="The KPI column it comes from (null: by hand).")
    target: float = Field(description="The target [the metric's unit].")
    direction: Literal[">=", "<="] = Field(description="Met when value >= or <= target.")
    months: list[str] = Field(description="Contract months 'YYYY-MM', oldest first.")
    values: list[float | None] = Field(description="The value per month (null = no data).")
    met: list[bool | None] = Field(description="Per month: met (true), breached (false), no "
                                   "data (null).")
    slope_per_month: float | None = Field(description="Least-squares slope [the metric's unit "
                                          "per month].")
    trend_p: float | None = Field(description="Two-sided p-value of the slope (null below 3 "
                                  "months).")
    forecast_month: str = Field(description="The month forecast 'YYYY-MM'.")
    forecast: float | None = Field(description="Point forecast of next month.")
    forecast_lo: float | None = Field(description="Lower end of the prediction interval.")
    forecast_hi: float | None = Field(description="Upper end of the prediction interval.")
    interval_level_share: float = Field(description="Level of the prediction interval "
                                        "[share].")
    model: str = Field(description="statsforecast model used (AutoETS, AutoARIMA, "
                       "RandomWalkWithDrift), 'constant', or empty when none.")
    forecast_misses_target: bool | None = Field(description="The point forecast is on the "
                                                "wrong side of the target (null: no "
                                                "forecast).")


class NotCovered(Schema):
    """A vendor whose contract does not cover the month asked for (no results)."""

    vendor: str = Field(description="The vendor.")
    reason: str = Field(description="Why, in words.")


class CreditsResult(Schema):
    """SLA results and service credits for one month (``outsource credits --json``)."""

    period: str = Field(description="The month assessed 'YYYY-MM' (each contract's time "
                        "zone).")
    rows: list[SlaRow] = Field(description="One row per vendor and contract metric for the "
                               "month.")
    vendors: list[VendorCredits] = Field(description="Per vendor: credits, cap, net, "
                                         "chronic failure, termination right.")
    history: list[SlaRow] = Field(description="Every contract month up to the month, per "
                                  "vendor and metric (the earn-back and chronic-failure "
                                  "history).")
    trends: list[SlaTrend] = Field(description="Per vendor and metric: values, breaches, "
                                   "trend and next month's forecast.")
    not_covered: list[NotCovered] = Field(description="Vendors whose contract does not cover "
                                          "the month.")
    uncontracted_vendors: list[str] = Field(default_factory=list, description="Vendors "
                                            "named in the logs without a stored contract: "
                                            "their contacts are not assessed (listed, not "
                                            "dropped silently); empty with --vendor.")
    engine: str = Field(description="Engine of the KPI pipeline: duckdb or spark.")
    source: str = Field(description="Workspace database or Parquet folder read.")
    figures_source: str | None = Field(description="File of figures entered by hand, if any.")
