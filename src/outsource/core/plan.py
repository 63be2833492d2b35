"""Compare in-house with every outsourcing option: staff, compile, price under uncertainty.

Steps: staff the scenario's workload (``core.staffing``) for the service
targets (:class:`Staffer`, cached per part of the workload); compile every
option (in-house, each region x pricing model on the rate card, explicit
options, vendor quotes, hybrids) into a cost function of named uncertain
inputs (:class:`OptionBuilder`); evaluate at the central values
(deterministic), over seeded Monte Carlo draws (P10/P50/P90, probability of
beating in-house, rank-correlation drivers) and over a one-at-a-time tornado
design for the best option's savings; find the break-even volume of shared
per-minute against dedicated hourly per region (:func:`breakeven_rows`).

Pure: numbers and dataclasses in, numbers and dataclasses out. Money is US
dollars per year unless named otherwise. Formulas: ``core.costs`` (in-house
fully loaded cost), ``core.pricing`` (vendor fees and the buyer's own costs),
``core.uncertainty`` (ranges, draws, rank correlations), each with its source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from outsource.core import hybrid as hy
from outsource.core.costs import (
    INHOUSE_DEFAULTS,
    InhouseInputs,
    WorkloadFacts,
    inhouse_cost,
    load_factor,
)
from outsource.core.deferred import ResponseTarget
from outsource.core.hours import HoursOfOperation
from outsource.core.pricing import (
    BUYER_DEFAULTS,
    PAID_HOURS_PER_MONTH,
    CommissionCheck,
    VendorTerms,
    breakeven_scale,
    buyer_costs,
    commission_check,
    monthly_rate,
    vendor_agents,
    vendor_fees,
)
from outsource.core.ratecard import RateCard
from outsource.core.staffing import Targets, Workload
from outsource.core.uncertainty import (
    Range,
    central,
    percentiles,
    rank_correlation,
    sample,
    tornado_design,
    tornado_swings,
)
from outsource.errors import Infeasible, InvalidInput, Loc, render_loc

#: Card pricing models compared for inbound service and for outbound work (the
#: playbook prices them separately: "Inbound services" vs "Outbound services").
CARD_MODELS = {"inbound": ("shared_per_minute", "dedicated_hourly", "monthly_per_agent"),
               "outbound": ("outbound_hourly",)}
Params = dict[str, np.ndarray]
#: Volume multipliers searched for the shared / dedicated break-even: 1/64 to 64.
BREAKEVEN_SCALES = 2.0 ** np.arange(-6.0, 6.25, 0.25)


@dataclass(frozen=True)
class WorkloadData:
    """A scenario's workload per row (interval x channel), one typical period.

    Attributes
    ----------
    calls, period_s, aht_s, patience_s, concurrency : arrays per row.
    channel : channel per row.
    weekday, hour : local weekday (0 = Monday) and start hour of each row.
    slot : index of the row's interval start (rows sharing a start share a slot).
    annual_factor : periods per year (365 / 7 = 52.142857 for a one-week file).
    source : where the workload came from.
    start_s : interval starts [s since 1970-01-01 UTC] for a workload file;
        ``None`` for an inline weekly shape (its local weekday and hour only).
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
    start_s: np.ndarray | None = None


@dataclass(frozen=True)
class Offer:
    """A vendor option's terms, every uncertain number a :class:`Range`.

    Attributes mirror the scenario keys (docs/costs.md): ``rate`` (``None``: the
    rate card's), billing increment [s], vendor shrinkage [share], billing
    basis, paid hours per agent-month [h], commission [USD/sale], conversion
    [share], base-pay share [share], required commission premium [share] and
    travel [USD/year].
    """

    region: str
    pricing_model: str
    tier: str = "regular"
    rate: Range | None = None
    billing_increment_s: float = 6.0
    vendor_shrinkage: Range = field(default_factory=lambda: Range.fixed(0.3))
    bill_on: str = "productive"
    paid_hours_per_month: float = PAID_HOURS_PER_MONTH
    commission_usd_per_sale: Range | None = None
    conversion_rate: Range | None = None
    base_share: Range = field(default_factory=lambda: Range.fixed(0.5))
    required_premium: Range = field(default_factory=lambda: Range(0.10, 0.20))
    travel_usd_per_year: Range | None = None


