"""Vega-Lite specs built in Python (pure dicts), drawn in the browser by the vendored JS.

A page embeds a chart with the template macro ``chart(id, spec)`` from
``templates/_macros.html``: the spec goes into a
``<script type="application/json">`` data block (never executed) and
``static/app.js`` loads vega, vega-lite and vega-embed from ``/static`` on
the first chart of a page and draws it as SVG (also after HTMX swaps).
The frame (:func:`base`) and the charts the PDF reports share live in
:mod:`outsource.schemas.charts`; PDF reports render their specs with vl-convert
(font DejaVu Sans).
"""

from __future__ import annotations

from typing import Any

from outsource.schemas.charts import FONT, SCHEMA, base, rejects_by_column

__all__ = ["FONT", "SCHEMA", "base", "breakeven", "cost_ranges", "exit_ramp", "frontier",
           "option_kind", "rejects_by_column", "staffing_curve", "tornado", "win_shares"]


# ------------------------------------------------------------------ plan

_DAY_TIME = "%a %H:%M"
_USD = "$,.0f"
#: Colours of the option kinds (colour-blind safe pairs).
_KIND_COLOURS = {"domain": ["in-house", "card", "quote", "option", "hybrid"],
                 "range": ["#b45309", "#1d4ed8", "#15803d", "#7c3aed", "#0891b2"]}


def option_kind(name: str, region: str, pricing_model: str) -> str:
    """in-house, card, quote, option or hybrid: how a plan option came about (for colour)."""
    if region == "in_house":
        return "in-house"
    if pricing_model.startswith("hybrid:"):
        return "hybrid"
    if name.startswith("Quote: "):
        return "quote"
    return "card" if pricing_model in name else "option"


def staffing_curve(curve: Any) -> dict[str, Any]:
    """Stacked areas: agents the targets need per interval of the typical week, by channel."""
    rows = [{"start": s, "channel": c, "agents": a}
            for s, c, a in zip(curve.start, curve.channel, curve.agents, strict=True)]
    return base("Agents needed across the week", height=260, data={"values": rows},
                mark={"type": "area", "interpolate": "step-after", "tooltip": True},
                encoding={
                    "x": {"field": "start", "type": "temporal", "title": None,
                          "axis": {"format": _DAY_TIME, "labelAngle": 0, "tickCount": 7}},
                    "y": {"field": "agents", "type": "quantitative", "stack": "zero",
                          "title": "agents on contacts"},
                    "color": {"field": "channel", "type": "nominal", "title": "channel"}})


