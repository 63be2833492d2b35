"""The plan workbook: one sheet per part, native charts, and the cost build-up as live formulas.

Opened with openpyxl (values, formulas, charts); then an assumption is changed and
LibreOffice headless recomputes the file: every option's total must follow and equal the
cost model's own deterministic figure with the same changed inputs (relative 1e-9).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import openpyxl
import pytest

from outsource.core.ratecard import RateCard
from outsource.core.uncertainty import Range
from outsource.data.scenario import ScenarioInputs, Spec
from outsource.services.plan import run_plan

SHEETS = ["Summary", "Options", "Staffing", "Build-up", "Assumptions", "Sensitivity", "Risks",
          "Checklist", "Missing"]
FUNCTIONS = {"IF", "EXP", "MAX", "MIN", "ROUNDUP"}
REL = 1e-9


@pytest.fixture(scope="module", autouse=True)
def _helpers(helpers):  # type: ignore[no-untyped-def]
    global named_cell, recompute
    named_cell, recompute = helpers.named_cell, helpers.recompute


@pytest.fixture(scope="module")
def book(bank_files):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(bank_files[1])


@pytest.fixture(scope="module")
def cached(bank_files):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(bank_files[1], data_only=True)


def test_one_sheet_per_part(book):
    assert book.sheetnames == SHEETS


def test_assumptions_are_named_input_cells_with_sources(book, bank_report):
    ws = book["Assumptions"]
    assert len(bank_report.assumptions) > 100
    for a in bank_report.assumptions:
        cell = named_cell(book, a.name)
        assert cell.parent.title == "Assumptions" and cell.column_letter == "D"
        assert cell.value == pytest.approx(a.value, rel=1e-15), a.name
        row = cell.row
        assert ws.cell(row, 1).value == a.name and ws.cell(row, 10).value == a.source
        assert a.source
    wage = named_cell(book, "inhouse_wage_usd_per_hour")
    assert wage.value == 19.08 and "BLS" in wage.parent.cell(wage.row, 10).value


def test_buildup_lines_are_formulas_over_named_cells(book, cached, bank_report):
    names = set(book.defined_names.keys())
    seen = 0
    for b in bank_report.buildups:
        for ln in b.lines:
            cell = named_cell(book, ln.name)
            assert cell.parent.title == "Build-up"
            assert cell.value == "=" + ln.formula
            for ident in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", ln.formula):
                assert ident in names or ident in FUNCTIONS or re.fullmatch(r"E\d*", ident), \
                    (ln.name, ident)
            value = named_cell(cached, ln.name).value
            assert math.isclose(value, ln.value, rel_tol=1e-12, abs_tol=1e-9), ln.name
            seen += 1
        total = named_cell(cached, b.total).value
        assert math.isclose(total, b.total_usd, rel_tol=REL), b.option
    assert seen > 400


def test_every_component_of_the_model_is_a_line(bank_report):
    inhouse = bank_report.buildups[0]
    assert set(inhouse.components_usd) == {"agent_wages", "supervision", "turnover",
                                           "equipment", "facilities", "maintenance",
                                           "software_telephony"}
    vendor_parts = {"fees", "liaison", "vendor_management", "qa_test_calls", "travel",
                    "transition", "exit_reserve", "buyer_costs"}
    for b in bank_report.buildups[1:]:
        assert vendor_parts <= set(b.components_usd), b.option
        if b.pricing_model.startswith("hybrid:"):
            assert "inhouse_part" in b.components_usd
    text = " ".join(ln.formula for b in bank_report.buildups for ln in b.lines)
    for name in ("inhouse_benefits_load", "inhouse_payroll_tax_rate", "inhouse_shrinkage",
                 "inhouse_supervisor_span", "inhouse_attrition_per_year",
                 "inhouse_facilities_usd_per_seat_year", "inhouse_equipment_usd_per_seat_year",
                 "inhouse_software_telephony_usd_per_seat_year", "EXP(", "ROUNDUP(",
                 "options_1_billing_increment_s", "options_0_vendor_shrinkage",
                 "buyer_exit_reserve_share", "options_2_conversion_rate",
                 "options_3_base_share", "quotes_0_rate"):
        assert name in text, name


def test_options_sheet_links_live_totals_and_has_the_range_chart(book, bank_report):
    ws = book["Options"]
    header = [c.value for c in ws[4]]
    assert header[:8] == ["option", "region", "pricing model", "P10", "P50 (median)", "P90",
                          "central (model)", "central (live)"]
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(bank_report.plan.options)))
    totals = {b.total for b in bank_report.buildups}
    for r, o in zip(rows, bank_report.plan.options, strict=True):
        assert r[0].value == o.name and r[4].value == pytest.approx(o.annual_cost_usd)
        assert r[7].value.startswith("=") and r[7].value[1:] in totals
        assert r[11].value.startswith("=opt0_total-")
    (chart,) = ws._charts
    assert chart.tagname == "barChart" and chart.grouping == "stacked"
    assert len(chart.series) == 3
    refs = [x.val.numRef.f.replace("'", "") for x in chart.series]
    assert [r.split("!")[1][:3] for r in refs] == ["$D$", "$R$", "$S$"]  # P10, P10-P50, P50-P90
    assert header[17:19] == ["chart: P10 to median", "chart: median to P90"]


def test_staffing_and_tornado_charts(book, bank_report):
    (area,) = book["Staffing"]._charts
    assert area.tagname == "areaChart" and area.grouping == "stacked"
    assert len(area.series) == 1  # the bank example is voice only
    rows = book["Staffing"].max_row - 4
    assert rows == 168
    (bar,) = book["Sensitivity"]._charts
    assert bar.tagname == "barChart" and len(bar.series) == 2
    assert book["Sensitivity"]["A5"].value == bank_report.plan.sensitivity[0].input


def test_summary_sheet_has_recommendation_and_live_savings(book, cached, bank_report):
    ws = book["Summary"]
    assert ws["B4"].value == bank_report.summary.recommendation
    formulas = [c.value for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=opt")]
    assert "=opt0_total" in formulas and any("-" in f for f in formulas)


def _changed_inputs(inputs: ScenarioInputs) -> ScenarioInputs:
    """The bank scenario with the three inputs the test changes in the workbook."""
    s = inputs.scenario
    options = list(s.options)
    options[1] = options[1].model_copy(update={"billing_increment_s": 30.0})
    s2 = s.model_copy(update={
        "inhouse": s.inhouse.model_copy(update={"wage_usd_per_hour": Spec(low=25, high=25)}),
        "options": options})
    rows = {k: replace(r, range=Range.fixed(6.5)) if r.key == "rate.india.hourly" else r
            for k, r in inputs.card.rows.items()}
    return ScenarioInputs(s2, inputs.workload, RateCard(inputs.card.regions, rows),
                          inputs.source)


def test_libreoffice_recompute_follows_a_changed_wage_and_matches_the_model(
        bank_files, bank_report, bank_inputs, tmp_path):
    book = openpyxl.load_workbook(bank_files[1])
    named_cell(book, "inhouse_wage_usd_per_hour").value = 25.0
    named_cell(book, "rate_india_hourly").value = 6.5
    named_cell(book, "options_1_billing_increment_s").value = 30.0
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    out = openpyxl.load_workbook(recompute(changed, tmp_path), data_only=True)

    model = run_plan(_changed_inputs(bank_inputs), draws=20, seed=1)
    want = {o.name: o.deterministic_usd for o in model.options}
    assert len(want) == len(bank_report.buildups)
    moved = 0
    for b in bank_report.buildups:
        got = named_cell(out, b.total).value
        assert isinstance(got, float), (b.option, got)
        assert math.isclose(got, want[b.option], rel_tol=REL), (b.option, got, want[b.option])
        moved += not math.isclose(got, b.total_usd, rel_tol=1e-6)
    assert moved == len(bank_report.buildups)  # in-house cost enters every option
    live = {row[0].value: row[7].value for row in out["Options"].iter_rows(min_row=5)
            if row[0].value in want}
    assert all(math.isclose(live[k], want[k], rel_tol=REL) for k in live)
