"""Plan: staff and price every option of a scenario, compare them with in-house.

Steps: load the scenario and its workload; staff it (``core.staffing``) for the
service targets; compile every option (in-house, each region x pricing model
on the rate card, explicit options, vendor quotes, hybrids) into a cost
function of named uncertain inputs; evaluate at the central values
(deterministic), over seeded Monte Carlo draws (P10/P50/P90, probability of
beating in-house, rank-correlation drivers) and over a one-at-a-time tornado
design for the best option's savings; find the break-even volume of shared
per-minute against dedicated hourly per region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from outsource.core import hybrid as hy
from outsource.core.costs import (
    INHOUSE_DEFAULTS,
    InhouseInputs,
    WorkloadFacts,
    inhouse_cost,
    load_factor,
)
from outsource.core.pricing import (
    BUYER_DEFAULTS,
    CommissionCheck,
    VendorTerms,
    breakeven_scale,
    buyer_costs,
    commission_check,
    monthly_rate,
    vendor_agents,
    vendor_fees,
)
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
from outsource.data.ratecard import RateCard, load_cards
from outsource.data.scenario import (
    HybridIn,
    Scenario,
    Spec,
    TargetsIn,
    Terms,
    WorkloadData,
    load_scenario,
    scenario_workload,
)
from outsource.errors import InvalidInput

#: Card pricing models compared for inbound service and for outbound work (the
#: playbook prices them separately: "Inbound services" vs "Outbound services").
CARD_MODELS = {"inbound": ("shared_per_minute", "dedicated_hourly", "monthly_per_agent"),
               "outbound": ("outbound_hourly",)}
Params = dict[str, np.ndarray]
#: Volume multipliers searched for the shared / dedicated break-even: 1/64 to 64.
BREAKEVEN_SCALES = 2.0 ** np.arange(-6.0, 6.25, 0.25)


class Staffer:
    """Staffs parts of the scenario's workload for its targets (cached per part)."""

    def __init__(self, wd: WorkloadData, targets: TargetsIn) -> None:
        self.wd, self.calls = wd, wd.calls
        self.targets = Targets(**targets.model_dump())
        self._cache: dict[bytes, hy.PartStaffing] = {}

    def part(self, calls: np.ndarray) -> hy.PartStaffing:
        key = np.asarray(calls, dtype=float).tobytes()
        if key not in self._cache:
            wd = self.wd
            wl = Workload.build(calls, wd.period_s, wd.aht_s, wd.patience_s, None,
                                wd.concurrency)
            self._cache[key] = hy.staff_part(wl, wd.slot, self.targets, wd.annual_factor)
        return self._cache[key]

    def facts(self, calls: np.ndarray) -> WorkloadFacts:
        return self.part(calls).facts

    def peak(self, *parts: np.ndarray) -> float:
        """Most agents staffed in one interval over the given parts together."""
        agents = sum(self.part(c).agents for c in parts)
        return float(np.bincount(self.wd.slot, weights=agents).max(initial=0.0))


def breakeven_rows(staffer: Staffer, card: RateCard) -> list[dict]:
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
        rows.append({"region": rid, "shared_usd_per_min": r_sh, "dedicated_usd_per_hour": r_de,
                     "volume_multiplier": be.scale, "status": be.status,
                     "contacts_per_year": None if be.scale is None else float(be.scale * base)})
    return rows


@dataclass
class Compiled:
    """One option as a cost function of the named inputs."""

    name: str
    region: str
    pricing_model: str
    cost: Callable[[Params], np.ndarray]
    agents_required: float
    fte: float
    rate_source: str = ""
    check: Callable[[Params], CommissionCheck] | None = None


@dataclass(frozen=True)
class OptionResult:
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
    commission: dict | None = None


@dataclass(frozen=True)
class PlanResult:
    """The ranked comparison and what it rests on."""

    scenario: str
    currency: str
    per_usd: float
    draws: int
    seed: int
    contacts_per_year: float
    staffed_hours_per_year: float
    options: list[OptionResult]
    breakeven: list[dict]
    sensitivity: list[dict]
    notes: list[str] = field(default_factory=list)


