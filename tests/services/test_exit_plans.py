"""`exit_plans` on a workspace: the staffing engine on the stored scenario, the ramp, its
cost and the termination terms, checked by hand on a small case."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from outsource.core.exit_plan import EXIT_DEFAULTS
from outsource.data.db.models.vendors import Vendor
from outsource.data.db.repositories import VendorRepository
from outsource.errors import InvalidInput, NotFound
from outsource.services.exit_plans import exit_plans
from outsource.services.scenarios import set_scenario
from outsource.services.stored_contracts import add_contract
from outsource.services.workspace import open_workspace

#: One agent in each of 40 open hours a week (0.5 calls of 60 s an hour: a tiny load,
#: so Erlang C needs exactly one agent), 52 weeks: 2,080 staffed hours a year;
#: with 20 % shrinkage and 2,080 paid hours per FTE: 2,080 / 0.8 / 2,080 = 1.25 FTE.
_DAY = [0.0] * 9 + [0.5] * 8 + [0.0] * 7
SCENARIO = f"""name: Tiny shop
workload:
  weekly:
    aht_s: 60
    calls: {json.dumps({d: _DAY for d in ("mon", "tue", "wed", "thu", "fri")}
                       | {"sat": [0.0] * 24, "sun": [0.0] * 24})}
  weeks_per_year: 52
targets: {{service_level: 0.8, answer_within_s: 20}}
compare_card: false
inhouse:
  wage_usd_per_hour: 20
  benefits_load: 0.25
  payroll_tax_rate: 0
  recruiting_usd_per_hire: 1000
  supervisor_span: 10
  supervisor_usd_per_hour: 30
  manager_span: 5
  manager_usd_per_hour: 50
  equipment_usd_per_seat_year: 520
  facilities_usd_per_seat_year: 0
  maintenance_usd_per_seat_year: 0
  software_telephony_usd_per_seat_year: 0
  shrinkage: 0.2
  paid_hours_per_fte_year: 2080
"""
#: 12 months from 2026-01-01 at $10,000 a month; 10 % of the remaining fees on 30 days'
#: notice; one month of exit assistance.
CONTRACT = """vendor: {vendor}
start: 2026-01-01
term_months: 12
renewal: none
notice_days: 60
fees_usd_per_month: 10000
at_risk_pct: 10
termination_for_convenience: {{fee_pct_of_remaining: 10, min_notice_days: 30}}
exit_assistance_months: {exit}
governance: {{liaison: "ops lead"}}
metrics:
  - {{metric: abandon_rate, target: 0.05, allocation_pct: 50}}
  - {{metric: repeat_rate, target: 0.2, allocation_pct: 50}}
"""
#: No attrition, full proficiency right after two weeks of training, all hired at once.
SIMPLE = {"hires_per_week": 10, "training_weeks": 2, "time_to_proficiency_weeks": 0,
          "start_proficiency_share": 1, "ramp_attrition_share": 0, "parallel_run_weeks": 1}
NOTICE = date(2026, 6, 1)


@pytest.fixture
def ws(tmp_path):
    w = open_workspace(tmp_path / "ws", url=f"sqlite:///{tmp_path / 'o.db'}")
    (tmp_path / "tiny.yaml").write_text(SCENARIO)
    set_scenario(w, tmp_path / "tiny.yaml")
    with w.transaction() as s:
        for name in ("acme-manila", "prairie-ohio"):
            VendorRepository(s).add(Vendor(name=name, regions=["us_canada"]))
    for name, months in (("acme-manila", 1), ("prairie-ohio", 0)):
        f = tmp_path / f"{name}.yaml"
        f.write_text(CONTRACT.format(vendor=name, exit=months))
        add_contract(w, f)
    return w


def _weekly_cost(head: float, load: float = 1.25) -> float:
    """Hand arithmetic of one week for ``head`` agents at the scenario's inputs [USD]."""
    sup = head / 10
    mgr = sup / 5
    wages = head * 40 * 20 * load
    supervision = (sup * 30 + mgr * 50) * 40 * load
    seats = (head + sup + mgr) * 520 / 52
    return wages + supervision + seats


def test_ramp_without_attrition_by_hand(ws):
    p = exit_plans(ws, vendor="acme-manila", notice_date=NOTICE, ramp_inputs=SIMPLE).plans[0]
    assert p.agents == 1 and p.fte == pytest.approx(1.25)
    assert p.total_hires == 2  # ceil(1.25 / (1 - 0))
    # weeks 1-2 in training, week 3 both productive (capacity 2 >= 1.25): ready in week 3;
    # the vendor serves the 2 weeks before it and the 1-week parallel run
    assert p.ready_week == 3 and p.ramp_weeks == 3
    assert p.transition_cost_components_usd["recruiting"] == pytest.approx(2 * 1000)
    assert p.transition_cost_usd == pytest.approx(2 * 1000 + 3 * _weekly_cost(2))
    # notice 2026-06-01 + 30 days = 2026-07-01: six months of $10,000 left at 10 %
    t = p.termination
    assert (t.route, t.effective_date, t.remaining_months) == ("convenience", date(2026, 7, 1),
                                                                6)
    assert p.termination_fee_usd == pytest.approx(6_000) and t.exit_assistance_payer == "buyer"
    assert p.notice_weeks == pytest.approx(30 / 7)
    assert p.exit_assistance_weeks == pytest.approx(365 / 7 / 12)
    assert not p.ramp_outlasts_notice and not p.failure_right_given
    assert p.contract_version == 1 and p.workload.fte == p.fte


