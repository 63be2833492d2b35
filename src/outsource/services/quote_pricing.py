"""Vendor quotes priced by the existing cost model, beside the rate card and in-house.

The cost model (``services.plan``) already compiles a scenario's ``quotes:``
list into options priced on the scenario's workload. This module turns
stored quotes into that list and makes **one** call into it:
:func:`run_cost_model`. When ``services.plan`` changes its signature, that
function is the only place to adapt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from outsource.data.scenario import QuoteIn as ScenarioQuote
from outsource.data.scenario import Scenario
from outsource.errors import InvalidInput
from outsource.schemas.vendors import RATE_UNITS, PricedQuote, QuotePricing
from outsource.services.scenarios import LoadedScenario

#: Monte Carlo draws when pricing quotes (the plan's default is 10,000).
DEFAULT_DRAWS = 2000
_TAG = "#q"


def run_cost_model(scenario: Scenario, base_dir: Path, draws: int, seed: int):  # noqa: ANN201
    """The one call into the cost model (``services.plan.run_plan``): a ``PlanResult``."""
    from outsource.services.plan import run_plan

    return run_plan(scenario, base_dir, draws=draws, seed=seed)


@dataclass(frozen=True)
class QuoteRow:
    """A stored quote with its vendor's name (what pricing needs)."""

    id: int
    vendor: str
    pricing_model: str
    region: str
    tier: str
    rate: float
    billing_increment_s: float
    bill_on: str
    paid_hours_per_month: float | None
    vendor_shrinkage: float | None
    base_share: float | None
    commission_usd_per_sale: float | None
    conversion_rate: float | None
    valid_from: date | None
    valid_until: date | None
    received_on: date
    source: str | None

    @classmethod
    def of(cls, q, vendor: str) -> QuoteRow:  # type: ignore[no-untyped-def]
        """From an ORM ``Quote``."""
        return cls(q.id, vendor, q.pricing_model, q.region, q.tier, q.rate,
                   q.billing_increment_s, q.bill_on, q.paid_hours_per_month, q.vendor_shrinkage,
                   q.base_share, q.commission_usd_per_sale, q.conversion_rate, q.valid_from,
                   q.valid_until, q.received_on, q.source)

    def expired(self, as_of: date) -> bool:
        """The quote's last valid day is before ``as_of``."""
        return self.valid_until is not None and self.valid_until < as_of


def scenario_quote(q: QuoteRow) -> ScenarioQuote:
    """The quote as an entry of a scenario's ``quotes:`` list (the cost model's input)."""
    data: dict = {"vendor": f"{q.vendor}{_TAG}{q.id}", "region": q.region,
                  "pricing_model": q.pricing_model, "tier": q.tier, "rate": q.rate,
                  "billing_increment_s": q.billing_increment_s, "bill_on": q.bill_on,
                  "source": q.source or f"quote from {q.vendor}",
                  "date": q.received_on.isoformat()}
    for key in ("paid_hours_per_month", "vendor_shrinkage", "base_share",
                "commission_usd_per_sale", "conversion_rate"):
        if getattr(q, key) is not None:
            data[key] = getattr(q, key)
    return ScenarioQuote.model_validate(data)


def price_quotes(loaded: LoadedScenario, quotes: list[QuoteRow], as_of: date,
                 draws: int = DEFAULT_DRAWS, seed: int = 1) -> QuotePricing:
    """Price ``quotes`` on the scenario beside the rate card's option and in-house.

    The scenario's own options, quotes and hybrids are left out; the card's
    options are kept (``compare_card``) so each quote stands beside the card
    price of its region and model. Money in USD per year.
    """
    s = loaded.scenario.model_copy(update={
        "quotes": [scenario_quote(q) for q in quotes], "options": [], "hybrids": [],
        "compare_card": True})
    try:
        plan = run_cost_model(s, loaded.base_dir, draws, seed)
    except InvalidInput as exc:
        raise exc.prefixed(source=loaded.source) if exc.source is None else exc from None
    inhouse = next(o for o in plan.options if o.pricing_model == "in_house")
    by_tag = {}
    for o in plan.options:
        if o.name.startswith("Quote: ") and _TAG in o.name:
            qid = int(o.name.rsplit(_TAG, 1)[1].split(" ", 1)[0])
            by_tag[qid] = o
    card = {(o.region, o.pricing_model): o for o in plan.options
            if not o.name.startswith("Quote: ") and o.pricing_model != "in_house"}
    from outsource.data.ratecard import default_card

    groups = {rid: r.group for rid, r in default_card().regions.items()}
    priced = []
    for q in quotes:
        o = by_tag[q.id]
        c = card.get((q.region, q.pricing_model)) or card.get((groups.get(q.region),
                                                                q.pricing_model))
        priced.append(PricedQuote(
            id=q.id, vendor=q.vendor, pricing_model=q.pricing_model, region=q.region,
            rate=q.rate, rate_unit=RATE_UNITS[q.pricing_model], valid_from=q.valid_from,
            valid_until=q.valid_until, received_on=q.received_on, expired=q.expired(as_of),
            annual_cost_usd=o.annual_cost_usd, p10_usd=o.p10_usd, p90_usd=o.p90_usd,
            deterministic_usd=o.deterministic_usd, cost_per_contact_usd=o.cost_per_contact_usd,
            savings_vs_inhouse_usd=o.savings_vs_inhouse_usd,
            p_cheaper_than_inhouse=o.p_cheaper_than_inhouse, fte=o.fte,
            card_option=None if c is None else c.name,
            card_annual_cost_usd=None if c is None else c.annual_cost_usd,
            card_rate_source=None if c is None else c.rate_source))
    priced.sort(key=lambda p: (p.expired, p.annual_cost_usd))
    notes = list(plan.notes)
    if any(p.expired for p in priced):
        notes.append("an expired quote is priced for reference but not used by the scorecard")
    return QuotePricing(scenario=plan.scenario, scenario_source=loaded.source, as_of=as_of,
                        draws=draws, seed=seed, contacts_per_year=plan.contacts_per_year,
                        inhouse_annual_cost_usd=inhouse.annual_cost_usd, quotes=priced,
                        notes=notes)
