"""Contracts: the contract file (a public format, issue 13) and the results read from it.

The file's keys are kept exactly as issue 13 names them (docs/contracts.md is
their reference). Validation names the key of every error (via
``outsource.errors.from_validation_error``); :func:`contract_warnings` lists
what is legal but unwise (the playbook's advice). Results of the credit engine,
termination and the exit plan are the other models of this module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from outsource.core.contract import (
    HIGHER_IS_BETTER,
    METRICS,
    QUALITY_METRICS,
    RATE_METRICS,
    SECONDS_METRICS,
    SL_FORMULAS,
)
from outsource.core.hours import HoursOfOperation
from outsource.core.termination import term_end
from outsource.errors import InvalidInput
from outsource.schemas.base import Schema

Metric = Literal[METRICS]  # type: ignore[valid-type]
Formula = Literal[SL_FORMULAS]  # type: ignore[valid-type]
Cadence = Literal["daily", "weekly", "biweekly", "monthly", "quarterly", "semiannual", "annual"]
#: A number written as a number (YAML ``true`` or ``"12"`` are refused, not coerced).
Num = Annotated[float, Field(strict=True)]
Int = Annotated[int, Field(strict=True)]


def _scoped(value: object, info: ValidationInfo, allowed: tuple[str, ...], *,
            required: bool = False, hint: str = "") -> None:
    """Refuse a metric-specific key on another metric, or its absence where required."""
    metric = info.data.get("metric")
    if metric is None:  # the metric itself was invalid: that error is reported
        return
    if value is not None and metric not in allowed:
        raise ValueError(f"{info.field_name} applies only to {' and '.join(allowed)}, "
                         f"not {metric}")
    if required and value is None and metric in allowed:
        raise ValueError(f"is required for {metric}{hint}")


class Calendar(Schema):
    """The business calendar e-mail response times are counted in."""

    hours: str = Field(description="Business hours, e.g. 'Mon-Fri 08:00-18:00 "
                                   "America/New_York' (the hours syntax of docs/staffing.md).")
    holidays: str | None = Field(default=None, description="Public holidays not counted as "
                                 "business time: a country code of the 'holidays' package "
                                 "('us'), optionally with a subdivision ('us-ny'); null for "
                                 "none.")

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        try:
            HoursOfOperation.parse(v)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        return v

    @field_validator("holidays")
    @classmethod
    def _holidays(cls, v: str | None) -> str | None:
        if v is None or v.lower() == "none":
            return None
        import holidays  # a small import, needed only to check the code

        country, _, subdiv = v.upper().partition("-")
        supported = holidays.list_supported_countries()
        if country not in supported:
            raise ValueError(f"unknown holiday country '{v}' (a code of the holidays package, "
                             "e.g. 'us')")
        if subdiv and subdiv not in supported[country]:
            raise ValueError(f"unknown subdivision '{subdiv}' of {country}")
        return v.lower()


class MetricTerm(Schema):
    """One row of the SLA schedule."""

    metric: Metric = Field(description="What is measured: " + ", ".join(METRICS) + ".")
    formula: Formula | None = Field(default=None, validate_default=True,
                                    description="service_level only: how abandoned contacts "
                                    "count (" + ", ".join(SL_FORMULAS) + ").")
    answer_within_s: Num | None = Field(default=None, validate_default=True,
                                        description="service_level only: answer threshold T "
                                        "[s]; 'within T' means wait <= T.")
    short_abandon_s: Num | None = Field(default=None, validate_default=True,
                                        description="service_level with formula "
                                        "offered_excl_short: contacts abandoned with a wait "
                                        "strictly below this are left out [s].")
    window_days: Int | None = Field(default=None, validate_default=True,
                                    description="repeat_rate and fcr: a contact is a repeat "
                                    "when the same customer contacts again within this many "
                                    "days [days]; default 7.")
    within_business_hours: Num | None = Field(default=None, validate_default=True,
                                              description="email_response only: first "
                                              "response due within this many business "
                                              "hours [h].")
    calendar: Calendar | None = Field(default=None, validate_default=True,
                                      description="email_response only: the business "
                                      "calendar the hours count in.")
    target: Num = Field(description="The level to meet: met when value >= target for "
                        "service_level, fcr, csat, email_response; when value <= target for "
                        "asa_s, abandon_rate, repeat_rate, aht_s. Rates as shares 0-1, times "
                        "in seconds, csat on the logs' score scale.")
    minimum: Num | None = Field(default=None, description="Optional floor (a ceiling for "
                                "lower-is-better metrics): a month beyond it is a critical "
                                "failure.")
    allocation_pct: Num = Field(ge=0, le=100, description="Share of the at-risk amount this "
                                "metric carries [%]; 0 = reported, no credit.")

    @field_validator("metric", mode="before")
    @classmethod
    def _known_metric(cls, v: object) -> object:
        if isinstance(v, str) and v not in METRICS:
            raise ValueError(f"unknown metric '{v}' (one of {', '.join(METRICS)})")
        return v

    @field_validator("formula", mode="before")
    @classmethod
    def _known_formula(cls, v: object) -> object:
        if isinstance(v, str) and v not in SL_FORMULAS:
            raise ValueError(f"unknown formula '{v}' (one of {', '.join(SL_FORMULAS)})")
        return v

    @field_validator("formula")
    @classmethod
    def _formula(cls, v: str | None, info: ValidationInfo) -> str | None:
        _scoped(v, info, ("service_level",), required=True,
                hint=" (the contract must name its formula: " + ", ".join(SL_FORMULAS) + ")")
        return v

    @field_validator("answer_within_s")
    @classmethod
    def _answer_within(cls, v: float | None, info: ValidationInfo) -> float | None:
        _scoped(v, info, ("service_level",), required=True)
        if v is not None and not v >= 0:
            raise ValueError(f"must be >= 0 seconds, got {v:g}")
        return v

    @field_validator("short_abandon_s")
    @classmethod
    def _short(cls, v: float | None, info: ValidationInfo) -> float | None:
        if v is None and info.data.get("formula") == "offered_excl_short":
            raise ValueError("is required for formula offered_excl_short")
        if v is not None and info.data.get("metric") is not None and (
                info.data.get("metric") != "service_level"
                or info.data.get("formula", "offered_excl_short") != "offered_excl_short"):
            raise ValueError("applies only to service_level with formula offered_excl_short")
        if v is not None and not v >= 0:
            raise ValueError(f"must be >= 0 seconds, got {v:g}")
        return v

    @field_validator("window_days")
    @classmethod
    def _window(cls, v: int | None, info: ValidationInfo) -> int | None:
        _scoped(v, info, ("repeat_rate", "fcr"))
        if v is not None and v < 1:
            raise ValueError(f"must be at least 1 day, got {v}")
        return 7 if v is None and info.data.get("metric") in ("repeat_rate", "fcr") else v

    @field_validator("within_business_hours")
    @classmethod
    def _within(cls, v: float | None, info: ValidationInfo) -> float | None:
        _scoped(v, info, ("email_response",), required=True)
        if v is not None and not v > 0:
            raise ValueError(f"must be > 0 hours, got {v:g}")
        return v

    @field_validator("calendar")
    @classmethod
    def _calendar(cls, v: Calendar | None, info: ValidationInfo) -> Calendar | None:
        _scoped(v, info, ("email_response",), required=True,
                hint=" (business hours and holidays)")
        return v

    @field_validator("target")
    @classmethod
    def _target(cls, v: float, info: ValidationInfo) -> float:
        metric = info.data.get("metric")
        if metric in RATE_METRICS and not 0 <= v <= 1:
            raise ValueError(f"{metric} is a share: the target must be between 0 and 1, got "
                             f"{v:g}")
        if metric in SECONDS_METRICS and not v > 0:
            raise ValueError(f"must be > 0 seconds, got {v:g}")
        if not v >= 0:
            raise ValueError(f"must be >= 0, got {v:g}")
        return v

    @field_validator("minimum")
    @classmethod
    def _minimum(cls, v: float | None, info: ValidationInfo) -> float | None:
        metric, target = info.data.get("metric"), info.data.get("target")
        if v is None or metric is None:
            return v
        if metric in RATE_METRICS and not 0 <= v <= 1:
            raise ValueError(f"{metric} is a share: the minimum must be between 0 and 1, got "
                             f"{v:g}")
        if target is not None and metric in HIGHER_IS_BETTER and v > target:
            raise ValueError(f"the minimum (a floor) must not exceed the target {target:g}")
        if target is not None and metric not in HIGHER_IS_BETTER and v < target:
            raise ValueError(f"for {metric} (lower is better) the minimum is a ceiling: it "
                             f"must not be below the target {target:g}")
        return v

    @property
    def higher_is_better(self) -> bool:
        """Whether the metric is met at ``value >= target`` (else ``value <= target``)."""
        return self.metric in HIGHER_IS_BETTER


class ChronicFailure(Schema):
    """The chronic-failure clause: a termination right."""

    misses: Int = Field(ge=1, description="Misses of the same metric that make a chronic "
                        "failure [months].")
    of_months: Int = Field(ge=1, description="... within the last this many months [months].")

    @field_validator("of_months")
    @classmethod
    def _window(cls, v: int, info: ValidationInfo) -> int:
        misses = info.data.get("misses")
        if misses is not None and v < misses:
            raise ValueError(f"must be at least misses ({misses})")
        return v


class TerminationForConvenience(Schema):
    """The buyer's right to end the contract without cause, for a fee."""

    fee_pct_of_remaining: Num | list[Num] = Field(description="Fee as a percentage of the "
                                                  "fees of the rest of the term [%]: one "
                                                  "number, or one per contract year (a "
                                                  "sliding scale; past its end the last "
                                                  "value).")
    min_notice_days: Int = Field(default=0, ge=0, description="Notice the termination needs "
                                 "[days].")

    @field_validator("fee_pct_of_remaining")
    @classmethod
    def _pct(cls, v: float | list[float]) -> float | list[float]:
        values = v if isinstance(v, list) else [v]
        if not values:
            raise ValueError("give a percentage or a list of one per contract year")
        for k, x in enumerate(values):
            if not 0 <= x <= 100:
                where = f" (year {k + 1})" if isinstance(v, list) else ""
                raise ValueError(f"must be between 0 and 100{where}, got {x:g}")
        return v


