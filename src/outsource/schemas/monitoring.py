"""Typed inputs and results of monitoring a vendor from its own logs.

KPI rows are columnar: :class:`KpiResult` holds one Arrow table whose
columns are declared (name, Arrow type, meaning with unit) in
:data:`KPI_COLUMNS`. The column names are a public contract (``outsource
monitor --json`` prints ``{"rows": [...]}`` with them, and the SLA step reads
them): add columns, never rename one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa
from pydantic import Field, field_validator

from outsource.schemas.base import Schema

Period = Literal["interval", "day", "week", "month"]
Engine = Literal["duckdb", "spark"]

#: Label of a vendor or queue the log leaves empty (a null in a KPI row means "all").
UNKNOWN = "(none)"


def _check_zone(v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{v}'") from None
    return v


class MonitorOptions(Schema):
    """What to compute and how: thresholds, period, time zone, business calendar."""

    vendor: str | None = Field(None, description="Only this vendor; every vendor when null.")
    period: Period = Field("day", description="Period of a row: interval, day, week or month.")
    timezone: str = Field("UTC", description="IANA time zone of the period boundaries.")
    interval_minutes: int = Field(30, description="Length of an interval period [min]: "
                                                  "15, 30 or 60.")
    answer_within_s: float = Field(20.0, ge=0, description="Service-level threshold T: "
                                   "'within T' means a wait <= T [s].")
    short_abandon_s: float = Field(5.0, ge=0, description="Short-abandon timer: abandons "
                                   "with a wait strictly below it are short [s].")
    repeat_window_days: float = Field(7.0, gt=0, description="A contact is repeated when "
                                      "the same customer contacts again within it [days].")
    business_hours: str = Field("24/7", description="Business calendar of e-mail/ticket "
                                "timers, e.g. 'Mon-Fri 08:00-20:00 America/New_York'.")
    holidays: str | None = Field(None, description="Public holidays closing the business "
                                 "calendar: a country or subdivision of the holidays "
                                 "package, e.g. 'US' or 'US-NY'; none when null.")
    first_response_within_h: float = Field(24.0, gt=0, description="E-mail/ticket first-"
                                           "response target [business hours].")
    resolution_within_h: float = Field(72.0, gt=0, description="E-mail/ticket resolution "
                                       "target [business hours].")
    near_zero_handle_s: float = Field(10.0, gt=0, description="Answered contacts with a "
                                      "handle time below it count as near-zero handle [s].")
    threshold_band_s: float = Field(5.0, gt=0, description="Width of the bands just below "
                                    "and just above T compared for bunched abandons [s].")
    ping_pong_window_s: float = Field(3600.0, gt=0, description="A transferred contact "
                                      "followed within it by another transferred contact of "
                                      "the same customer is a transfer chain [s].")

    @field_validator("interval_minutes")
    @classmethod
    def _interval(cls, v: int) -> int:
        if v not in (15, 30, 60):
            raise ValueError("must be 15, 30 or 60")
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        return _check_zone(v)


def _col(name: str, typ: pa.DataType, doc: str) -> tuple[str, pa.DataType, str]:
    return (name, typ, doc)


_I = pa.int64()
_F = pa.float64()
_S = pa.string()

#: Every column of a KPI row: (name, Arrow type, meaning and unit). ``period_start`` and
#: ``period_end`` are timestamps in the result's time zone.
KPI_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    _col("vendor", _S, "vendor (outsourcer); '(none)' where the log names none"),
    _col("queue", _S, "queue or skill; null means all queues, '(none)' none logged"),
    _col("channel", _S, "voice, chat, email or social; null means all channels"),
    _col("period", _S, "period of the row: interval, day, week or month"),
    _col("period_start", pa.timestamp("s", tz="UTC"),
         "first instant of the period, in the result's time zone (ISO 8601 with offset)"),
    _col("period_end", pa.timestamp("s", tz="UTC"),
         "first instant after the period, in the result's time zone"),
    _col("timezone", _S, "IANA time zone of the period boundaries"),
    _col("offered", _I, "contacts offered: answered + abandoned + blocked [contacts]"),
    _col("answered", _I, "contacts answered [contacts]"),
    _col("abandoned", _I, "contacts abandoned by the customer before an answer [contacts]"),
    _col("short_abandoned", _I,
         "queued contacts abandoned with a wait strictly below the short-abandon timer "
         "[contacts]"),
    _col("blocked", _I, "contacts refused (busy signal, full queue) [contacts]"),
    _col("queued", _I, "offered contacts of the queued channels (voice, chat), the "
                       "service-level base [contacts]"),
    _col("queued_answered", _I, "answered contacts of the queued channels [contacts]"),
    _col("answered_within", _I, "queued contacts answered with a wait <= T [contacts]"),
    _col("abandoned_within", _I, "queued contacts abandoned with a wait <= T [contacts]"),
    _col("sl_answered", _F, "answered within T / answered [share]"),
    _col("sl_offered", _F, "answered within T / offered (Cisco 'negative') [share]"),
    _col("sl_excl_short", _F, "answered within T / (offered - short abandons) [share]"),
    _col("sl_abandon_met", _F,
         "(answered within T + abandoned within T) / offered (Cisco 'positive') [share]"),
    _col("sl_ignore_abandons", _F,
         "answered within T / (offered - abandoned within T) (Cisco 'ignore') [share]"),
    _col("asa_s", _F, "average speed of answer: mean wait of answered queued contacts [s]"),
    _col("abandon_rate", _F, "abandoned / offered [share]"),
    _col("aht_s", _F, "average handle time (talk + hold + wrap-up) of answered contacts [s]"),
    _col("handle_sd_s", _F, "standard deviation of the handle time of answered contacts [s]"),
    _col("handled", _I, "answered contacts with a logged handle time [contacts]"),
    _col("repeat_rate", _F, "share of answered contacts of a known customer followed by "
                            "another contact of that customer within the repeat window, "
                            "any vendor or channel [share]"),
    _col("repeats", _I, "answered contacts followed by a repeat within the window [contacts]"),
    _col("repeat_eligible", _I, "answered contacts of a known customer whose whole repeat "
                                "window lies inside the log [contacts]"),
    _col("fcr", _F, "first-contact resolution: resolved flag where logged, else "
                    "1 - repeat [share]"),
    _col("fcr_resolved", _I, "answered contacts resolved: flag true, or no flag and no "
                             "repeat [contacts]"),
    _col("fcr_eligible", _I, "answered contacts with a resolved flag or an observed repeat "
                             "window [contacts]"),
    _col("transfer_rate", _F, "transferred / answered contacts with a transfer flag [share]"),
    _col("transferred", _I, "answered contacts transferred [contacts]"),
    _col("transfer_eligible", _I, "answered contacts with a logged transfer flag [contacts]"),
    _col("transfer_chains", _I, "transferred contacts followed within the ping-pong window by "
                                "another transferred contact of the same customer "
                                "[contacts]"),
    _col("csat", _F, "mean satisfaction score; null where the log has none [score]"),
    _col("csat_responses", _I, "contacts with a satisfaction score [contacts]"),
    _col("near_zero_handle", _I, "answered contacts with a handle time below the near-zero "
                                 "threshold [contacts]"),
    _col("abandoned_well_before_t", _I,
         "queued abandons with T - 2 x band < wait <= T - band [contacts]"),
    _col("abandoned_before_t", _I, "queued abandons with T - band < wait <= T [contacts]"),
    _col("abandoned_after_t", _I, "queued abandons with T < wait <= T + band [contacts]"),
    _col("deferred", _I, "offered e-mail and social contacts [contacts]"),
    _col("first_response_met_share", _F, "deferred contacts first answered within the target "
                                         "business hours (none logged = missed) [share]"),
    _col("first_response_business_h", _F,
         "mean business time to first response of responded deferred contacts [h]"),
    _col("resolution_met_share", _F, "deferred contacts resolved within the target business "
                                     "hours (none logged = missed) [share]"),
    _col("resolution_business_h", _F,
         "mean business time to resolution of resolved deferred contacts [h]"),
)

KPI_NAMES: tuple[str, ...] = tuple(c[0] for c in KPI_COLUMNS)
KPI_DOCS: dict[str, str] = {c[0]: c[2] for c in KPI_COLUMNS}


def kpi_arrow_schema(timezone: str) -> pa.Schema:
    """Arrow schema of KPI rows whose timestamps are in ``timezone``."""
    fields = []
    for name, typ, doc in KPI_COLUMNS:
        if pa.types.is_timestamp(typ):
            typ = pa.timestamp("s", tz=timezone)
        fields.append(pa.field(name, typ, metadata={"description": doc}))
    return pa.schema(fields)


class KpiResult(Schema):
    """KPI rows per vendor, queue, channel and period, with how they were computed."""

    engine: Engine = Field(description="Engine that ran the pipeline: duckdb or spark.")
    source: str = Field(description="Workspace database or Parquet folder read.")
    options: MonitorOptions = Field(description="Thresholds, period, time zone and calendar "
                                                "the rows were computed with.")
    data_start: datetime | None = Field(description="First arrival in the source (any "
                                                    "vendor) (UTC).")
    data_end: datetime | None = Field(description="Last arrival in the source (any vendor); "
                                                  "repeat windows must end by it (UTC).")
    rows: pa.Table = Field(description="One row per vendor, queue, channel and period; "
                                       "columns in KPI_COLUMNS (see docs/monitoring.md).")

    def to_json_dict(self) -> dict[str, object]:
        """The ``--json`` object: ``{"rows": [...], ...}`` with the options beside it."""
        return {"rows": self.rows, "engine": self.engine, "source": self.source,
                "options": self.options, "data_start": self.data_start,
                "data_end": self.data_end}


class KpiWarning(Schema):
    """One warning from the logs, with the numbers behind it."""

    kind: str = Field(description="Rule: handle_time_gaming, handle_time_gaming_trend, "
                                  "near_zero_handle, threshold_bunching, transfer_ping_pong, "
                                  "rising_abandonment, rising_abandonment_trend or "
                                  "repeat_hot_spot.")
    vendor: str = Field(description="Vendor it concerns.")
    queue: str | None = Field(description="Queue it concerns; null for the vendor as a whole.")
    period_start: datetime = Field(description="Start of the month it concerns, in the "
                                               "result's time zone.")
    message: str = Field(description="One sentence with the figures.")
    test: str = Field(description="Statistical test and level that fired.")
    evidence: dict[str, float | None] = Field(description="Counts, rates [share], means [s], "
                                                          "test statistics and p-values.")


class WarningsResult(Schema):
    """Warnings the playbook asks for, computed from monthly KPI rows."""

    timezone: str = Field(description="IANA time zone of the months.")
    source: str = Field(description="Workspace database or Parquet folder read.")
    thresholds: dict[str, float] = Field(description="Thresholds of the rules (alpha, "
                                                     "minimum changes, ceilings).")
    warnings: list[KpiWarning] = Field(description="Warnings, by vendor then month.")


class KpiTrend(Schema):
    """Trend of one monthly KPI of one vendor and a forecast of the next month."""

    vendor: str = Field(description="Vendor.")
    metric: str = Field(description="KPI column (e.g. sl_offered, aht_s).")
    periods: list[datetime] = Field(description="Month starts, oldest first.")
    values: list[float | None] = Field(description="The KPI per month (null where none), in "
                                                   "the KPI's unit.")
    slope_per_month: float | None = Field(description="Least-squares slope [KPI unit per "
                                                      "month].")
    trend_p: float | None = Field(description="Two-sided p-value of the slope (null below "
                                              "3 months).")
    forecast_period_start: datetime = Field(description="Start of the month forecast.")
    forecast: float | None = Field(description="Point forecast of next month [KPI unit].")
    forecast_lo: float | None = Field(description="Lower end of the prediction interval.")
    forecast_hi: float | None = Field(description="Upper end of the prediction interval.")
    interval_level_share: float = Field(description="Level of the prediction interval "
                                                    "[share].")
    model: str = Field(description="statsforecast model used (AutoETS, AutoTheta, "
                                   "RandomWalkWithDrift) or empty when none.")


class KpiTrends(Schema):
    """Trends and forecasts of monthly KPIs per vendor."""

    timezone: str = Field(description="IANA time zone of the months.")
    trends: list[KpiTrend] = Field(description="One entry per vendor and KPI.")


class CapacityOptions(Schema):
    """How capacity is compared: interval, service-level target of the required hours."""

    vendor: str | None = Field(None, description="Only this vendor; every vendor when null.")
    timezone: str = Field("UTC", description="IANA time zone of the intervals and of "
                                             "timestamps without an offset.")
    interval_minutes: int = Field(30, description="Interval length [min]: 15, 30 or 60.")
    service_level: float = Field(0.8, gt=0, lt=1, description="Share of queued contacts to "
                                 "answer within answer_within_s, for the hours required "
                                 "[share].")
    answer_within_s: float = Field(20.0, ge=0, description="Service-level threshold of the "
                                   "hours required [s].")

    @field_validator("interval_minutes")
    @classmethod
    def _interval(cls, v: int) -> int:
        if v not in (15, 30, 60):
            raise ValueError("must be 15, 30 or 60")
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        return _check_zone(v)


#: Columns of capacity rows: (name, Arrow type, meaning and unit).
CAPACITY_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    _col("vendor", _S, "vendor"),
    _col("interval_start", pa.timestamp("s", tz="UTC"), "first instant of the interval, "
         "in the result's time zone"),
    _col("interval_end", pa.timestamp("s", tz="UTC"), "first instant after the interval"),
    _col("offered", _I, "contacts offered to the vendor in the interval [contacts]"),
    _col("required_h", _F, "agent hours the actual volume needed: Erlang C agents at the "
                           "service-level target x interval (queued channels) plus handle "
                           "hours of deferred items [h]"),
    _col("committed_h", _F, "productive agent hours the vendor committed to; 0 where the "
                            "commitments file has none [h]"),
    _col("delivered_h", _F, "agent hours in delivered states from the agent-state log; "
                            "null without a log [h]"),
    _col("shortfall_h", _F, "committed - delivered; null without a log [h]"),
    _col("under_delivered", pa.bool_(), "delivered < committed; null without a log"),
    _col("understaffed", pa.bool_(), "hours on hand (delivered, else committed) < required"),
)


def capacity_arrow_schema(timezone: str) -> pa.Schema:
    """Arrow schema of capacity rows whose timestamps are in ``timezone``."""
    fields = []
    for name, typ, doc in CAPACITY_COLUMNS:
        if pa.types.is_timestamp(typ):
            typ = pa.timestamp("s", tz=timezone)
        fields.append(pa.field(name, typ, metadata={"description": doc}))
    return pa.schema(fields)


class CapacityTotals(Schema):
    """A vendor's capacity over the whole span."""

    vendor: str = Field(description="Vendor.")
    required_h: float = Field(description="Hours required [h].")
    committed_h: float = Field(description="Hours committed [h].")
    delivered_h: float | None = Field(description="Hours delivered; null without a log [h].")
    under_delivered_h: float | None = Field(description="Sum of positive shortfalls "
                                                        "(committed - delivered) [h].")
    under_delivered_intervals: int | None = Field(description="Intervals under-delivered.")
    understaffed_intervals: int = Field(description="Intervals with fewer hours on hand "
                                                    "than required.")


class CapacityResult(Schema):
    """Hours required, committed and delivered per vendor and interval."""

    timezone: str = Field(description="IANA time zone of the intervals.")
    source: str = Field(description="Workspace database or Parquet folder read.")
    options: CapacityOptions = Field(description="Interval and service-level target used.")
    delivered_states: list[str] = Field(description="Agent states counted as delivered.")
    rows: pa.Table = Field(description="One row per vendor and interval with volume, "
                                       "commitment or delivery; columns in CAPACITY_COLUMNS.")
    vendors: list[CapacityTotals] = Field(description="Totals per vendor.")
