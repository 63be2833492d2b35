"""Scenario files (YAML) for ``outsource plan``: schema, loading, key-path errors.

A scenario holds the workload (a workload file, or an inline weekly shape),
the service targets, the in-house cost inputs, the buyer's own costs, the
options to compare (card options, explicit options, vendor quotes, hybrids)
and the display currency. docs/examples/scenario.yaml is a full, commented
example. Every uncertain number may be written as

- ``19.08`` (fixed), ``[17, 23]`` (low, high), ``[17, 19.08, 23]`` (low, mode,
  high), or ``{low: 17, mode: 19.08, high: 23, dist: uniform}``.

Errors name the YAML key path, e.g. ``options[2].region: unknown region 'mars'``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from outsource.core.costs import WEEKS_PER_YEAR
from outsource.core.hours import DAYS
from outsource.core.hybrid import SPLITS
from outsource.core.pricing import PAID_HOURS_PER_MONTH, PRICING_MODELS
from outsource.core.uncertainty import DISTRIBUTIONS, Range
from outsource.data.advice_inputs import AdviceIn
from outsource.data.workload import read_workload
from outsource.errors import InvalidInput, NotFound

PricingModel = Literal[PRICING_MODELS]  # type: ignore[valid-type]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Spec(_Model):
    """An uncertain non-negative number: low, high, optional mode, distribution."""

    low: float
    high: float
    mode: float | None = None
    dist: Literal[DISTRIBUTIONS] = "triangular"  # type: ignore[valid-type]

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, v: Any) -> Any:
        if isinstance(v, bool):
            raise ValueError("must be a number, [low, high] or {low, high}")
        if isinstance(v, int | float):
            return {"low": v, "high": v}
        if isinstance(v, list | tuple):
            if len(v) == 2:
                return {"low": v[0], "high": v[1]}
            if len(v) == 3:
                return {"low": v[0], "mode": v[1], "high": v[2]}
            raise ValueError("a range list is [low, high] or [low, mode, high]")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> Spec:
        if min(self.low, self.high) < 0:
            raise ValueError(f"must be >= 0, got {min(self.low, self.high):g}")
        if self.low > self.high:
            raise ValueError(f"inconsistent range: low {self.low:g} > high {self.high:g}")
        if self.mode is not None and not self.low <= self.mode <= self.high:
            raise ValueError(f"inconsistent range: mode {self.mode:g} outside low-high")
        return self

    def to_range(self) -> Range:
        """The core :class:`Range`."""
        return Range(self.low, self.high, self.mode, self.dist)


class Share(Spec):
    """An uncertain share in [0, 1)."""

    @model_validator(mode="after")
    def _below_one(self) -> Share:
        if self.high >= 1:
            raise ValueError(f"must be below 1, got {self.high:g}")
        return self


class Currency(_Model):
    code: str = Field(default="USD", min_length=3, max_length=3)
    per_usd: float = Field(default=1.0, gt=0, description="units of this currency per USD")


class Weekly(_Model):
    """An inline one-week shape: contacts per hour, 24 values per day."""

    aht_s: float = Field(gt=0)
    patience_s: float | None = Field(default=None, gt=0)
    channel: Literal["voice", "chat", "email", "social"] = "voice"
    calls: dict[Literal[DAYS], list[float]]  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _days(self) -> Weekly:
        for day, values in self.calls.items():
            if len(values) != 24 or min(values) < 0:
                raise ValueError(f"calls.{day} must hold 24 values >= 0")
        return self


class WorkloadIn(_Model):
    file: str | None = None
    weekly: Weekly | None = None
    patience_s: float | None = Field(default=None, gt=0)
    volume_multiplier: float = Field(default=1.0, gt=0)
    weeks_per_year: float = Field(default=WEEKS_PER_YEAR, gt=0, le=53)

    @model_validator(mode="after")
    def _one_source(self) -> WorkloadIn:
        if (self.file is None) == (self.weekly is None):
            raise ValueError("give exactly one of 'file' or 'weekly'")
        return self


class TargetsIn(_Model):
    service_level: float | None = Field(default=0.8, gt=0, lt=1)
    answer_within_s: float = Field(default=20.0, ge=0)
    sl_basis: Literal["offered", "answered"] = "offered"
    max_asa_s: float | None = Field(default=None, gt=0)
    max_abandon: float | None = Field(default=None, gt=0, lt=1)
    max_occupancy: float | None = Field(default=None, gt=0, le=1)


class InhouseIn(_Model):
    """Overrides of the in-house defaults (``core.costs.INHOUSE_DEFAULTS``)."""

    wage_usd_per_hour: Spec | None = None
    benefits_load: Spec | None = None
    payroll_tax_rate: Spec | None = None
    recruiting_usd_per_hire: Spec | None = None
    training_hours_per_hire: Spec | None = None
    attrition_per_year: Spec | None = None
    equipment_usd_per_seat_year: Spec | None = None
    facilities_usd_per_seat_year: Spec | None = None
    maintenance_usd_per_seat_year: Spec | None = None
    software_telephony_usd_per_seat_year: Spec | None = None
    supervisor_span: Spec | None = None
    supervisor_usd_per_hour: Spec | None = None
    manager_span: Spec | None = None
    manager_usd_per_hour: Spec | None = None
    shrinkage: Share | None = None
    paid_hours_per_fte_year: Spec | None = None
    seat_factor: Spec | None = None


class BuyerIn(_Model):
    """Overrides of the buyer-side defaults (``core.pricing.BUYER_DEFAULTS``)."""

    liaison_fte: Spec | None = None
    liaison_usd_per_hour: Spec | None = None
    vendor_management_share: Share | None = None
    qa_hours_per_month: Spec | None = None
    travel_usd_per_year: Spec | None = None
    knowledge_transfer_hours_per_agent: Spec | None = None
    parallel_run_months: Spec | None = None
    contract_years: Spec | None = None
    exit_reserve_share: Share | None = None


class Terms(_Model):
    """A vendor option: where, how it bills, and (optionally) its own price."""

    region: str
    pricing_model: PricingModel
    tier: str = "regular"
    rate: Spec | None = None
    billing_increment_s: float = Field(default=6.0, ge=0)
    vendor_shrinkage: Share = Share(low=0.3, high=0.3)
    bill_on: Literal["productive", "scheduled"] = "productive"
    paid_hours_per_month: float = Field(default=PAID_HOURS_PER_MONTH, gt=0)
    commission_usd_per_sale: Spec | None = None
    conversion_rate: Share | None = None
    base_share: Share = Share(low=0.5, high=0.5)
    required_premium: Share = Share(low=0.10, high=0.20)
    travel_usd_per_year: Spec | None = None

    @model_validator(mode="after")
    def _commission(self) -> Terms:
        if "commission" in self.pricing_model and (
                self.commission_usd_per_sale is None or self.conversion_rate is None):
            raise ValueError(f"{self.pricing_model} needs commission_usd_per_sale and "
                             "conversion_rate")
        return self


class OptionIn(Terms):
    name: str = Field(min_length=1)


class QuoteIn(Terms):
    vendor: str = Field(min_length=1)
    rate: Spec
    source: str = Field(min_length=1)
    date: str = Field(min_length=1)


class HybridIn(_Model):
    name: str = Field(min_length=1)
    split: Literal[SPLITS]  # type: ignore[valid-type]
    vendor: Terms
    channels: list[str] | None = None
    inhouse_hours: list[str] | None = None
    vendor_share: float | None = Field(default=None, ge=0, le=1)
    overflow_above: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _split_key(self) -> HybridIn:
        need = {"channel": "channels", "hours": "inhouse_hours", "queue": "vendor_share",
                "overflow": "overflow_above"}[self.split]
        if getattr(self, need) is None:
            raise ValueError(f"split '{self.split}' needs '{need}'")
        return self


class Scenario(_Model):
    name: str = "scenario"
    description: str = ""
    currency: Currency = Currency()
    workload: WorkloadIn
    targets: TargetsIn = TargetsIn()
    rate_cards: list[str] = []
    inhouse: InhouseIn = InhouseIn()
    buyer: BuyerIn = BuyerIn()
    direction: Literal["inbound", "outbound"] = "inbound"
    compare_card: bool = True
    options: list[OptionIn] = []
    quotes: list[QuoteIn] = []
    hybrids: list[HybridIn] = []
    advice: AdviceIn | None = None


def key_path(loc: tuple) -> str:
    """``("options", 2, "region")`` -> ``"options[2].region"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in PRICING_MODELS or part in ("function-after", "function-before"):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _invalid(exc: ValidationError) -> InvalidInput:
    err = exc.errors()[0]
    msg = str(err["msg"]).removeprefix("Value error, ")
    return InvalidInput(msg, field=key_path(tuple(err["loc"])) or "scenario")