@dataclass(frozen=True)
class HybridOffer:
    """Part of the work kept in-house, the rest sent to ``vendor`` (docs/costs.md, hybrids)."""

    name: str
    split: str
    vendor: Offer
    channels: tuple[str, ...] = ()
    inhouse_hours: tuple[str, ...] = ()
    vendor_share: float = 0.0
    overflow_above: float = 0.0


@dataclass(frozen=True)
class PlanSpec:
    """What to compare: overrides of the defaults, the options, and how to staff.

    Attributes
    ----------
    targets : service targets the voice and chat intervals are staffed for.
    inhouse, buyer : given ranges overriding ``INHOUSE_DEFAULTS`` / ``BUYER_DEFAULTS``.
    direction : ``inbound`` or ``outbound`` (which card prices apply).
    compare_card : whether every region x pricing model of the card is an option.
    options, quotes : named offers (quotes are a vendor's own price).
    hybrids : split options.
    response : the e-mail and social response target (backlog model).
    hours : hours of operation (``24/7`` or e.g. ``Mon-Fri 08:00-20:00 America/New_York``).
    """

    targets: Targets
    inhouse: dict[str, Range] = field(default_factory=dict)
    buyer: dict[str, Range] = field(default_factory=dict)
    direction: str = "inbound"
    compare_card: bool = True
    options: tuple[tuple[str, Offer], ...] = ()
    quotes: tuple[tuple[str, Offer], ...] = ()
    hybrids: tuple[HybridOffer, ...] = ()
    response: ResponseTarget = field(default_factory=ResponseTarget)
    hours: str = "24/7"


def row_starts(wd: WorkloadData) -> np.ndarray:
    """Interval start of each row [s]: the file's instants, or for an inline week its
    local weekday and hour laid from Monday 00:00."""
    if wd.start_s is not None:
        return np.asarray(wd.start_s, dtype=float)
    return np.asarray(wd.weekday, dtype=float) * 86400.0 + np.asarray(wd.hour) * 3600.0


def open_rows(wd: WorkloadData, hours: HoursOfOperation) -> np.ndarray:
    """Whether each row's interval start is inside ``hours`` (a file's rows by their
    instants in the hours' zone, as ``outsource staff --hours``; an inline week by its
    local weekday and hour)."""
    if hours.always_open:
        return np.ones(len(wd.calls), dtype=bool)
    if wd.start_s is not None:
        return hours.is_open_at(wd.start_s)
    return hours.open_at(wd.weekday, wd.hour)


class Staffer:
    """Staffs parts of a workload for the targets (cached per part).

    Voice and chat rows are staffed per interval with Erlang for ``targets``;
    e-mail and social rows per channel with the backlog model for ``response``
    (:func:`outsource.core.hybrid.staff_part`), inside ``hours`` (``24/7`` by default).
    """

    def __init__(self, wd: WorkloadData, targets: Targets,
                 response: ResponseTarget | None = None,
                 hours: HoursOfOperation | str | None = None) -> None:
        self.wd, self.calls = wd, wd.calls
        self.targets = targets
        self.response = response or ResponseTarget()
        if isinstance(hours, str):
            hours = HoursOfOperation.parse(hours, ("hours",))
        self.hours = hours or HoursOfOperation.parse("24/7")
        self.open = open_rows(wd, self.hours)
        self.rows = hy.Rows(np.asarray(wd.channel), row_starts(wd), self.open)
        self._cache: dict[bytes, hy.PartStaffing] = {}

    @classmethod
    def of(cls, wd: WorkloadData, spec: PlanSpec) -> Staffer:
        """The staffer of a plan: its targets, response target and hours."""
        return cls(wd, spec.targets, spec.response, spec.hours)

    def part(self, calls: np.ndarray, works: np.ndarray | None = None) -> hy.PartStaffing:
        """Staffing of the workload with ``calls`` in place of its own [calls per row].

        ``works`` (per row) limits the hours in which a deferred part's team works
        (default: all the hours of operation), e.g. one side of an hours split.
        """
        c = np.asarray(calls, dtype=float)
        w = None if works is None else np.asarray(works, dtype=bool)
        key = c.tobytes() + (b"" if w is None else b"|" + w.tobytes())
        if key not in self._cache:
            wd = self.wd
            wl = Workload.build(c, wd.period_s, wd.aht_s, wd.patience_s, None, wd.concurrency)
            self._cache[key] = hy.staff_part(wl, wd.slot, self.targets, wd.annual_factor,
                                             rows=self.rows, response=self.response, works=w)
        return self._cache[key]

    def facts(self, calls: np.ndarray, works: np.ndarray | None = None) -> WorkloadFacts:
        """Annual contacts, staffed hours and peak agents of ``calls``."""
        return self.part(calls, works).facts

    def peak(self, *parts: np.ndarray | hy.PartStaffing) -> float:
        """Most agents staffed in one interval over the given parts together (calls per
        row, or parts already staffed)."""
        agents = sum((p if isinstance(p, hy.PartStaffing) else self.part(p)).agents
                     for p in parts)
        return float(np.bincount(self.wd.slot, weights=agents).max(initial=0.0))


