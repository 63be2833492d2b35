"""Outsourced cost per pricing model, the buyer's own costs, and break-even volume.

Pricing models (the playbook, "What it costs (US pricing guidance)"):

``shared_per_minute``
    Billed on handle minutes (talk + hold + after-call work: the workload's AHT),
    each contact rounded up to the billing increment. With exponential handle
    times of mean ``a`` and increment ``b`` the expected billed time per contact
    is ``b / (1 - exp(-b / a))`` (tends to ``a`` as ``b -> 0``).
``dedicated_hourly``
    Billed on the staffed hours the service target needs (``bill_on =
    "productive"``: the vendor absorbs its shrinkage), or on scheduled hours
    ``staffed / (1 - vendor_shrinkage)`` (``bill_on = "scheduled"``).
``monthly_per_agent``
    ``monthly = hourly x paid hours per agent-month``; billed for whole agents:
    ``ceil(scheduled hours / paid hours per agent-year)``.
``outbound_hourly``
    Billed on staffed hours at the outbound hourly rate.
``commission_only``
    Billed ``commission x conversion x contacts``. Workable only if the vendor's
    expected earnings per staffed hour carry at least the required premium
    (10-20%) over its regular hourly rate; otherwise flagged unworkable.
``hourly_plus_commission``
    ``base_share x hourly rate`` per staffed hour plus the commission.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.costs import WEEKS_PER_YEAR, WorkloadFacts, scheduled_hours

FloatArray = NDArray[np.float64]

PRICING_MODELS = ("shared_per_minute", "dedicated_hourly", "monthly_per_agent",
                  "outbound_hourly", "commission_only", "hourly_plus_commission")
#: Paid hours of one full-time vendor agent per week [h].
PAID_HOURS_PER_WEEK = 40.0


def paid_hours_per_month(weeks_per_year: float = WEEKS_PER_YEAR,
                         hours_per_week: float = PAID_HOURS_PER_WEEK) -> float:
    """Paid hours of one full-time agent per month: hours a week x weeks a year / 12 [h]."""
    return hours_per_week * weeks_per_year / 12.0


#: Paid hours of one full-time vendor agent per month: 40 h x 365 / 7 weeks / 12
#: = 173.8095 h (``paid_hours_per_month()``; a scenario uses its own ``weeks_per_year``).
PAID_HOURS_PER_MONTH = paid_hours_per_month()

_PB = "the playbook"
#: Default range ``(low, mode, high)`` and source of each buyer-side input.
BUYER_DEFAULTS: dict[str, tuple[float, float, float, str]] = {
    "liaison_fte": (0.5, 1.0, 1.0, f"{_PB}, 'Contract and oversight': appoint an internal "
                    "liaison; its size an assumption"),
    "liaison_usd_per_hour": (28.0, 35.0, 45.0, "assumption: wage of a liaison / vendor "
                             "manager, loaded like in-house staff"),
    "vendor_management_share": (0.02, 0.04, 0.07, f"{_PB}, 'The seven steps' 6 (governance); "
                                "share of vendor fees an assumption"),
    "qa_hours_per_month": (10.0, 20.0, 40.0, f"{_PB}, 'Contract and oversight': periodic test "
                           "calls, data review; hours an assumption"),
    "travel_usd_per_year": (0.0, 10000.0, 25000.0, "assumption: vendor site visits"),
    "knowledge_transfer_hours_per_agent": (40.0, 80.0, 120.0, "assumption: vendor agents' "
                                           "initial training, paid by the buyer"),
    "parallel_run_months": (0.5, 1.0, 2.0, "assumption: months of running in-house and "
                            "vendor side by side"),
    "contract_years": (3.0, 3.0, 3.0, "assumption: one-off costs spread over a 3-year term"),
    "exit_reserve_share": (0.03, 0.05, 0.08, f"{_PB}, 'The seven steps' 7 (exit plan); share "
                           "of annual fees an assumption"),
}


@dataclass(frozen=True)
class VendorTerms:
    """A vendor's price and billing rules (floats or arrays of draws).

    Attributes
    ----------
    pricing_model : one of :data:`PRICING_MODELS`.
    rate : [USD/min] (shared), [USD/agent-month] (monthly), else [USD/h].
    billing_increment_s : rounding of each contact's billed time [s] (shared).
    vendor_shrinkage : share of a vendor agent's paid time off the phones.
    bill_on : ``"productive"`` or ``"scheduled"`` hours (dedicated hourly).
    paid_hours_per_month : paid hours of one vendor agent per month [h].
    commission_usd_per_sale : [USD/sale]; conversion_rate : sales per contact.
    base_share : share of ``rate`` paid per hour under hourly + commission.
    """

    pricing_model: str
    rate: ArrayLike
    billing_increment_s: float = 6.0
    vendor_shrinkage: ArrayLike = 0.30
    bill_on: str = "productive"
    paid_hours_per_month: float = PAID_HOURS_PER_MONTH
    commission_usd_per_sale: ArrayLike = 0.0
    conversion_rate: ArrayLike = 0.0
    base_share: ArrayLike = 0.5


def billed_minutes_per_contact(aht_s: float, increment_s: float) -> float:
    """Expected billed minutes per contact, exponential handle times rounded up [min]."""
    if increment_s <= 0:
        return aht_s / 60.0
    return increment_s / -np.expm1(-increment_s / aht_s) / 60.0


def monthly_rate(hourly: ArrayLike, paid_hours_per_month: float = PAID_HOURS_PER_MONTH):
    """Monthly price per agent from an hourly rate: ``hourly x paid hours`` [USD/agent-month]."""
    return np.asarray(hourly, dtype=float) * paid_hours_per_month


def vendor_agents(facts: WorkloadFacts, t: VendorTerms) -> FloatArray:
    """Full-time vendor agents covering the staffed hours after the vendor's shrinkage."""
    paid = scheduled_hours(facts.staffed_hours_per_year, t.vendor_shrinkage)
    return paid / (t.paid_hours_per_month * 12.0)


