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

import math
import re
from dataclasses import dataclass

from outsource.core.contract import METRICS, RATE_METRICS
from outsource.data.small_csv import parse_rows, read_source
from outsource.data.sources import Source
from outsource.errors import InvalidInput

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
    raw, label = read_source(src, name, "figures file")
    out = parse_rows(raw, label, COLUMNS, REQUIRED, _figure,
                     key=lambda f: (f.vendor, f.month, f.metric),
                     twice=lambda f, first: (f"{f.metric} of {f.vendor} for {f.month} is given "
                                             f"twice (first on line {first})", "metric"))
    return FigureFile(label, out)
