"""The plan service: staffing, pricing and comparing the options of a scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from outsource.core.costs import InhouseInputs, inhouse_cost
from outsource.core.plan import Staffer
from outsource.core.pricing import VendorTerms, vendor_fees
from outsource.data.scenario import parse_scenario, scenario_workload, targets_of
from outsource.errors import InvalidInput
from outsource.services.plan import run_plan

DAY = [0.0] * 8 + [40.0, 80.0, 100.0, 90.0, 70.0, 60.0, 50.0, 30.0] + [0.0] * 8
SCENARIO = {
    "name": "small",
    "workload": {"weekly": {"aht_s": 240, "patience_s": 180,
                            "calls": {d: DAY for d in ("mon", "tue", "wed", "thu", "fri")}}},
    "compare_card": False,
    "options": [
        {"name": "India dedicated", "region": "india", "pricing_model": "dedicated_hourly"},
        {"name": "US shared", "region": "us_canada", "pricing_model": "shared_per_minute"},
        {"name": "India commission", "region": "india", "pricing_model": "commission_only",
         "commission_usd_per_sale": [4, 6], "conversion_rate": [0.2, 0.3]},
    ],
    "quotes": [{"vendor": "Acme", "region": "asia_philippines",
                "pricing_model": "dedicated_hourly", "rate": 11.0, "source": "email",
                "date": "2026-11-01"}],
    "hybrids": [
        {"name": "nothing out", "split": "queue", "vendor_share": 0.0,
         "vendor": {"region": "india", "pricing_model": "shared_per_minute"}},
        {"name": "evenings out", "split": "hours", "inhouse_hours": ["mon-fri 08:00-13:00"],
         "vendor": {"region": "india", "pricing_model": "dedicated_hourly"}},
    ],
}


def _run(patch: dict | None = None, draws: int = 2000, seed: int = 1):
    return run_plan(parse_scenario({**SCENARIO, **(patch or {})}), Path("."), draws, seed)


@pytest.fixture(scope="module")
def result():
    return _run()


def _by_name(result, name):
    return next(o for o in result.options if o.name == name)


def test_ranked_by_median_cost(result):
    costs = [o.annual_cost_usd for o in result.options]
    assert costs == sorted(costs)
    assert len(result.options) == 1 + 3 + 1 + 2
    for o in result.options:
        assert o.p10_usd <= o.annual_cost_usd <= o.p90_usd
        assert 0 <= o.p_cheaper_than_inhouse <= 1


def test_inhouse_matches_the_cost_model(result):
    facts = _facts()
    inh = _by_name(result, "In-house")
    det = float(inhouse_cost(facts, InhouseInputs.defaults()).total)
    assert inh.deterministic_usd == pytest.approx(det)
    assert inh.savings_vs_inhouse_usd == 0 and inh.p_cheaper_than_inhouse == 0
    assert result.contacts_per_year == pytest.approx(5 * sum(DAY) * 365 / 7)
    assert inh.cost_per_contact_usd == pytest.approx(inh.annual_cost_usd
                                                     / result.contacts_per_year)
    assert inh.agents_required == facts.peak_agents


def test_quote_is_priced_at_the_quoted_rate(result):
    q = _by_name(result, "Quote: Acme (dedicated_hourly)")
    assert q.rate_source == "quotes[0].rate"
    facts_fees = 11.0 * result.staffed_hours_per_year
    assert q.deterministic_usd > facts_fees          # fees plus the buyer's own costs
    assert float(vendor_fees(_facts(), VendorTerms("dedicated_hourly", 11.0))) == facts_fees


def _facts():
    s = parse_scenario(SCENARIO)
    st = Staffer(scenario_workload(s, Path(".")), targets_of(s))
    return st.facts(st.calls)


def test_hybrid_with_nothing_outsourced_is_inhouse(result):
    nothing = _by_name(result, "nothing out")
    assert nothing.deterministic_usd == pytest.approx(_by_name(result, "In-house")
                                                      .deterministic_usd)
    evenings = _by_name(result, "evenings out")
    assert evenings.p_cheaper_than_inhouse > 0.5


def test_commission_rule_reported(result):
    c = _by_name(result, "India commission").commission
    earn = 5 * 0.25 * result.contacts_per_year / result.staffed_hours_per_year
    assert c["earnings_per_hour_usd"] == pytest.approx(earn)
    assert c["premium"] == pytest.approx(earn / 8.0 - 1)     # India outbound $6-10, mid 8
    assert c["workable"] == (c["premium"] >= 0.15 - 1e-9)     # required premium 10-20%, mid
    assert 0 <= c["p_workable"] <= 1


def test_seeded_and_reproducible(result):
    again = _run()
    assert [o.annual_cost_usd for o in again.options] == [
        o.annual_cost_usd for o in result.options]
    other = _run(seed=2)
    assert other.options[0].annual_cost_usd != result.options[0].annual_cost_usd


def test_breakeven_and_sensitivity(result):
    rows = {b["region"]: b for b in result.breakeven}
    assert rows["us_canada"]["status"] in ("crossing", "dedicated_cheaper_throughout",
                                           "shared_cheaper_throughout")
    assert any(b["status"] == "crossing" for b in result.breakeven)
    assert result.sensitivity and result.sensitivity[0]["swing_usd"] >= result.sensitivity[-1][
        "swing_usd"]


def test_card_options_and_more_volume_costs_more():
    small = _run({"compare_card": True}, draws=200)
    models = {(o.region, o.pricing_model) for o in small.options}
    assert ("india", "dedicated_hourly") in models and ("international", "shared_per_minute") \
        in models and ("us_canada", "monthly_per_agent") in models
    big = _run({"compare_card": True, "workload": {**SCENARIO["workload"],
                                                   "volume_multiplier": 2.0}}, draws=200)
    before = {o.name: o.deterministic_usd for o in small.options}
    for o in big.options:
        assert o.deterministic_usd >= before[o.name], o.name


@pytest.mark.parametrize(("option", "field"), [
    ({"name": "x", "region": "mars", "pricing_model": "dedicated_hourly"}, "options[0].region"),
    ({"name": "x", "region": "australia", "pricing_model": "shared_per_minute"},
     "options[0].rate"),
])
def test_bad_options_name_the_key(option, field):
    with pytest.raises(InvalidInput) as exc:
        _run({"options": [option], "quotes": [], "hybrids": []}, draws=10)
    assert str(exc.value).startswith(f"{field}: ")


def test_per_hour_figures(result):
    for o in result.options:
        assert o.cost_per_productive_hour_usd == pytest.approx(
            o.annual_cost_usd / result.staffed_hours_per_year)
    assert np.isfinite([o.cost_per_productive_hour_usd for o in result.options]).all()


def test_card_options_follow_the_direction_of_the_work():
    """Inbound work is compared on inbound prices, outbound work on outbound hourly
    (the playbook prices 'Inbound services' and 'Outbound services' separately)."""
    inbound = _run({"compare_card": True, "options": [], "quotes": [], "hybrids": []}, 200)
    outbound = _run({"compare_card": True, "direction": "outbound", "options": [],
                     "quotes": [], "hybrids": []}, 200)
    models_in = {o.pricing_model for o in inbound.options} - {"in_house"}
    models_out = {o.pricing_model for o in outbound.options} - {"in_house"}
    assert models_in == {"shared_per_minute", "dedicated_hourly", "monthly_per_agent"}
    assert models_out == {"outbound_hourly"}
