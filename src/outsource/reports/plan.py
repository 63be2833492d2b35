"""The plan report laid out: PDF (sections of HTML, WeasyPrint) and XLSX (XlsxWriter).

Both come from one :class:`~outsource.schemas.reports.PlanReport` built by
:func:`outsource.services.reports.plan_report`; nothing here computes a cost.
The parts, in order (one PDF section and one workbook sheet each):

1. Summary: the recommendation and why (the advice's fired rules), the savings
   range and its probability.
2. Options: every option's annual cost (P10, median, P90) with a chart.
3. Staffing: agents by interval over the week (chart and table).
4. Build-up: each option's cost component by component. In the workbook every
   line is a live formula over the Assumptions sheet's named cells.
5. Assumptions: every input with its range and source.
6. Sensitivity: the tornado of the best option's savings.
7. Risks. 8. Checklist: the seven steps and what is missing. 9. Missing data.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from outsource.reports.pipeline import (
    Book,
    Chart,
    Column,
    Document,
    Section,
    render_html,
    write_all,
    write_pdf,
)
from outsource.schemas import charts
from outsource.schemas.plan import OptionResult
from outsource.schemas.reports import OptionBuildUp, PlanReport

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Options whose build-up the PDF prints in full (the workbook has all of them).
PDF_BUILDUPS = 2
#: Component columns of the PDF's build-up table, in order.
COMPONENTS = (("inhouse_part", "in-house part"), ("fees", "vendor fees"),
              ("liaison", "liaison"), ("vendor_management", "vendor mgmt"),
              ("qa_test_calls", "QA, test calls"), ("travel", "travel"),
              ("transition", "transition"), ("exit_reserve", "exit reserve"))
INHOUSE_COMPONENTS = (("agent_wages", "agent wages"), ("supervision", "supervision"),
                      ("turnover", "turnover"), ("equipment", "equipment"),
                      ("facilities", "facilities"), ("maintenance", "maintenance"),
                      ("software_telephony", "software, telephony"))


# ---------------------------------------------------------------- shared views


def option_buildups(r: PlanReport) -> list[tuple[OptionResult, OptionBuildUp]]:
    """Each compared option beside its build-up (matched by name, region and model)."""
    queue: dict[tuple[str, str, str], list[OptionBuildUp]] = defaultdict(list)
    for b in r.buildups:
        queue[(b.option, b.region, b.pricing_model)].append(b)
    return [(o, queue[(o.name, o.region, o.pricing_model)].pop(0)) for o in r.plan.options]


def staffing_grid(r: PlanReport) -> tuple[list[tuple[str, list[float]]], float]:
    """Mean agents on contacts per weekday and local hour (all channels), and the weeks."""
    st = r.staffing
    how = np.asarray(st.hour_of_week, dtype=float)
    span_h = float(np.max(how + np.asarray(st.period_s) / 3600.0) - np.min(how)) if len(st) else 0
    weeks = max(1.0, float(round(span_h / 168.0)))
    hours = np.asarray(st.agents, dtype=float) * np.asarray(st.period_s, dtype=float) / 3600.0
    cell = np.asarray(st.weekday, dtype=int) * 24 + np.floor(np.asarray(st.hour)).astype(int)
    grid = np.bincount(cell, weights=hours, minlength=168)[:168] / weeks
    return [(DAYS[d], [float(x) for x in grid[24 * d: 24 * d + 24]]) for d in range(7)], weeks


def options_chart(r: PlanReport) -> dict[str, Any]:
    """The option comparison's Vega-Lite spec."""
    return charts.option_costs(r.plan.options, r.currency)


def staffing_chart(r: PlanReport) -> dict[str, Any]:
    """The staffing curve's Vega-Lite spec."""
    st = r.staffing
    return charts.staffing_curve(st.hour_of_week, st.agents, st.channel)


def tornado_chart(r: PlanReport) -> dict[str, Any] | None:
    """The tornado's Vega-Lite spec (None without a sensitivity)."""
    if not r.plan.sensitivity or r.best_option is None:
        return None
    return charts.tornado(r.plan.sensitivity, r.base_savings, r.best_option, r.currency)


# ---------------------------------------------------------------- the PDF


