"""Vega-Lite specs for the web pages (pure dicts), drawn in the browser by the vendored JS.

The builders live in :mod:`outsource.schemas.charts`, shared with the PDF
reports (which render the same specs to SVG with vl-convert, font DejaVu
Sans); this module re-exports them so pages keep importing
``outsource.web.charts``.

A page embeds a chart with the template macro ``chart(id, spec)`` from
``templates/_macros.html``: the spec goes into a
``<script type="application/json">`` data block (never executed) and
``static/app.js`` loads vega, vega-lite and vega-embed from ``/static`` on
the first chart of a page and draws it as SVG (also after HTMX swaps).
"""

from __future__ import annotations

from outsource.schemas.charts import (
    FONT,
    SCHEMA,
    base,
    option_costs,
    rejects_by_column,
    staffing_curve,
    tornado,
)

__all__ = ["FONT", "SCHEMA", "base", "option_costs", "rejects_by_column", "staffing_curve",
           "tornado"]