def _rate(t: VendorTerms) -> FloatArray:
    return np.asarray(t.rate, dtype=float)


def vendor_fees(facts: WorkloadFacts, t: VendorTerms) -> FloatArray:
    """Annual fees paid to the vendor under ``t`` for the work ``facts`` [USD/year]."""
    m, h = t.pricing_model, facts.staffed_hours_per_year
    if m == "shared_per_minute":
        per_contact = billed_minutes_per_contact(facts.aht_s, t.billing_increment_s)
        return _rate(t) * per_contact * facts.contacts_per_year
    if m == "dedicated_hourly":
        billed = h if t.bill_on == "productive" else scheduled_hours(h, t.vendor_shrinkage)
        return _rate(t) * billed
    if m == "monthly_per_agent":
        agents = np.ceil(vendor_agents(facts, t) - 1e-9)
        return _rate(t) * 12.0 * agents
    if m == "outbound_hourly":
        return _rate(t) * h
    commission = commission_fees(facts, t)
    if m == "commission_only":
        return commission
    if m == "hourly_plus_commission":
        return np.asarray(t.base_share) * _rate(t) * h + commission
    raise ValueError(f"unknown pricing model {m!r}")


def commission_fees(facts: WorkloadFacts, t: VendorTerms) -> FloatArray:
    """``commission x conversion x contacts`` [USD/year]."""
    return (np.asarray(t.commission_usd_per_sale, dtype=float)
            * np.asarray(t.conversion_rate) * facts.contacts_per_year)


@dataclass(frozen=True)
class CommissionCheck:
    """The playbook's rule for commission-only deals.

    Attributes
    ----------
    earnings_per_hour : vendor's expected earnings per staffed hour [USD/h].
    hourly_rate : its regular hourly rate [USD/h].
    premium : ``earnings / hourly - 1``.
    workable : ``premium >= required_premium``.
    """

    earnings_per_hour: FloatArray
    hourly_rate: FloatArray
    premium: FloatArray
    workable: NDArray[np.bool_]