def _sections(r: PlanReport) -> list[Section]:
    cur = r.currency
    pairs = option_buildups(r)
    by_name = {b.option: b for b in r.buildups}
    inhouse = r.buildups[0]
    shown = [inhouse]
    if r.summary.option and r.summary.option in by_name:
        shown.append(by_name[r.summary.option])
    elif len(r.buildups) > 1:
        shown.append(r.buildups[1])
    grid, weeks = staffing_grid(r)
    tornado = tornado_chart(r)
    groups: dict[str, list] = defaultdict(list)
    for a in r.assumptions:
        groups[a.group].append(a)
    defaults = [a for a in groups.get("option terms", []) if not a.given]
    groups["option terms"] = [a for a in groups.get("option terms", []) if a.given]
    missing_by: dict[str, list[str]] = defaultdict(list)
    for m in r.missing:
        missing_by[m.section].append(f"{m.what}: {m.consequence}")
    adv = r.advice
    scopes = [adv.overall, *adv.channels, *adv.segments]
    return [
        Section("summary", "Executive summary", "plan/_summary.html.j2",
                {"r": r, "s": r.summary, "scopes": scopes, "regions": adv.regions,
                 "cur": cur}, page_break=False,
                missing=missing_by["advice"]),
        Section("options", "Option comparison", "plan/_options.html.j2",
                {"r": r, "pairs": pairs, "cur": cur,
                 "chart": Chart("options-chart", options_chart(r), "annual cost by option")},
                missing=missing_by["options"] + missing_by["rate card"] + missing_by["quotes"],
                wide=True),
        Section("staffing", "Staffing by interval", "plan/_staffing.html.j2",
                {"r": r, "grid": grid, "weeks": weeks,
                 "peak": max((max(v) for _, v in grid), default=0.0),
                 "chart": Chart("staffing-chart", staffing_chart(r), "agents by interval")}),
        Section("buildup", "Cost build-up per option", "plan/_buildup.html.j2",
                {"r": r, "pairs": pairs, "shown": shown, "cur": cur,
                 "components": COMPONENTS, "inhouse_components": INHOUSE_COMPONENTS},
                wide=True),
        Section("assumptions", "Assumptions and their sources", "plan/_assumptions.html.j2",
                {"r": r, "groups": groups, "defaults": defaults},
                missing=missing_by["assumptions"]),
        Section("sensitivity", "Sensitivity", "plan/_sensitivity.html.j2",
                {"r": r, "cur": cur, "chart": None if tornado is None else
                 Chart("tornado-chart", tornado, "tornado of the savings")},
                missing=[] if tornado is not None else
                ["no input with a range moves the best option's savings (or there is no "
                 "outsourcing option): no tornado"]),
        Section("risks", "Risks", "plan/_risks.html.j2", {"risks": r.risks},
                missing=[] if r.risks else ["the figures show no risk worth listing"]),
        Section("checklist", "The seven steps", "plan/_checklist.html.j2",
                {"steps": r.advice.checklist}),
        Section("missing", "What the scenario leaves out", "plan/_missing.html.j2",
                {"items": r.missing}, page_break=False),
    ]


def document(r: PlanReport) -> Document:
    """The plan report as a document of sections (for HTML and PDF)."""
    meta = [("Scenario", f"{r.scenario} ({r.source})"), ("Made on", r.generated_on),
            ("Money", f"{r.currency} per year" + ("" if r.currency == "USD" else
                                                  f" ({r.per_usd:g} per USD)")),
            ("Monte Carlo", f"{r.draws:,} draws, seed {r.seed}")]
    return Document("plan", r.title, "Should customer service be outsourced, how, where, and "
                    "what will it cost?", meta, _sections(r))


def html(r: PlanReport) -> str:
    """The plan report as a standalone HTML page (charts inline as SVG)."""
    return render_html(document(r))


# ---------------------------------------------------------------- the workbook