#: Pricing models a contract's ``pricing`` block may name (the invoice check's models).
CONTRACT_PRICING_MODELS = ("shared_per_minute", "dedicated_hourly", "monthly_per_agent",
                           "outbound_hourly")
ContractPricingModel = Literal[CONTRACT_PRICING_MODELS]  # type: ignore[valid-type]
#: Pricing models billed by the hour (``bill_on`` applies to them).
HOURLY_MODELS = frozenset({"dedicated_hourly", "outbound_hourly"})


class PricingTerm(Schema):
    """How the vendor bills one pricing model: what the invoice check prices lines at."""

    model: ContractPricingModel = Field(description="Pricing model: " + ", ".join(
        CONTRACT_PRICING_MODELS) + ".")
    rate: Num = Field(gt=0, description="Rate in the model's unit: USD/min "
                      "(shared_per_minute), USD/agent-month (monthly_per_agent), else USD/h.")
    billing_increment_s: Num | None = Field(default=None, validate_default=True,
                                            description="shared_per_minute only: each "
                                            "contact's handle time is rounded up to a "
                                            "multiple of this [s]; default 6, 0 = exact "
                                            "seconds.")
    bill_on: Literal["productive", "scheduled"] | None = Field(
        default=None, validate_default=True, description="Hourly models only: productive "
        "hours (default; agent states available, on contact, hold, after-contact work) or "
        "scheduled hours (every logged-in state) billed.")

    @field_validator("model", mode="before")
    @classmethod
    def _known_model(cls, v: object) -> object:
        if isinstance(v, str) and v not in CONTRACT_PRICING_MODELS:
            raise ValueError(f"unknown pricing model '{v}' (one of "
                             f"{', '.join(CONTRACT_PRICING_MODELS)})")
        return v

    @field_validator("billing_increment_s")
    @classmethod
    def _increment(cls, v: float | None, info: ValidationInfo) -> float | None:
        model = info.data.get("model")
        if v is not None and model is not None and model != "shared_per_minute":
            raise ValueError(f"applies only to shared_per_minute, not {model}")
        if v is not None and not v >= 0:
            raise ValueError(f"must be >= 0 seconds, got {v:g}")
        return 6.0 if v is None and model == "shared_per_minute" else v

    @field_validator("bill_on")
    @classmethod
    def _bill_on(cls, v: str | None, info: ValidationInfo) -> str | None:
        model = info.data.get("model")
        if v is not None and model is not None and model not in HOURLY_MODELS:
            raise ValueError(f"applies only to hourly models, not {model}")
        return "productive" if v is None and model in HOURLY_MODELS else v