def cost_ranges(plan: Any, limit: int = 30) -> dict[str, Any]:
    """Every option's annual cost: P10-P90 bar and the median, cheapest first."""
    cur = plan.currency
    rows = [{"option": o.name, "kind": option_kind(o.name, o.region, o.pricing_model),
             "p10": o.p10, "p50": o.annual_cost, "p90": o.p90,
             "p_cheaper": o.p_cheaper_than_inhouse}
            for o in sorted(plan.options, key=lambda o: o.annual_cost)[:limit]]
    y = {"field": "option", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelLimit": 260}}
    color = {"field": "kind", "type": "nominal", "title": "option", "scale": _KIND_COLOURS}
    tip = [{"field": "option"}, {"field": "p10", "title": "P10", "format": _USD},
           {"field": "p50", "title": "median", "format": _USD},
           {"field": "p90", "title": "P90", "format": _USD},
           {"field": "p_cheaper", "title": "P(cheaper than in-house)", "format": ".0%"}]
    return base(f"Annual cost, P10 to P90 and median [{cur}/year]",
                height=max(120, 22 * len(rows)), data={"values": rows},
                layer=[
                    {"mark": {"type": "bar", "height": 8, "cornerRadius": 3, "opacity": 0.45},
                     "encoding": {"y": y, "x": {"field": "p10", "type": "quantitative",
                                                "title": f"{cur} per year",
                                                "axis": {"format": "~s"}},
                                  "x2": {"field": "p90"}, "color": color, "tooltip": tip}},
                    {"mark": {"type": "point", "filled": True, "size": 60},
                     "encoding": {"y": y, "x": {"field": "p50", "type": "quantitative"},
                                  "color": color, "tooltip": tip}}])


def breakeven(curves: list[Any], contacts_per_year: float, pick: str | None = None
              ) -> dict[str, Any] | None:
    """Shared per-minute against dedicated hourly fees as volume scales (one region, chosen
    from a list), with today's volume marked: the lines cross at the break-even volume."""
    if not curves:
        return None
    regions = [c.region for c in curves]
    first = pick if pick in regions else regions[0]
    rows = []
    for c in curves:
        for v, sh, de in zip(c.contacts_per_year, c.shared_usd, c.dedicated_usd, strict=True):
            rows.append({"region": c.region, "contacts": v, "billing": "shared per minute",
                         "fees": sh})
            rows.append({"region": c.region, "contacts": v, "billing": "dedicated hourly",
                         "fees": de})
    x = {"field": "contacts", "type": "quantitative", "scale": {"type": "log"},
         "title": "contacts per year", "axis": {"format": "~s"}}
    return base("Break-even: shared per minute against dedicated hourly (vendor fees)",
                height=280, data={"values": rows},
                params=[{"name": "region", "value": first,
                         "bind": {"input": "select", "options": regions, "name": "region "}}],
                layer=[
                    {"transform": [{"filter": "datum.region == region"}],
                     "mark": {"type": "line", "point": {"size": 12}, "tooltip": True},
                     "encoding": {"x": x,
                                  "y": {"field": "fees", "type": "quantitative",
                                        "scale": {"type": "log"}, "title": "USD per year",
                                        "axis": {"format": "$~s"}},
                                  "color": {"field": "billing", "type": "nominal",
                                            "title": "billing"}}},
                    {"data": {"values": [{"contacts": contacts_per_year,
                                          "label": "this scenario"}]},
                     "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#616e7c"},
                     "encoding": {"x": {"field": "contacts", "type": "quantitative"},
                                  "tooltip": [{"field": "label"},
                                              {"field": "contacts", "format": ",.0f"}]}}])


def tornado(plan: Any) -> dict[str, Any] | None:
    """The inputs that move the best option's savings most: each bar runs from the
    savings at central inputs to the savings with that input at its low or high end."""
    if not plan.sensitivity:
        return None
    inhouse = next((o for o in plan.options if o.region == "in_house"), None)
    vendors = [o for o in plan.options if o.region != "in_house"]
    if inhouse is None or not vendors:
        return None
    best = min(vendors, key=lambda o: o.annual_cost)
    centre = inhouse.deterministic - best.deterministic
    rows = []
    order = [w.input for w in sorted(plan.sensitivity, key=lambda w: -w.swing)]
    for w in plan.sensitivity:
        rows.append({"input": w.input, "end": "input at its low end", "from": centre,
                     "to": w.savings_at_low})
        rows.append({"input": w.input, "end": "input at its high end", "from": centre,
                     "to": w.savings_at_high})
    cur = plan.currency
    return base(f"Sensitivity of {best.name}'s savings against in-house [{cur}/year]",
                height=max(120, 26 * len(order)), data={"values": rows},
                layer=[
                    {"mark": {"type": "bar", "tooltip": True},
                     "encoding": {"y": {"field": "input", "type": "nominal", "sort": order,
                                        "title": None, "axis": {"labelLimit": 260}},
                                  "x": {"field": "from", "type": "quantitative",
                                        "title": f"savings, {cur} per year",
                                        "scale": {"zero": False},
                                        "axis": {"format": "~s"}},
                                  "x2": {"field": "to"},
                                  "color": {"field": "end", "type": "nominal", "title": None,
                                            "scale": {"range": ["#1d4ed8", "#b45309"]}}}},
                    {"data": {"values": [{"centre": centre}]},
                     "mark": {"type": "rule", "color": "#1f2933"},
                     "encoding": {"x": {"field": "centre", "type": "quantitative"}}}])


# ------------------------------------------------------------------ vendors


