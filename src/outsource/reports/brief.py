"""The hand-over brief as Markdown and HTML (Jinja2 templates in ``reports/templates``)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from outsource.reports.escape import finalize, md, verbatim
from outsource.schemas.vendors import HandoverBrief


def _env() -> Environment:
    env = Environment(loader=PackageLoader("outsource.reports", "templates"),
                      autoescape=select_autoescape(["html.j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=finalize)
    env.filters["verbatim"] = verbatim
    env.filters["md"] = md
    env.filters["pct"] = lambda x: "n/a" if x is None else f"{100 * x:.1f}%"
    env.filters["secs"] = lambda x: "n/a" if x is None else f"{x:,.0f} s"
    env.filters["num"] = lambda x: f"{x:,}"
    env.filters["usd"] = lambda x: "no limit" if x is None else f"${x:,.0f}"
    # in a table cell: one line (finalize escapes the pipes and the rest)
    env.filters["mdcell"] = lambda x: str(x).replace("\n", " ")
    return env


def _context(b: HandoverBrief) -> dict:
    top = max(b.hourly_contacts) if b.hourly_contacts else 0
    return {"b": b, "hour_bars": [(h, n, n / top if top else 0.0)
                                  for h, n in enumerate(b.hourly_contacts)]}


def render_markdown(b: HandoverBrief) -> str:
    """The brief as Markdown."""
    return _env().get_template("brief.md.j2").render(**_context(b))


def render_html(b: HandoverBrief) -> str:
    """The brief as a self-contained HTML page (no scripts, no external files)."""
    return _env().get_template("brief.html.j2").render(**_context(b))