class Meetings(Schema):
    """Governance meetings and how often they are held."""

    operational: Cadence | None = Field(default=None, description="Operational review.")
    governance: Cadence | None = Field(default=None, description="Governance (performance, "
                                       "SLA, credits) review.")
    executive: Cadence | None = Field(default=None, description="Executive review.")


class Governance(Schema):
    """Who monitors the vendor, how often the parties meet, and how problems escalate."""

    liaison: str | None = Field(default=None, min_length=1, description="The buyer's named "
                                "liaison (the playbook: appoint one).")
    meetings: Meetings = Field(default_factory=Meetings, description="Meeting cadences.")
    escalation: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Escalation path, first level first.")


class Contract(Schema):
    """A contract file: SLA schedule, credits, governance, termination and exit terms."""

    vendor: str = Field(min_length=1, description="The vendor, a name in the registry.")
    start: date = Field(description="First day of the contract.")
    term_months: Int = Field(description="Length of the initial term [months]; the term ends "
                             "the day before start + term_months.")
    renewal: Literal["auto", "none"] = Field(description="auto: renews for another term of "
                                             "term_months unless notice is given; none: ends "
                                             "at the term's end.")
    notice_days: Int = Field(ge=0, description="Notice to end or not renew [days].")
    fees_usd_per_month: Num | None = Field(default=None, gt=0, description="Fixed monthly "
                                           "fees [USD/month]; when absent, the month's "
                                           "invoice total.")
    at_risk_pct: Num = Field(ge=0, le=100, description="Share of the month's fees at risk: "
                             "the monthly credit cap [%].")
    baseline_months: Int = Field(default=0, ge=0, description="First months measured and "
                                 "reported without credits [months].")
    earn_back_months: Int = Field(default=0, ge=0, description="Months a metric must be met "
                                  "after a credit to earn it back; 0 = no earn-back [months].")
    chronic_failure: ChronicFailure | None = Field(default=None, description="Chronic-failure "
                                                   "clause; absent = none.")
    termination_for_convenience: TerminationForConvenience | None = Field(
        default=None, description="Termination for convenience; absent = no such right.")
    exit_assistance_months: Int = Field(default=0, ge=0, description="Months the vendor "
                                        "helps hand the work over after termination "
                                        "[months].")
    data_return_days: Int = Field(default=0, ge=0, description="Days after exit assistance "
                                  "ends within which the vendor returns the buyer's data "
                                  "[days].")
    governance: Governance | None = Field(default=None, description="Liaison, meetings, "
                                          "escalation.")
    metrics: list[MetricTerm] = Field(min_length=1, description="The SLA schedule.")
    timezone: str | None = Field(default=None, description="IANA time zone the contract's "
                                 "calendar months are counted in (monitoring, credits, "
                                 "invoice periods); absent: the zone of the email_response "
                                 "calendar, else UTC.")
    pricing: list[PricingTerm] | None = Field(default=None, description="How the vendor "
                                              "bills (the invoice check's rates); absent: "
                                              "the vendor's current quotes in the registry.")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        if v is None:
            return v
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{v}' (an IANA name such as "
                             "'America/New_York')") from None
        return v

    @field_validator("pricing", mode="before")
    @classmethod
    def _one_or_more(cls, v: object) -> object:
        return [v] if isinstance(v, dict) else v

    @field_validator("pricing")
    @classmethod
    def _unique_models(cls, v: list[PricingTerm] | None) -> list[PricingTerm] | None:
        if v is None:
            return v
        if not v:
            raise ValueError("give at least one pricing model, or leave the key out")
        seen: dict[str, int] = {}
        for i, p in enumerate(v):
            if p.model in seen:
                raise ValueError(f"pricing model '{p.model}' is listed twice (pricing"
                                 f"[{seen[p.model]}] and pricing[{i}])")
            seen[p.model] = i
        return v

    def months_timezone(self) -> tuple[str, str]:
        """The zone calendar months are counted in, and where it comes from (in words)."""
        if self.timezone is not None:
            return self.timezone, "the contract's timezone key"
        for m in self.metrics:
            if m.calendar is not None:
                return HoursOfOperation.parse(m.calendar.hours).tz, \
                    f"the {m.metric} calendar's zone (no timezone key)"
        return "UTC", "UTC (no timezone key, no calendar)"

    @field_validator("term_months")
    @classmethod
    def _term(cls, v: int) -> int:
        if v < 1:
            raise ValueError(f"must be at least 1: the contract would end before its start "
                             f"(got {v})")
        return v

    @field_validator("metrics")
    @classmethod
    def _unique(cls, v: list[MetricTerm]) -> list[MetricTerm]:
        seen: dict[str, int] = {}
        for i, m in enumerate(v):
            if m.metric in seen:
                raise ValueError(f"metric '{m.metric}' is listed twice (metrics[{seen[m.metric]}]"
                                 f" and metrics[{i}])")
            seen[m.metric] = i
        return v

    @property
    def end(self) -> date:
        """Last day of the initial term."""
        return term_end(self.start, self.term_months)