def _summary_sheet(book: Book, r: PlanReport, totals: dict[str, OptionBuildUp]) -> None:
    ws = book.sheet("Summary", r.title, f"{r.scenario}: made {r.generated_on} from "
                    f"{r.source}; Monte Carlo {r.draws:,} draws (seed {r.seed}); money in "
                    "USD per year")
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 70)
    s, f = r.summary, book.fmt
    ws.write_string(3, 0, "Recommendation", f["bold"])
    ws.merge_range(3, 1, 3, 2, s.recommendation, f["wrap"])
    ws.set_row(3, 36)
    ws.write_string(4, 0, "Savings and their probability", f["bold"])
    ws.merge_range(4, 1, 4, 2, s.statement, f["wrap"])
    ws.set_row(4, 36)
    fx = r.per_usd
    rows = [("In-house, median annual cost (Monte Carlo)", s.inhouse_annual_cost / fx,
             "money", "P50 of the draws; fixed (recompute with outsource report plan)")]
    if s.option is not None:
        rows += [(f"{s.option}, median annual cost", (s.option_annual_cost or 0) / fx, "money",
                  "P50 of the draws"),
                 ("Savings, median", (s.savings or 0) / fx, "money", "paired draws"),
                 ("Savings, P10", (s.savings_p10 or 0) / fx, "money", "paired draws"),
                 ("Savings, P90", (s.savings_p90 or 0) / fx, "money", "paired draws"),
                 ("Probability it costs less than in-house", s.p_cheaper, "share",
                  f"share of {r.draws:,} draws")]
    top = book.table(ws, 6, [Column("figure", 44, "text", lambda x: x[0]),
                             Column("value [USD/year]", 18, "money", lambda x: x[1]),
                             Column("note", 70, "wrap", lambda x: x[3])], rows)
    for i, row in enumerate(rows):  # shares in their own format
        book.cell(ws, 7 + i, 1, row[1], row[2])
    ws.write_string(top + 1, 0, "At the central inputs (live: follows the Assumptions "
                    "sheet)", f["bold"])
    live = [("In-house", r.buildups[0])]
    if s.option is not None and s.option in totals:
        live.append((s.option, totals[s.option]))
    r0 = top + 2
    for i, (label, b) in enumerate(live):
        ws.write_string(r0 + i, 0, f"{label}, annual cost", f["text"])
        ws.write_formula(r0 + i, 1, f"={b.total}", f["formula"], b.total_usd)
    if len(live) == 2:
        ws.write_string(r0 + 2, 0, "Savings at the central inputs", f["text"])
        ws.write_formula(r0 + 2, 1, f"={live[0][1].total}-{live[1][1].total}", f["total"],
                         live[0][1].total_usd - live[1][1].total_usd)
    r1 = r0 + 4
    ws.write_string(r1, 0, "Why (the advice's rules that fired)", f["bold"])
    book.table(ws, r1 + 1, [Column("rule", 44, "text", lambda x: x.rule),
                            Column("effect", 18, "text", lambda x: x.effect),
                            Column("what it says, the evidence and the playbook section", 70,
                                   "wrap", lambda x: f"{x.says}; {'; '.join(x.evidence)} "
                                                     f"[{x.citation}]")],
               s.reasons or [])
    if not s.reasons:
        book.cell(ws, r1 + 2, 0, "no rule fired: the advice had nothing to go on (see "
                  "Missing)")


