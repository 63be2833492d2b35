"""The monthly vendor report on the shared pipeline: its parts, as PDF sections and sheets.

``outsource report vendor --vendor V --period 2026-10 --pdf FILE [--xlsx FILE]``
is the governance meeting's document. Its parts are declared in :data:`PARTS`,
in the order the report prints them; each has a builder of its PDF section and
a writer of its workbook sheet, from
:class:`~outsource.schemas.reports.VendorReport`
(:func:`outsource.services.reports.vendor_report`): each SLA metric against its
target, the trend with next month's forecast, credits owed and earned back (the
workbook's as live formulas), chronic and critical failure, the warnings from the
logs, the contract terms, the test calls, the invoice check, the scorecard row and
the due-diligence gaps. Nothing is computed here: a part without data says what is
missing (``VendorReport.missing``).

:func:`ready` says whether every part has its builder (the CLI command exists
exactly then); ``partial=True`` prints the built parts of an incomplete layout
(previews).
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


#: Contract metrics in words (docs/contracts.md).
METRIC_LABELS: dict[str, str] = {
    "service_level": "service level", "asa_s": "average speed of answer",
    "abandon_rate": "abandonment", "repeat_rate": "repeat contacts",
    "fcr": "first-contact resolution", "csat": "satisfaction",
    "email_response": "e-mail response in time", "aht_s": "average handle time",
}


def metric_label(metric: str) -> str:
    """A contract metric's name in words."""
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def metric_names(metrics: list[str]) -> str:
    """Contract metrics in words, comma-separated."""
    return ", ".join(metric_label(m) for m in metrics)


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


def _sla_chart(t) -> Chart:  # type: ignore[no-untyped-def]
    title = (f"{metric_label(t.metric)}: target {t.direction} "
             f"{fmt_value(t.metric, t.target)}")
    return Chart(f"sla-{t.metric}", charts.metric_trend(
        title, t.months, t.values, unit_of(t.metric), target=t.target, met=t.met,
        forecast_month=t.forecast_month, forecast=t.forecast, forecast_lo=t.forecast_lo,
        forecast_hi=t.forecast_hi, share=is_share(t.metric)),
        label=f"{title}, by contract month, breaches marked, with next month's forecast")


def _trend_section(r: VendorReport) -> Section:
    months = r.log_months
    shown = [t for t in r.kpi_trends if any(v is not None for v in t.values)]
    # a chart per contract metric against its target; a chart for every other KPI with a
    # significant slope (5 %), the table for all
    drawn = [t for t in shown if t.trend_p is not None and t.trend_p < 0.05]
    sla_figures = [_sla_chart(t) for t in r.sla_trends]
    figures = [_kpi_chart(t) for t in drawn]
    return Section("trend", f"Trend over the months to {r.period}", "vendor/_trend.html.j2",
                   {"r": r, "months": months, "kpis": shown, "drawn": drawn,
                    "label": KPI_LABELS, "fmt": fmt_value, "slope": fmt_slope,
                    "metric_label": metric_label, "sla_charts": sla_figures,
                    "charts": figures},
                   charts=sla_figures + figures,
                   missing=_missing(r, "monitoring"))


def _warnings_section(r: VendorReport) -> Section:
    return Section("warnings", f"Warnings for {r.period}", "vendor/_warnings.html.j2",
                   {"r": r, "warnings": r.warnings, "has_logs": r.period in r.log_months},
                   missing=_missing(r, "monitoring"), page_break=False)


