"""The report pipeline every report shares: sections -> HTML -> PDF, and workbook helpers.

A report is a :class:`Document`: a title, a few lines of metadata and an
ordered list of :class:`Section`\\ s, each rendered by one Jinja2 partial of
``reports/templates`` (``plan/_summary.html.j2``, ``vendor/_contract.html.j2``)
with its own context. :func:`render_html` puts them in ``report.html.j2`` (a
print stylesheet, ``report.css``, DejaVu fonts); :func:`write_pdf` turns that
HTML into a PDF with WeasyPrint. Charts are the Vega-Lite specs of
:mod:`outsource.schemas.charts`: in a PDF each is rendered to SVG by vl-convert
(font DejaVu Sans) and embedded inline, so it stays vector graphics; the web
pages draw the same spec in the browser (:func:`install` with ``charts="vega"``
puts the same partials and filters into the web app's Jinja2 environment).

The workbook side (:class:`Book`) wraps XlsxWriter: formats, tables, defined
names, and the whole-or-nothing write. A new report fills sections and sheets;
the machinery stays the same.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from outsource.errors import InvalidInput

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "report.css"
FONT = "DejaVu Sans"
#: Folder of fonts-dejavu-core on Debian; vl-convert is pointed at it when it exists.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
#: Vega-Lite version vl-convert renders with (the web vendors vega-lite 6.4.3).
VL_VERSION = "6.4"
#: Width of a chart in a PDF page [px at 96 dpi].
CHART_WIDTH = 560
#: Text printed where a value is missing (never a blank cell).
MISSING = "not available"


# ---------------------------------------------------------------- document model


@dataclass
class Chart:
    """A chart: an id (unique in the document) and its Vega-Lite spec."""

    id: str
    spec: dict[str, Any]
    label: str = "chart"


@dataclass
class Section:
    """One part of a report: its heading, the partial that renders it, and its context.

    ``missing`` lists what the part could not show and why; the base template
    prints it after the part, so nothing is left blank. ``wide`` sets the part on
    landscape pages (wide tables).
    """

    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    page_break: bool = True
    wide: bool = False


@dataclass
class Document:
    """A report: title, subtitle, metadata lines and sections, in order."""

    kind: str
    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    sections: list[Section]


# ---------------------------------------------------------------- filters


def money(x: float | None, currency: str = "") -> str:
    """``1,234,567`` (no decimals), ``currency`` in front when given; missing: the word."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    text = f"{x:,.0f}"
    return f"{currency} {text}" if currency else text


def money2(x: float | None) -> str:
    """Money with cents: ``12.34``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    return f"{x:,.2f}"


def share(x: float | None, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.314`` -> ``31%``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    return f"{100 * x:.{digits}f}%"


def number(x: float | None, digits: int = 1) -> str:
    """A number with thousands separators and ``digits`` decimals."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    return f"{x:,.{digits}f}"


def general(x: Any) -> str:
    """A value as text: numbers compactly (``0.105``, ``19.08``, ``2,080``)."""
    if x is None or x == "":
        return MISSING
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int | float):
        if not math.isfinite(x):
            return MISSING
        if abs(x) >= 1000:
            return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"
        return f"{x:.6g}"
    return str(x)


def or_missing(x: Any, word: str = MISSING) -> Any:
    """``x``, or ``word`` when it is None or empty."""
    return word if x is None or x == "" or x == [] else x


FILTERS: dict[str, Callable[..., Any]] = {
    "money": money, "money2": money2, "share": share, "number": number,
    "general": general, "or_missing": or_missing,
}


# ---------------------------------------------------------------- charts


@cache
def _vl():  # noqa: ANN202 - the vl_convert module, imported on the first chart
    import vl_convert

    if FONT_DIR.is_dir():
        vl_convert.register_font_directory(str(FONT_DIR))
    return vl_convert


def sized(spec: dict[str, Any], width: int = CHART_WIDTH) -> dict[str, Any]:
    """A copy of ``spec`` with a fixed width (``"container"`` means nothing off screen)."""
    out = json.loads(json.dumps(spec))
    if out.get("width") == "container":
        out["width"] = width
    out.setdefault("config", {})["font"] = FONT
    return out


def svg(spec: dict[str, Any], width: int = CHART_WIDTH) -> str:
    """The chart as SVG (vector graphics), drawn by vl-convert in DejaVu Sans."""
    text = _vl().vegalite_to_svg(sized(spec, width), vl_version=VL_VERSION)
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _chart_svg(c: Chart) -> str:
    from markupsafe import Markup

    return Markup(f'<figure class="chart" id="{c.id}" role="img" aria-label="{c.label}">'
                  f"{svg(c.spec)}</figure>")


def _chart_vega(c: Chart) -> str:
    from markupsafe import Markup, escape

    spec = json.dumps(c.spec).replace("</", "<\\/")
    return Markup(f'<figure class="chart" data-vega-spec="{c.id}-spec" role="img" '
                  f'aria-label="{escape(c.label)}"></figure>'
                  f'<script type="application/json" id="{c.id}-spec">{spec}</script>')


def install(env: Any, charts: str = "svg") -> Any:
    """Give a Jinja2 environment the reports' filters and a ``chart_figure(c)`` function.

    ``charts="svg"``: inline SVG (PDF); ``"vega"``: the spec in a JSON block that
    the web app's script draws (the web pages use the same partials).
    """
    env.filters.update(FILTERS)
    env.globals["chart_figure"] = _chart_svg if charts == "svg" else _chart_vega
    env.globals["MISSING"] = MISSING
    return env