def _options_sheet(book: Book, r: PlanReport,
                   pairs: list[tuple[OptionResult, OptionBuildUp]]) -> None:
    ws = book.sheet("Options", "Option comparison", "Money in USD per year. P10/P50/P90 and "
                    "savings are Monte Carlo results (fixed); 'central (live)' follows the "
                    "Assumptions sheet through the Build-up sheet.")
    inhouse_total = next(b.total for o, b in pairs if o.pricing_model == "in_house")
    cols = [Column("option", 40, "text", lambda p: p[0].name),
            Column("region", 16, "text", lambda p: p[0].region),
            Column("pricing model", 22, "text", lambda p: p[0].pricing_model),
            Column("P10", 12, "money", lambda p: p[0].p10_usd),
            Column("P50 (median)", 12, "money", lambda p: p[0].annual_cost_usd),
            Column("P90", 12, "money", lambda p: p[0].p90_usd),
            Column("central (model)", 13, "money", lambda p: p[0].deterministic_usd),
            Column("central (live)", 13, "money", lambda p: None),
            Column("savings P50", 12, "money", lambda p: p[0].savings_vs_inhouse_usd),
            Column("savings P10", 12, "money", lambda p: p[0].savings_p10_usd),
            Column("savings P90", 12, "money", lambda p: p[0].savings_p90_usd),
            Column("savings central (live)", 13, "money", lambda p: None),
            Column("P(cheaper than in-house)", 11, "share",
                   lambda p: p[0].p_cheaper_than_inhouse),
            Column("per contact (P50)", 10, "money2", lambda p: p[0].cost_per_contact_usd),
            Column("FTE", 8, "number", lambda p: p[0].fte),
            Column("top driver", 30, "text", lambda p: p[0].top_driver or "none varies"),
            Column("rate source", 50, "text", lambda p: p[0].rate_source),
            Column("chart: P10 to median", 12, "money",
                   lambda p: p[0].annual_cost_usd - p[0].p10_usd),
            Column("chart: median to P90", 12, "money",
                   lambda p: p[0].p90_usd - p[0].annual_cost_usd)]
    top = 3
    end = book.table(ws, top, cols, pairs)
    inhouse_usd = next(b.total_usd for o, b in pairs if o.pricing_model == "in_house")
    for i, (_, b) in enumerate(pairs):
        row = top + 1 + i
        ws.write_formula(row, 7, f"={b.total}", book.fmt["formula"], b.total_usd)
        ws.write_formula(row, 11, f"={inhouse_total}-{b.total}", book.fmt["formula"],
                         inhouse_usd - b.total_usd)
    ws.freeze_panes(top + 1, 1)
    first, last = top + 1, end - 1
    chart = book.wb.add_chart({"type": "bar", "subtype": "stacked"})
    cats = ["Options", first, 0, last, 0]
    chart.add_series({"name": "P10", "categories": cats, "values": ["Options", first, 3, last, 3],
                      "fill": {"none": True}, "border": {"none": True}})
    chart.add_series({"name": "P10 to median", "categories": cats,
                      "values": ["Options", first, 17, last, 17],
                      "fill": {"color": charts.RANGE_COLOUR}, "gap": 60})
    chart.add_series({"name": "median to P90", "categories": cats,
                      "values": ["Options", first, 18, last, 18],
                      "fill": {"color": charts.OPTION_COLOUR}})
    chart.set_title({"name": "Annual cost by option: P10 to median to P90 (USD/year)"})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"num_format": "#,##0", "name": "USD/year"})
    chart.set_legend({"position": "bottom", "delete_series": [0]})
    chart.set_size({"width": 900, "height": max(320, 22 * len(pairs) + 120)})
    ws.insert_chart(end + 2, 0, chart)