def parse_scenario(data: Any) -> Scenario:
    """Validate a parsed YAML document; errors name the key path."""
    if not isinstance(data, dict):
        raise InvalidInput("a scenario file must be a YAML mapping", field="scenario")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file."""
    p = Path(path)
    if not p.is_file():
        raise NotFound(f"scenario file not found: {p}")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"not valid YAML: {exc}".splitlines()[0], field=str(p)) from None
    return parse_scenario(data)


@dataclass(frozen=True)
class WorkloadData:
    """The scenario's workload per row (interval x channel), one typical period.

    Attributes
    ----------
    calls, period_s, aht_s, patience_s, concurrency : arrays per row.
    channel : channel per row.
    weekday, hour : local weekday (0 = Monday) and start hour of each row.
    slot : index of the row's interval start (rows sharing a start share a slot).
    annual_factor : periods per year (52.14 for a one-week file).
    source : where the workload came from.
    """

    calls: np.ndarray
    period_s: np.ndarray
    aht_s: np.ndarray
    patience_s: np.ndarray
    concurrency: np.ndarray
    channel: list[str]
    weekday: np.ndarray
    hour: np.ndarray
    slot: np.ndarray
    annual_factor: float
    source: str


def _from_table(w: WorkloadIn, path: Path) -> WorkloadData:
    t = read_workload(path)
    if len(t) == 0:
        raise InvalidInput("the workload file has no rows", field="workload.file")
    starts = t.interval_start
    span = max(s.timestamp() + p for s, p in zip(starts, t.period_s, strict=True)) - min(
        s.timestamp() for s in starts)
    weeks = span / (7 * 86400)
    uniq = {s: i for i, s in enumerate(sorted(set(starts)))}
    pat = t.patience_s if w.patience_s is None else np.full(len(t), w.patience_s)
    return WorkloadData(
        t.calls * w.volume_multiplier, t.period_s, t.aht_s, pat, t.concurrency, list(t.channel),
        np.array([s.weekday() for s in starts]),
        np.array([s.hour + s.minute / 60 for s in starts]),
        np.array([uniq[s] for s in starts]), w.weeks_per_year / weeks, str(path))


def _from_weekly(w: WorkloadIn) -> WorkloadData:
    wk = w.weekly
    calls = np.concatenate([wk.calls.get(d, [0.0] * 24) for d in DAYS]) * w.volume_multiplier
    n = calls.size
    patience = w.patience_s or wk.patience_s or np.inf
    return WorkloadData(calls, np.full(n, 3600.0), np.full(n, wk.aht_s), np.full(n, patience),
                        np.ones(n), [wk.channel] * n, np.repeat(np.arange(7), 24),
                        np.tile(np.arange(24.0), 7), np.arange(n), w.weeks_per_year,
                        "workload.weekly")


def scenario_workload(s: Scenario, base_dir: Path) -> WorkloadData:
    """The scenario's workload; a file path is relative to the scenario's folder.

    A workload file covering ``k`` weeks is annualised by ``weeks_per_year / k``
    (52.14 = 365 / 7 for the one typical week ``outsource profile`` writes).
    """
    w = s.workload
    if w.weekly is not None:
        return _from_weekly(w)
    path = Path(w.file)
    path = path if path.is_absolute() else base_dir / path
    if not path.is_file():
        raise NotFound(f"workload.file: not found: {path}")
    try:
        return _from_table(w, path)
    except InvalidInput as exc:
        raise InvalidInput(str(exc), field="workload.file") from None