def test_ramp_with_attrition_by_hand(ws):
    inputs = SIMPLE | {"ramp_attrition_share": 0.5}
    p = exit_plans(ws, vendor="acme-manila", notice_date=NOTICE, ramp_inputs=inputs).plans[0]
    # ceil(1.25 / 0.5) = 3 hires; half leave over the 2 training weeks at a constant rate:
    # 3, 3 x 0.5 ** 0.5, 1.5 people in weeks 1-3; week 3's capacity 1.5 >= 1.25
    assert p.total_hires == 3 and p.ready_week == 3 and p.ramp_weeks == 3
    heads = [3, 3 * math.sqrt(0.5), 1.5]
    assert [w.headcount for w in p.weeks] == pytest.approx(heads)
    assert p.transition_cost_usd == pytest.approx(3 * 1000 + sum(map(_weekly_cost, heads)))


def test_failure_right_waives_the_fee_and_flags_a_ramp_longer_than_the_exit(ws):
    r = exit_plans(ws, notice_date=NOTICE, failure_right=True, ramp_inputs=SIMPLE)
    assert [p.vendor for p in r.plans] == ["acme-manila", "prairie-ohio"]
    acme, prairie = r.plans
    for p in r.plans:
        assert p.termination.route == "failure" and p.termination_fee_usd == 0
        assert p.notice_weeks == 0 and p.termination.exit_assistance_payer == "vendor"
        assert p.failure_right_given
    assert not acme.ramp_outlasts_notice       # 3 weeks < 0 + 4.35 weeks of exit assistance
    assert prairie.ramp_outlasts_notice        # 3 weeks > 0 + 0 weeks


def test_defaults_and_their_sources(ws):
    p = exit_plans(ws, vendor="acme-manila", notice_date=NOTICE).plans[0]
    assert p.inputs == {k: v[0] for k, v in EXIT_DEFAULTS.items()}
    assert p.sources == {k: v[1] for k, v in EXIT_DEFAULTS.items()}
    assert p.total_hires == 2  # ceil(1.25 / 0.8) = ceil(1.5625)
    q = exit_plans(ws, vendor="acme-manila", notice_date=NOTICE,
                   ramp_inputs={"hires_per_week": 1}).plans[0]
    assert q.sources["hires_per_week"] == "override" and q.ready_week > p.ready_week


def test_the_scenario_sets_training_and_parallel_run(ws, tmp_path):
    f = tmp_path / "tiny2.yaml"
    f.write_text(SCENARIO + "  training_hours_per_hire: 120\nbuyer: {parallel_run_months: 2}\n")
    p = exit_plans(ws, vendor="acme-manila", notice_date=NOTICE, scenario=f).plans[0]
    assert p.inputs["training_weeks"] == 3 and p.inputs["parallel_run_weeks"] == 9
    assert "training_hours_per_hire (120 h)" in p.sources["training_weeks"]
    assert p.workload.scenario_source == str(f) and "scenario file" in p.workload.basis


def test_what_the_plan_needs(ws, tmp_path):
    with pytest.raises(NotFound, match="no vendor 'x'"):
        exit_plans(ws, vendor="x")
    with pytest.raises(InvalidInput) as err:
        exit_plans(ws, vendor="acme-manila", ramp_inputs={"hires_per_week": 0})
    assert err.value.field == "hires_per_week"
    with pytest.raises(InvalidInput, match="unknown ramp input"):
        exit_plans(ws, ramp_inputs={"speed": 1})
    bare = open_workspace(tmp_path / "bare", url=f"sqlite:///{tmp_path / 'b.db'}")
    with pytest.raises(NotFound, match="no scenario"):
        exit_plans(bare)
    set_scenario(bare, tmp_path / "tiny.yaml")
    with pytest.raises(NotFound, match="no contract stored"):
        exit_plans(bare)


def test_a_contract_without_fixed_fees_needs_the_monthly_fees(ws, tmp_path):
    f = tmp_path / "nofee.yaml"
    f.write_text(CONTRACT.format(vendor="acme-manila", exit=1)
                 .replace("fees_usd_per_month: 10000\n", ""))
    add_contract(ws, f, effective_from=date(2026, 1, 1))
    with pytest.raises(InvalidInput) as err:
        exit_plans(ws, vendor="acme-manila", notice_date=NOTICE)
    assert err.value.field == "monthly_fees_usd"
    p = exit_plans(ws, vendor="acme-manila", notice_date=NOTICE, monthly_fees_usd=20_000,
                   ramp_inputs=SIMPLE).plans[0]
    assert p.contract_version == 2 and p.termination_fee_usd == pytest.approx(12_000)

