"""Contract services: credits over calendar months, worked example, termination, exit plan."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml

from outsource.errors import InvalidInput
from outsource.schemas.base import dumps
from outsource.schemas.contracts import Contract, MonthlyMetrics
from outsource.services.contracts import (
    assess_credits,
    check_contract_file,
    exit_plan,
    term_status,
    termination_example,
    termination_terms,
    worked_example,
)

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "contract.yaml"
BASE = yaml.safe_load(EXAMPLE.read_text())


def contract(**changes) -> Contract:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Contract.model_validate(data)


@pytest.fixture(scope="module")
def example() -> Contract:
    return check_contract_file(EXAMPLE).contract


def test_credits_over_calendar_months(example):
    # Start 2026-07, 3 baseline months (Jul-Sep), earn-back 3, chronic 3 of 6, $100,000
    # a month, 12 % at risk. October: SL 0.75 (missed, 50 %: $6,000) and abandonment
    # 0.08 (missed, 30 %: $3,600). SL met Nov-Jan: its $6,000 comes back in January.
    # Abandonment missed Oct, Nov, Dec: chronic failure in December (Aug, Sep are
    # baseline), a termination right from 2026-12.
    mm = MonthlyMetrics(
        months=["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01"],
        values={"service_level": [0.8, 0.7, 0.6, 0.75, 0.81, 0.82, 0.83],
                "abandon_rate": [0.04, 0.06, 0.07, 0.08, 0.09, 0.10, 0.04],
                "repeat_rate": [0.1] * 7, "email_response": [None] * 7})
    r = assess_credits(example, mm)
    by_month = {m.month: m for m in r.months}
    assert [by_month[k].credits_usd for k in ("2026-09", "2026-10", "2026-11", "2026-12")] \
        == pytest.approx([0, 9_600, 3_600, 3_600])
    assert by_month["2026-09"].critical_failures == ["service_level"]  # baseline: no right
    assert by_month["2026-10"].cap_usd == pytest.approx(12_000)
    assert by_month["2027-01"].earned_back_usd == pytest.approx(6_000)
    assert by_month["2027-01"].net_usd == pytest.approx(-6_000)
    assert r.termination_right_from == "2026-12"
    assert r.termination_reasons == ["chronic failure of abandon_rate in 2026-12"]
    assert r.credits_usd == pytest.approx(16_800) and r.net_usd == pytest.approx(10_800)
    assert by_month["2026-10"].missing_metrics == ["email_response"]
    sl_oct = next(x for x in r.rows if x.month == "2026-10" and x.metric == "service_level")
    assert sl_oct.returned_in == "2027-01" and sl_oct.earn_back == "returned"
    assert "$100,000 x 12 % x 50 % = $6,000" in sl_oct.note
    assert b'"credits_usd"' in dumps(r)


def test_months_before_the_first_given_have_no_data(example):
    r = assess_credits(example, MonthlyMetrics(months=["2026-10"],
                                               values={"service_level": [0.75]}))
    assert [m.month for m in r.months] == ["2026-07", "2026-08", "2026-09", "2026-10"]
    assert r.months[0].missing_metrics == [m.metric for m in example.metrics]
    assert r.months[-1].credits_usd == pytest.approx(6_000)


def test_invoice_total_when_there_is_no_fixed_fee():
    c = contract(fees_usd_per_month=None, baseline_months=0)
    r = assess_credits(c, MonthlyMetrics(months=["2026-07", "2026-08"],
                                         values={"service_level": [0.7, 0.7]},
                                         invoice_usd=[80_000, None]))
    assert r.months[0].fees_source == "invoice"
    assert r.months[0].credits_usd == pytest.approx(80_000 * 12 * 50 / 10_000)
    assert r.months[1].fees_source == "none" and r.months[1].credits_usd == 0
    assert "no fees known" in r.months[1].note


@pytest.mark.parametrize(("mm", "loc"), [
    (dict(months=["2026-06"], values={}), ("months", 0)),
    (dict(months=["2026-07", "2026-09"], values={}), ("months", 1)),
    (dict(months=["2026-07"], values={"csat": [4.0]}), ("values", "csat")),
])
def test_bad_monthly_input_names_the_key(example, mm, loc):
    with pytest.raises(InvalidInput) as exc:
        assess_credits(example, MonthlyMetrics(**mm))
    assert exc.value.loc == loc


def test_months_after_the_end_without_renewal():
    c = contract(renewal="none", term_months=3)
    with pytest.raises(InvalidInput, match="after the contract's end"):
        assess_credits(c, MonthlyMetrics(months=["2026-10"], values={}))


def test_worked_example_on_the_contracts_numbers(example):
    ex = worked_example(example)
    assert (ex.month, ex.fees_usd, ex.at_risk_usd) == (4, 100_000, 12_000)
    assert [x.amount_usd for x in ex.per_metric] == pytest.approx([6_000, 3_600, 2_400, 0])
    assert ex.all_missed[-1].amount_usd == pytest.approx(12_000)
    assert ex.earn_back[1].amount_usd == pytest.approx(6_000)


def test_worked_example_with_allocations_above_100():
    data = copy.deepcopy(BASE)
    data["metrics"][1]["allocation_pct"] = 80  # 50 + 80 + 20 = 150 %
    ex = worked_example(Contract.model_validate(data))
    raw, capped = ex.all_missed[0].amount_usd, ex.all_missed[1].amount_usd
    assert raw == pytest.approx(18_000) and capped == pytest.approx(12_000)
    assert "cap" in ex.all_missed[1].text


def test_worked_example_without_fixed_fees_assumes_the_texas_invoice():
    ex = worked_example(contract(fees_usd_per_month=None))
    assert ex.fees_assumed and ex.fees_usd == 100_000


def test_term_and_termination(example):
    st = term_status(example, date(2027, 1, 1))
    assert st.term_end == date(2028, 6, 30) and st.notice_deadline == date(2028, 4, 2)
    t = termination_terms(example, date(2027, 1, 1))
    assert t.termination_fee_usd == pytest.approx(150_000) and t.exit_assistance_payer == "buyer"
    f = termination_terms(example, date(2027, 1, 1), failure_right=True)
    assert f.termination_fee_usd == 0 and f.exit_assistance_payer == "vendor"
    ex = termination_example(example)
    assert ex.effective_date == date(2027, 7, 1) and ex.termination_fee_usd == pytest.approx(
        120_000)
    with pytest.raises(InvalidInput) as exc:
        termination_terms(contract(fees_usd_per_month=None), date(2027, 1, 1))
    assert exc.value.field == "monthly_fees_usd"


def test_exit_plan_json_keys_and_flag(example):
    plan = exit_plan(example, 40, date(2027, 1, 1), agents=28)
    data = plan.model_dump()
    for key in ("agents", "fte", "ramp_weeks", "notice_weeks", "exit_assistance_weeks",
                "transition_cost_usd", "termination_fee_usd", "ramp_outlasts_notice"):
        assert key in data
    assert plan.ramp_weeks == 20 and not plan.ramp_outlasts_notice
    assert plan.termination_fee_usd == pytest.approx(150_000)
    assert plan.transition_cost_usd == pytest.approx(sum(w.cost_usd for w in plan.weeks))
    assert "WFM Labs" in plan.sources["ramp_attrition_share"]
    slow = exit_plan(contract(exit_assistance_months=0), 40, date(2027, 1, 1),
                     ramp_inputs={"hires_per_week": 2})
    assert slow.ramp_outlasts_notice and slow.sources["hires_per_week"] == "override"
    with pytest.raises(InvalidInput, match="unknown ramp input"):
        exit_plan(example, 40, date(2027, 1, 1), ramp_inputs={"speed": 1})


def test_every_contract_schema_field_is_described():
    import inspect

    from outsource.schemas import contracts as mod
    from outsource.schemas.base import Schema

    models = [m for _, m in inspect.getmembers(mod, inspect.isclass)
              if issubclass(m, Schema) and m is not Schema and m.__module__ == mod.__name__]
    assert len(models) > 15
    missing = [f"{m.__name__}.{name}" for m in models
               for name, f in m.model_fields.items() if not f.description]
    assert missing == []