class ContractWarning(Schema):
    """Something legal but unwise in a contract file."""

    key: str = Field(description="The key it concerns, e.g. 'metrics[3].target'.")
    message: str = Field(description="What and why, in plain words.")


def contract_warnings(c: Contract) -> list[ContractWarning]:
    """The validation warnings of issue 13 and the playbook, in file order."""
    out: list[ContractWarning] = []
    if c.start.day != 1:
        out.append(ContractWarning(key="start", message=(
            "the contract starts mid-month: the first calendar month is partial and "
            "counts as contract month 1")))
    if c.baseline_months >= c.term_months:
        out.append(ContractWarning(key="baseline_months", message=(
            f"the baseline ({c.baseline_months} months) covers the whole term: no credit "
            "can ever be owed")))
    if c.termination_for_convenience is None:
        out.append(ContractWarning(key="termination_for_convenience", message=(
            "no termination for convenience: the playbook asks that the contract allow "
            "termination at minimal cost")))
    if c.governance is None or c.governance.liaison is None:
        out.append(ContractWarning(key="governance.liaison", message=(
            "no liaison named: the playbook asks for an internal liaison who monitors the "
            "vendor")))
    for i, m in enumerate(c.metrics):
        if m.metric == "aht_s":
            out.append(ContractWarning(key=f"metrics[{i}].target", message=(
                "a handle-time target pushes agents to rush: a rushed agent explains less "
                "and offers less (the playbook); stress quality metrics (repeat_rate, fcr, "
                "csat) instead")))
    if not any(m.metric in QUALITY_METRICS for m in c.metrics):
        out.append(ContractWarning(key="metrics", message=(
            "no quality metric (repeat_rate, fcr or csat): the playbook warns that handle "
            "time crowds out quality")))
    if c.timezone is None and not any(m.calendar is not None for m in c.metrics):
        out.append(ContractWarning(key="timezone", message=(
            "no timezone and no business calendar: calendar months (credits, invoice "
            "periods) are counted in UTC")))
    if all(m.allocation_pct == 0 for m in c.metrics):
        out.append(ContractWarning(key="metrics", message=(
            "no metric carries an allocation: no credit can ever be owed")))
    return out


