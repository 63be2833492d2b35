"""Vega-Lite specs built in Python (pure dicts), drawn in the browser by the vendored JS.

A page embeds a chart with the template macro ``chart(id, spec)`` from
``templates/_macros.html``: the spec goes into a
``<script type="application/json">`` data block (never executed) and
``static/app.js`` loads vega, vega-lite and vega-embed from ``/static`` on
the first chart of a page and draws it as SVG (also after HTMX swaps).
PDF reports render the same specs with vl-convert (font DejaVu Sans).
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "DejaVu Sans"


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
