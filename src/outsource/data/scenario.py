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
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from outsource.core.costs import WEEKS_PER_YEAR
from outsource.core.deferred import CLOCKS, ResponseTarget
from outsource.core.hours import DAYS, HoursOfOperation
from outsource.core.hybrid import SPLITS
from outsource.core.plan import HybridOffer, Offer, PlanSpec, WorkloadData
from outsource.core.pricing import PRICING_MODELS, paid_hours_per_month
from outsource.core.ratecard import RateCard
from outsource.core.staffing import Targets
from outsource.core.uncertainty import DISTRIBUTIONS, Range
from outsource.data import sources
from outsource.data.advice_inputs import AdviceIn
from outsource.data.ratecard import load_card, merge_cards
from outsource.data.sources import Source
from outsource.data.workload import WorkloadTable, read_workload
from outsource.data.yaml_safe import load_yaml
from outsource.errors import InvalidInput, NotFound, from_validation_error

__all__ = ["Scenario", "ScenarioInputs", "WorkloadData", "load_scenario",
           "load_scenario_inputs", "offer", "parse_scenario",
           "plan_spec", "response_of", "scenario_inputs", "scenario_workload", "targets_of"]

PricingModel = Literal[PRICING_MODELS]  # type: ignore[valid-type]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    """Service targets: voice and chat per interval (Erlang), e-mail and social as a
    backlog (``response_*``: share of items answered within so many hours)."""

    service_level: float | None = Field(default=0.8, gt=0, lt=1)
    answer_within_s: float = Field(default=20.0, ge=0)
    sl_basis: Literal["offered", "answered"] = "offered"
    max_asa_s: float | None = Field(default=None, gt=0)
    max_abandon: float | None = Field(default=None, gt=0, lt=1)
    max_occupancy: float | None = Field(default=None, gt=0, le=1)
    response_within_h: float = Field(default=24.0, gt=0, allow_inf_nan=False)
    response_share: float = Field(default=0.95, gt=0, le=1)
    response_clock: Literal[CLOCKS] = "clock"  # type: ignore[valid-type]


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
    #: ``None``: 40 paid hours a week x the workload's ``weeks_per_year`` / 12.
    paid_hours_per_month: float | None = Field(default=None, gt=0)
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
    hours: str = Field(default="24/7", min_length=1)

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        try:
            HoursOfOperation.parse(v, ("hours",))
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        return v


def parse_scenario(data: Any) -> Scenario:
    """Validate a parsed YAML document; errors name the key path (``options[2].region``)."""
    if not isinstance(data, dict):
        raise InvalidInput("a scenario file must be a YAML mapping")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, skip=PRICING_MODELS) from None


def load_scenario(src: Source, name: str | None = None) -> Scenario:
    """Read and validate a scenario YAML file (a path, or the bytes of an upload)."""
    f = sources.load(src, name, what="scenario file")
    return parse_scenario(load_yaml(f.data, f.full))


def _from_table(w: WorkloadIn, t: WorkloadTable) -> WorkloadData:
    if len(t) == 0:
        raise InvalidInput("the workload file has no rows", loc=("workload", "file"))
    start = t.start_s
    span = float(np.max(start + t.period_s) - np.min(start))
    weeks = span / (7 * 86400)
    uniq, slot = np.unique(start, return_inverse=True)
    local = start + t.utc_offset_s
    days = np.floor(local / 86400.0)
    pat = t.patience_s if w.patience_s is None else np.full(len(t), w.patience_s)
    return WorkloadData(
        t.calls * w.volume_multiplier, t.period_s, t.aht_s, pat, t.concurrency,
        t.channel.tolist(), ((days.astype(np.int64) + 3) % 7),
        (local - days * 86400.0) / 3600.0, slot, w.weeks_per_year / weeks, t.source,
        start_s=start)


def _from_weekly(w: WorkloadIn) -> WorkloadData:
    wk = w.weekly
    calls = np.concatenate([wk.calls.get(d, [0.0] * 24) for d in DAYS]) * w.volume_multiplier
    n = calls.size
    patience = w.patience_s or wk.patience_s or np.inf
    return WorkloadData(calls, np.full(n, 3600.0), np.full(n, wk.aht_s), np.full(n, patience),
                        np.ones(n), [wk.channel] * n, np.repeat(np.arange(7), 24),
                        np.tile(np.arange(24.0), 7), np.arange(n), w.weeks_per_year,
                        "workload.weekly")


Files = dict[str, bytes]


def _resolve(ref: str, base_dir: Path | None, files: Files | None) -> Source:
    """A file the scenario names: an uploaded one of that name, else a path (relative to
    the scenario's folder)."""
    if files is not None and ref in files:
        return files[ref]
    path = Path(ref)
    return path if path.is_absolute() or base_dir is None else base_dir / path


def scenario_workload(s: Scenario, base_dir: Path | None = None,
                      files: Files | None = None) -> WorkloadData:
    """The scenario's workload; a file path is relative to the scenario's folder.

    A workload file covering ``k`` weeks is annualised by ``weeks_per_year / k``
    (365 / 7 = 52.142857 by default, for the one typical week ``outsource profile``
    writes).
    """
    w = s.workload
    if w.weekly is not None:
        return _from_weekly(w)
    src = _resolve(w.file, base_dir, files)
    name = Path(w.file).name if isinstance(src, bytes) else None
    try:
        return _from_table(w, read_workload(src, name))
    except NotFound as exc:
        raise NotFound(exc.message, loc=("workload", "file")) from None


_RESPONSE = ("response_within_h", "response_share", "response_clock")


def targets_of(s: Scenario) -> Targets:
    """The scenario's voice/chat targets as the staffing engine's :class:`Targets`."""
    return Targets(**s.targets.model_dump(exclude=set(_RESPONSE)))


def response_of(s: Scenario) -> ResponseTarget:
    """The scenario's e-mail/social response target."""
    t = s.targets
    return ResponseTarget(t.response_within_h, t.response_share, t.response_clock)


def _range(spec: Spec | None) -> Range | None:
    return None if spec is None else spec.to_range()


def offer(t: Terms, weeks_per_year: float = WEEKS_PER_YEAR) -> Offer:
    """A scenario's vendor terms as the core :class:`Offer` (paid hours per month, when
    not given, from the scenario's ``weeks_per_year``)."""
    hours = (t.paid_hours_per_month if t.paid_hours_per_month is not None
             else paid_hours_per_month(weeks_per_year))
    return Offer(t.region, t.pricing_model, t.tier, _range(t.rate), t.billing_increment_s,
                 t.vendor_shrinkage.to_range(), t.bill_on, hours,
                 _range(t.commission_usd_per_sale), _range(t.conversion_rate),
                 t.base_share.to_range(), t.required_premium.to_range(),
                 _range(t.travel_usd_per_year))


def plan_spec(s: Scenario) -> PlanSpec:
    """What ``outsource plan`` compares, as the core :class:`PlanSpec`."""
    given = {k: v.to_range() for k, v in s.inhouse if v is not None}
    buyer = {k: v.to_range() for k, v in s.buyer if v is not None}
    weeks = s.workload.weeks_per_year
    hybrids = tuple(HybridOffer(h.name, h.split, offer(h.vendor, weeks),
                                tuple(h.channels or ()), tuple(h.inhouse_hours or ()),
                                h.vendor_share or 0.0, h.overflow_above or 0.0)
                    for h in s.hybrids)
    return PlanSpec(targets_of(s), given, buyer, s.direction, s.compare_card,
                    tuple((o.name, offer(o, weeks)) for o in s.options),
                    tuple((f"Quote: {q.vendor} ({q.pricing_model})", offer(q, weeks))
                          for q in s.quotes),
                    hybrids, response_of(s), s.hours)


@dataclass(frozen=True)
class ScenarioInputs:
    """A scenario with every file it names loaded once.

    Attributes
    ----------
    scenario : the validated scenario.
    workload : its workload, one typical period.
    card : the rate card (bundled card overridden by the scenario's ``rate_cards``).
    source : the scenario's file or upload name.
    """

    scenario: Scenario
    workload: WorkloadData
    card: RateCard
    source: str = "scenario"


def scenario_inputs(s: Scenario, base_dir: Path | None = None, files: Files | None = None,
                    source: str = "scenario") -> ScenarioInputs:
    """Load the files scenario ``s`` names (workload, rate cards), each once.

    ``files`` holds uploaded files by the name the scenario gives them;
    other names are paths relative to ``base_dir``.
    """
    cards = []
    for i, ref in enumerate(s.rate_cards):
        try:
            cards.append(load_card(_resolve(ref, base_dir, files),
                                   Path(ref).name if files and ref in files else None))
        except NotFound as exc:
            raise NotFound(exc.message, loc=("rate_cards", i)) from None
    return ScenarioInputs(s, scenario_workload(s, base_dir, files), merge_cards(cards), source)


def load_scenario_inputs(src: Source, name: str | None = None, base_dir: Path | None = None,
                         files: Files | None = None) -> ScenarioInputs:
    """Read a scenario file and every file it names, each once (see :func:`scenario_inputs`).

    Paths in the scenario are relative to its folder (or to ``base_dir``).
    """
    f = sources.load(src, name, what="scenario file")
    s = load_scenario(f.data, f.name)
    folder = base_dir if base_dir is not None else (f.path.parent if f.path else None)
    return scenario_inputs(s, folder, files, f.full)
