"""The plan report's data (services.reports.plan_report): summary, staffing, risks, gaps.

One pricing for both the comparison and the advice: the report's options are the plan's
and the advice's costs are drawn from the same draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from outsource.data.scenario import load_scenario_inputs
from outsource.services.advice import run_advice
from outsource.services.reports import plan_report

BANK = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return plan_report(load_scenario_inputs(BANK), draws=400, seed=2)


def test_summary_is_the_cheapest_option_matching_the_advice(report):
    s, adv = report.summary, report.advice
    assert s.verdict == adv.overall.verdict == "hybrid"
    matching = [o for o in adv.costs if o.pricing_model.startswith("hybrid:")]
    assert s.option == matching[0].name  # a hybrid verdict: the cheapest matching hybrid
    assert f"The cheapest hybrid plan that matches the advice is {s.option}." in \
        s.recommendation
    best = next(o for o in report.plan.options if o.name == s.option)
    assert s.savings == best.savings_vs_inhouse and s.p_cheaper == best.p_cheaper_than_inhouse
    assert s.savings_p10 <= s.savings <= s.savings_p90
    assert f"{s.p_cheaper:.0%} of 400 Monte Carlo draws" in s.statement
    assert {f.rule for f in s.reasons} >= {"after_hours", "over_capacity"}
    assert s.method and s.method in s.recommendation


def test_advice_uses_the_same_draws_as_the_comparison(report):
    again = run_advice(load_scenario_inputs(BANK), draws=400, seed=2)
    assert [o.annual_cost_usd for o in again.costs] == \
        [o.annual_cost_usd for o in report.advice.costs]
    by_name = {o.name: o for o in report.plan.options}
    for o in report.advice.costs:
        assert by_name[o.name] == o


def test_savings_percentiles_bracket_the_median(report):
    for o in report.plan.options:
        assert o.savings_p10_usd <= o.savings_vs_inhouse_usd <= o.savings_p90_usd
        assert o.savings_p10 == pytest.approx(o.savings_p10_usd * report.per_usd)
    inhouse = next(o for o in report.plan.options if o.pricing_model == "in_house")
    assert inhouse.savings_p10_usd == inhouse.savings_p90_usd == 0


def test_staffing_rows_add_up_to_the_plans_hours(report):
    st = report.staffing
    hours = float(np.sum(st.agents * st.period_s) / 3600.0) * report.annual_factor
    assert hours == pytest.approx(report.plan.staffed_hours_per_year, rel=1e-12)
    assert float(np.sum(st.contacts)) * report.annual_factor == pytest.approx(
        report.plan.contacts_per_year, rel=1e-12)
    assert len(st) == 168 and st.hour_of_week.min() >= 0 and st.hour_of_week.max() < 168


def test_buildups_follow_the_plans_order_inhouse_first(report):
    assert report.buildups[0].pricing_model == "in_house"
    rest = [o.name for o in report.plan.options if o.pricing_model != "in_house"]
    assert [b.option for b in report.buildups[1:]] == rest


def test_risks_cite_their_source(report):
    titles = [r.title for r in report.risks]
    assert any(t.startswith("Savings depend on inhouse.wage_usd_per_hour") for t in titles)
    assert "Commission deal unworkable: India commission only (card activations)" in titles
    assert any("PCI DSS" in r.detail for r in report.risks)
    assert any(t.startswith("Step 7 not done") for t in titles)
    assert all(r.source for r in report.risks)
    assert report.base_savings == pytest.approx(
        next(o for o in report.plan.options if o.pricing_model == "in_house").deterministic
        - next(o for o in report.plan.options if o.name == report.best_option).deterministic)


def test_a_hybrid_verdict_without_a_hybrid_plan_says_so(tmp_path):
    import csv

    from outsource.services.demo import northwind_workload, scenario_yaml

    rows = northwind_workload()
    with open(tmp_path / "nw.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (tmp_path / "nw.yaml").write_text(scenario_yaml("nw.csv"))
    r = plan_report(load_scenario_inputs(tmp_path / "nw.yaml"), draws=200)
    assert r.summary.verdict == "hybrid"
    assert "The scenario prices no hybrid plan" in r.summary.recommendation
    assert any(m.section == "options" and "no hybrid plan" in m.what for m in r.missing)
    assert {str(c) for c in r.staffing.channel} == {"voice", "chat", "email"}