class ContractCheck(Schema):
    """A validated contract file with its warnings (``outsource contract check --json``)."""

    source: str | None = Field(description="The file (or upload) name.")
    contract: Contract = Field(description="The contract as read.")
    end: date = Field(description="Last day of the initial term.")
    allocation_total_pct: float = Field(description="Sum of the metrics' allocations [%]; "
                                        "above 100 is allowed (the monthly cap holds).")
    warnings: list[ContractWarning] = Field(description="What is legal but unwise.")


# --- Credit engine results -------------------------------------------------------------

MonthStr = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class MonthlyMetrics(Schema):
    """Monthly metric values to assess against a contract (a small metric x month table)."""

    months: list[MonthStr] = Field(min_length=1, description="Consecutive calendar months "
                                   "'YYYY-MM', none before the contract's start.")
    values: dict[str, list[float | None]] = Field(description="Per metric of the contract, "
                                                  "one value per month (null = missing); a "
                                                  "metric left out is missing every month.")
    invoice_usd: list[float | None] | None = Field(default=None, description="Each month's "
                                                   "invoice total [USD] (null = none); used "
                                                   "when the contract has no fixed fee.")

    @model_validator(mode="after")
    def _lengths(self) -> MonthlyMetrics:
        n = len(self.months)
        for name, vals in self.values.items():
            if len(vals) != n:
                raise ValueError(f"values.{name} has {len(vals)} values for {n} months")
        if self.invoice_usd is not None and len(self.invoice_usd) != n:
            raise ValueError(f"invoice_usd has {len(self.invoice_usd)} values for {n} months")
        return self


class MetricMonth(Schema):
    """One metric in one month: value against target, credit and earn-back."""

    month: str = Field(description="Calendar month 'YYYY-MM'.")
    metric: str = Field(description="The metric.")
    value: float | None = Field(description="The month's value (null = no data) [metric's "
                                "unit].")
    target: float = Field(description="The target [metric's unit].")
    direction: Literal[">=", "<="] = Field(description="Met when value >= or <= target.")
    status: Literal["met", "missed", "no_data"] = Field(description="met, missed, or no_data "
                                                         "(not assessed).")
    met: bool | None = Field(description="Whether the metric was met; null without data.")
    critical: bool = Field(description="Value beyond the metric's minimum.")
    chronic: bool = Field(description="The metric is in chronic failure this month.")
    allocation_pct: float = Field(description="The metric's allocation [%].")
    uncapped_credit_usd: float = Field(description="Credit before the monthly cap [USD].")
    credit_usd: float = Field(description="Credit owed for this month, after the cap [USD].")
    note: str = Field(description="Why the credit is what it is, in words.")
    earn_back: Literal["", "returned", "forfeited", "pending", "no_earn_back"] = Field(
        description="For a credit: returned, forfeited, pending (window incomplete) or "
                    "no_earn_back; empty without a credit.")
    returned_in: str | None = Field(description="Month the credit is returned in 'YYYY-MM'.")
    earned_back_usd: float = Field(description="Earlier credits of this metric returned in "
                                   "this month [USD].")