@dataclass(frozen=True)
class Breakeven:
    """Where dedicated hourly becomes no dearer than shared per-minute in one region."""

    region: str
    shared_usd_per_min: float
    dedicated_usd_per_hour: float
    volume_multiplier: float | None
    status: str
    contacts_per_year: float | None


def breakeven_rows(staffer: Staffer, card: RateCard) -> list[Breakeven]:
    """Per region with both rates: the volume where dedicated becomes no dearer than shared.

    Vendor fees only, at the card's central rates, 6-second billing, productive
    hours billed; staffing is recomputed on the scaled workload at each of
    :data:`BREAKEVEN_SCALES` and the crossing interpolated in log volume.
    """
    pairs = [(rid, card.lookup(rid, "shared_per_minute"), card.lookup(rid, "dedicated_hourly"))
             for rid in card.regions]
    pairs = [(rid, sh, de) for rid, sh, de in pairs if sh is not None and de is not None]
    if not pairs:
        return []
    grid = [staffer.facts(staffer.calls * k) for k in BREAKEVEN_SCALES]
    base = staffer.facts(staffer.calls).contacts_per_year
    rows = []
    for rid, sh, de in pairs:
        r_sh, r_de = sh.range.central, de.range.central
        shared = [float(vendor_fees(f, VendorTerms("shared_per_minute", r_sh))) for f in grid]
        ded = [float(vendor_fees(f, VendorTerms("dedicated_hourly", r_de))) for f in grid]
        be = breakeven_scale(BREAKEVEN_SCALES, shared, ded)
        rows.append(Breakeven(rid, r_sh, r_de, be.scale, be.status,
                              None if be.scale is None else float(be.scale * base)))
    return rows


@dataclass(frozen=True)
class VendorPart:
    """The vendor side of an option, as :meth:`OptionBuilder.vendor_cost` prices it.

    Attributes
    ----------
    offer : the terms.
    path : key path of the option's own inputs (``options[0]``, ``hybrids[1].vendor``).
    facts : the work sent to the vendor.
    rate_key : parameter name of the rate (a card row's key or ``<path>.rate``).
    derive_monthly : whether the monthly rate is the hourly rate x paid hours per month.
    """

    offer: Offer
    path: str
    facts: WorkloadFacts
    rate_key: str
    derive_monthly: bool


@dataclass
class Compiled:
    """One option as a cost function of the named inputs.

    ``inhouse_facts`` (the work kept in-house, priced by ``core.costs``) and
    ``vendor`` (the work sent out) describe what :attr:`cost` sums, so that a
    report can write the same sum out line by line.
    """

    name: str
    region: str
    pricing_model: str
    cost: Callable[[Params], np.ndarray]
    agents_required: float
    fte: float
    rate_source: str = ""
    check: Callable[[Params], CommissionCheck] | None = None
    inhouse_facts: WorkloadFacts | None = None
    vendor: VendorPart | None = None


