"""The plan PDF: every part, the numbers in words, fonts embedded, charts drawn as vectors.

Pages are rendered to PNG with pdftoppm and text extracted with pdftotext (poppler); a
chart counts as drawn when its SVG is in the HTML and the page region under its title
holds the chart's own colours.
"""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from PIL import Image

from outsource.reports import plan as layout
from outsource.schemas import charts

TITLES = ("Executive summary", "Option comparison", "Staffing by interval",
          "Cost build-up per option", "Assumptions and their sources", "Sensitivity", "Risks",
          "The seven steps", "What the scenario leaves out")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def text(bank_files, helpers) -> str:  # type: ignore[no-untyped-def]
    return _flat(helpers.pdf_text(bank_files[0]))


def _pages(pdf) -> int:  # type: ignore[no-untyped-def]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def test_page_count_and_every_part(bank_files, text):
    assert 10 <= _pages(bank_files[0]) <= 30
    for title in TITLES:
        assert title in text, title
    assert text.index("Executive summary") < text.index("Option comparison") < \
        text.index("What the scenario leaves out")


def test_summary_says_what_why_and_how_sure(bank_report, text):
    s = bank_report.summary
    assert _flat(s.recommendation) in text
    assert f"{s.savings:,.0f}" in text and f"{s.savings_p10:,.0f}" in text
    assert f"{s.savings_p90:,.0f}" in text
    assert f"costs less than in-house in {s.p_cheaper:.0%}" in text
    for f in s.reasons:
        assert f.rule in text
    assert "after_hours_share 0.314" in text  # the evidence, with its numbers
    assert "playbook, section" in text


def test_assumptions_risks_checklist_printed_with_sources(bank_report, text):
    assert "US BLS Occupational Employment and Wage Statistics, May 2023" in text
    assert "What it costs (US pricing guidance)" in text and "taken 2026-" in text
    assert "quote from Example Manila BPO: example quote, not a real vendor" in text
    for risk in bank_report.risks[:3]:
        assert _flat(risk.title) in text
    for step in bank_report.advice.checklist:
        assert step.title in text
    assert "no exit plan" in text
    for word in (" nan ", " None ", "NaN"):
        assert word not in f" {text} "


def test_fonts_are_dejavu_and_embedded(bank_files):
    fonts = subprocess.run(["pdffonts", str(bank_files[0])], capture_output=True, text=True,
                           check=True).stdout
    rows = [ln for ln in fonts.splitlines()[2:] if ln.strip()]
    assert rows and all("DejaVu" in ln for ln in rows), fonts
    assert all(re.search(r"\byes\b", ln) for ln in rows)  # embedded


def test_charts_are_svg_in_the_html(bank_report):
    html = layout.html(bank_report)
    assert html.count("<svg") == 3
    for chart_id in ("options-chart", "staffing-chart", "tornado-chart"):
        assert f'id="{chart_id}"' in html
    assert "<script" not in html  # vectors drawn ahead of time, nothing to run
    assert 'font-family="DejaVu Sans"' in html


def _page_of(pdf, helpers, phrase: str) -> int:  # type: ignore[no-untyped-def]
    for page in range(1, _pages(pdf) + 1):
        if phrase in _flat(helpers.pdf_text(pdf, "-f", str(page), "-l", str(page))):
            return page
    raise AssertionError(f"{phrase!r} on no page")


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.parametrize(("title", "first_word", "colour"), [
    ("Annual cost by option", "Annual", charts.RANGE_COLOUR),
    ("Agents required by interval", "Agents", charts.CHANNEL_COLOURS["voice"]),
    ("Sensitivity of the savings", "Sensitivity", charts.LOW_COLOUR),
])
def test_charts_are_drawn_in_the_pdf(bank_files, helpers, tmp_path, title, first_word, colour):
    pdf = bank_files[0]
    page = _page_of(pdf, helpers, title)
    dpi = 72
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                    str(pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    img = Image.open(png).convert("RGB")
    xml = helpers.pdf_text(pdf, "-bbox", "-f", str(page), "-l", str(page))
    boxes = [(float(a), float(b)) for a, b in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">'
        + re.escape(first_word) + "</word>", xml)]
    assert boxes
    _, top = min(boxes, key=lambda b: b[1])  # the chart title (the section heading is bigger)
    region = np.asarray(img.crop((0, int(top), img.width, min(img.height, int(top + 180)))),
                        dtype=int)
    inked = int((region.sum(axis=2) < 720).sum())
    assert inked > 0.03 * region.shape[0] * region.shape[1], f"{title!r}: region looks blank"
    near = int((np.abs(region - np.array(_hex(colour))).max(axis=2) <= 24).sum())
    assert near > 200, f"no {colour} marks in the chart {title!r}"