class MonthCredits(Schema):
    """One month's totals."""

    month: str = Field(description="Calendar month 'YYYY-MM'.")
    contract_month: int = Field(description="1-based month of the contract.")
    baseline: bool = Field(description="A baseline month: measured, no credit.")
    fees_usd: float | None = Field(description="Fees credits are computed on [USD]; null = "
                                   "none known.")
    fees_source: Literal["contract", "invoice", "none"] = Field(description="Where the fees "
                                                                "come from.")
    cap_usd: float = Field(description="At-risk amount: fees x at_risk_pct / 100 [USD].")
    uncapped_credits_usd: float = Field(description="Credits before the cap [USD].")
    credits_usd: float = Field(description="Credits owed for the month, after the cap [USD].")
    capped: bool = Field(description="The cap reduced the credits.")
    earned_back_usd: float = Field(description="Earlier credits returned this month [USD].")
    net_usd: float = Field(description="credits_usd - earned_back_usd [USD]; negative when "
                           "returns exceed new credits.")
    cumulative_net_usd: float = Field(description="Net credits from the first month to this "
                                      "one [USD]; never negative.")
    missing_metrics: list[str] = Field(description="Metrics without a value (not assessed).")
    chronic_failures: list[str] = Field(description="Metrics in chronic failure.")
    critical_failures: list[str] = Field(description="Metrics beyond their minimum.")
    termination_right: bool = Field(description="The buyer holds a termination right.")
    note: str = Field(description="The month's credit in words (cap, baseline, no fees).")


class CreditReport(Schema):
    """The SLA results of a contract over months: rows per metric x month and totals."""

    vendor: str = Field(description="The contract's vendor.")
    missing: Literal["no_data", "missed"] = Field(description="How a missing value counted.")
    rows: list[MetricMonth] = Field(description="One row per metric per month.")
    months: list[MonthCredits] = Field(description="One row per month.")
    credits_usd: float = Field(description="All credits assessed [USD].")
    earned_back_usd: float = Field(description="All credits returned [USD].")
    net_usd: float = Field(description="credits_usd - earned_back_usd [USD] (>= 0).")
    pending_earn_back_usd: float = Field(description="Credits whose earn-back window is not "
                                         "complete [USD].")
    termination_right_from: str | None = Field(description="First month 'YYYY-MM' with a "
                                               "termination right.")
    termination_reasons: list[str] = Field(description="What gave the right, in words.")


# --- Worked example, termination, exit plan ---------------------------------------------


class ExampleLine(Schema):
    """One step of the worked example."""

    text: str = Field(description="The step, in words, with its numbers.")
    amount_usd: float | None = Field(default=None, description="The step's amount [USD].")


class WorkedExample(Schema):
    """The credit mechanism worked through on the contract's own numbers."""

    month: int = Field(description="The contract month the example is set in (the first "
                       "after the baseline).")
    fees_usd: float = Field(description="Monthly fees the example uses [USD].")
    fees_assumed: bool = Field(description="True when the contract has no fixed fee and the "
                               "example assumes an invoice total.")
    at_risk_usd: float = Field(description="The monthly cap [USD].")
    per_metric: list[ExampleLine] = Field(description="Credit if each metric alone is "
                                          "missed.")
    all_missed: list[ExampleLine] = Field(description="Every credit-carrying metric missed in "
                                          "one month: total against the cap.")
    earn_back: list[ExampleLine] = Field(description="A credit earned back (empty without "
                                         "earn-back).")
    chronic: list[ExampleLine] = Field(description="When misses become a chronic failure "
                                       "(empty without the clause).")


class TermStatus(Schema):
    """Where the contract stands on a day."""

    day: date = Field(description="The day asked about.")
    term_number: int = Field(description="1 = initial term, 2 = first renewal, ...")
    term_start: date = Field(description="First day of the current term.")
    term_end: date = Field(description="Last day of the current term.")
    notice_deadline: date = Field(description="Last day to give notice ending the contract at "
                                  "term_end.")
    renews: bool = Field(description="Whether another term follows without notice.")
    next_term_end: date | None = Field(description="Last day of the next term (auto renewal).")
    ended: bool = Field(description="The contract has ended.")