class OptionBuilder:
    """Collects named input ranges and compiles options against one workload.

    Input names are key paths (``options[2].rate``, ``hybrids[0].vendor.base_share``,
    ``inhouse.wage_usd_per_hour``, a card price's ``rate.india.hourly``); errors
    are located at the option's key path (``hybrids[0].inhouse_hours[1]``).
    """

    def __init__(self, spec: PlanSpec, card: RateCard, staffer: Staffer) -> None:
        self.spec, self.card, self.staffer = spec, card, staffer
        self.ranges: dict[str, Range] = {}
        for prefix, defaults, given in (("inhouse.", INHOUSE_DEFAULTS, spec.inhouse),
                                        ("buyer.", BUYER_DEFAULTS, spec.buyer)):
            for key, (lo, mode, hi, _src) in defaults.items():
                self.ranges[prefix + key] = given.get(key) or Range(lo, hi, mode)

    def add(self, name: str, value: Range) -> str:
        self.ranges[name] = value
        return name

    def inhouse(self, p: Params, facts: WorkloadFacts) -> np.ndarray:
        return inhouse_cost(facts, InhouseInputs.from_params(p)).total

    def vendor_cost(self, t: Offer, path: str, facts: WorkloadFacts, p: Params,
                    rate_key: str, derive_monthly: bool) -> np.ndarray:
        rate = p[rate_key]
        if derive_monthly:
            rate = monthly_rate(rate, t.paid_hours_per_month)
        terms = VendorTerms(
            t.pricing_model, rate, t.billing_increment_s, p[f"{path}.vendor_shrinkage"],
            t.bill_on, t.paid_hours_per_month, p.get(f"{path}.commission_usd_per_sale", 0.0),
            p.get(f"{path}.conversion_rate", 0.0), p[f"{path}.base_share"])
        fees = vendor_fees(facts, terms)
        x = InhouseInputs.from_params(p)
        b = {k: p["buyer." + k] for k in BUYER_DEFAULTS}
        b["travel_usd_per_year"] = p.get(f"{path}.travel_usd_per_year", b["travel_usd_per_year"])
        own = buyer_costs(fees, facts, vendor_agents(facts, terms), self.inhouse(p, facts), b,
                          load_factor(x), np.asarray(x.paid_hours_per_fte_year))
        return fees + sum(own.values())

    def rate(self, t: Offer, loc: Loc) -> tuple[str, str, bool]:
        """Parameter name of the option's rate, its source, and whether monthly is derived."""
        path = render_loc(loc)
        if t.rate is not None:
            return self.add(f"{path}.rate", t.rate), f"{path}.rate", False
        try:
            row = self.card.lookup(t.region, t.pricing_model, t.tier)
        except InvalidInput as exc:
            raise exc.prefixed(*loc, "region") from None
        derive = row is None and t.pricing_model == "monthly_per_agent"
        if derive:
            row = self.card.lookup(t.region, "dedicated_hourly", t.tier)
        if row is None:
            raise InvalidInput(f"no rate on the card for {t.pricing_model} in '{t.region}'"
                               f" (tier {t.tier}); give 'rate'", loc=(*loc, "rate"))
        src = f"{row.source} ({row.date})" + (" x paid hours per month" if derive else "")
        return self.add(row.key, row.range), src, derive

    def terms_params(self, t: Offer, path: str) -> None:
        self.add(f"{path}.vendor_shrinkage", t.vendor_shrinkage)
        self.add(f"{path}.base_share", t.base_share)
        self.add(f"{path}.required_premium", t.required_premium)
        for key in ("commission_usd_per_sale", "conversion_rate", "travel_usd_per_year"):
            if getattr(t, key) is not None:
                self.add(f"{path}.{key}", getattr(t, key))

    def vendor(self, name: str, t: Offer, loc: Loc) -> Compiled:
        path = render_loc(loc)
        rate_key, src, derive = self.rate(t, loc)
        self.terms_params(t, path)
        facts = self.staffer.facts(self.staffer.calls)
        sh = self.ranges[f"{path}.vendor_shrinkage"].central
        fte = float(vendor_agents(facts, VendorTerms(t.pricing_model, 0.0, vendor_shrinkage=sh,
                                                     paid_hours_per_month=t.paid_hours_per_month)))
        check = None
        if t.pricing_model == "commission_only":
            def check(p: Params) -> CommissionCheck:
                terms = VendorTerms(t.pricing_model, 0.0,
                                    commission_usd_per_sale=p[f"{path}.commission_usd_per_sale"],
                                    conversion_rate=p[f"{path}.conversion_rate"])
                return commission_check(facts, terms, p[rate_key], p[f"{path}.required_premium"])
        return Compiled(name, t.region, t.pricing_model,
                        lambda p: self.vendor_cost(t, path, facts, p, rate_key, derive),
                        self.staffer.peak(self.staffer.calls), fte, src, check,
                        vendor=VendorPart(t, path, facts, rate_key, derive))

    def _split(self, h: HybridOffer) -> hy.Split:
        wd = self.staffer.wd
        if h.split == "channel":
            return hy.by_channel(wd.calls, wd.channel, list(h.channels))
        if h.split == "hours":
            return hy.by_hours(wd.calls, hy.open_mask(wd.weekday, wd.hour, h.inhouse_hours))
        if h.split == "queue":
            return hy.by_queue(wd.calls, h.vendor_share)
        return hy.overflow(wd.calls, h.overflow_above)

    def _works(self, h: HybridOffer) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Hours each side's deferred team works: an hours split gives each side its own
        (in-house: ``inhouse_hours``; vendor: the rest), other splits all hours."""
        if h.split != "hours":
            return None, None
        wd = self.staffer.wd
        mask = hy.open_mask(wd.weekday, wd.hour, h.inhouse_hours)
        return mask, ~mask

    def hybrid(self, h: HybridOffer, loc: Loc) -> Compiled:
        try:
            part = self._split(h)
            w_in, w_v = self._works(h)
        except InvalidInput as exc:
            raise exc.prefixed(*loc) from None
        t = h.vendor
        vloc = (*loc, "vendor")
        vpath = render_loc(vloc)
        rate_key, src, derive = self.rate(t, vloc)
        self.terms_params(t, vpath)
        p_in = _staffed(self.staffer, part.inhouse, w_in, loc, "the in-house part")
        p_v = _staffed(self.staffer, part.vendor, w_v, loc, "the vendor's part")
        f_in, f_v = p_in.facts, p_v.facts
        sh_in = self.ranges["inhouse.shrinkage"].central
        hours_per_fte = self.ranges["inhouse.paid_hours_per_fte_year"].central
        fte = (f_in.staffed_hours_per_year / (1 - sh_in) / hours_per_fte + float(vendor_agents(
            f_v, VendorTerms(t.pricing_model, 0.0,
                             vendor_shrinkage=self.ranges[f"{vpath}.vendor_shrinkage"].central,
                             paid_hours_per_month=t.paid_hours_per_month))))

        def cost(p: Params) -> np.ndarray:
            vendor = (self.vendor_cost(t, vpath, f_v, p, rate_key, derive)
                      if f_v.contacts_per_year > 0 else 0.0)
            return self.inhouse(p, f_in) + vendor
        return Compiled(h.name, t.region, f"hybrid:{h.split}+{t.pricing_model}", cost,
                        self.staffer.peak(p_in, p_v), fte, src,
                        inhouse_facts=f_in,
                        vendor=(VendorPart(t, vpath, f_v, rate_key, derive)
                                if f_v.contacts_per_year > 0 else None))

    def inhouse_option(self) -> Compiled:
        facts = self.staffer.facts(self.staffer.calls)
        sh = self.ranges["inhouse.shrinkage"].central
        hours = self.ranges["inhouse.paid_hours_per_fte_year"].central
        return Compiled("In-house", "in_house", "in_house", lambda p: self.inhouse(p, facts),
                        self.staffer.peak(self.staffer.calls),
                        facts.staffed_hours_per_year / (1 - sh) / hours, "defaults: docs/costs.md",
                        inhouse_facts=facts)

    def all_options(self) -> list[Compiled]:
        s = self.spec
        opts = [self.inhouse_option()]
        if s.compare_card:
            for rid, reg in self.card.regions.items():
                for model in CARD_MODELS[s.direction]:
                    if self._has_rate(rid, model):
                        opts.append(self.vendor(f"{reg.name} {model}", Offer(rid, model),
                                                ("card", rid, model)))
        opts += [self.vendor(name, o, ("options", i)) for i, (name, o) in enumerate(s.options)]
        opts += [self.vendor(name, q, ("quotes", i)) for i, (name, q) in enumerate(s.quotes)]
        opts += [self.hybrid(h, ("hybrids", i)) for i, h in enumerate(s.hybrids)]
        return opts

    def _has_rate(self, region: str, model: str) -> bool:
        """A card option exists unless the price is inherited from a group that is
        itself on the card (e.g. India's shared rate is the generic international one)."""
        row = self.card.lookup(region, model)
        if row is None and model == "monthly_per_agent":
            row = self.card.lookup(region, "dedicated_hourly")
        return row is not None and (row.region == region or row.region not in self.card.regions)


def _staffed(staffer: Staffer, calls: np.ndarray, works: np.ndarray | None, loc: Loc,
             what: str) -> hy.PartStaffing:
    """A hybrid side staffed; a response target it cannot meet is located at the hybrid."""
    try:
        return staffer.part(calls, works)
    except Infeasible as exc:
        raise Infeasible(f"{what}: {exc.message}", loc=loc) from None


def evaluate(opts: list[Compiled], p: Params) -> np.ndarray:
    """Cost of every option (rows) for every draw of ``p`` (columns) [USD/year]."""
    n = len(next(iter(p.values())))
    return np.vstack([np.broadcast_to(o.cost(p), (n,)) for o in opts])


@dataclass(frozen=True)
class Commission:
    """The commission-only workability check of one option (playbook, commission)."""

    earnings_per_hour_usd: float
    hourly_rate_usd: float
    premium: float
    workable: bool
    p_workable: float


@dataclass(frozen=True)
class OptionStats:
    """One compared option; money in USD per year unless named otherwise."""

    name: str
    region: str
    pricing_model: str
    annual_cost_usd: float
    p10_usd: float
    p90_usd: float
    deterministic_usd: float
    cost_per_contact_usd: float
    cost_per_productive_hour_usd: float
    savings_vs_inhouse_usd: float
    p_cheaper_than_inhouse: float
    agents_required: float
    fte: float
    top_driver: str
    rate_source: str = ""
    commission: Commission | None = None
    savings_p10_usd: float = float("nan")
    savings_p90_usd: float = float("nan")


@dataclass(frozen=True)
class Swing:
    """Savings of the best option at one input's low and high end, others central [USD]."""

    input: str
    savings_at_low_usd: float
    savings_at_high_usd: float
    swing_usd: float


@dataclass(frozen=True)
class ChannelPlan:
    """One channel of the whole workload staffed in-house, per year.

    Attributes
    ----------
    channel : ``voice``, ``chat``, ``email`` or ``social``.
    model : ``erlang_c``, ``erlang_a`` (voice/chat, per interval) or ``deferred`` (backlog).
    contacts_per_year : contacts served [contacts/year].
    contacts_outside_hours_per_year : voice/chat contacts outside the hours, not served.
    handle_minutes_per_year : contacts x AHT [min/year].
    staffed_hours_per_year : agent hours on the channel [h/year].
    fte : in-house FTE, staffed / (1 - shrinkage) / paid hours per FTE-year (central).
    peak_agents : most agents on the channel in one interval [agents].
    team_agents, share_within_target, mean_response_h, p90_response_h, best_share :
        the deferred team and its measures (``None`` for Erlang channels).
    """

    channel: str
    model: str
    contacts_per_year: float
    contacts_outside_hours_per_year: float
    handle_minutes_per_year: float
    staffed_hours_per_year: float
    fte: float
    peak_agents: float
    team_agents: float | None = None
    share_within_target: float | None = None
    mean_response_h: float | None = None
    p90_response_h: float | None = None
    best_share: float | None = None


def channel_plans(staffer: Staffer, part: hy.PartStaffing, shrinkage: float,
                  paid_hours_per_fte_year: float) -> list[ChannelPlan]:
    """Per channel of ``part``: annual contacts, hours, FTE and (deferred) response."""
    af = staffer.wd.annual_factor
    chan = np.asarray(staffer.wd.channel)
    out = []
    for name, c in part.channels.items():
        model = c.model
        if model == "erlang":
            patient = np.all(np.isinf(staffer.wd.patience_s[chan == name]))
            model = "erlang_c" if patient else "erlang_a"
        d = c.deferred
        hours = c.agent_hours * af
        out.append(ChannelPlan(
            name, model, c.contacts * af, c.contacts_outside_hours * af, c.handle_minutes * af,
            hours, hours / (1.0 - shrinkage) / paid_hours_per_fte_year, c.peak_agents,
            None if d is None else float(d.agents),
            None if d is None else d.share_within_target,
            None if d is None else d.mean_response_s / 3600.0,
            None if d is None else d.p90_response_s / 3600.0,
            None if d is None else d.best_share))
    return out


@dataclass(frozen=True)
class Comparison:
    """The ranked comparison and what it rests on."""

    contacts_per_year: float
    staffed_hours_per_year: float
    annual_factor: float
    options: list[OptionStats]
    breakeven: list[Breakeven]
    sensitivity: list[Swing]
    by_channel: list[ChannelPlan] = field(default_factory=list)


def _commission(o: Compiled, det: Params, draws: Params) -> Commission | None:
    if o.check is None:
        return None
    c, mc = o.check(det), o.check(draws)
    return Commission(float(c.earnings_per_hour[0]), float(c.hourly_rate[0]),
                      float(c.premium[0]), bool(c.workable[0]), float(np.mean(mc.workable)))


def summarise(opts: list[Compiled], det: Params, draws: Params, costs_det: np.ndarray,
              costs: np.ndarray, facts: WorkloadFacts) -> list[OptionStats]:
    """Per option: P10/P50/P90, savings and P(cheaper) against in-house (row 0), driver."""
    p10, p50, p90 = percentiles(costs)
    savings = costs[0] - costs
    s10, s90 = percentiles(savings, (10, 90))
    names, rho = rank_correlation(draws, costs)
    out = []
    for i, o in enumerate(opts):
        j = int(np.argmax(np.abs(rho[i]))) if names else 0
        driver = names[j] if names and abs(rho[i, j]) > 0 else ""
        out.append(OptionStats(
            o.name, o.region, o.pricing_model, float(p50[i]), float(p10[i]), float(p90[i]),
            float(costs_det[i, 0]), float(p50[i] / facts.contacts_per_year),
            float(p50[i] / facts.staffed_hours_per_year), float(np.median(savings[i])),
            float(np.mean(costs[i] < costs[0])), o.agents_required, o.fte, driver,
            o.rate_source, _commission(o, det, draws), savings_p10_usd=float(s10[i]),
            savings_p90_usd=float(s90[i])))
    return sorted(out, key=lambda r: r.annual_cost_usd)


def tornado(b: OptionBuilder, opts: list[Compiled], best: int) -> list[Swing]:
    """The ten inputs that move the best option's savings most (one at a time)."""
    names, design = tornado_design(b.ranges)
    if not names:
        return []
    costs = evaluate([opts[0], opts[best]], design)
    rows = tornado_swings(names, costs[0] - costs[1])
    return [Swing(n, lo, hi, abs(hi - lo)) for n, lo, hi in rows[:10]]


@dataclass(frozen=True)
class Built:
    """Every option of a spec compiled against one workload, with its named inputs.

    Attributes
    ----------
    staffer : the workload's staffing (cached per part).
    builder : the named input ranges (``builder.ranges``).
    options : in-house first, then the card, options, quotes and hybrids.
    whole : the whole workload staffed in-house (staffed first, so that a target no
        team can meet is reported at ``targets`` before any option is built).
    """

    staffer: Staffer
    builder: OptionBuilder
    options: list[Compiled]
    whole: hy.PartStaffing


def build(spec: PlanSpec, card: RateCard, wd: WorkloadData) -> Built:
    """Staff the workload and compile every option of ``spec`` (no draws)."""
    staffer = Staffer.of(wd, spec)
    whole = staff_whole(staffer, spec.hours)
    b = OptionBuilder(spec, card, staffer)
    return Built(staffer, b, b.all_options(), whole)


def compare(spec: PlanSpec, card: RateCard, wd: WorkloadData, draws: int,
            rng: np.random.Generator) -> Comparison:
    """Staff, price and compare every option of ``spec`` (``rng`` draws the inputs)."""
    built = build(spec, card, wd)
    staffer, b, opts, whole = built.staffer, built.builder, built.options, built.whole
    det = central(b.ranges)
    mc = sample(b.ranges, draws, rng)
    costs_det, costs = evaluate(opts, det), evaluate(opts, mc)
    facts = staffer.facts(wd.calls)
    results = summarise(opts, det, mc, costs_det, costs, facts)
    best = min(range(1, len(opts)), key=lambda i: np.median(costs[i]), default=0)
    return Comparison(facts.contacts_per_year, facts.staffed_hours_per_year, wd.annual_factor,
                      results, breakeven_rows(staffer, card),
                      tornado(b, opts, best) if best else [],
                      channel_plans(staffer, whole, b.ranges["inhouse.shrinkage"].central,
                                    b.ranges["inhouse.paid_hours_per_fte_year"].central))


def staff_whole(staffer: Staffer, hours: str = "24/7") -> hy.PartStaffing:
    """The whole workload staffed; a response target no team can meet inside ``hours``
    is located at the scenario's ``targets``."""
    try:
        return staffer.part(staffer.calls)
    except Infeasible as exc:
        if exc.loc and str(exc.loc[0]).startswith("response"):
            raise Infeasible(f"{exc.message} (hours of operation: {hours})",
                             loc=("targets", *exc.loc)) from None
        raise