def _sla_trend_block(book: Book, ws, r: VendorReport, top: int) -> int:  # type: ignore[no-untyped-def]
    """Each contract metric by month with its target (and a native line chart of each);
    returns the next free row."""
    trends = r.sla_trends
    months = trends[0].months
    f = book.fmt
    ws.write_string(top, 0, "Contract metrics by month against their targets "
                    "(services.sla); last row: next month's forecast", f["bold"])
    head = top + 1
    ws.write_string(head, 0, "month", f["header"])
    for k, t in enumerate(trends):
        c = 1 + 3 * k
        ws.write_string(head, c, f"{metric_label(t.metric)} value", f["header"])
        ws.write_string(head, c + 1, f"target ({t.direction})", f["header"])
        ws.write_string(head, c + 2, "met", f["header"])
        ws.set_column(c, c + 2, 12)
        fmt = _sheet_fmt(t.metric)
        for i, (v, ok) in enumerate(zip(t.values, t.met, strict=True)):
            book.cell(ws, head + 1 + i, c, v, fmt)
            book.cell(ws, head + 1 + i, c + 1, t.target, fmt)
            book.cell(ws, head + 1 + i, c + 2, "met" if ok else "breach" if ok is False
                      else "no data")
        fr = head + 1 + len(months)
        book.cell(ws, fr, c, t.forecast, fmt)
        book.cell(ws, fr, c + 1, t.target, fmt)
        book.cell(ws, fr, c + 2, "forecast" if t.forecast_lo is None else
                  f"{fmt_value(t.metric, t.forecast_lo)} to {fmt_value(t.metric, t.forecast_hi)}")
    for i, m in enumerate(months):
        book.cell(ws, head + 1 + i, 0, m)
    book.cell(ws, head + 1 + len(months), 0, f"{trends[0].forecast_month} (forecast)", "bold")
    first, last = head + 1, head + len(months) + 1
    chart_row = last + 2
    for k, t in enumerate(trends):
        c = 1 + 3 * k
        chart = book.wb.add_chart({"type": "line"})
        cats = ["Trend", first, 0, last, 0]
        chart.add_series({"name": metric_label(t.metric), "categories": cats,
                          "values": ["Trend", first, c, last, c],
                          "marker": {"type": "circle", "size": 5},
                          "line": {"color": charts.MET_COLOUR},
                          "points": [{"fill": {"color": charts.BREACH_COLOUR},
                                      "border": {"color": charts.BREACH_COLOUR}}
                                     if ok is False else None for ok in t.met]})
        chart.add_series({"name": "target", "categories": cats,
                          "values": ["Trend", first, c + 1, last, c + 1],
                          "line": {"color": charts.BREACH_COLOUR, "dash_type": "dash"},
                          "marker": {"type": "none"}})
        chart.set_title({"name": f"{metric_label(t.metric)} against target {t.direction} "
                                 f"{fmt_value(t.metric, t.target)} (breaches in red)",
                         "name_font": {"size": 10}})
        chart.set_y_axis({"num_format": "0%" if is_share(t.metric) else "#,##0.0"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 460, "height": 240})
        ws.insert_chart(chart_row + 13 * (k // 2), 0 if k % 2 == 0 else 6, chart)
    return chart_row + 13 * ((len(trends) + 1) // 2) + 1


def _trend_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Trend", f"Trend by month to {r.period}: {r.vendor}",
                    f"From the vendor's logs, months in {r.timezone}; forecasts with their "
                    "prediction intervals.")
    ws.set_column(0, 0, 22)
    top = 3
    if r.sla_trends:
        top = _sla_trend_block(book, ws, r, top)
    kpis = [t for t in r.kpi_trends if any(v is not None for v in t.values)]
    if not kpis:
        if not r.sla_trends:
            book.cell(ws, top, 0, "; ".join(_missing(r, "monitoring")) or "no KPIs")
        return
    months = [f"{p:%Y-%m}" for p in kpis[0].periods]
    ws.write_string(top, 0, "Other KPIs from the logs (vendor totals)", book.fmt["bold"])
    top += 1
    ws.write_string(top, 0, "month", book.fmt["header"])
    for j, t in enumerate(kpis, 1):
        ws.write_string(top, j, KPI_LABELS.get(t.metric, t.metric), book.fmt["header"])
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
    if r.sla_trends:
        return  # the contract metrics are charted above
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


# ---------------------------------------------------------------- SLA parts (services.sla)


def _sla_missing(r: VendorReport) -> list[str]:
    return _missing(r, "contract", "sla", "monitoring")


def _metrics_section(r: VendorReport) -> Section:
    return Section("metrics", f"Each SLA metric against its target, {r.period}",
                   "vendor/_metrics.html.j2",
                   {"r": r, "rows": r.sla_rows, "sla": r.sla, "fmt": fmt_value,
                    "metric_label": metric_label, "names": metric_names},
                   missing=_sla_missing(r), page_break=False)


def _credits_section(r: VendorReport) -> Section:
    return Section("credits", "Service credits owed and earned back",
                   "vendor/_credits.html.j2", {"r": r, "sla": r.sla, "rows": r.sla_rows,
                                               "metric_label": metric_label},
                   missing=_sla_missing(r), page_break=False)


def _failures_section(r: VendorReport) -> Section:
    return Section("failures", "Chronic and critical failure, termination right",
                   "vendor/_failures.html.j2", {"r": r, "sla": r.sla,
                                                "metric_label": metric_label,
                                                "names": metric_names},
                   missing=_sla_missing(r), page_break=False)


def _invoice_section(r: VendorReport) -> Section:
    return Section("invoice", f"Invoice check, {r.period}", "vendor/_invoice.html.j2",
                   {"r": r, "inv": r.invoice}, missing=_missing(r, "invoice"), wide=True)


def _no_data(book: Book, ws, r: VendorReport, sections: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    book.cell(ws, 3, 0, "; ".join(_missing(r, *sections)) or "not available")


def _metrics_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Metrics", f"SLA metrics against target, {r.period}: {r.vendor}",
                    "Values from the vendor's logs by the contract's own definitions "
                    "(services.sla); shares as percentages.")
    if not r.sla_rows:
        _no_data(book, ws, r, ("contract", "sla", "monitoring"))
        return
    row = 3
    for j, h in enumerate(("metric", "definition", "value", "target", "direction", "status",
                           "credit [USD]", "numerator", "denominator", "source")):
        ws.write_string(row, j, h, book.fmt["header"])
    for j, w in enumerate((22, 60, 12, 12, 9, 10, 12, 12, 12, 10)):
        ws.set_column(j, j, w)
    for i, x in enumerate(r.sla_rows, 1):
        fmt = _sheet_fmt(x.metric)
        book.cell(ws, row + i, 0, metric_label(x.metric))
        book.cell(ws, row + i, 1, x.definition, "wrap")
        book.cell(ws, row + i, 2, x.value, fmt)
        book.cell(ws, row + i, 3, x.target, fmt)
        book.cell(ws, row + i, 4, x.direction)
        book.cell(ws, row + i, 5, x.status.replace("_", " "))
        book.cell(ws, row + i, 6, x.credit_usd, "money2")
        book.cell(ws, row + i, 7, x.numerator, "int")
        book.cell(ws, row + i, 8, x.denominator, "int")
        book.cell(ws, row + i, 9, x.value_source)


def _credits_sheet(book: Book, r: VendorReport) -> None:
    """The month's credits as live formulas over the fees, the at-risk share and each
    metric's allocation (core.contract: credit = fees x at_risk_pct x allocation_pct /
    10,000 for a missed metric, the month's total capped at fees x at_risk_pct / 100,
    each credit scaled pro rata when the cap binds; net = credits - earned back)."""
    ws = book.sheet("Credits", f"Service credits, {r.period}: {r.vendor}",
                    "Yellow cells are inputs: change the fees, the at-risk share or an "
                    "allocation and the credits, cap and net follow (live formulas).")
    sla = r.sla
    if sla is None:
        _no_data(book, ws, r, ("contract", "sla", "monitoring"))
        return
    c = r.contract.contract if r.contract else None
    f = book.fmt
    ws.set_column(0, 0, 34)
    ws.set_column(1, 6, 15)
    inputs = [("fees of the month [USD]", sla.fees_usd or 0.0, "vr_fees_usd"),
              ("at risk [% of fees]", c.at_risk_pct if c else 0.0, "vr_at_risk_pct"),
              ("earned back this month [USD]", sla.earned_back_usd, "vr_earned_back_usd")]
    for i, (label, value, name) in enumerate(inputs):
        ws.write_string(3 + i, 0, label, f["bold"])
        ws.write_number(3 + i, 1, float(value), f["input"])
        book.name(name, "Credits", 3 + i, 1)
    top = 8
    heads = ("metric", "status", "owed (1 = missed, outside baseline)", "allocation [%]",
             "credit before cap [USD]", "credit after cap [USD]", "model's credit [USD]")
    for j, h in enumerate(heads):
        ws.write_string(top, j, h, f["header"])
    first = top + 1
    last = top + len(r.sla_rows)
    for i, x in enumerate(r.sla_rows):
        row = first + i
        owed = 1.0 if x.status == "missed" and not sla.baseline else 0.0
        book.cell(ws, row, 0, metric_label(x.metric))
        book.cell(ws, row, 1, x.status.replace("_", " "))
        ws.write_number(row, 2, owed, f["input"])
        ws.write_number(row, 3, float(x.allocation_pct), f["input"])
        ws.write_formula(row, 4, f"=C{row + 1}*vr_fees_usd*vr_at_risk_pct*D{row + 1}/10000",
                         f["formula"], x.uncapped_credit_usd)
        ws.write_formula(row, 5, f"=IF(vr_uncapped_usd>vr_cap_usd,E{row + 1}*vr_cap_usd/"
                         f"vr_uncapped_usd,E{row + 1})", f["formula"], x.credit_usd)
        ws.write_number(row, 6, x.credit_usd, f["money2"])
    rows = [("cap: fees x at risk / 100 [USD]", "vr_cap_usd", "=vr_fees_usd*vr_at_risk_pct/100",
             sla.cap_usd),
            ("credits before cap [USD]", "vr_uncapped_usd",
             f"=SUM(E{first + 1}:E{last + 1})", sla.uncapped_credits_usd),
            ("credits owed, capped [USD]", "vr_credits_usd", "=MIN(vr_uncapped_usd,vr_cap_usd)",
             sla.credits_usd),
            ("net: credits - earned back [USD]", "vr_net_usd",
             "=vr_credits_usd-vr_earned_back_usd", sla.net_usd)]
    at = last + 2
    ws.write_string(at, 0, "month's totals", f["header"])
    ws.write_string(at, 1, "live", f["header"])
    ws.write_string(at, 2, "model", f["header"])
    for i, (label, name, formula, model) in enumerate(rows, 1):
        ws.write_string(at + i, 0, label, f["bold"])
        ws.write_formula(at + i, 1, formula, f["total"], model)
        ws.write_number(at + i, 2, model, f["money2"])
        book.name(name, "Credits", at + i, 1)
    # every contract month so far (the model's figures; net live)
    hist = at + len(rows) + 3
    ws.write_string(hist - 1, 0, "Every contract month so far", f["bold"])
    heads = ("month", "fees [USD]", "cap [USD]", "credits [USD]", "earned back [USD]",
             "net [USD]", "cumulative net [USD]")
    for j, h in enumerate(heads):
        ws.write_string(hist, j, h, f["header"])
    for i, m in enumerate(sla.months, 1):
        row = hist + i
        book.cell(ws, row, 0, m.month + (" (baseline)" if m.baseline else ""))
        book.cell(ws, row, 1, m.fees_usd, "money2")
        book.cell(ws, row, 2, m.cap_usd, "money2")
        book.cell(ws, row, 3, m.credits_usd, "money2")
        book.cell(ws, row, 4, m.earned_back_usd, "money2")
        ws.write_formula(row, 5, f"=D{row + 1}-E{row + 1}", f["formula"], m.net_usd)
        book.cell(ws, row, 6, m.cumulative_net_usd, "money2")
    end = hist + len(sla.months)
    chart = book.wb.add_chart({"type": "column"})
    cats = ["Credits", hist + 1, 0, end, 0]
    chart.add_series({"name": "credits", "categories": cats,
                      "values": ["Credits", hist + 1, 3, end, 3],
                      "fill": {"color": charts.BREACH_COLOUR}})
    chart.add_series({"name": "earned back", "categories": cats,
                      "values": ["Credits", hist + 1, 4, end, 4],
                      "fill": {"color": charts.MET_COLOUR}})
    chart.set_title({"name": "Credits and earn-back by month (USD)", "name_font": {"size": 10}})
    chart.set_y_axis({"num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 260})
    ws.insert_chart(end + 2, 0, chart)


def _failures_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Failures", f"Chronic and critical failure, {r.period}: {r.vendor}")
    sla = r.sla
    if sla is None:
        _no_data(book, ws, r, ("contract", "sla", "monitoring"))
        return
    items = [("chronic-failure clause", sla.chronic_rule or "none in the contract"),
             ("chronic failure this month", sla.chronic_failure),
             ("metrics in chronic failure", ", ".join(sla.chronic_failures) or "none"),
             ("metrics beyond their minimum (critical)",
              ", ".join(sla.critical_failures) or "none"),
             ("termination right", sla.termination_right),
             ("termination right from", sla.termination_right_from or "no right"),
             ("why", "; ".join(sla.termination_reasons) or "no chronic or critical failure")]
    row = book.table(ws, 3, [Column("item", 40, "bold", lambda x: x[0]),
                             Column("status", 70, "wrap", lambda x: x[1])], items)
    book.table(ws, row + 1, [Column("metric", 40, "text", lambda x: metric_label(x[0])),
                             Column("months missed in the window", 16, "int",
                                    lambda x: x[1])],
               list(sla.misses_in_window.items()))


def _invoice_sheet(book: Book, r: VendorReport) -> None:
    ws = book.sheet("Invoice", f"Invoice check, {r.period}: {r.vendor}",
                    "Each billed line against what the logs support; difference = billed - "
                    "supported [USD] (live).")
    inv = r.invoice
    if inv is None:
        _no_data(book, ws, r, ("invoice",))
        return
    cols = [Column("line", 14, "text", lambda x: x.line),
            Column("description", 34, "wrap", lambda x: x.description or ""),
            Column("channel", 9, "text", lambda x: x.channel or "all"),
            Column("unit", 10, "text", lambda x: x.unit),
            Column("quantity billed", 13, "money2", lambda x: x.quantity),
            Column("supported quantity", 13, "money2", lambda x: x.supported_quantity),
            Column("unit price [USD]", 11, "money2", lambda x: x.unit_price),
            Column("agreed rate [USD]", 11, "money2", lambda x: x.contract_rate),
            Column("billed [USD]", 13, "money2", lambda x: x.billed_usd),
            Column("supported [USD]", 13, "money2", lambda x: x.supported_usd),
            Column("difference [USD]", 13, "money2", lambda x: x.difference_usd),
            Column("status", 13, "text", lambda x: x.status.replace("_", " ")),
            Column("reason", 70, "wrap", lambda x: x.reason)]
    top = 3
    end = book.table(ws, top, cols, inv.lines)
    for i, ln in enumerate(inv.lines):
        row = top + 1 + i
        if ln.supported_usd is not None:
            ws.write_formula(row, 10, f"=I{row + 1}-J{row + 1}", book.fmt["formula"],
                             ln.difference_usd)
    tot = end + 1
    for k, (label, value) in enumerate((("billed [USD]", inv.billed_usd),
                                        ("supported [USD]", inv.supported_usd),
                                        ("difference [USD]", inv.difference_usd),
                                        ("overbilled, to dispute [USD]", inv.overbilled_usd),
                                        ("lines overbilled", inv.overbilled_lines))):
        book.cell(ws, tot + k, 0, label, "bold")
        book.cell(ws, tot + k, 1, value, "int" if k == 4 else "money2")


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
        book.cell(ws, 3, 0, "; ".join(_missing(r, "scorecard")) or
                  "the vendor has no scored facts")
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
    Part("metrics", "Each SLA metric against its target", _MONITORING, _metrics_section,
         _metrics_sheet),
    Part("trend", "Trend over the contract's months", _MONITORING + " for every month so far",
         _trend_section, _trend_sheet),
    Part("credits", "Service credits owed and earned back",
         _MONITORING + ", assessed by services.contracts.assess_credits", _credits_section,
         _credits_sheet),
    Part("failures", "Chronic and critical failure status",
         _MONITORING + ", assessed by services.contracts.assess_credits", _failures_section,
         _failures_sheet),
    Part("warnings", "Warnings", "monitoring (issue 14): warnings on the month's data",
         _warnings_section, _warnings_sheet),
    Part("contract", "Contract terms in force", "the stored contract", _contract_section,
         _contract_sheet),
    Part("test_calls", "Test calls", "the vendor's test calls", _calls_section, _calls_sheet),
    Part("invoice", "Invoice check", "monitoring (issue 14): the month's invoice against "
         "the contract and the logs", _invoice_section, _invoice_sheet),
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