class TerminationTerms(Schema):
    """What ending the contract with notice on a given day costs, and who pays the exit."""

    route: Literal["convenience", "failure", "expiry"] = Field(description="convenience (fee), "
                                                               "failure (a chronic or critical "
                                                               "failure gave the right: no "
                                                               "fee) or expiry (no "
                                                               "convenience clause).")
    notice_date: date = Field(description="Day notice is given.")
    effective_date: date = Field(description="First day the contract no longer runs.")
    contract_year: int = Field(description="Contract year of the effective date.")
    fee_pct: float = Field(description="Fee percentage of the remaining fees [%].")
    remaining_months: float = Field(description="Months from effective date to the term's end.")
    monthly_fees_usd: float = Field(description="Monthly fees the remaining term is valued at "
                                    "[USD/month].")
    remaining_fees_usd: float = Field(description="Fees of the remaining term [USD].")
    termination_fee_usd: float = Field(description="The fee [USD].")
    exit_assistance_payer: Literal["vendor", "buyer"] = Field(description="Who pays for exit "
                                                              "assistance.")
    exit_assistance_end: date = Field(description="Last day of exit assistance.")
    data_return_by: date = Field(description="Day by which the buyer's data is returned.")


class RampWeek(Schema):
    """One week of the in-house ramp (expected values)."""

    week: int = Field(description="Week of the ramp, 1 = first hires.")
    hired: float = Field(description="People starting this week [people].")
    in_training: float = Field(description="People in training [people].")
    ramping: float = Field(description="Productive, not yet fully proficient [people].")
    proficient: float = Field(description="Fully proficient [people].")
    headcount: float = Field(description="Everyone paid this week [people].")
    capacity_fte: float = Field(description="Proficiency-weighted capacity [FTE].")
    cost_usd: float = Field(description="In-house cost of the week [USD].")


class ExitWorkload(Schema):
    """The workload an exit plan takes back in-house, staffed by the staffing engine."""

    basis: str = Field(description="Which workload, staffed how, in words (printed with the "
                       "plan).")
    scenario: str = Field(description="Name of the scenario whose workload is staffed.")
    scenario_source: str = Field(description="Where the scenario came from (the workspace's "
                                 "stored scenario file, or --scenario).")
    targets: dict[str, float | str | None] = Field(description="The scenario's service "
                                                   "targets the workload is staffed for.")
    agents: float = Field(description="Most agents on contacts at once in an interval of "
                          "the typical week [agents].")
    fte: float = Field(description="Full-time people the in-house team needs: staffed hours "
                       "/ (1 - shrinkage) / paid hours per FTE-year [FTE].")
    contacts_per_year: float = Field(description="Contacts a year [contacts/year].")
    staffed_hours_per_year: float = Field(description="Agent hours on contacts a year "
                                          "[h/year].")


class ExitPlan(Schema):
    """Taking the vendor's work back in-house: the ramp, its cost, the termination cost."""

    vendor: str = Field(description="The vendor whose work is taken back.")
    agents: float | None = Field(description="Agents the workload needs on contacts "
                                 "(staffing engine) [agents]; null when not given.")
    fte: float = Field(description="Full-time people to hire and train [FTE].")
    total_hires: float = Field(description="People hired, attrition during the ramp "
                                "included [people].")
    ready_week: int = Field(description="First week the in-house team covers the need.")
    parallel_run_weeks: int = Field(description="Weeks both teams serve [weeks].")
    ramp_weeks: int = Field(description="Weeks the vendor must still serve: weeks before "
                            "ready + parallel run [weeks].")
    notice_weeks: float = Field(description="Notice of the route taken [weeks].")
    exit_assistance_weeks: float = Field(description="Exit assistance [weeks].")
    ramp_outlasts_notice: bool = Field(description="Red flag: ramp_weeks > notice_weeks + "
                                       "exit_assistance_weeks.")
    transition_cost_usd: float = Field(description="In-house cost of the ramp weeks "
                                       "(recruiting, wages, supervision, seats) [USD].")
    transition_cost_components_usd: dict[str, float] = Field(description="The same by "
                                                             "component [USD].")
    termination_fee_usd: float = Field(description="Fee the contract implies [USD].")
    termination: TerminationTerms = Field(description="The termination terms behind it.")
    inputs: dict[str, float] = Field(description="The ramp inputs used.")
    sources: dict[str, str] = Field(description="Source (or 'assumption') of each default.")
    weeks: list[RampWeek] = Field(description="The weekly ramp.")
    contract_version: int | None = Field(default=None, description="Version of the stored "
                                         "contract the plan reads (null: a contract not "
                                         "stored).")
    workload: ExitWorkload | None = Field(default=None, description="Where agents and fte "
                                          "come from (null: given by the caller).")
    failure_right_given: bool = Field(default=False, description="True when the caller said "
                                      "a chronic or critical failure gave the termination "
                                      "right (given by the caller, or by monitoring).")
    failure_right_reason: str | None = Field(default=None, description="With the failure "
                                             "right taken from monitoring: why it holds or "
                                             "not (the chronic or critical failure and its "
                                             "month); null when the caller gave it.")



