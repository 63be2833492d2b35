"""Pricing models: identities, billing rules, the commission premium rule, buyer costs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from outsource.core.costs import WorkloadFacts
from outsource.core.hybrid import staff_part
from outsource.core.pricing import (
    BUYER_DEFAULTS,
    PAID_HOURS_PER_MONTH,
    VendorTerms,
    billed_minutes_per_contact,
    breakeven_scale,
    buyer_costs,
    commission_check,
    monthly_rate,
    vendor_agents,
    vendor_fees,
)
from outsource.core.staffing import Targets, Workload

FACTS = WorkloadFacts(contacts_per_year=100_000, handle_minutes_per_year=500_000,
                      staffed_hours_per_year=14_560, peak_agents=10, aht_s=300)


def test_shared_per_minute_on_handle_minutes():
    # no rounding: 100,000 contacts x 5 min x $0.40
    fees = vendor_fees(FACTS, VendorTerms("shared_per_minute", 0.40, billing_increment_s=0))
    assert float(fees) == pytest.approx(100_000 * 5 * 0.40)


def test_billing_increment_rounds_up():
    # exponential handle times, 60 s increment: 60 / (1 - exp(-60/300)) seconds per contact
    per_contact = billed_minutes_per_contact(300, 60)
    assert per_contact == pytest.approx(60 / (1 - math.exp(-0.2)) / 60)
    assert 5.0 < per_contact < 5.0 + 1.0            # above the mean, below mean + increment
    assert billed_minutes_per_contact(300, 1e-9) == pytest.approx(5.0)
    coarse = vendor_fees(FACTS, VendorTerms("shared_per_minute", 0.4, billing_increment_s=60))
    fine = vendor_fees(FACTS, VendorTerms("shared_per_minute", 0.4, billing_increment_s=6))
    assert coarse > fine > 100_000 * 5 * 0.4


def test_dedicated_hourly_productive_and_scheduled():
    productive = vendor_fees(FACTS, VendorTerms("dedicated_hourly", 10.0))
    scheduled = vendor_fees(FACTS, VendorTerms("dedicated_hourly", 10.0, vendor_shrinkage=0.3,
                                               bill_on="scheduled"))
    assert float(productive) == pytest.approx(14_560 * 10)
    assert float(scheduled) == pytest.approx(14_560 / 0.7 * 10)


def test_monthly_equals_hourly_times_paid_hours():
    assert float(monthly_rate(10.0)) == pytest.approx(10.0 * 40 * 365 / 7 / 12)
    assert abs(PAID_HOURS_PER_MONTH - 173.81) < 0.01
    # whole agents: staffed hours chosen so the vendor needs exactly 12 agents
    hours = 12 * PAID_HOURS_PER_MONTH * 12 * 0.7
    facts = WorkloadFacts(1, 1, hours, 5, 300)
    t = VendorTerms("monthly_per_agent", monthly_rate(10.0), vendor_shrinkage=0.3)
    assert float(vendor_agents(facts, t)) == pytest.approx(12)
    hourly_scheduled = vendor_fees(facts, VendorTerms("dedicated_hourly", 10.0,
                                                      vendor_shrinkage=0.3, bill_on="scheduled"))
    assert float(vendor_fees(facts, t)) == pytest.approx(float(hourly_scheduled))
    # one hour more needs a 13th agent, billed whole
    more = WorkloadFacts(1, 1, hours + 1, 5, 300)
    assert float(vendor_fees(more, t)) == pytest.approx(13 * 12 * float(monthly_rate(10.0)))


def test_outbound_and_hourly_plus_commission():
    assert float(vendor_fees(FACTS, VendorTerms("outbound_hourly", 8.0))) == 14_560 * 8
    t = VendorTerms("hourly_plus_commission", 8.0, base_share=0.5,
                    commission_usd_per_sale=4.0, conversion_rate=0.1)
    assert float(vendor_fees(FACTS, t)) == pytest.approx(0.5 * 8 * 14_560 + 4 * 0.1 * 100_000)


def test_commission_premium_rule():
    # earnings = 5 $/sale x 0.2 sales/contact x 100,000 contacts / 14,560 h = 6.87 $/h
    t = VendorTerms("commission_only", 0.0, commission_usd_per_sale=5.0, conversion_rate=0.2)
    assert float(vendor_fees(FACTS, t)) == pytest.approx(100_000.0)
    earn = 5 * 0.2 * 100_000 / 14_560
    ok = commission_check(FACTS, t, hourly_rate=earn / 1.15, required_premium=0.10)
    assert bool(ok.workable) and float(ok.premium) == pytest.approx(0.15)
    short = commission_check(FACTS, t, hourly_rate=earn / 1.05, required_premium=0.10)
    assert not bool(short.workable) and float(short.premium) == pytest.approx(0.05)
    edge = commission_check(FACTS, t, hourly_rate=earn / 1.20, required_premium=0.20)
    assert bool(edge.workable)
    draws = commission_check(FACTS, t, earn / 1.15, np.array([0.10, 0.15, 0.20]))
    assert draws.workable.tolist() == [True, True, False]


def test_buyer_costs_by_hand():
    b = {k: v[1] for k, v in BUYER_DEFAULTS.items()}
    b.update(liaison_fte=1.0, liaison_usd_per_hour=30.0, vendor_management_share=0.05,
             qa_hours_per_month=10.0, travel_usd_per_year=5000.0,
             knowledge_transfer_hours_per_agent=80.0, parallel_run_months=2.0,
             contract_years=4.0, exit_reserve_share=0.05)
    fees, load = 145_600.0, 1.3
    own = buyer_costs(fees, FACTS, agents=12.0, inhouse_same_work=600_000.0, b=b, load=load,
                      paid_hours_per_fte_year=2080.0)
    per_hour = fees / 14_560                                  # $10 per staffed hour
    assert float(own["liaison"]) == pytest.approx(2080 * 30 * 1.3)
    assert float(own["vendor_management"]) == pytest.approx(0.05 * fees)
    assert float(own["qa_test_calls"]) == pytest.approx(10 * 12 * 30 * 1.3)
    assert float(own["travel"]) == 5000.0
    assert float(own["transition"]) == pytest.approx((80 * 12 * per_hour + 2 / 12 * 600_000) / 4)
    assert float(own["exit_reserve"]) == pytest.approx(0.05 * fees)


def _facts(scale: float) -> WorkloadFacts:
    calls = np.array([0, 20, 80, 120, 60, 10], dtype=float) * scale
    wl = Workload.build(calls, 3600, 240, patience_s=180)
    return staff_part(wl, np.arange(6), Targets(), 52.14).facts


@pytest.mark.parametrize("terms", [
    VendorTerms("shared_per_minute", 0.4), VendorTerms("dedicated_hourly", 10.0),
    VendorTerms("monthly_per_agent", 1700.0), VendorTerms("outbound_hourly", 8.0),
    VendorTerms("commission_only", 0, commission_usd_per_sale=3, conversion_rate=0.1),
    VendorTerms("hourly_plus_commission", 8, commission_usd_per_sale=3, conversion_rate=0.1),
])
def test_more_volume_never_costs_less(terms):
    fees = [float(vendor_fees(_facts(s), terms)) for s in (0.25, 0.5, 1, 2, 4, 8)]
    assert all(b >= a for a, b in zip(fees, fees[1:], strict=False))


def test_breakeven_shared_against_dedicated():
    scales = 2.0 ** np.arange(-4, 5, 0.5)
    facts = [_facts(s) for s in scales]
    shared = [float(vendor_fees(f, VendorTerms("shared_per_minute", 0.4))) for f in facts]
    ded = [float(vendor_fees(f, VendorTerms("dedicated_hourly", 12.0))) for f in facts]
    be = breakeven_scale(scales, shared, ded)
    assert be.status == "crossing" and scales[0] < be.scale < scales[-1]
    i = np.searchsorted(scales, be.scale)
    assert shared[i - 1] < ded[i - 1] and shared[i] >= ded[i]
    assert breakeven_scale([1, 2], [5, 6], [1, 1]).status == "dedicated_cheaper_throughout"
    assert breakeven_scale([1, 2], [1, 2], [5, 6]).status == "shared_cheaper_throughout"
    assert breakeven_scale([1, 4], [0, 4], [2, 2]).scale == pytest.approx(2.0)
