"""The cost build-up as formulas: every line evaluates to the model's own numbers.

For every option of three scenarios (the bank example with every pricing model and split,
Northwind's three channels, an outbound one), the build-up's total equals the model's
deterministic cost to 1e-9 relative (``build_up`` itself refuses otherwise), the in-house
components equal ``core.costs.inhouse_cost``'s, and each line's formula gives its value.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from outsource.core import plan as core
from outsource.core.costs import InhouseInputs, inhouse_cost
from outsource.core.uncertainty import central
from outsource.data.scenario import load_scenario_inputs, plan_spec
from outsource.services.buildup import build_up, evaluate, name_of
from outsource.services.demo import northwind_workload, scenario_yaml
from outsource.services.plan import run_plan

EXAMPLES = Path(__file__).parents[2] / "src" / "outsource" / "examples"
OUTBOUND = {
    "name": "Outbound sales", "direction": "outbound",
    "workload": {"weekly": {"aht_s": 420, "channel": "voice",
                            "calls": {"mon": [0] * 9 + [40] * 8 + [0] * 7,
                                      "wed": [0] * 9 + [55] * 8 + [0] * 7}}},
    "options": [
        {"name": "India commission", "region": "india", "pricing_model": "commission_only",
         "commission_usd_per_sale": [4, 6], "conversion_rate": [0.05, 0.1],
         "travel_usd_per_year": [0, 4000]},
        {"name": "Manila monthly", "region": "asia_philippines",
         "pricing_model": "monthly_per_agent", "rate": [1500, 1900],
         "paid_hours_per_month": 160},
        {"name": "Bogota shared, no rounding", "region": "latin_america",
         "pricing_model": "shared_per_minute", "billing_increment_s": 0},
    ],
    "hybrids": [{"name": "Wednesdays out", "split": "hours", "inhouse_hours": ["mon 00:00-24:00"],
                 "vendor": {"region": "eastern_europe", "pricing_model": "outbound_hourly"}}],
}


def _northwind(folder: Path) -> Path:
    import csv

    rows = northwind_workload()
    with open(folder / "nw.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    path = folder / "northwind.yaml"
    path.write_text(scenario_yaml("nw.csv"))
    return path


@pytest.fixture(scope="module", params=["bank", "northwind", "outbound"])
def scenario(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "bank":
        path = EXAMPLES / "scenario_bank.yaml"
    elif request.param == "northwind":
        path = _northwind(folder)
    else:
        path = folder / "outbound.yaml"
        path.write_text(yaml.safe_dump(OUTBOUND))
    inputs = load_scenario_inputs(path)
    built = core.build(plan_spec(inputs.scenario), inputs.card, inputs.workload)
    assumptions, buildups = build_up(built, inputs.scenario, inputs.card, inputs.workload.source)
    return inputs, built, assumptions, buildups


def test_every_total_is_the_models_deterministic_figure(scenario):
    inputs, built, _, buildups = scenario
    plan = run_plan(inputs, draws=50, seed=3)
    model = {(o.name, o.pricing_model): o.deterministic_usd for o in plan.options}
    assert len(buildups) == len(plan.options) == len(model)
    for b in buildups:
        assert math.isclose(b.total_usd, model[(b.option, b.pricing_model)], rel_tol=1e-12)
        assert math.isclose(b.lines[-1].value, b.total_usd, rel_tol=1e-9), b.option
        assert b.lines[-1].name == b.total and b.lines[-1].component == "total"


def test_inhouse_components_are_core_costs(scenario):
    _, built, _, buildups = scenario
    det = central(built.builder.ranges)
    want = inhouse_cost(built.staffer.facts(built.staffer.calls),
                        InhouseInputs.from_params(det)).components
    got = buildups[0].components_usd
    assert set(got) == set(want)
    for k, v in want.items():
        assert math.isclose(got[k], float(np.asarray(v).reshape(-1)[0]), rel_tol=1e-12), k


def test_each_line_is_its_formula_over_the_named_values(scenario):
    _, _, assumptions, buildups = scenario
    values = {a.name: a.value for a in assumptions}
    for b in buildups:
        for ln in b.lines:
            assert math.isclose(evaluate(ln.formula, values), ln.value, rel_tol=1e-15,
                                abs_tol=1e-12), ln.name
            values[ln.name] = ln.value


def test_names_are_unique_and_never_cell_references(scenario):
    _, _, assumptions, buildups = scenario
    names = [a.name for a in assumptions] + [ln.name for b in buildups for ln in b.lines]
    assert len(names) == len(set(names))
    for n in names:
        assert re.fullmatch(r"[a-z][a-z0-9_]*_[a-z0-9_]+", n), n  # an underscore: no A1 cell
        assert len(n) <= 255


def test_every_input_has_a_source_and_is_used(scenario):
    _, _, assumptions, _ = scenario
    for a in assumptions:
        assert a.source and a.unit and a.low <= a.value <= a.high, a.name
        if a.group != "workload":  # workload figures may be shown for reference only
            assert a.used_by, a.name


def test_formulas_follow_the_pricing_models(scenario):
    inputs, _, _, buildups = scenario
    by = {b.option: {ln.component or ln.name.split("_", 1)[1]: ln.formula for ln in b.lines}
          for b in buildups}
    if inputs.scenario.name.startswith("Outbound"):
        assert by["India commission"]["fees"].startswith("opt")  # = the commission line
        assert by["India commission"]["travel"] == "options_0_travel_usd_per_year"
        monthly = by["Manila monthly"]
        assert "ROUNDUP" in monthly["billed_agents"] and "options_1_rate*12*" in monthly["fees"]
        assert "options_1_paid_hours_per_month" in monthly["vendor_agents"]
        assert by["Bogota shared, no rounding"]["billed_min_per_contact"].startswith(
            "IF(options_2_billing_increment_s<=0,")
        assert "inhouse_part" in {ln.component for b in buildups for ln in b.lines}


def test_evaluate_matches_the_spreadsheet_semantics():
    assert evaluate("IF(a<=0,b/60,a/(1-EXP(-a/b))/60)", {"a": 0.0, "b": 300.0}) == 5.0
    assert evaluate("MAX(0,ROUNDUP(x-1E-9,0))", {"x": 3.0}) == 3.0
    assert evaluate("MAX(0,ROUNDUP(x-1E-9,0))", {"x": 3.2}) == 4.0
    assert evaluate("MAX(0,ROUNDUP(x-1E-9,0))", {"x": 0.0}) == 0.0
    assert evaluate("-(a+b)*2", {"a": 1.0, "b": 2.0}) == -6.0
    with pytest.raises(ValueError, match="unsupported"):
        evaluate("a**2", {"a": 2.0})
    assert name_of("hybrids[0].vendor.vendor_shrinkage") == "hybrids_0_vendor_vendor_shrinkage"
    assert name_of("rate.india.outbound_hourly.specialised") == \
        "rate_india_outbound_hourly_specialised"


def test_a_wrong_formula_is_refused(monkeypatch, scenario):
    from outsource.services import buildup

    inputs, built, _, _ = scenario
    original = buildup._inhouse_block

    def broken(book, x, pfx, wl, what, total, component="total", parts=True):  # type: ignore[no-untyped-def]
        name = original(book, x, pfx, wl, what, total, component, parts)
        book.values[name] *= 1.0 + 1e-6
        return name

    monkeypatch.setattr(buildup, "_inhouse_block", broken)
    with pytest.raises(RuntimeError, match="disagrees|gives"):
        build_up(built, inputs.scenario, inputs.card, inputs.workload.source)