@cache
def environment() -> Any:
    """The reports' Jinja2 environment (templates of this package, autoescaped)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(("html.j2", "html")),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    return install(env, "svg")


def render_html(doc: Document) -> str:
    """The document as one standalone HTML page, charts inline as SVG."""
    env = environment()
    css = STYLESHEET.read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(doc=doc, css=css)


def write_pdf(html: str, out: Path) -> int:
    """Write ``html`` as a PDF to ``out``; returns its page count."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render()
    document.write_pdf(str(out))
    return len(document.pages)


# ---------------------------------------------------------------- files


def check_suffix(path: Path | None, suffix: str, field: str) -> None:
    """Refuse an output file whose suffix is not ``suffix`` (naming the field)."""
    if path is not None and path.suffix.lower() != suffix:
        raise InvalidInput(f"write a {suffix} file (got '{path.name}')", field=field)


def write_all(writers: Sequence[tuple[Path, Callable[[Path], object]]]) -> None:
    """Write every file or none: each to ``NAME.part`` first, renamed when all are done."""
    done: list[tuple[Path, Path]] = []
    try:
        for out, write in writers:
            tmp = out.with_name(out.name + ".part")
            done.append((tmp, out))
            write(tmp)
        for tmp, out in done:
            tmp.replace(out)
    except OSError as exc:
        raise InvalidInput(f"cannot write: {exc.strerror or exc}",
                           source=str(done[-1][1]) if done else None) from None
    finally:
        for tmp, _ in done:
            tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- workbooks


@dataclass(frozen=True)
class Column:
    """A column of a workbook table: header, width, format name, and how to get the value."""

    header: str
    width: float
    fmt: str = "text"
    value: Callable[[Any], Any] = lambda row: row


class Book:
    """An XlsxWriter workbook with the reports' formats and table helpers.

    Formats: ``text``, ``wrap``, ``bold``, ``title``, ``header``, ``money``,
    ``money2``, ``share``, ``number``, ``int``, ``general``, ``input`` (an
    assumption a user may change: yellow), ``formula`` (a live total).
    """

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                                  "strings_to_formulas": False,
                                                  "nan_inf_to_errors": True})
        base = {"font_name": "DejaVu Sans", "font_size": 9, "valign": "top"}
        f = self.wb.add_format
        self.fmt = {
            "text": f(base), "wrap": f({**base, "text_wrap": True}),
            "bold": f({**base, "bold": True}),
            "title": f({**base, "bold": True, "font_size": 14}),
            "subtitle": f({**base, "italic": True, "font_color": "#555555"}),
            "header": f({**base, "bold": True, "bg_color": "#e5edf3", "border": 1,
                         "text_wrap": True}),
            "money": f({**base, "num_format": "#,##0"}),
            "money2": f({**base, "num_format": "#,##0.00"}),
            "share": f({**base, "num_format": "0.0%"}),
            "number": f({**base, "num_format": "#,##0.0"}),
            "int": f({**base, "num_format": "#,##0"}),
            "general": f({**base, "num_format": "General"}),
            "input": f({**base, "num_format": "General", "bg_color": "#fff4c2",
                        "border": 1, "border_color": "#c9a400"}),
            "formula": f({**base, "num_format": "#,##0.00", "bg_color": "#eef6ee"}),
            "total": f({**base, "num_format": "#,##0.00", "bold": True,
                        "bg_color": "#dcefdc", "top": 1}),
        }

    def sheet(self, name: str, title: str, subtitle: str = "") -> Any:
        """A new worksheet with a title in A1 and a subtitle in A2."""
        ws = self.wb.add_worksheet(name)
        ws.write_string(0, 0, title, self.fmt["title"])
        if subtitle:
            ws.write_string(1, 0, subtitle, self.fmt["subtitle"])
        return ws

    def cell(self, ws: Any, row: int, col: int, value: Any, fmt: str = "text") -> None:
        """Write one value; a missing one (None, NaN, empty) as the word, never a blank."""
        f = self.fmt[fmt]
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            ws.write_string(row, col, MISSING, self.fmt["text"])
        elif isinstance(value, bool):
            ws.write_string(row, col, "yes" if value else "no", f)
        elif isinstance(value, int | float):
            ws.write_number(row, col, float(value), f)
        else:
            text = str(value)
            ws.write_string(row, col, text if text else MISSING, f)

    def table(self, ws: Any, top: int, columns: Sequence[Column], rows: Iterable[Any],
              left: int = 0) -> int:
        """A header row at ``top`` and one row per item; returns the next free row."""
        for j, c in enumerate(columns):
            ws.write_string(top, left + j, c.header, self.fmt["header"])
            ws.set_column(left + j, left + j, c.width)
        r = top + 1
        for item in rows:
            for j, c in enumerate(columns):
                self.cell(ws, r, left + j, c.value(item), c.fmt)
            r += 1
        return r

    def name(self, name: str, sheet: str, row: int, col: int) -> None:
        """Define workbook name ``name`` on one cell (absolute reference)."""
        from xlsxwriter.utility import xl_rowcol_to_cell

        ref = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        self.wb.define_name(name, f"='{sheet}'!{ref}")

    def close(self) -> None:
        """Write the file."""
        self.wb.close()