class _Builder:
    """Collects named input ranges and compiles options against one workload."""

    def __init__(self, s: Scenario, card: RateCard, staffer: Staffer) -> None:
        self.s, self.card, self.staffer = s, card, staffer
        self.ranges: dict[str, Range] = {}
        for prefix, defaults, given in (("inhouse.", INHOUSE_DEFAULTS, s.inhouse),
                                        ("buyer.", BUYER_DEFAULTS, s.buyer)):
            for key, (lo, mode, hi, _src) in defaults.items():
                spec: Spec | None = getattr(given, key)
                self.ranges[prefix + key] = spec.to_range() if spec else Range(lo, hi, mode)

    def add(self, name: str, spec: Spec | Range) -> str:
        self.ranges[name] = spec.to_range() if isinstance(spec, Spec) else spec
        return name

    def inhouse(self, p: Params, facts) -> np.ndarray:
        return inhouse_cost(facts, InhouseInputs.from_params(p)).total

    def vendor_cost(self, t: Terms, path: str, facts, p: Params,
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

    def rate(self, t: Terms, path: str) -> tuple[str, str, bool]:
        """Parameter name of the option's rate, its source, and whether monthly is derived."""
        if t.rate is not None:
            return self.add(f"{path}.rate", t.rate), f"{path}.rate", False
        try:
            row = self.card.lookup(t.region, t.pricing_model, t.tier)
        except InvalidInput as exc:
            raise InvalidInput(str(exc), field=f"{path}.region") from None
        derive = row is None and t.pricing_model == "monthly_per_agent"
        if derive:
            row = self.card.lookup(t.region, "dedicated_hourly", t.tier)
        if row is None:
            raise InvalidInput(f"no rate on the card for {t.pricing_model} in '{t.region}'"
                               f" (tier {t.tier}); give 'rate'", field=f"{path}.rate")
        src = f"{row.source} ({row.date})" + (" x paid hours per month" if derive else "")
        return self.add(row.key, row.range), src, derive

    def terms_params(self, t: Terms, path: str) -> None:
        self.add(f"{path}.vendor_shrinkage", t.vendor_shrinkage)
        self.add(f"{path}.base_share", t.base_share)
        self.add(f"{path}.required_premium", t.required_premium)
        for key in ("commission_usd_per_sale", "conversion_rate", "travel_usd_per_year"):
            if getattr(t, key) is not None:
                self.add(f"{path}.{key}", getattr(t, key))

    def vendor(self, name: str, t: Terms, path: str) -> Compiled:
        rate_key, src, derive = self.rate(t, path)
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
                        self.staffer.peak(self.staffer.calls), fte, src, check)

    def hybrid(self, h: HybridIn, path: str) -> Compiled:
        wd = self.staffer.wd
        split = {"channel": lambda: hy.by_channel(wd.calls, wd.channel, h.channels or []),
                 "hours": lambda: hy.by_hours(wd.calls, hy.open_mask(wd.weekday, wd.hour,
                                                                      h.inhouse_hours or [])),
                 "queue": lambda: hy.by_queue(wd.calls, h.vendor_share or 0.0),
                 "overflow": lambda: hy.overflow(wd.calls, h.overflow_above or 0.0)}
        try:
            part = split[h.split]()
        except InvalidInput as exc:
            raise InvalidInput(str(exc).split(": ", 1)[-1], field=path) from None
        t = h.vendor
        rate_key, src, derive = self.rate(t, f"{path}.vendor")
        self.terms_params(t, f"{path}.vendor")
        f_in, f_v = self.staffer.facts(part.inhouse), self.staffer.facts(part.vendor)
        sh_in = self.ranges["inhouse.shrinkage"].central
        hours_per_fte = self.ranges["inhouse.paid_hours_per_fte_year"].central
        fte = (f_in.staffed_hours_per_year / (1 - sh_in) / hours_per_fte + float(vendor_agents(
            f_v, VendorTerms(t.pricing_model, 0.0,
                             vendor_shrinkage=self.ranges[f"{path}.vendor.vendor_shrinkage"]
                             .central, paid_hours_per_month=t.paid_hours_per_month))))

        def cost(p: Params) -> np.ndarray:
            vendor = (self.vendor_cost(t, f"{path}.vendor", f_v, p, rate_key, derive)
                      if f_v.contacts_per_year > 0 else 0.0)
            return self.inhouse(p, f_in) + vendor
        return Compiled(h.name, t.region, f"hybrid:{h.split}+{t.pricing_model}", cost,
                        self.staffer.peak(part.inhouse, part.vendor), fte, src)

    def inhouse_option(self) -> Compiled:
        facts = self.staffer.facts(self.staffer.calls)
        sh = self.ranges["inhouse.shrinkage"].central
        hours = self.ranges["inhouse.paid_hours_per_fte_year"].central
        return Compiled("In-house", "in_house", "in_house", lambda p: self.inhouse(p, facts),
                        self.staffer.peak(self.staffer.calls),
                        facts.staffed_hours_per_year / (1 - sh) / hours, "defaults: docs/costs.md")

    def all_options(self) -> list[Compiled]:
        opts = [self.inhouse_option()]
        if self.s.compare_card:
            for rid, reg in self.card.regions.items():
                for model in CARD_MODELS[self.s.direction]:
                    if self._has_rate(rid, model):
                        t = Terms(region=rid, pricing_model=model)
                        opts.append(self.vendor(f"{reg.name} {model}", t, f"card.{rid}.{model}"))
        opts += [self.vendor(o.name, o, f"options[{i}]") for i, o in enumerate(self.s.options)]
        opts += [self.vendor(f"Quote: {q.vendor} ({q.pricing_model})", q, f"quotes[{i}]")
                 for i, q in enumerate(self.s.quotes)]
        opts += [self.hybrid(h, f"hybrids[{i}]") for i, h in enumerate(self.s.hybrids)]
        return opts

    def _has_rate(self, region: str, model: str) -> bool:
        """A card option exists unless the price is inherited from a group that is
        itself on the card (e.g. India's shared rate is the generic international one)."""
        row = self.card.lookup(region, model)
        if row is None and model == "monthly_per_agent":
            row = self.card.lookup(region, "dedicated_hourly")
        return row is not None and (row.region == region or row.region not in self.card.regions)


