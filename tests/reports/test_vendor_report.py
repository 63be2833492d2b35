"""The vendor report's machinery: the parts ready before monitoring, on the demo's vendors.

Contract terms in force (stored versions), test-call summary, scorecard row and
due-diligence gaps go through the same HTML/PDF/XLSX pipeline as the plan report. The
parts that need monitoring are declared and refused until they are built, and the CLI
command exists exactly when every part is ready.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
import typer

from outsource.cli import app
from outsource.errors import InvalidInput
from outsource.reports import vendor as layout
from outsource.services import demo
from outsource.services.reports import vendor_report
from outsource.services.workspace import open_workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("vendor-report") / "ws"
    ws = open_workspace(path, url=f"sqlite:///{path.parent / 'o.db'}")
    for step in (demo.seed_scenario, demo.seed_vendors, demo.seed_test_calls,
                 demo.seed_contracts):
        step(ws)
    return ws


@pytest.fixture(scope="module")
def andes(ws):  # type: ignore[no-untyped-def]
    return vendor_report(ws, "andes-bogota", "2026-10", draws=200)


def test_the_ready_parts_hold_the_vendors_facts(andes):
    assert andes.vendor == "andes-bogota" and andes.period == "2026-10"
    c = andes.contract
    assert c.version == 1 and c.contract_month == 6 and c.contract.fees_usd_per_month == 59_200
    assert andes.test_calls.n == 12
    assert andes.score is not None and andes.score.vendor == "andes-bogota"
    labels = " ".join(andes.diligence.missing + andes.diligence.problems).lower()
    assert "labour" in labels and "pci" in labels  # the cast's gaps
    assert str(andes.diligence.as_of) == "2026-10-31"
    assert andes.missing == []


def test_a_month_without_a_contract_says_so(ws):
    r = vendor_report(ws, "acme-manila", "2026-03", draws=100)
    assert r.contract is None
    (m,) = [m for m in r.missing if m.section == "contract"]
    assert "starts 2026-05-01" in m.what or "effective" in m.what


def test_parts_waiting_for_monitoring_are_declared_and_refused(andes):
    assert not layout.ready()
    assert [p.key for p in layout.pending()] == ["metrics", "trend", "credits", "failures",
                                                 "warnings", "invoice"]
    with pytest.raises(InvalidInput, match="need monitoring"):
        layout.document(andes)
    with pytest.raises(InvalidInput, match="need monitoring"):
        layout.write_vendor_report(andes, pdf=None, xlsx=None)


def test_the_command_exists_only_when_every_part_is_real():
    group = typer.main.get_command(app).commands["report"]
    assert ("vendor" in group.commands) == layout.ready()


def test_the_pipeline_renders_the_ready_parts(andes, tmp_path, helpers):
    pdf, xlsx = tmp_path / "v.pdf", tmp_path / "v.xlsx"
    layout.write_vendor_report(andes, pdf=pdf, xlsx=xlsx, partial=True)
    text = re.sub(r"\s+", " ", helpers.pdf_text(pdf))
    assert "Vendor report: andes-bogota, 2026-10" in text
    assert "Contract terms in force in 2026-10" in text and "$59,200 a month" in text
    assert "Version 1 of the stored contract" in text and "contract month 6" in text
    assert "12 test calls on file" in text and "Wilson" in text
    assert "Due-diligence gaps" in text and "Scorecard" in text
    assert text.count("needs monitoring (issue 14)") == 6
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Contract", "Test calls", "Scorecard", "Due diligence",
                               "Awaiting monitoring"]
    assert book["Test calls"]["A5"].value == "handled"
