"""The exit ramp by hand: with and without attrition, proficiency, cost, red flag."""

from __future__ import annotations

import numpy as np
import pytest

from outsource.core.costs import InhouseInputs
from outsource.core.exit_plan import EXIT_DEFAULTS, RampInputs, ramp, ramp_cost, ramp_outlasts
from outsource.errors import InvalidInput


def test_ramp_without_attrition():
    # 20 FTE at 5 hires a week: weeks 1-4 hire 5 each; 4 training weeks, immediately
    # proficient: cohorts productive from weeks 5, 6, 7, 8; capacity 5, 10, 15, 20.
    # Ready in week 8; with a 2-week parallel run the vendor serves 7 + 2 = 9 weeks.
    r = ramp(RampInputs(20, hires_per_week=5, training_weeks=4, time_to_proficiency_weeks=0,
                        ramp_attrition_share=0, parallel_run_weeks=2))
    assert r.total_hires == 20 and r.ready_week == 8 and r.ramp_weeks == 9
    assert r.hired[:5] == pytest.approx([5, 5, 5, 5, 0])
    assert r.capacity_fte[:9] == pytest.approx([0, 0, 0, 0, 5, 10, 15, 20, 20])
    assert r.in_training[3] == pytest.approx(20) and r.headcount[8] == pytest.approx(20)


def test_ramp_with_proficiency_curve():
    # 10 hired in week 1; 2 training weeks; then 2 weeks at 0.5 and 0.75; full from week 5.
    r = ramp(RampInputs(10, hires_per_week=10, training_weeks=2, time_to_proficiency_weeks=2,
                        start_proficiency_share=0.5, ramp_attrition_share=0,
                        parallel_run_weeks=0))
    assert r.capacity_fte[:5] == pytest.approx([0, 0, 5, 7.5, 10])
    assert r.ramping[2] == pytest.approx(10) and r.proficient[4] == pytest.approx(10)
    assert r.ready_week == 5 and r.ramp_weeks == 4


def test_ramp_with_attrition():
    # 19 % leave over 2 training weeks: weekly survival 0.9. Hires = ceil(9 / 0.81) = 12,
    # all in week 1: 12 in week 1, 10.8 in week 2, 9.72 productive in week 3 >= 9.
    r = ramp(RampInputs(9, hires_per_week=12, training_weeks=2, time_to_proficiency_weeks=0,
                        ramp_attrition_share=0.19, parallel_run_weeks=0))
    assert r.total_hires == 12
    assert r.in_training[:2] == pytest.approx([12, 10.8])
    assert r.proficient[2] == pytest.approx(9.72)
    assert r.ready_week == 3


def test_attrition_lengthens_the_ramp():
    base = dict(hires_per_week=5, training_weeks=4, time_to_proficiency_weeks=8,
                parallel_run_weeks=0)
    without = ramp(RampInputs(40, ramp_attrition_share=0.0, **base))
    with_ = ramp(RampInputs(40, ramp_attrition_share=0.2, **base))
    assert with_.total_hires == 50 and without.total_hires == 40
    assert with_.ready_week > without.ready_week


def test_ramp_cost_by_hand():
    # Load 1 (no benefits, no payroll tax); 40 h a week (2,080 h a year). 10 hired in
    # week 1, 1 training week, ready in week 2, 1 parallel week: 2 ramp weeks.
    # recruiting 10 x 1,000 = 10,000; wages 2 x 10 x 40 x 20 = 16,000;
    # supervision: 1 supervisor, 0.2 managers: (30 + 0.2 x 50) x 40 x 2 = 3,200;
    # seats (10 + 1 + 0.2) x 5,200 / 52 x 2 = 2,240. Total 31,440.
    x = InhouseInputs(wage_usd_per_hour=20, benefits_load=0, payroll_tax_rate=0,
                      recruiting_usd_per_hire=1000, training_hours_per_hire=40,
                      attrition_per_year=0.3, equipment_usd_per_seat_year=0,
                      facilities_usd_per_seat_year=5200, maintenance_usd_per_seat_year=0,
                      software_telephony_usd_per_seat_year=0, supervisor_span=10,
                      supervisor_usd_per_hour=30, manager_span=5, manager_usd_per_hour=50,
                      shrinkage=0.3, paid_hours_per_fte_year=2080, seat_factor=1)
    r = ramp(RampInputs(10, hires_per_week=10, training_weeks=1, time_to_proficiency_weeks=0,
                        ramp_attrition_share=0, parallel_run_weeks=1))
    assert r.ramp_weeks == 2
    c = ramp_cost(r, x)
    assert c.components == pytest.approx({"recruiting": 10_000, "agent_wages": 16_000,
                                          "supervision": 3_200, "seats": 2_240})
    assert c.total_usd == pytest.approx(31_440)
    assert c.weekly_usd == pytest.approx([10_000 + 8_000 + 1_600 + 1_120, 8_000 + 1_600 + 1_120])


def test_defaults_have_sources_and_reuse_the_cost_model():
    assert EXIT_DEFAULTS["training_weeks"][0] == 4.0  # 160 h of training at 40 h a week
    assert all(src for _, src in EXIT_DEFAULTS.values())
    r = ramp(RampInputs(40))
    assert r.total_hires == 50 and r.ready_week == 17 and r.ramp_weeks == 20
    assert np.all(np.diff(r.capacity_fte[:r.ready_week]) >= -1e-9)


def test_red_flag_when_the_ramp_outlasts_notice_and_exit_assistance():
    notice_w, exit_w, flag = ramp_outlasts(20, 90, 6)
    assert notice_w == pytest.approx(90 / 7) and exit_w == pytest.approx(6 * 365 / 7 / 12)
    assert not flag
    assert ramp_outlasts(20, 90, 0)[2]


def test_zero_need_and_bad_inputs():
    r = ramp(RampInputs(0, parallel_run_weeks=0))
    assert r.ready_week == 1 and r.ramp_weeks == 0 and r.total_hires == 0
    for kwargs, field in [({"hires_per_week": 0}, "hires_per_week"),
                          ({"training_weeks": 1.5}, "training_weeks"),
                          ({"ramp_attrition_share": 1}, "ramp_attrition_share")]:
        with pytest.raises(InvalidInput) as exc:
            ramp(RampInputs(10, **kwargs))
        assert exc.value.field == field