def _evaluate(opts: list[Compiled], p: Params) -> np.ndarray:
    n = len(next(iter(p.values())))
    return np.vstack([np.broadcast_to(o.cost(p), (n,)) for o in opts])


def _commission(o: Compiled, det: Params, draws: Params) -> dict | None:
    if o.check is None:
        return None
    c, mc = o.check(det), o.check(draws)
    return {"earnings_per_hour_usd": float(c.earnings_per_hour[0]),
            "hourly_rate_usd": float(c.hourly_rate[0]), "premium": float(c.premium[0]),
            "workable": bool(c.workable[0]), "p_workable": float(np.mean(mc.workable))}


def _results(opts, det, draws, costs_det, costs, facts) -> list[OptionResult]:
    p10, p50, p90 = percentiles(costs)
    savings = costs[0] - costs
    names, rho = rank_correlation(draws, costs)
    out = []
    for i, o in enumerate(opts):
        j = int(np.argmax(np.abs(rho[i]))) if names else 0
        driver = names[j] if names and abs(rho[i, j]) > 0 else ""
        out.append(OptionResult(
            o.name, o.region, o.pricing_model, float(p50[i]), float(p10[i]), float(p90[i]),
            float(costs_det[i, 0]), float(p50[i] / facts.contacts_per_year),
            float(p50[i] / facts.staffed_hours_per_year), float(np.median(savings[i])),
            float(np.mean(costs[i] < costs[0])), o.agents_required, o.fte, driver,
            o.rate_source, _commission(o, det, draws)))
    return sorted(out, key=lambda r: r.annual_cost_usd)


def _tornado(b: _Builder, opts: list[Compiled], best: int) -> list[dict]:
    names, design = tornado_design(b.ranges)
    if not names:
        return []
    sub = [opts[0], opts[best]]
    costs = _evaluate(sub, design)
    rows = tornado_swings(names, costs[0] - costs[1])
    return [{"input": n, "savings_at_low_usd": lo, "savings_at_high_usd": hi,
             "swing_usd": abs(hi - lo)} for n, lo, hi in rows[:10]]


def run_plan(s: Scenario, base_dir: Path, draws: int = 10_000, seed: int = 1) -> PlanResult:
    """Staff, price and compare every option of scenario ``s``."""
    card = load_cards([p if Path(p).is_absolute() else base_dir / p for p in s.rate_cards])
    wd: WorkloadData = scenario_workload(s, base_dir)
    staffer = Staffer(wd, s.targets)
    b = _Builder(s, card, staffer)
    opts = b.all_options()
    det = central(b.ranges)
    mc = sample(b.ranges, draws, np.random.default_rng(seed))
    costs_det, costs = _evaluate(opts, det), _evaluate(opts, mc)
    facts = staffer.facts(wd.calls)
    results = _results(opts, det, mc, costs_det, costs, facts)
    best = min(range(1, len(opts)), key=lambda i: np.median(costs[i]), default=0)
    notes = [f"one period of the workload x {wd.annual_factor:.2f} = one year",
             "money in USD; savings are medians of paired draws (in-house minus option)"]
    return PlanResult(s.name, s.currency.code, s.currency.per_usd, draws, seed,
                      facts.contacts_per_year, facts.staffed_hours_per_year, results,
                      breakeven_rows(staffer, card), _tornado(b, opts, best)
                      if best else [], notes)


def plan_file(path: str | Path, draws: int = 10_000, seed: int = 1) -> PlanResult:
    """Load the scenario file at ``path`` and run :func:`run_plan`."""
    p = Path(path)
    return run_plan(load_scenario(p), p.parent, draws, seed)
