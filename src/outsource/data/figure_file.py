"""Figures entered by hand: SLA values the logs cannot give (e.g. CSAT from a survey tool).

CSV with a header (any order): ``vendor``, ``month`` (``YYYY-MM``), ``metric``
(a contract metric name), ``value`` (in the metric's unit: a share 0-1 for
rates, seconds for ``asa_s``/``aht_s``, the survey's scale for ``csat``)
required; ``note`` (where the figure comes from) optional. Every error names
the file, line and column; the first is raised with the count of the others.
Whether the vendor and metric belong to a contract is checked by the service
that uses the figures (``services.sla``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

from outsource.core.contract import METRICS, RATE_METRICS
from outsource.data.sources import Source, is_bytes, load
from outsource.errors import InvalidInput, NotFound

COLUMNS = ("vendor", "month", "metric", "value", "note")
REQUIRED = ("vendor", "month", "metric", "value")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Figure:
    """One figure entered by hand; ``line`` is its line in the file (header = 1)."""

    line: int
    vendor: str
    month: str
    metric: str
    value: float
    note: str | None


@dataclass(frozen=True)
class FigureFile:
    """A validated figures file."""

    source: str
    figures: list[Figure]


def _figure(v: dict[str, str], label: str, line: int) -> Figure:
    for col in REQUIRED:
        if not v.get(col, ""):
            raise InvalidInput("is empty", source=label, line=line, column=col)
    if not _MONTH.match(v["month"]):
        raise InvalidInput(f"'{v['month']}' is not a month (YYYY-MM)", source=label, line=line,
                           column="month")
    metric = v["metric"]
    if metric not in METRICS:
        raise InvalidInput(f"unknown metric '{metric}' (one of {', '.join(METRICS)})",
                           source=label, line=line, column="metric")
    try:
        value = float(v["value"])
    except ValueError:
        raise InvalidInput(f"'{v['value']}' is not a number", source=label, line=line,
                           column="value") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"must be a number >= 0, got {v['value']}", source=label, line=line,
                           column="value")
    if metric in RATE_METRICS and value > 1:
        raise InvalidInput(f"{metric} is a share: give a value between 0 and 1, got "
                           f"{v['value']}", source=label, line=line, column="value")
    return Figure(line, v["vendor"], v["month"], metric, value, v.get("note") or None)


def read_figures(src: Source, *, name: str = "figures.csv") -> FigureFile:
    """Read and validate a figures file (a path or bytes); a figure given twice (same
    vendor, month and metric) is an error."""
    try:
        loaded = load(src, name if is_bytes(src) else None, what="figures file")
    except NotFound as exc:
        raise NotFound(exc.message, source=str(src)) from None
    raw, label = loaded.data, loaded.full
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=label) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidInput("the file is empty (a header line is required: "
                           + ",".join(REQUIRED) + ")", source=label, line=1) from None
    for col in header:
        if col not in COLUMNS:
            raise InvalidInput(f"unknown column (known: {', '.join(COLUMNS)})", source=label,
                               line=1, column=col)
    for col in REQUIRED:
        if col not in header:
            raise InvalidInput("required column missing", source=label, line=1, column=col)
    out: list[Figure] = []
    errors: list[InvalidInput] = []
    seen: dict[tuple[str, str, str], int] = {}
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InvalidInput(f"not valid CSV: {exc}", source=label, line=start) from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(InvalidInput(f"expected {len(header)} fields, found {len(cells)}",
                                       source=label, line=start))
            continue
        try:
            f = _figure({h: c.strip() for h, c in zip(header, cells, strict=True)}, label,
                        start)
        except InvalidInput as exc:
            errors.append(exc)
            continue
        key = (f.vendor, f.month, f.metric)
        if key in seen:
            errors.append(InvalidInput(f"{f.metric} of {f.vendor} for {f.month} is given twice "
                                       f"(first on line {seen[key]})", source=label,
                                       line=start, column="metric"))
            continue
        seen[key] = start
        out.append(f)
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more rows with errors)" if len(errors) > 1 else ""
        raise InvalidInput(first.message + more, source=first.source, line=first.line,
                           column=first.column)
    return FigureFile(label, out)
