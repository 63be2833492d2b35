"""The credit engine on worked examples computed by hand, and its properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource.core.contract import CreditTerms, MetricRule, assess_credits
from outsource.errors import InvalidInput

NAN = np.nan
SL = MetricRule("service_level", 0.80, 50, minimum=0.70)
AB = MetricRule("abandon_rate", 0.05, 30)
RR = MetricRule("repeat_rate", 0.20, 20)


def test_texas_dir_published_example():
    """Texas DIR clause: invoice $100,000, 10 % at risk (C = $10,000), a metric carrying
    A = 50 % of the pool x B = 40 %: credit A x B x C = $2,000. In our file the metric's
    allocation is A x B = 20 % of the at-risk amount."""
    rule = MetricRule("service_level", 0.80, allocation_pct=50 * 40 / 100)
    res = assess_credits([rule], [[0.75]], CreditTerms(at_risk_pct=10),
                         invoice_usd=[100_000.0])
    assert res.fees_source[0] == "invoice"
    assert res.cap_usd[0] == pytest.approx(10_000.0)
    assert res.credit_usd[0, 0] == pytest.approx(2_000.0)
    assert not res.capped[0]


def test_cap_not_reached():
    # $100,000 x 12 % = $12,000 at risk; SL (50 %) and abandon (30 %) missed:
    # 6,000 + 3,600 = 9,600 < 12,000; repeat (20 %) met.
    res = assess_credits([SL, AB, RR], [[0.75], [0.06], [0.15]],
                         CreditTerms(at_risk_pct=12, fees_usd_per_month=100_000))
    assert res.credit_usd[:, 0] == pytest.approx([6_000.0, 3_600.0, 0.0])
    assert res.credits_usd[0] == pytest.approx(9_600.0)
    assert list(res.status[:, 0]) == ["missed", "missed", "met"]
    assert not res.capped[0]


def test_allocations_above_100_hit_the_cap_pro_rata():
    # Allocations 60 + 50 + 40 = 150 %: uncapped 7,200 + 6,000 + 4,800 = 18,000 > the
    # $12,000 cap, so each credit is scaled by 12,000 / 18,000 = 2/3: 4,800, 4,000, 3,200.
    rules = [MetricRule("service_level", 0.8, 60), MetricRule("abandon_rate", 0.05, 50),
             MetricRule("repeat_rate", 0.2, 40)]
    res = assess_credits(rules, [[0.7], [0.1], [0.3]],
                         CreditTerms(at_risk_pct=12, fees_usd_per_month=100_000))
    assert res.uncapped_credits_usd[0] == pytest.approx(18_000.0)
    assert res.credit_usd[:, 0] == pytest.approx([4_800.0, 4_000.0, 3_200.0])
    assert res.credits_usd[0] == pytest.approx(12_000.0)
    assert res.capped[0]


def test_exactly_at_target_is_met_both_directions():
    res = assess_credits([SL, AB], [[0.80], [0.05]],
                         CreditTerms(at_risk_pct=12, fees_usd_per_month=100_000))
    assert list(res.status[:, 0]) == ["met", "met"]
    assert res.credits_usd[0] == 0


def test_earn_back_returned_after_each_following_month_met():
    # SL missed in month 1 ($6,000), met in months 2 and 3 (earn_back_months 2):
    # returned in month 3; month 3's net is -6,000, the running net back to 0.
    terms = CreditTerms(at_risk_pct=12, earn_back_months=2, fees_usd_per_month=100_000)
    res = assess_credits([SL], [[0.75, 0.85, 0.80]], terms)
    assert res.credit_usd[0] == pytest.approx([6_000.0, 0, 0])
    assert res.earn_back[0, 0] == "returned" and res.returned_in[0, 0] == 2
    assert res.earned_back_usd[0] == pytest.approx([0, 0, 6_000.0])
    assert res.net_usd == pytest.approx([6_000.0, 0, -6_000.0])
    assert res.cumulative_net_usd == pytest.approx([6_000.0, 6_000.0, 0.0])


def test_earn_back_not_returned_when_missed_in_the_window():
    # Missed in month 1, met in month 2, missed again in month 3: the first credit is
    # forfeited (stays with the buyer); month 3's own credit is pending (no months after).
    terms = CreditTerms(at_risk_pct=12, earn_back_months=2, fees_usd_per_month=100_000)
    res = assess_credits([SL], [[0.75, 0.85, 0.78]], terms)
    assert res.earn_back[0, 0] == "forfeited" and res.returned_in[0, 0] == -1
    assert res.earn_back[0, 2] == "pending"
    assert res.earned_back_usd.sum() == 0
    assert res.credits_usd.sum() == pytest.approx(12_000.0)
    assert res.pending_usd == pytest.approx(6_000.0)


def test_earn_back_pending_on_a_month_without_data():
    terms = CreditTerms(at_risk_pct=12, earn_back_months=2, fees_usd_per_month=100_000)
    res = assess_credits([SL], [[0.75, NAN, 0.85]], terms)
    assert res.earn_back[0, 0] == "pending"


def test_earn_back_returns_the_capped_credit_only():
    # Two metrics at 100 % each: uncapped 12,000 + 12,000, cap 12,000 -> 6,000 each.
    # Only SL is met afterwards: its 6,000 (not 12,000) comes back.
    rules = [MetricRule("service_level", 0.8, 100), MetricRule("abandon_rate", 0.05, 100)]
    terms = CreditTerms(at_risk_pct=12, earn_back_months=1, fees_usd_per_month=100_000)
    res = assess_credits(rules, [[0.7, 0.9], [0.1, 0.1]], terms)
    assert res.credit_usd[:, 0] == pytest.approx([6_000.0, 6_000.0])
    assert res.earned_back_usd[0, 1] == pytest.approx(6_000.0)
    assert res.earn_back[1, 0] == "forfeited"


def test_no_earn_back_clause():
    res = assess_credits([SL], [[0.75, 0.9]],
                         CreditTerms(at_risk_pct=12, fees_usd_per_month=100_000))
    assert res.earn_back[0, 0] == "no_earn_back" and res.earned_back_usd.sum() == 0


def test_baseline_months_report_but_owe_nothing():
    terms = CreditTerms(at_risk_pct=12, baseline_months=2, fees_usd_per_month=100_000)
    res = assess_credits([SL], [[0.6, 0.75, 0.75]], terms)
    assert list(res.status[0]) == ["missed", "missed", "missed"]
    assert res.credit_usd[0] == pytest.approx([0, 0, 6_000.0])
    assert res.critical[0, 0] and not res.termination_right[0]  # baseline: no right
    assert res.termination_from is None


def test_chronic_failure_at_exactly_misses_of_months():
    # 3 of the last 6: misses in months 1, 3 and 6 -> chronic in month 6 (window 1-6),
    # not in month 5 (2 misses); month 7's window (2-7) holds 2 misses, but the right,
    # once given, stays.
    terms = CreditTerms(at_risk_pct=12, chronic_misses=3, chronic_of_months=6,
                        fees_usd_per_month=100_000)
    v = [[0.75, 0.85, 0.75, 0.85, 0.85, 0.75, 0.85]]
    res = assess_credits([SL], v, terms)
    assert list(res.chronic[0]) == [False] * 5 + [True, False]
    assert res.termination_from == 5
    assert list(res.termination_right) == [False] * 5 + [True, True]
    assert res.reasons() == ["chronic failure of service_level in month 6"]


def test_chronic_failure_window_slides_out():
    # Misses in months 1, 2 and 7 with 3 of 6: never 3 within any 6 consecutive months.
    terms = CreditTerms(at_risk_pct=12, chronic_misses=3, chronic_of_months=6,
                        fees_usd_per_month=100_000)
    res = assess_credits([SL], [[0.75, 0.75, 0.9, 0.9, 0.9, 0.9, 0.75]], terms)
    assert not res.chronic.any() and res.termination_from is None


def test_chronic_failure_ignores_baseline_months_and_counts_key_measurements():
    key = MetricRule("email_response", 0.95, 0)  # 0 %: no credit, still an SLA metric
    terms = CreditTerms(at_risk_pct=12, baseline_months=2, chronic_misses=2,
                        chronic_of_months=3, fees_usd_per_month=100_000)
    res = assess_credits([key], [[0.5, 0.5, 0.5, 0.5]], terms)
    assert list(res.chronic[0]) == [False, False, False, True]
    assert res.credit_usd.sum() == 0


def test_critical_failure_gives_a_right_from_that_month():
    terms = CreditTerms(at_risk_pct=12, fees_usd_per_month=100_000)
    res = assess_credits([SL], [[0.75, 0.69, 0.9]], terms)
    assert list(res.critical[0]) == [False, True, False]
    assert list(res.termination_right) == [False, True, True]
    assert res.reasons() == ["critical failure of service_level in month 2"]


def test_critical_failure_of_a_lower_is_better_metric_is_above_its_ceiling():
    rule = MetricRule("abandon_rate", 0.05, 30, minimum=0.10)
    res = assess_credits([rule], [[0.10, 0.11]], CreditTerms(12, fees_usd_per_month=1000))
    assert list(res.critical[0]) == [False, True]


def test_month_without_fees_owes_nothing_and_says_why():
    # No fixed fee; month 1 invoiced $50,000, month 2 without an invoice.
    res = assess_credits([SL], [[0.75, 0.75]], CreditTerms(at_risk_pct=10),
                         invoice_usd=[50_000.0, NAN])
    assert list(res.fees_source) == ["invoice", "none"]
    assert res.credit_usd[0] == pytest.approx([2_500.0, 0.0])
    assert res.cap_usd[1] == 0 and res.status[0, 1] == "missed"


def test_no_invoices_at_all():
    res = assess_credits([SL], [[0.75]], CreditTerms(at_risk_pct=10))
    assert res.fees_source[0] == "none" and res.credits_usd[0] == 0


def test_missing_value_is_never_met():
    terms = CreditTerms(at_risk_pct=12, chronic_misses=1, chronic_of_months=1,
                        fees_usd_per_month=100_000)
    res = assess_credits([SL], [[NAN]], terms)
    assert res.status[0, 0] == "no_data" and not res.missed[0, 0]
    assert res.credit_usd.sum() == 0 and not res.chronic.any()
    deemed = assess_credits([SL], [[NAN]], terms, missing="missed")
    assert deemed.status[0, 0] == "no_data" and deemed.missed[0, 0]
    assert deemed.credit_usd[0, 0] == pytest.approx(6_000.0)
    assert deemed.chronic[0, 0] and not deemed.critical[0, 0]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"rules": [MetricRule("speed", 1, 10)]}, "metrics[0].metric"),
    ({"rules": [MetricRule("service_level", 0.8, -1)]}, "metrics[0].allocation_pct"),
    ({"terms": CreditTerms(at_risk_pct=120)}, "at_risk_pct"),
    ({"values": [[0.8, 0.8]], "invoice_usd": [1.0]}, "invoice_usd"),
    ({"values": [[0.8], [0.8]]}, "values"),
])
def test_bad_engine_input_names_the_field(kwargs, field):
    args = {"rules": [SL], "values": [[0.8]], "terms": CreditTerms(at_risk_pct=10),
            "invoice_usd": None} | kwargs
    with pytest.raises(InvalidInput) as exc:
        assess_credits(args["rules"], args["values"], args["terms"], args["invoice_usd"])
    assert exc.value.field == field


# --- properties ------------------------------------------------------------------------

value = st.one_of(st.just(float("nan")), st.floats(0, 1))
months = st.integers(1, 8)


@st.composite
def cases(draw):
    n = draw(months)
    m = draw(st.integers(1, 4))
    names = ["service_level", "abandon_rate", "repeat_rate", "fcr"][:m]
    rules = [MetricRule(name, draw(st.floats(0, 1)), draw(st.floats(0, 100)),
                        None) for name in names]
    values = [[draw(value) for _ in range(n)] for _ in range(m)]
    fixed = draw(st.booleans())
    terms = CreditTerms(at_risk_pct=draw(st.floats(0, 100)),
                        baseline_months=draw(st.integers(0, 3)),
                        earn_back_months=draw(st.integers(0, 3)),
                        chronic_misses=2, chronic_of_months=3,
                        fees_usd_per_month=draw(st.floats(1, 1e6)) if fixed else None)
    invoice = None if fixed else [draw(st.one_of(st.just(float("nan")), st.floats(0, 1e6)))
                                  for _ in range(n)]
    return rules, values, terms, invoice


@settings(max_examples=150)
@given(cases(), st.sampled_from(["no_data", "missed"]))
def test_credits_never_exceed_the_cap_and_net_stays_non_negative(case, missing):
    rules, values, terms, invoice = case
    res = assess_credits(rules, values, terms, invoice, missing=missing)
    tol = 1e-9 * max(1.0, float(np.nanmax(res.cap_usd, initial=1.0)))
    assert np.all(res.credits_usd <= res.cap_usd + tol)
    assert np.all(res.credit_usd <= res.uncapped_credit_usd + tol)
    assert np.all(res.cumulative_net_usd >= -tol)
    assert res.credit_usd.sum() - res.earned_back_usd.sum() >= -tol
    assert np.all(res.credit_usd[:, res.baseline] == 0)


@settings(max_examples=100)
@given(cases(), st.floats(0, 100), st.floats(0, 100))
def test_credits_are_monotone_in_at_risk_pct(case, a, b):
    rules, values, terms, invoice = case
    lo, hi = sorted((a, b))
    low = assess_credits(rules, values, CreditTerms(lo, *_rest(terms)), invoice)
    high = assess_credits(rules, values, CreditTerms(hi, *_rest(terms)), invoice)
    tol = 1e-6
    assert high.credits_usd.sum() >= low.credits_usd.sum() - tol
    assert (high.credit_usd.sum() - high.earned_back_usd.sum()
            >= low.credit_usd.sum() - low.earned_back_usd.sum() - tol)


def _rest(t: CreditTerms) -> tuple:
    return (t.baseline_months, t.earn_back_months, t.chronic_misses, t.chronic_of_months,
            t.fees_usd_per_month)