def _staffing_sheet(book: Book, r: PlanReport) -> None:
    st = r.staffing
    ws = book.sheet("Staffing", "Staffing by interval",
                    "Agents on contacts each interval needs to meet the scenario's targets "
                    "(staffing engine, Erlang C or A); the workload's typical period, "
                    f"annualised x {r.annual_factor:.2f}.")
    channels = sorted({str(c) for c in st.channel})
    keys = np.round(np.asarray(st.hour_of_week, dtype=float), 6)
    slots, inverse = np.unique(keys, return_inverse=True)
    agents = {c: np.zeros(len(slots)) for c in channels}
    contacts = {c: np.zeros(len(slots)) for c in channels}
    chan = np.asarray(st.channel).astype(str)
    for c in channels:
        m = chan == c
        agents[c] = np.bincount(inverse[m], weights=np.asarray(st.agents)[m],
                                minlength=len(slots))
        contacts[c] = np.bincount(inverse[m], weights=np.asarray(st.contacts)[m],
                                  minlength=len(slots))
    head = ["interval (local)", "hour of week"] + [f"{c}: contacts" for c in channels] + \
           [f"{c}: agents" for c in channels] + ["agents, all channels"]
    top = 3
    f = book.fmt
    for j, h in enumerate(head):
        ws.write_string(top, j, h, f["header"])
        ws.set_column(j, j, 14 if j else 16)
    for i, h in enumerate(slots):
        row = top + 1 + i
        day = DAYS[int(h // 24) % 7]
        hh = h % 24
        ws.write_string(row, 0, f"{day} {int(hh):02d}:{int(round((hh % 1) * 60)):02d}",
                        f["text"])
        ws.write_number(row, 1, float(h), f["number"])
        for j, c in enumerate(channels):
            ws.write_number(row, 2 + j, float(contacts[c][i]), f["number"])
            ws.write_number(row, 2 + len(channels) + j, float(agents[c][i]), f["int"])
        ws.write_number(row, 2 + 2 * len(channels),
                        float(sum(agents[c][i] for c in channels)), f["int"])
    ws.freeze_panes(top + 1, 1)
    first, last = top + 1, top + len(slots)
    chart = book.wb.add_chart({"type": "area", "subtype": "stacked"})
    for j, c in enumerate(channels):
        col = 2 + len(channels) + j
        chart.add_series({"name": ["Staffing", top, col], "categories":
                          ["Staffing", first, 0, last, 0],
                          "values": ["Staffing", first, col, last, col],
                          "fill": {"color": charts.CHANNEL_COLOURS.get(c, "#555555")}})
    chart.set_title({"name": "Agents required by interval"})
    chart.set_y_axis({"name": "agents on contacts"})
    chart.set_x_axis({"interval_unit": max(1, len(slots) // 14), "num_font": {"rotation": -45}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 960, "height": 340})
    ws.insert_chart(3, 3 + 2 * len(channels), chart)


def _buildup_sheet(book: Book, r: PlanReport) -> dict[str, str]:
    ws = book.sheet("Build-up", "Cost build-up per option (live formulas, USD)",
                    "Every value is a formula over the named cells of the Assumptions sheet "
                    "and the lines above it: change an assumption and every total follows. "
                    "The last line of each option is its annual cost at the central inputs, "
                    "equal to the model's deterministic figure.")
    f = book.fmt
    cols = (("name", 30), ("what it computes", 60), ("value", 16), ("unit", 12),
            ("formula", 90), ("documented in", 50))
    top = 3
    for j, (h, w) in enumerate(cols):
        ws.write_string(top, j, h, f["header"])
        ws.set_column(j, j, w)
    row = top + 1
    totals: dict[str, str] = {}
    for k, b in enumerate(r.buildups):
        ws.merge_range(row, 0, row, 5, f"{k + 1}. {b.option} ({b.region}, {b.pricing_model}):"
                       f" {b.total_usd:,.2f} USD/year at the central inputs", f["bold"])
        row += 1
        for ln in b.lines:
            ws.write_string(row, 0, ln.name, f["text"])
            ws.write_string(row, 1, ln.label, f["wrap"])
            fmt = "total" if ln.component == "total" else "formula"
            ws.write_formula(row, 2, "=" + ln.formula, f[fmt], ln.value)
            ws.write_string(row, 3, ln.unit, f["text"])
            ws.write_string(row, 4, "=" + ln.formula, f["text"])
            ws.write_string(row, 5, ln.source, f["text"])
            book.name(ln.name, "Build-up", row, 2)
            row += 1
        totals.setdefault(b.option, b.total)
        row += 1
    ws.freeze_panes(top + 1, 1)
    return totals


def _assumptions_sheet(book: Book, r: PlanReport) -> None:
    ws = book.sheet("Assumptions", "Assumptions (inputs of the build-up)",
                    "Yellow cells are inputs, each a named cell the Build-up formulas use: "
                    "change one and the totals follow. Values are the central values (mode or "
                    "midpoint) of each range; workload figures come from the staffing engine "
                    "(change them only to try another workload: the staffing is not rerun).")
    cols = [Column("name", 36, "text", lambda a: a.name),
            Column("group", 12, "text", lambda a: a.group),
            Column("what it is", 46, "wrap", lambda a: a.label),
            Column("value", 14, "input", lambda a: a.value),
            Column("low", 12, "general", lambda a: a.low),
            Column("high", 12, "general", lambda a: a.high),
            Column("distribution", 11, "text", lambda a: a.dist),
            Column("unit", 16, "text", lambda a: a.unit),
            Column("given by the scenario", 10, "text", lambda a: a.given),
            Column("source", 90, "wrap", lambda a: a.source),
            Column("used by", 50, "wrap",
                   lambda a: ", ".join(a.used_by) if a.used_by else "shown for reference: "
                   "no formula uses it")]
    top = 3
    book.table(ws, top, cols, r.assumptions)
    for i, a in enumerate(r.assumptions):
        book.name(a.name, "Assumptions", top + 1 + i, 3)
    ws.freeze_panes(top + 1, 1)


def _sensitivity_sheet(book: Book, r: PlanReport) -> None:
    best = r.best_option or "the best option"
    ws = book.sheet("Sensitivity", f"Sensitivity of the savings of {best} (USD/year)",
                    "One input at a time at its low and high end, every "
                    f"other input central; base savings {r.base_savings / r.per_usd:,.0f} "
                    "USD/year.")
    rows = r.plan.sensitivity
    base = r.base_savings / r.per_usd
    cols = [Column("input", 40, "text", lambda s: s.input),
            Column("savings, input low", 16, "money", lambda s: s.savings_at_low_usd),
            Column("savings, input high", 16, "money", lambda s: s.savings_at_high_usd),
            Column("swing", 14, "money", lambda s: s.swing_usd),
            Column("low - base", 14, "money", lambda s: s.savings_at_low_usd - base),
            Column("high - base", 14, "money", lambda s: s.savings_at_high_usd - base)]
    top = 3
    end = book.table(ws, top, cols, rows)
    if not rows:
        book.cell(ws, top + 1, 0, "no input moves the savings (no range, or no outsourcing "
                  "option): no tornado")
        return
    chart = book.wb.add_chart({"type": "bar"})
    cats = ["Sensitivity", top + 1, 0, end - 1, 0]
    chart.add_series({"name": "input at its low end", "categories": cats,
                      "values": ["Sensitivity", top + 1, 4, end - 1, 4],
                      "fill": {"color": charts.LOW_COLOUR}})
    chart.add_series({"name": "input at its high end", "categories": cats,
                      "values": ["Sensitivity", top + 1, 5, end - 1, 5],
                      "fill": {"color": charts.HIGH_COLOUR}, "overlap": 100, "gap": 50})
    chart.set_title({"name": "Tornado: change of the savings from the base (USD/year)"})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 820, "height": max(300, 36 * len(rows) + 120)})
    ws.insert_chart(end + 2, 0, chart)


def _list_sheets(book: Book, r: PlanReport) -> None:
    ws = book.sheet("Risks", "Risks", "What the figures and the advice show, with the source "
                    "of each.")
    book.table(ws, 3, [Column("risk", 40, "wrap", lambda x: x.title),
                       Column("what the numbers say", 90, "wrap", lambda x: x.detail),
                       Column("source", 60, "wrap", lambda x: x.source)], r.risks)
    if not r.risks:
        book.cell(ws, 4, 0, "the figures show no risk worth listing")
    ws = book.sheet("Checklist", "The seven steps (the playbook)", "Status per step, what is "
                    "done and what is missing.")
    book.table(ws, 3, [Column("step", 6, "int", lambda x: x.number),
                       Column("title", 40, "wrap", lambda x: x.title),
                       Column("status", 10, "text", lambda x: x.status),
                       Column("done", 60, "wrap", lambda x: "; ".join(x.done) or "nothing yet"),
                       Column("missing", 80, "wrap",
                              lambda x: "; ".join(x.missing) or "nothing")],
               r.advice.checklist)
    ws = book.sheet("Missing", "What the scenario leaves out", "And what the report did "
                    "instead.")
    book.table(ws, 3, [Column("part", 14, "text", lambda x: x.section),
                       Column("what is missing", 90, "wrap", lambda x: x.what),
                       Column("what the report did", 70, "wrap", lambda x: x.consequence)],
               r.missing)
    if not r.missing:
        book.cell(ws, 4, 0, "nothing: the scenario gives every input the report uses")


def write_xlsx(r: PlanReport, out: Path) -> None:
    """Write the workbook: one sheet per part, native charts, live build-up formulas."""
    book = Book(out)
    pairs = option_buildups(r)
    totals = {b.option: b for b in reversed(r.buildups)}
    _summary_sheet(book, r, totals)
    _options_sheet(book, r, pairs)
    _staffing_sheet(book, r)
    _buildup_sheet(book, r)
    _assumptions_sheet(book, r)
    _sensitivity_sheet(book, r)
    _list_sheets(book, r)
    book.wb.get_worksheet_by_name("Summary").activate()
    book.close()


def write_pdf_file(r: PlanReport, out: Path) -> int:
    """Write the PDF; returns its page count."""
    return write_pdf(html(r), out)


def write_plan_report(r: PlanReport, *, pdf: Path | None = None,
                      xlsx: Path | None = None) -> None:
    """Write the PDF and/or the workbook, all files or none."""
    writers = []
    if xlsx is not None:
        writers.append((xlsx, lambda p: write_xlsx(r, p)))
    if pdf is not None:
        writers.append((pdf, lambda p: write_pdf_file(r, p)))
    write_all(writers)
