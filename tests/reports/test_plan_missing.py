"""A scenario with gaps: the report says what is missing, never prints blanks.

The scenario gives one in-house figure (the wage) and leaves the others out, adds a
region without a single price, has no vendor quotes and no advice: block (so no answer of
the seven steps). Each gap must be stated, in the report's data, its PDF and its workbook,
with what the report did instead.
"""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
import yaml

from outsource.data.scenario import load_scenario_inputs
from outsource.reports.plan import write_plan_report
from outsource.services.reports import plan_report

CARD = """
[regions]
pacific_islands = { name = "Pacific islands", group = "pacific_islands" }
"""
DAY = [0] * 8 + [30, 45, 50, 40, 35, 40, 45, 40, 30, 20] + [0] * 6


@pytest.fixture(scope="module")
def sparse(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("sparse")
    (folder / "islands.toml").write_text(CARD)
    scenario = {"name": "Sparse shop", "rate_cards": ["islands.toml"],
                "workload": {"weekly": {"aht_s": 300, "patience_s": 120, "channel": "voice",
                                        "calls": {d: DAY for d in ("mon", "tue", "wed", "thu",
                                                                    "fri")}}},
                "inhouse": {"wage_usd_per_hour": [18, 20, 22]}}
    path = folder / "sparse.yaml"
    path.write_text(yaml.safe_dump(scenario))
    report = plan_report(load_scenario_inputs(path), draws=300, today=date(2026, 11, 2))
    pdf, xlsx = folder / "sparse.pdf", folder / "sparse.xlsx"
    write_plan_report(report, pdf=pdf, xlsx=xlsx)
    return report, pdf, xlsx


def _whats(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{m.section}: {m.what}" for m in report.missing]


def test_each_gap_is_named_with_what_was_done_instead(sparse):
    report = sparse[0]
    whats = _whats(report)
    ih = next(m for m in report.missing if m.what.startswith("in-house cost inputs not given"))
    assert "wage_usd_per_hour" not in ih.what and "benefits_load" in ih.what
    assert "defaults of docs/costs.md" in ih.consequence
    for model in ("shared_per_minute", "dedicated_hourly", "monthly_per_agent"):
        assert f"rate card: no {model} price for Pacific islands (pacific_islands)" in whats
    assert "quotes: no vendor quotes in the scenario" in whats
    assert "advice: the scenario has no advice: block" in whats
    assert any(w.startswith("regions: no region data for Pacific islands") for w in whats)
    steps = [m for m in report.missing if m.section == "checklist"]
    assert {int(re.search(r"step (\d)", m.what).group(1)) for m in steps} == {1, 3, 4, 5, 6, 7}
    assert any("face-to-face need not answered" in m.what for m in steps)
    wage = next(a for a in report.assumptions if a.key == "inhouse.wage_usd_per_hour")
    assert wage.given and wage.source.startswith("the scenario")
    load = next(a for a in report.assumptions if a.key == "inhouse.benefits_load")
    assert not load.given and load.source.startswith("default (docs/costs.md): US BLS")


def test_the_pdf_states_the_gaps(sparse, helpers):
    text = re.sub(r"\s+", " ", helpers.pdf_text(sparse[1]))
    assert "What the scenario leaves out" in text
    for phrase in ("no shared_per_minute price for Pacific islands",
                   "Pacific islands is not compared on dedicated_hourly",
                   "the scenario has no advice: block", "no vendor quotes in the scenario",
                   "face-to-face need not answered", "Not available here, and why",
                   "the defaults of docs/costs.md are used"):
        assert phrase in text, phrase
    assert "Pacific islands" in text and "unknown" in text  # its row in the regions table
    for word in ("None", "nan", "NaN"):
        assert not re.search(rf"\b{word}\b", text), word


def test_the_workbook_states_the_gaps_and_leaves_no_cell_blank(sparse):
    report, _, xlsx = sparse
    book = openpyxl.load_workbook(xlsx)
    rows = [[c.value for c in r] for r in book["Missing"].iter_rows(min_row=5)]
    whats = [r[1] for r in rows if r[1]]
    assert whats == [m.what for m in report.missing]
    for name in ("Options", "Assumptions", "Risks", "Checklist", "Missing"):
        ws = book[name]
        width = sum(1 for c in ws[4] if c.value is not None)
        for r in ws.iter_rows(min_row=5, max_col=width):
            values = [c.value for c in r]
            if all(v is None for v in values):
                break  # the end of the table (a chart may follow)
            assert all(v not in (None, "", "None", "nan") for v in values), (name, values)