def win_shares(card: Any) -> dict[str, Any] | None:
    """Share of Dirichlet weight draws near the chosen weights under which each vendor wins."""
    rows = [{"vendor": r.vendor, "win_share": r.stability.win_share} for r in card.rows
            if r.stability.win_share is not None]
    if not rows:
        return None
    return base("Who wins when the weights move (share of weight draws)",
                height=max(60, 30 * len(rows)), data={"values": rows},
                mark={"type": "bar", "tooltip": True},
                encoding={"y": {"field": "vendor", "type": "nominal", "sort": "-x",
                                "title": None},
                          "x": {"field": "win_share", "type": "quantitative",
                                "title": "share of draws won", "scale": {"domain": [0, 1]},
                                "axis": {"format": ".0%"}},
                          "color": {"value": "#1d4ed8"}})


def frontier(card: Any) -> dict[str, Any] | None:
    """Cost against quality per vendor, the cost-quality frontier joined by a line."""
    rows = [{"vendor": r.vendor, "cost": r.annual_cost_usd, "quality": r.quality,
             "frontier": "on the frontier" if r.on_frontier else "dominated"}
            for r in card.rows if r.annual_cost_usd is not None and r.quality is not None]
    if not rows:
        return None
    front = sorted((r for r in rows if r["frontier"] == "on the frontier"),
                   key=lambda r: r["cost"])
    x = {"field": "cost", "type": "quantitative", "title": "median annual cost [USD/year]",
         "scale": {"zero": False}, "axis": {"format": "$~s"}}
    y = {"field": "quality", "type": "quantitative", "title": "quality score (non-cost)",
         "scale": {"domain": [0, 1]}}
    return base("Cost against quality", height=280, data={"values": rows}, layer=[
        {"data": {"values": front}, "mark": {"type": "line", "color": "#15803d"},
         "encoding": {"x": x, "y": y, "order": {"field": "cost"}}},
        {"mark": {"type": "point", "filled": True, "size": 90, "tooltip": True},
         "encoding": {"x": x, "y": y,
                      "color": {"field": "frontier", "type": "nominal", "title": None,
                                "scale": {"domain": ["on the frontier", "dominated"],
                                          "range": ["#15803d", "#9aa5b1"]}}}},
        {"mark": {"type": "text", "dy": -12}, "encoding": {"x": x, "y": y,
                                                           "text": {"field": "vendor"}}}])


# ------------------------------------------------------------------ exit plan


def exit_ramp(plan: Any) -> dict[str, Any]:
    """The in-house team week by week (in training, ramping, proficient) against the
    need, with the week the vendor's notice and exit assistance run out."""
    rows = []
    for w in plan.weeks:
        for key, label in (("in_training", "in training"), ("ramping", "ramping up"),
                           ("proficient", "proficient")):
            rows.append({"week": w.week, "group": label, "people": getattr(w, key)})
    cap = [{"week": w.week, "capacity": w.capacity_fte} for w in plan.weeks]
    marks = [{"week": plan.notice_weeks + plan.exit_assistance_weeks,
              "label": "notice and exit assistance end"},
             {"week": float(plan.ramp_weeks), "label": "ramp done (ready + parallel run)"}]
    x = {"field": "week", "type": "quantitative", "title": "week from notice"}
    return base(f"Taking the work back from {plan.vendor}: the in-house team by week",
                height=280, layer=[
                    {"data": {"values": rows},
                     "mark": {"type": "area", "interpolate": "step-after", "opacity": 0.8,
                              "tooltip": True},
                     "encoding": {"x": x, "y": {"field": "people", "type": "quantitative",
                                                "stack": "zero", "title": "people"},
                                  "color": {"field": "group", "type": "nominal",
                                            "title": None,
                                            "sort": ["in training", "ramping up",
                                                     "proficient"]}}},
                    {"data": {"values": cap},
                     "mark": {"type": "line", "color": "#1f2933", "interpolate": "step-after"},
                     "encoding": {"x": x, "y": {"field": "capacity", "type": "quantitative"},
                                  "tooltip": [{"field": "week"},
                                              {"field": "capacity", "title": "capacity [FTE]",
                                               "format": ".1f"}]}},
                    {"data": {"values": [{"need": plan.fte}]},
                     "mark": {"type": "rule", "strokeDash": [6, 3], "color": "#1f2933"},
                     "encoding": {"y": {"field": "need", "type": "quantitative"}}},
                    {"data": {"values": marks},
                     "mark": {"type": "rule", "strokeWidth": 2},
                     "encoding": {"x": {"field": "week", "type": "quantitative"},
                                  "color": {"field": "label", "type": "nominal", "title": None,
                                            "scale": {"range": ["#b91c1c", "#1f2933"]}},
                                  "tooltip": [{"field": "label"},
                                              {"field": "week", "format": ".1f"}]}},
                    {"data": {"values": [{"need": plan.fte, "label": "FTE needed"}]},
                     "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6},
                     "encoding": {"y": {"field": "need", "type": "quantitative"},
                                  "x": {"value": 0}, "text": {"field": "label"}}}],
                resolve={"scale": {"color": "independent"}})


