"""The vendor report's files: the workbook opened with openpyxl (values, formats, formulas,
charts), its credits recomputed by LibreOffice headless against the credit engine, the PDF
read with pdftotext and its charts found on the pages rendered by pdftoppm."""

from __future__ import annotations

import re
import subprocess
import zipfile

import numpy as np
import openpyxl
import pytest
from PIL import Image

from outsource.reports import vendor as layout
from outsource.schemas import charts

SHEETS = ["Metrics", "Trend", "Credits", "Failures", "Warnings", "Contract", "Test calls",
          "Invoice", "Scorecard", "Due diligence"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def andes_files(andes_report, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("andes")
    pdf, xlsx = folder / "andes.pdf", folder / "andes.xlsx"
    layout.write_vendor_report(andes_report, pdf=pdf, xlsx=xlsx)
    return pdf, xlsx


@pytest.fixture(scope="module")
def acme_files(acme_report, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("acme")
    pdf, xlsx = folder / "acme.pdf", folder / "acme.xlsx"
    layout.write_vendor_report(acme_report, pdf=pdf, xlsx=xlsx)
    return pdf, xlsx


@pytest.fixture(scope="module")
def andes_text(andes_files, helpers) -> str:  # type: ignore[no-untyped-def]
    return _flat(helpers.pdf_text(andes_files[0]))


def _pages(pdf) -> int:  # type: ignore[no-untyped-def]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _cell(wb, name):  # type: ignore[no-untyped-def]
    sheet, ref = wb.defined_names[name].attr_text.rsplit("!", 1)
    return wb[sheet.strip("'")][ref.replace("$", "")]


# ---------------------------------------------------------------- the workbook


def test_one_sheet_per_part_values_as_numbers(andes_report, andes_files):
    wb = openpyxl.load_workbook(andes_files[1])
    assert wb.sheetnames == SHEETS
    ws = wb["Metrics"]
    rows = {ws.cell(r, 1).value: r for r in range(5, 5 + len(andes_report.sla_rows))}
    sl = next(x for x in andes_report.sla_rows if x.metric == "service_level")
    r = rows["service level"]
    assert ws.cell(r, 3).value == pytest.approx(sl.value) and ws.cell(r, 3).number_format == "0.0%"
    assert ws.cell(r, 4).value == 0.8 and ws.cell(r, 6).value == "missed"
    assert ws.cell(r, 7).value == pytest.approx(sl.credit_usd)
    assert isinstance(ws.cell(r, 8).value, int | float)  # the counts behind the ratio


def test_credits_are_live_formulas(andes_report, andes_files):
    wb = openpyxl.load_workbook(andes_files[1])
    assert _cell(wb, "vr_net_usd").value == "=vr_credits_usd-vr_earned_back_usd"
    assert _cell(wb, "vr_credits_usd").value == "=MIN(vr_uncapped_usd,vr_cap_usd)"
    assert _cell(wb, "vr_cap_usd").value == "=vr_fees_usd*vr_at_risk_pct/100"
    assert _cell(wb, "vr_fees_usd").value == andes_report.sla.fees_usd == 59_200
    cached = openpyxl.load_workbook(andes_files[1], data_only=True)
    assert _cell(cached, "vr_net_usd").value == pytest.approx(andes_report.sla.net_usd)


def test_native_charts_of_the_trend(andes_files):
    with zipfile.ZipFile(andes_files[1]) as z:
        names = z.namelist()
        xml = [z.read(n).decode() for n in names if n.startswith("xl/charts/chart")]
    assert len(xml) >= 4  # a line chart per contract metric, the credits' columns
    lines = [x for x in xml if "<c:lineChart>" in x]
    assert lines and all("Trend!" in x for x in lines)
    assert any("target" in x for x in lines)


def test_libreoffice_recomputes_the_credits_as_the_model(andes_report, andes_files, helpers,
                                                        tmp_path):
    """The sheet's formulas, recomputed by LibreOffice, equal the model's credits; with the
    at-risk share changed they equal the credit engine on the changed contract."""
    from outsource.schemas.contracts import MonthlyMetrics
    from outsource.services.contracts import assess_credits

    sla = andes_report.sla
    c = andes_report.contract.contract.model_copy(update={"at_risk_pct": 15.0})
    values = {t.metric: t.values for t in andes_report.sla_trends}
    changed = assess_credits(c, MonthlyMetrics(months=andes_report.sla_trends[0].months,
                                               values=values)).months[-1]
    wb = openpyxl.load_workbook(andes_files[1])
    _cell(wb, "vr_at_risk_pct").value = 15.0
    _cell(wb, "vr_earned_back_usd").value = changed.earned_back_usd
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    for path, want in ((andes_files[1], sla), (edited, changed)):
        got = openpyxl.load_workbook(helpers.recompute(path, tmp_path), data_only=True)
        for name, attr in (("vr_cap_usd", "cap_usd"), ("vr_credits_usd", "credits_usd"),
                           ("vr_net_usd", "net_usd")):
            assert _cell(got, name).value == pytest.approx(getattr(want, attr), abs=0.005), name
    assert changed.credits_usd > sla.credits_usd > 0


def test_the_invoice_sheet_flags_the_overbilled_line(acme_report, acme_files):
    inv = acme_report.invoice
    (bad,) = [ln for ln in inv.lines if ln.overbilled]
    ws = openpyxl.load_workbook(acme_files[1])["Invoice"]
    row = next(r for r in range(5, 5 + len(inv.lines)) if ws.cell(r, 1).value == bad.line)
    assert ws.cell(row, 12).value == "overbilled"
    assert ws.cell(row, 11).value == f"=I{row}-J{row}"
    assert ws.cell(row, 5).value == pytest.approx(bad.quantity)
    assert ws.cell(row, 6).value == pytest.approx(bad.supported_quantity)
    assert bad.difference_usd > 0


# ---------------------------------------------------------------- the PDF


def test_pdf_pages_and_every_part(andes_files, andes_text):
    assert 4 <= _pages(andes_files[0]) <= 14
    for title in ("Each SLA metric against its target, 2026-10", "Trend over the months",
                  "Service credits owed and earned back", "Chronic and critical failure",
                  "Warnings for 2026-10", "Contract terms in force in 2026-10",
                  "Test calls", "Invoice check, 2026-10", "Scorecard", "Due-diligence gaps"):
        assert title in andes_text, title
    for word in (" nan ", " None ", "NaN"):
        assert word not in f" {andes_text} "


def test_pdf_shows_the_months_figures(andes_report, andes_text):
    sla = andes_report.sla
    sl = next(x for x in andes_report.sla_rows if x.metric == "service_level")
    assert f"{100 * sl.value:.1f}%" in andes_text and "missed" in andes_text
    for v in (sla.credits_usd, sla.cap_usd, sla.net_usd, sla.earned_back_usd):
        assert f"${v:,.2f}" in andes_text
    assert f"Chronic failure: {'yes' if sla.chronic_failure else 'no'}" in andes_text
    assert f"Termination right: {'yes' if sla.termination_right else 'no'}" in andes_text
    t = next(t for t in andes_report.sla_trends if t.metric == "service_level")
    assert f"forecast {t.forecast_month}" in andes_text
    # no invoice stored for andes-bogota: said, not blank
    assert "no invoice of andes-bogota for 2026-10 is stored" in andes_text


def test_pdf_shows_warnings_and_the_invoice_check(acme_report, acme_files, helpers):
    text = _flat(helpers.pdf_text(acme_files[0]))
    gaming = next(w for w in acme_report.warnings if w.kind == "handle_time_gaming")
    assert _flat(gaming.message) in text
    inv = acme_report.invoice
    assert "OVERBILLED" in text and f"${inv.overbilled_usd:,.2f} to dispute" in text


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_trend_charts_are_drawn(andes_report, andes_files, helpers, tmp_path):
    html = layout.html(andes_report)
    assert html.count("<svg") >= len(andes_report.sla_trends)
    assert "<script" not in html
    pdf = andes_files[0]
    page = next(p for p in range(1, _pages(pdf) + 1)
                if "Contract metrics against their targets" in
                _flat(helpers.pdf_text(pdf, "-f", str(p), "-l", str(p))))
    # vector graphics: the charts' axis labels are text on the page (the forecast month's
    # too), and their lines and marks are drawn in the charts' own colours
    page_text = _flat(helpers.pdf_text(pdf, "-f", str(page), "-l", str(page)))
    assert "2026-11" in page_text and "share" in page_text
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    img = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    for colour in (charts.MET_COLOUR, charts.BREACH_COLOUR):
        near = int((np.abs(img - np.array(_hex(colour))).max(axis=2) <= 24).sum())
        assert near > 100, f"no {colour} marks on page {page}"


def test_a_report_with_missing_data_says_what_is_missing(vendor_ws, tmp_path, helpers):
    from outsource.services.reports import vendor_report

    r = vendor_report(vendor_ws, "prairie-ohio", "2026-03", draws=50)
    pdf, xlsx = tmp_path / "p.pdf", tmp_path / "p.xlsx"
    layout.write_vendor_report(r, pdf=pdf, xlsx=xlsx)
    text = _flat(helpers.pdf_text(pdf))
    assert text.count("Not available here, and why") >= 5
    assert "no version of the contract with 'prairie-ohio' is effective in 2026-03" in text
    assert "no contacts of prairie-ohio in 2026-03 in the logs" in text
    wb = openpyxl.load_workbook(xlsx)
    assert "2026-03" in wb["Credits"]["A4"].value and "contract" in wb["Credits"]["A4"].value
    for name in ("Metrics", "Trend", "Failures", "Warnings", "Invoice"):
        assert wb[name]["A4"].value, name  # words, never a blank