def commission_check(facts: WorkloadFacts, t: VendorTerms, hourly_rate: ArrayLike,
                     required_premium: ArrayLike = 0.10) -> CommissionCheck:
    """Check that commission earnings per hour carry the required premium over ``hourly_rate``.

    The playbook ("What it costs", outbound): the center's earnings per hour
    must carry at least a 10-20% premium over its regular hourly rate.
    """
    hours = facts.staffed_hours_per_year
    earn = commission_fees(facts, t) / hours if hours > 0 else np.zeros(1)
    hourly = np.asarray(hourly_rate, dtype=float)
    premium = earn / hourly - 1.0
    return CommissionCheck(np.asarray(earn), hourly, premium,
                           np.asarray(premium >= np.asarray(required_premium) - 1e-12))


def buyer_costs(fees: ArrayLike, facts: WorkloadFacts, agents: ArrayLike,
                inhouse_same_work: ArrayLike, b: dict[str, ArrayLike],
                load: ArrayLike, paid_hours_per_fte_year: ArrayLike) -> dict[str, FloatArray]:
    """The buyer's own annual costs of outsourcing [USD/year].

    Parameters
    ----------
    fees : annual vendor fees [USD/year].
    facts : the outsourced work (its staffed hours price the knowledge transfer).
    agents : vendor agents to train [agents].
    inhouse_same_work : in-house annual cost of the same work, run in parallel [USD/year].
    b : inputs named as in :data:`BUYER_DEFAULTS`.
    load : in-house wage-to-employer-cost multiplier.
    paid_hours_per_fte_year : [h/FTE/year].
    """
    fees = np.asarray(fees, dtype=float)
    staff_rate = np.asarray(b["liaison_usd_per_hour"]) * np.asarray(load)
    hours = facts.staffed_hours_per_year
    per_hour = fees / hours if hours > 0 else np.zeros_like(fees)
    training = np.asarray(b["knowledge_transfer_hours_per_agent"]) * np.asarray(agents) * per_hour
    parallel = np.asarray(b["parallel_run_months"]) / 12.0 * np.asarray(inhouse_same_work)
    return {
        "liaison": np.asarray(b["liaison_fte"]) * paid_hours_per_fte_year * staff_rate,
        "vendor_management": np.asarray(b["vendor_management_share"]) * fees,
        "qa_test_calls": np.asarray(b["qa_hours_per_month"]) * 12.0 * staff_rate,
        "travel": np.asarray(b["travel_usd_per_year"], dtype=float),
        "transition": (training + parallel) / np.asarray(b["contract_years"]),
        "exit_reserve": np.asarray(b["exit_reserve_share"]) * fees,
    }


@dataclass(frozen=True)
class BreakEven:
    """Volume at which dedicated hourly becomes no dearer than shared per-minute.

    Attributes
    ----------
    scale : volume multiplier of the scenario's workload, or ``None``.
    status : ``"crossing"``, ``"dedicated_cheaper_throughout"`` or
        ``"shared_cheaper_throughout"`` (over the scales searched).
    """

    scale: float | None
    status: str


def breakeven_scale(scales: ArrayLike, shared: ArrayLike, dedicated: ArrayLike) -> BreakEven:
    """First volume multiplier where ``dedicated <= shared``, interpolated in log scale.

    ``scales`` ascend; ``shared`` and ``dedicated`` are the annual fees at each.
    """
    s = np.asarray(scales, dtype=float)
    d = np.asarray(shared, dtype=float) - np.asarray(dedicated, dtype=float)
    if d[0] >= 0:
        return BreakEven(None, "dedicated_cheaper_throughout")
    hits = np.flatnonzero(d >= 0)
    if hits.size == 0:
        return BreakEven(None, "shared_cheaper_throughout")
    i = int(hits[0])
    frac = -d[i - 1] / (d[i] - d[i - 1])
    log_s = np.log(s[i - 1]) + frac * (np.log(s[i]) - np.log(s[i - 1]))
    return BreakEven(float(np.exp(log_s)), "crossing")