# ------------------------------------------------------------------ monitoring

#: Colours of a month against its target (missed: red, the breach mark).
MISSED_COLOUR = "#b91c1c"
_STATUS_COLOURS = {"domain": ["met", "missed", "no target"],
                   "range": ["#15803d", MISSED_COLOUR, "#1d4ed8"]}


def _kpi_format(metric: str) -> tuple[str, str]:
    """(d3 format, axis title unit) of a KPI or contract metric."""
    if metric.endswith("_s"):
        return ",.0f", "seconds"
    if metric == "csat":
        return ".2f", "score"
    return ".1~%", "share"


def kpi_target_trend(title: str, metric: str, months: list[str], values: list[float | None],
                     target: float | None = None, direction: str | None = None,
                     met: list[bool | None] | None = None) -> dict[str, Any]:
    """One KPI per month as a line; the contract's target as a dashed rule; each month a
    point, red where the target was missed (the breach), green where met.

    ``months`` are ``YYYY-MM``; ``met`` (per month, null: no value) comes from the SLA
    results; without a target the points are blue ("no target").
    """
    fmt, unit = _kpi_format(metric)
    rows = []
    for i, (m, v) in enumerate(zip(months, values, strict=True)):
        if v is None:
            continue
        ok = met[i] if met is not None else None
        status = "no target" if target is None or ok is None else ("met" if ok else "missed")
        rows.append({"month": f"{m}-01", "value": v, "status": status})
    x = {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None,
         "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": max(1, len(months))}}
    y = {"field": "value", "type": "quantitative", "title": unit,
         "axis": {"format": fmt}, "scale": {"zero": False}}
    tip = [{"field": "month", "timeUnit": "yearmonth", "title": "month", "format": "%b %Y"},
           {"field": "value", "title": metric, "format": fmt}, {"field": "status"}]
    points: dict[str, Any] = {"x": x, "y": y, "tooltip": tip,
                              "color": {"value": _STATUS_COLOURS["range"][2]}}
    if target is not None:
        points["color"] = {"field": "status", "type": "nominal", "title": None,
                           "scale": _STATUS_COLOURS, "legend": {"orient": "bottom"}}
        points["shape"] = {"field": "status", "type": "nominal", "title": None,
                           "scale": {"domain": _STATUS_COLOURS["domain"],
                                     "range": ["circle", "diamond", "circle"]}}
    layer: list[dict[str, Any]] = [
        {"mark": {"type": "line", "color": "#64748b"}, "encoding": {"x": x, "y": y}},
        {"mark": {"type": "point", "filled": True, "size": 90, "tooltip": True},
         "encoding": points}]
    if target is not None:
        word = "at least" if direction == ">=" else "at most"
        shown = f"{target * 100:.4g}%" if fmt.endswith("%") else f"{target:g}"
        label = f"target: {word} {shown}"
        layer += [
            {"data": {"values": [{"target": target}]},
             "mark": {"type": "rule", "strokeDash": [6, 4], "color": MISSED_COLOUR,
                      "strokeWidth": 1.5},
             "encoding": {"y": {"field": "target", "type": "quantitative"}}},
            {"data": {"values": [{"target": target, "label": label}]},
             "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6,
                      "color": MISSED_COLOUR},
             "encoding": {"y": {"field": "target", "type": "quantitative"},
                          "x": {"value": 0}, "text": {"field": "label"}}}]
    return base(title, height=180, data={"values": rows}, layer=layer)
