"""Vega-Lite chart specs built in Python (pure dicts), shared by the web pages and the reports.

One spec per chart: the browser draws it with the vendored vega, vega-lite and
vega-embed scripts (``web/static/app.js``); PDF reports render the very same
spec to SVG with vl-convert (``outsource.reports.pdf``), in DejaVu Sans, a
font present on a fresh Debian machine (fonts-dejavu-core). Builders take the
typed results of this package (or plain numbers) and return dicts; nothing
here draws, reads or imports a chart library.

``width="container"`` fills the page's container in the browser; the PDF
renderer replaces it with a width in pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "DejaVu Sans"
#: Colours: in-house, vendor options, a range's band, the low and high ends of a tornado.
INHOUSE_COLOUR = "#9a3412"
OPTION_COLOUR = "#1f5f8b"
RANGE_COLOUR = "#8fb3cf"
LOW_COLOUR = "#b45309"
HIGH_COLOUR = "#1f5f8b"
CHANNEL_COLOURS = {"voice": "#1f5f8b", "chat": "#6a994e", "email": "#b45309",
                   "social": "#7b2cbf"}
_DAYS = "['Mon','Tue','Wed','Thu','Fri','Sat','Sun']"


def base(title: str, **extra: Any) -> dict[str, Any]:
    """The common frame of every chart: schema, title, font, width of its container."""
    spec: dict[str, Any] = {"$schema": SCHEMA, "title": title, "width": "container",
                            "config": {"font": FONT, "view": {"stroke": None}}}
    spec.update(extra)
    return spec


def rejects_by_column(counts: dict[str, int]) -> dict[str, Any]:
    """Horizontal bars: rejected values per column of an import, most first."""
    rows = [{"column": c, "rejects": n} for c, n in counts.items()]
    return base("Rejected rows by column", height=max(60, 28 * len(rows)),
                data={"values": rows}, mark={"type": "bar", "tooltip": True},
                encoding={
                    "y": {"field": "column", "type": "nominal", "sort": "-x", "title": None},
                    "x": {"field": "rejects", "type": "quantitative", "title": "rejected rows",
                          "axis": {"tickMinStep": 1, "format": "d"}},
                    "color": {"value": "#b45309"}})


def option_costs(options: Sequence[Any], currency: str = "USD",
                 most: int = 25) -> dict[str, Any]:
    """Annual cost of each option: the P10-P90 range as a band, the median as a point.

    ``options`` are :class:`outsource.schemas.plan.OptionResult` (money in the
    display currency: ``p10``, ``annual_cost``, ``p90``), cheapest first; the
    in-house option is drawn in its own colour. At most ``most`` options (the
    cheapest, plus in-house wherever it ranks).
    """
    shown = [o for o in options[:most]]
    shown += [o for o in options[most:] if o.pricing_model == "in_house"]
    rows = [{"option": o.name, "rank": i, "p10": o.p10, "p50": o.annual_cost, "p90": o.p90,
             "kind": "in-house" if o.pricing_model == "in_house" else "outsourcing option"}
            for i, o in enumerate(shown)]
    y = {"field": "option", "type": "nominal", "title": None,
         "sort": {"field": "rank", "order": "ascending"},
         "axis": {"labelLimit": 260}}
    colour = {"field": "kind", "type": "nominal", "title": None,
              "scale": {"domain": ["in-house", "outsourcing option"],
                        "range": [INHOUSE_COLOUR, OPTION_COLOUR]},
              "legend": {"orient": "bottom"}}
    money = {"type": "quantitative", "title": f"annual cost [{currency}/year]",
             "axis": {"format": "~s"}, "scale": {"zero": False}}
    return base(f"Annual cost by option: median and P10-P90 ({currency}/year)",
                height=max(80, 18 * len(rows)), data={"values": rows},
                layer=[
                    {"mark": {"type": "rule", "strokeWidth": 6, "color": RANGE_COLOUR},
                     "encoding": {"y": y, "x": {"field": "p10", **money},
                                  "x2": {"field": "p90"}}},
                    {"mark": {"type": "point", "filled": True, "size": 60, "tooltip": True},
                     "encoding": {"y": y, "x": {"field": "p50", **money}, "color": colour}},
                ])


def staffing_curve(hour_of_week: Sequence[float], agents: Sequence[float],
                   channel: Sequence[str], title: str = "Agents required by interval"
                   ) -> dict[str, Any]:
    """Agents on the phones per interval, stacked by channel, over the week.

    ``hour_of_week`` is each interval's start in hours since Monday 00:00
    (local time) of the workload's first week; a workload of several weeks
    runs on past 168.
    """
    rows = [{"h": float(h), "agents": float(a), "channel": str(c)}
            for h, a, c in zip(hour_of_week, agents, channel, strict=True)]
    top = max((r["h"] for r in rows), default=0.0)
    ticks = [24.0 * k for k in range(int(top // 24) + 2)]
    names = sorted({r["channel"] for r in rows})
    return base(title, height=200, data={"values": rows},
                mark={"type": "area", "interpolate": "step-after", "tooltip": True},
                encoding={
                    "x": {"field": "h", "type": "quantitative", "title": None,
                          "scale": {"domain": [0, ticks[-1]], "nice": False},
                          "axis": {"values": ticks, "labelExpr":
                                   f"{_DAYS}[floor(datum.value / 24) % 7]",
                                   "labelAlign": "left"}},
                    "y": {"field": "agents", "type": "quantitative", "stack": "zero",
                          "title": "agents on contacts", "aggregate": "sum"},
                    "color": {"field": "channel", "type": "nominal", "title": None,
                              "scale": {"domain": names,
                                        "range": [CHANNEL_COLOURS.get(n, "#555")
                                                  for n in names]},
                              "legend": {"orient": "bottom"}}})


def tornado(rows: Sequence[Any], base_savings: float, option: str,
            currency: str = "USD") -> dict[str, Any]:
    """One bar per input from the base savings to the savings at its low and at its high end.

    ``rows`` are :class:`outsource.schemas.plan.Sensitivity` (display currency:
    ``savings_at_low``, ``savings_at_high``), largest swing first; ``base_savings``
    is the savings with every input central.
    """
    data = []
    for rank, s in enumerate(rows):
        for end, value in (("input at its low end", s.savings_at_low),
                           ("input at its high end", s.savings_at_high)):
            data.append({"input": s.input, "rank": rank, "end": end, "savings": value,
                         "base": base_savings})
    y = {"field": "input", "type": "nominal", "title": None,
         "sort": {"field": "rank", "order": "ascending"}, "axis": {"labelLimit": 260}}
    return base(f"Sensitivity of the savings of {option} ({currency}/year)",
                height=max(80, 24 * len(rows)), data={"values": data},
                layer=[
                    {"mark": {"type": "bar", "tooltip": True, "opacity": 0.9},
                     "encoding": {
                         "y": y,
                         "x": {"field": "savings", "type": "quantitative",
                               "title": f"savings against in-house [{currency}/year]",
                               "axis": {"format": "~s"}, "scale": {"zero": False}},
                         "x2": {"field": "base"},
                         "color": {"field": "end", "type": "nominal", "title": None,
                                   "scale": {"domain": ["input at its low end",
                                                        "input at its high end"],
                                             "range": [LOW_COLOUR, HIGH_COLOUR]},
                                   "legend": {"orient": "bottom"}}}},
                    {"mark": {"type": "rule", "color": "#111"},
                     "encoding": {"x": {"datum": base_savings, "type": "quantitative"}}},
                ])


#: Colours of a trend: the months met (or without a target), breaches, the forecast.
MET_COLOUR = "#1f5f8b"
BREACH_COLOUR = "#b91c1c"
FORECAST_COLOUR = "#6b7280"


def metric_trend(title: str, months: Sequence[str], values: Sequence[float | None],
                 unit: str = "", *, target: float | None = None,
                 met: Sequence[bool | None] | None = None, forecast_month: str | None = None,
                 forecast: float | None = None, forecast_lo: float | None = None,
                 forecast_hi: float | None = None, share: bool = False,
                 height: int = 120) -> dict[str, Any]:
    """A metric by month: the line of its values, the target as a dashed rule, the months
    that breached it as red crosses, and next month's forecast with its prediction
    interval (grey point and bar).

    ``months`` are ``YYYY-MM`` labels, oldest first; ``values`` null where none;
    ``met`` per month (true, false = breach, null = not assessed) when there is a
    target; ``share`` formats the axis as percentages.
    """
    met = list(met) if met is not None else [None] * len(months)
    rows = [{"month": m, "value": v,
             "status": ("breach" if ok is False else "met" if ok else
                        "no target" if target is None else "not assessed")}
            for m, v, ok in zip(months, values, met, strict=True) if v is not None]
    order = [*months, *([forecast_month] if forecast_month and forecast is not None else [])]
    x = {"field": "month", "type": "ordinal", "title": None, "sort": order,
         "scale": {"domain": order}, "axis": {"labelAngle": 0}}
    present = [s for s in ("met", "breach", "no target", "not assessed")
               if any(r["status"] == s for r in rows)]
    looks = {"met": ("circle", MET_COLOUR), "breach": ("cross", BREACH_COLOUR),
             "no target": ("circle", MET_COLOUR), "not assessed": ("circle", FORECAST_COLOUR)}
    y = {"field": "value", "type": "quantitative", "title": unit or None,
         "scale": {"zero": False}, "axis": {"format": ".0%" if share else "~s"}}
    layers: list[dict[str, Any]] = [
        {"data": {"values": rows}, "mark": {"type": "line", "color": MET_COLOUR},
         "encoding": {"x": x, "y": y}},
        {"data": {"values": rows},
         "mark": {"type": "point", "filled": True, "size": 50, "tooltip": True},
         "encoding": {"x": x, "y": y, "shape": {
             "field": "status", "type": "nominal", "title": None,
             "scale": {"domain": present, "range": [looks[s][0] for s in present]},
             "legend": None},
             "color": {"field": "status", "type": "nominal", "title": None,
                       "scale": {"domain": present, "range": [looks[s][1] for s in present]},
                       "legend": None if target is None else {"orient": "right"}}}},
    ]
    if target is not None:
        layers.append({"data": {"values": [{"target": target}]},
                       "mark": {"type": "rule", "color": BREACH_COLOUR, "strokeDash": [4, 3]},
                       "encoding": {"y": {"field": "target", "type": "quantitative"}}})
    if forecast_month and forecast is not None:
        f = {"month": forecast_month, "value": forecast,
             "lo": forecast if forecast_lo is None else forecast_lo,
             "hi": forecast if forecast_hi is None else forecast_hi}
        layers.append({"data": {"values": [f]},
                       "mark": {"type": "rule", "color": FORECAST_COLOUR, "strokeWidth": 2},
                       "encoding": {"x": x, "y": {**y, "field": "lo"}, "y2": {"field": "hi"}}})
        layers.append({"data": {"values": [f]},
                       "mark": {"type": "point", "filled": False, "size": 60,
                                "color": FORECAST_COLOUR, "tooltip": True},
                       "encoding": {"x": x, "y": y}})
    return base(title, height=height, layer=layers)