class ExitPlans(Schema):
    """Exit plans for every vendor with a stored contract (``outsource exit-plan --json``
    without ``--vendor``)."""

    notice_date: date = Field(description="The day notice would be given (the ramp starts "
                              "then).")
    workload: ExitWorkload = Field(description="The workload taken back and its staffing.")
    plans: list[ExitPlan] = Field(description="One plan per vendor with a contract, by "
                                  "vendor name.")


# --- Stored contracts (the application database) ---------------------------------------


class ContractVersionInfo(Schema):
    """One stored version of a vendor's contract."""

    vendor: str = Field(description="The vendor.")
    version: int = Field(description="Version number, 1 = first stored.")
    effective_from: date = Field(description="First day the version governs; a month is "
                                 "governed by the newest version effective on or before its "
                                 "last day.")
    stored_at: datetime | None = Field(description="When the version was stored [UTC].")
    source: str = Field(description="The file it was read from.")
    start: date = Field(description="The contract's start in this version.")
    end: date = Field(description="Last day of the initial term in this version.")
    terms_sha256: str = Field(description="SHA-256 of the parsed terms (canonical JSON): "
                              "equal terms, equal hash.")


class AddedContract(Schema):
    """What ``contract add`` did: a new version, or nothing for identical terms."""

    vendor: str = Field(description="The vendor.")
    stored: bool = Field(description="True when a new version was stored; false when the "
                         "terms equal the current version's (a no-op).")
    version: int = Field(description="The new version, or the identical current one.")
    previous_version: int | None = Field(description="The version before it (null for a "
                                         "first contract).")
    effective_from: date = Field(description="First day the version governs.")
    end: date = Field(description="Last day of the initial term.")
    source: str = Field(description="The file read.")
    changed: list[str] = Field(description="Keys whose value differs from the previous "
                               "version, e.g. 'at_risk_pct', 'metrics[1].target' (empty for a "
                               "first version or a no-op).")
    allocation_total_pct: float = Field(description="Sum of the metrics' allocations [%].")
    warnings: list[ContractWarning] = Field(description="What is legal but unwise.")
    message: str = Field(description="What happened, in words.")


class StoredContract(Schema):
    """A stored contract version with its term status (``contract show --json``)."""

    vendor: str = Field(description="The vendor.")
    version: int = Field(description="The version shown.")
    current_version: int = Field(description="The newest version.")
    effective_from: date = Field(description="First day the version shown governs.")
    stored_at: datetime | None = Field(description="When it was stored [UTC].")
    source: str = Field(description="The file it was read from.")
    contract: Contract = Field(description="The terms (every key, defaults filled in).")
    end: date = Field(description="Last day of the initial term.")
    allocation_total_pct: float = Field(description="Sum of the metrics' allocations [%].")
    as_of: date = Field(description="The day the term status is for (default today).")
    term_status: TermStatus = Field(description="Where the contract stands on as_of: term, "
                                    "its end, notice deadline, renewal.")
    warnings: list[ContractWarning] = Field(description="What is legal but unwise.")
    versions: list[ContractVersionInfo] = Field(description="Every version, oldest first.")
    yaml: str = Field(description="The file as given.")


class ContractList(Schema):
    """Every vendor's current contract version (``contract list --json``)."""

    contracts: list[ContractVersionInfo] = Field(description="Newest version per vendor, by "
                                                 "vendor name.")
    versions: dict[str, int] = Field(description="Versions stored per vendor.")


class ContractInForce(Schema):
    """The contract version that governs a vendor's calendar month (monitoring's input)."""

    vendor: str = Field(description="The vendor.")
    month: str = Field(description="Calendar month 'YYYY-MM'.")
    contract_month: int = Field(description="1-based month of the contract (1 = the month "
                                "containing start).")
    version: int = Field(description="The version in force: the newest effective on or "
                         "before the month's last day.")
    effective_from: date = Field(description="First day that version governs.")
    contract: Contract = Field(description="Its terms.")
