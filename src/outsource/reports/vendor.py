"""The monthly vendor report on the shared pipeline: its parts, those ready and those to come.

``outsource report vendor --vendor V --period 2026-10 --pdf FILE [--xlsx FILE]``
is the governance meeting's document. Its parts are declared in :data:`PARTS`,
in the order the report prints them; each has a builder of its PDF section and
a writer of its workbook sheet. Parts whose data comes from monitoring (issue
14: each metric against target, trend, credits owed and earned back, chronic
and critical failure, warnings, the invoice check) have no builder yet
(``build is None``): :func:`document` and :func:`write_xlsx` refuse to make the
report until every part is built, unless ``partial=True`` (tests, previews),
which prints the ready parts and lists the others as awaiting monitoring. The
CLI command is added when :func:`ready` is true; docs/reports.md says how.

Ready now, from :class:`~outsource.schemas.reports.VendorReport`
(:func:`outsource.services.reports.vendor_report`): the contract terms in force
in the month, the test-call summary, the vendor's scorecard row and its
due-diligence gaps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from outsource.reports.contract import build_view
from outsource.reports.pipeline import (
    Book,
    Chart,
    Column,
    Document,
    Section,
    render_html,
    write_all,
)
from outsource.reports.pipeline import write_pdf as _write_pdf
from outsource.schemas import charts
from outsource.schemas.reports import VendorReport

SectionBuilder = Callable[[VendorReport], Section]
SheetWriter = Callable[[Book, VendorReport], None]


@dataclass(frozen=True)
class Part:
    """One part of the vendor report.

    ``build`` renders its PDF section and ``sheet`` writes its workbook sheet;
    both are ``None`` while the data it needs does not exist yet (``needs``).
    """

    key: str
    title: str
    needs: str
    build: SectionBuilder | None = None
    sheet: SheetWriter | None = None


# ---------------------------------------------------------------- KPIs: units and labels

#: Short names of the KPIs the report shows (docs/monitoring.md has the definitions).
KPI_LABELS: dict[str, str] = {
    "sl_offered": "service level (answered within T / offered)",
    "sl_answered": "service level (answered within T / answered)",
    "sl_excl_short": "service level (short abandons excluded)",
    "sl_abandon_met": "service level (abandons within T count as met)",
    "sl_ignore_abandons": "service level (abandons within T ignored)",
    "asa_s": "average speed of answer [s]", "abandon_rate": "abandonment",
    "aht_s": "average handle time [s]", "repeat_rate": "repeat contacts",
    "transfer_rate": "transfers", "fcr": "first-contact resolution",
    "csat": "satisfaction (survey scale)",
    "first_response_met_share": "e-mails first answered in time",
    "resolution_met_share": "e-mails resolved in time",
}


def is_share(metric: str) -> bool:
    """Whether a KPI or contract metric is a share in [0, 1] (printed as a percentage)."""
    return (metric.startswith("sl_") or metric.endswith(("_rate", "_share"))
            or metric in ("fcr", "service_level", "email_response"))


def unit_of(metric: str) -> str:
    """The unit of a KPI or contract metric, in words."""
    if is_share(metric):
        return "share"
    if metric.endswith("_s"):
        return "seconds"
    return "survey scale" if metric == "csat" else ""


def fmt_value(metric: str, v: float | None) -> str:
    """A KPI value as the report prints it (``80.2%``, ``312 s``, ``4.08``)."""
    from outsource.reports.pipeline import MISSING

    if v is None:
        return MISSING
    if is_share(metric):
        return f"{100 * v:.1f}%"
    if metric.endswith("_s"):
        return f"{v:,.1f} s"
    return f"{v:.2f}"


def fmt_slope(metric: str, v: float | None) -> str:
    """A slope per month: percentage points for shares (``+3.20 pts``), else the unit."""
    from outsource.reports.pipeline import MISSING

    if v is None:
        return MISSING
    if is_share(metric):
        return f"{100 * v:+.2f} pts"
    if metric.endswith("_s"):
        return f"{v:+,.1f} s"
    return f"{v:+.3f}"


def _sheet_fmt(metric: str) -> str:
    return "share" if is_share(metric) else "number" if metric.endswith("_s") else "money2"


# ---------------------------------------------------------------- monitoring parts


def _missing(r: VendorReport, *sections: str) -> list[str]:
    return [f"{m.what} ({m.consequence})" for m in r.missing if m.section in sections]


def _kpi_chart(t) -> Chart:  # type: ignore[no-untyped-def]
    months = [f"{p:%Y-%m}" for p in t.periods]
    title = KPI_LABELS.get(t.metric, t.metric)
    return Chart(f"kpi-{t.metric}", charts.metric_trend(
        title, months, t.values, unit_of(t.metric),
        forecast_month=f"{t.forecast_period_start:%Y-%m}", forecast=t.forecast,
        forecast_lo=t.forecast_lo, forecast_hi=t.forecast_hi, share=is_share(t.metric)),
        label=f"{title} by month with next month's forecast")


def _trend_section(r: VendorReport) -> Section:
    months = r.log_months
    shown = [t for t in r.kpi_trends if any(v is not None for v in t.values)]
    # a chart for every KPI with a significant slope (5 %), the table for all
    drawn = [t for t in shown if t.trend_p is not None and t.trend_p < 0.05]
    figures = [_kpi_chart(t) for t in drawn]
    return Section("trend", f"Trend over the months to {r.period}", "vendor/_trend.html.j2",
                   {"r": r, "months": months, "kpis": shown, "drawn": drawn,
                    "label": KPI_LABELS, "fmt": fmt_value, "slope": fmt_slope,
                    "charts": figures},
                   charts=figures,
                   missing=_missing(r, "monitoring"))


def _warnings_section(r: VendorReport) -> Section:
    return Section("warnings", f"Warnings for {r.period}", "vendor/_warnings.html.j2",
                   {"r": r, "warnings": r.warnings, "has_logs": r.period in r.log_months},
                   missing=_missing(r, "monitoring"), page_break=False)


def _trend_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Trend", f"KPIs by month to {r.period}: {r.vendor}",
                    f"From the vendor's logs (vendor totals), months in {r.timezone}; the "
                    "last row is next month's forecast with its prediction interval.")
    kpis = [t for t in r.kpi_trends if any(v is not None for v in t.values)]
    if not kpis:
        book.cell(ws, 3, 0, "; ".join(_missing(r, "monitoring")) or "no KPIs")
        return
    months = [f"{p:%Y-%m}" for p in kpis[0].periods]
    top = 3
    ws.write_string(top, 0, "month", book.fmt["header"])
    ws.set_column(0, 0, 14)
    for j, t in enumerate(kpis, 1):
        ws.write_string(top, j, KPI_LABELS.get(t.metric, t.metric), book.fmt["header"])
        ws.set_column(j, j, 14)
        for i, v in enumerate(t.values):
            book.cell(ws, top + 1 + i, j, v, _sheet_fmt(t.metric))
    for i, m in enumerate(months):
        book.cell(ws, top + 1 + i, 0, m)
    extra = [("forecast " + f"{kpis[0].forecast_period_start:%Y-%m}", "forecast"),
             ("forecast low", "forecast_lo"), ("forecast high", "forecast_hi"),
             ("slope per month", "slope_per_month"), ("p-value of the slope", "trend_p")]
    base_row = top + 1 + len(months)
    for k, (label, attr) in enumerate(extra):
        book.cell(ws, base_row + k, 0, label, "bold")
        for j, t in enumerate(kpis, 1):
            fmt = "general" if attr == "trend_p" else _sheet_fmt(t.metric)
            book.cell(ws, base_row + k, j, getattr(t, attr), fmt)
    # native charts: each KPI by month (and the forecast month)
    first, last = top + 1, top + len(months)
    for n, t in enumerate(kpis):
        j = n + 1
        chart = book.wb.add_chart({"type": "line"})
        chart.add_series({"name": ["Trend", top, j], "categories": ["Trend", first, 0, last, 0],
                          "values": ["Trend", first, j, last, j],
                          "marker": {"type": "circle", "size": 5},
                          "line": {"color": charts.MET_COLOUR}})
        chart.set_title({"name": KPI_LABELS.get(t.metric, t.metric),
                         "name_font": {"size": 10}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": "0%" if is_share(t.metric) else "#,##0.0"})
        chart.set_size({"width": 420, "height": 220})
        ws.insert_chart(base_row + len(extra) + 2 + 12 * (n // 2), 0 if n % 2 == 0 else 5,
                        chart)


def _warnings_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Warnings", f"Warnings for {r.period}: {r.vendor}",
                    "Monitoring's rules on the month's logs (docs/monitoring.md); the figures "
                    "of each below it.")
    if not r.warnings:
        book.cell(ws, 3, 0, "; ".join(_missing(r, "monitoring")) or
                  f"no warning fired for {r.period}")
        return
    row = book.table(ws, 3, [Column("#", 4, "int", lambda x: x[0]),
                             Column("rule", 26, "text", lambda x: x[1].kind),
                             Column("queue", 12, "text", lambda x: x[1].queue or "all"),
                             Column("warning", 90, "wrap", lambda x: x[1].message),
                             Column("test", 40, "wrap", lambda x: x[1].test)],
                     list(enumerate(r.warnings, 1)))
    ev = [(i, k, v) for i, w in enumerate(r.warnings, 1) for k, v in w.evidence.items()]
    book.table(ws, row + 1, [Column("#", 4, "int", lambda x: x[0]),
                             Column("figure", 26, "text", lambda x: x[1]),
                             Column("value", 12, "general", lambda x: x[2])], ev)


# ---------------------------------------------------------------- ready parts


def _contract_section(r: VendorReport) -> Section:
    if r.contract is None:
        return Section("contract", "Contract terms in force", "vendor/_contract.html.j2",
                       {"r": r, "view": None},
                       missing=[m.what for m in r.missing if m.section == "contract"])
    ci = r.contract
    view = build_view(ci.contract, r.contract_warnings,
                      note=f"version {ci.version}, effective from {ci.effective_from}")
    return Section("contract", f"Contract terms in force in {r.period}",
                   "vendor/_contract.html.j2", {"r": r, "view": view, "ci": ci})


def _calls_section(r: VendorReport) -> Section:
    return Section("test_calls", "Test calls (mystery shopping)", "vendor/_test_calls.html.j2",
                   {"t": r.test_calls},
                   missing=[m.what for m in r.missing if m.section == "test calls"])


def _score_section(r: VendorReport) -> Section:
    return Section("scorecard", "Scorecard", "vendor/_score.html.j2", {"row": r.score},
                   missing=[m.what for m in r.missing if m.section == "scorecard"],
                   page_break=False)


def _diligence_section(r: VendorReport) -> Section:
    return Section("diligence", "Due-diligence gaps", "vendor/_diligence.html.j2",
                   {"d": r.diligence}, page_break=False)


def _contract_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Contract", f"Contract terms in force in {r.period}: {r.vendor}")
    if r.contract is None:
        book.cell(ws, 3, 0, "; ".join(m.what for m in r.missing if m.section == "contract"))
        return
    view = build_view(r.contract.contract, r.contract_warnings)
    row = book.table(ws, 3, [Column("term", 110, "wrap")], [*view.term, *view.credits])
    book.table(ws, row + 1, [Column("metric", 30, "text", lambda m: m.name),
                             Column("target", 24, "text", lambda m: m.target),
                             Column("critical level", 18, "text", lambda m: m.minimum),
                             Column("allocation", 12, "text", lambda m: m.allocation),
                             Column("credit if missed", 22, "text", lambda m: m.credit)],
               view.metrics)


def _calls_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Test calls", f"Test calls: {r.vendor}", f"{r.test_calls.n} calls on file")
    t = r.test_calls
    rows = [("handled", t.handled.share, t.handled.low, t.handled.high, t.handled.n),
            ("resolved", t.resolved.share, t.resolved.low, t.resolved.high, t.resolved.n),
            (f"answered within {t.target_wait_s:g} s", t.within_target.share,
             t.within_target.low, t.within_target.high, t.within_target.n),
            ("wait [s]", t.wait_s.mean, t.wait_s.low, t.wait_s.high, t.wait_s.n),
            ("clarity (1-5)", t.clarity.mean, t.clarity.low, t.clarity.high, t.clarity.n),
            ("courtesy (1-5)", t.courtesy.mean, t.courtesy.low, t.courtesy.high, t.courtesy.n),
            ("accuracy (1-5)", t.accuracy.mean, t.accuracy.low, t.accuracy.high, t.accuracy.n)]
    book.table(ws, 3, [Column("measure", 28, "text", lambda x: x[0]),
                       Column("value", 12, "money2", lambda x: x[1]),
                       Column("95% low", 12, "money2", lambda x: x[2]),
                       Column("95% high", 12, "money2", lambda x: x[3]),
                       Column("calls", 8, "int", lambda x: x[4])], rows)


def _score_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Scorecard", f"Scorecard: {r.vendor}")
    row = r.score
    if row is None:
        book.cell(ws, 3, 0, "the vendor has no scored facts")
        return
    items = [("score", row.score), ("rank", row.rank), ("coverage", row.coverage_share),
             *((f"criterion: {k}", v) for k, v in row.criteria.items())]
    book.table(ws, 3, [Column("item", 36, "text", lambda x: x[0]),
                       Column("value", 12, "money2", lambda x: x[1])], items)


def _diligence_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Due diligence", f"Due diligence as of {r.diligence.as_of}: {r.vendor}")
    book.table(ws, 3, [Column("item", 40, "text", lambda i: i.label),
                       Column("status", 10, "text", lambda i: i.status),
                       Column("detail", 90, "wrap", lambda i: i.detail)], r.diligence.items)


_MONITORING = "monitoring (issue 14): the month's metric values from the vendor's logs"

#: Every part of the monthly vendor report, in print order.
PARTS: tuple[Part, ...] = (
    Part("metrics", "Each SLA metric against its target", _MONITORING),
    Part("trend", "Trend over the contract's months", _MONITORING + " for every month so far",
         _trend_section, _trend_sheet),
    Part("credits", "Service credits owed and earned back",
         _MONITORING + ", assessed by services.contracts.assess_credits"),
    Part("failures", "Chronic and critical failure status",
         _MONITORING + ", assessed by services.contracts.assess_credits"),
    Part("warnings", "Warnings", "monitoring (issue 14): warnings on the month's data",
         _warnings_section, _warnings_sheet),
    Part("contract", "Contract terms in force", "the stored contract", _contract_section,
         _contract_sheet),
    Part("test_calls", "Test calls", "the vendor's test calls", _calls_section, _calls_sheet),
    Part("invoice", "Invoice check", "monitoring (issue 14): the month's invoice against "
         "the contract and the logs"),
    Part("scorecard", "Scorecard", "the scorecard", _score_section, _score_sheet),
    Part("diligence", "Due-diligence gaps", "the vendor's facts on file", _diligence_section,
         _diligence_sheet),
)


def ready() -> bool:
    """Whether every part has its builder (then ``report vendor`` can be added)."""
    return all(p.build is not None and p.sheet is not None for p in PARTS)


def pending() -> list[Part]:
    """The parts still waiting for their data."""
    return [p for p in PARTS if p.build is None or p.sheet is None]


def _refuse() -> None:
    from outsource.errors import InvalidInput

    names = ", ".join(p.title.lower() for p in pending())
    raise InvalidInput(f"the vendor report is not complete: {names} need monitoring",
                       field="report")


def document(r: VendorReport, *, partial: bool = False) -> Document:
    """The vendor report as a document; ``partial`` prints the parts that are ready."""
    if not partial and not ready():
        _refuse()
    sections = []
    for p in PARTS:
        if p.build is not None:
            sections.append(p.build(r))
        else:
            sections.append(Section(p.key, p.title, "vendor/_pending.html.j2", {"part": p},
                                    missing=[f"needs {p.needs}"], page_break=False))
    sections[0].page_break = False
    meta = [("Vendor", r.vendor), ("Month", r.period), ("Made on", r.generated_on)]
    return Document("vendor", f"Vendor report: {r.vendor}, {r.period}",
                    "The monthly SLA scorecard for the governance meeting", meta, sections)


def html(r: VendorReport, *, partial: bool = False) -> str:
    """The vendor report as a standalone HTML page."""
    return render_html(document(r, partial=partial))


def write_xlsx(r: VendorReport, out: Path, *, partial: bool = False) -> None:
    """The vendor report's workbook: one sheet per ready part (and a list of the others)."""
    if not partial and not ready():
        _refuse()
    book = Book(out)
    for p in PARTS:
        if p.sheet is not None:
            p.sheet(book, r)
    waiting = pending()
    if waiting:
        ws = book.sheet("Awaiting monitoring", "Parts that need monitoring (issue 14)")
        book.table(ws, 3, [Column("part", 40, "text", lambda p: p.title),
                           Column("needs", 100, "wrap", lambda p: p.needs)], waiting)
    book.close()


def write_vendor_report(r: VendorReport, *, pdf: Path | None = None,
                        xlsx: Path | None = None, partial: bool = False) -> None:
    """Write the PDF and/or the workbook, all files or none (refused while parts are
    missing, unless ``partial``)."""
    if not partial and not ready():
        _refuse()
    writers = []
    if xlsx is not None:
        writers.append((xlsx, lambda p: write_xlsx(r, p, partial=partial)))
    if pdf is not None:
        writers.append((pdf, lambda p: _write_pdf(html(r, partial=partial), p)))
    write_all(writers)
