"""Invoice files: a vendor's bill as CSV, one billed line per row, validated whole.

Columns (header required, any order; docs/monitoring.md, "Invoice check"):

``vendor``, ``period`` (the calendar month billed, ``YYYY-MM``), ``line`` (the
invoice's own line reference, unique per vendor and period), ``quantity``
(>= 0), ``unit`` (``minute``, ``hour``, ``agent_month`` or ``month``; plurals
and ``min``/``h`` accepted), ``unit_price`` (USD per unit, >= 0) are required;
``channel`` (``voice``, ``chat``, ``email``, ``social``: the line bills only
that channel's work) and ``description`` are optional. Any other column is an
error, so a misspelt column never goes unnoticed. Every error names the file,
the line (header = line 1) and the column; the first is raised with the count
of the others, and nothing is read from a file with an error.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from outsource.data.small_csv import parse_rows, read_source
from outsource.data.sources import Source
from outsource.errors import InvalidInput

COLUMNS = ("vendor", "period", "line", "quantity", "unit", "unit_price", "channel",
           "description")
REQUIRED = ("vendor", "period", "line", "quantity", "unit", "unit_price")
CHANNELS = ("voice", "chat", "email", "social")
#: Spellings of each unit -> the canonical unit.
UNITS = {"minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
         "hour": "hour", "hours": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
         "agent_month": "agent_month", "agent_months": "agent_month",
         "agent-month": "agent_month", "agent-months": "agent_month",
         "month": "month", "months": "month"}
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class InvoiceLine:
    """One billed line as read: ``file_line`` is its line in the file (header = 1)."""

    file_line: int
    vendor: str
    period: str
    line: str
    quantity: float
    unit: str
    unit_price: float
    channel: str | None
    description: str | None

    @property
    def amount_usd(self) -> float:
        """What the line bills: quantity x unit price [USD]."""
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class InvoiceFile:
    """A validated invoice file: its name, the SHA-256 of its bytes and its lines."""

    source: str
    sha256: str
    lines: list[InvoiceLine]


def _number(text: str, label: str, line: int, column: str) -> float:
    try:
        value = float(text.replace(",", "").replace("$", ""))
    except ValueError:
        raise InvalidInput(f"'{text}' is not a number", source=label, line=line,
                           column=column) from None
    if not math.isfinite(value):
        raise InvalidInput(f"'{text}' is not a finite number", source=label, line=line,
                           column=column)
    if value < 0:
        raise InvalidInput(f"must be >= 0, got {text} (a credit belongs on a credit note, "
                           "not as a negative line)", source=label, line=line, column=column)
    return value


def _row(values: dict[str, str], label: str, line: int) -> InvoiceLine:
    for col in REQUIRED:
        if not values.get(col, ""):
            raise InvalidInput("is empty", source=label, line=line, column=col)
    period = values["period"]
    if not _PERIOD.match(period):
        raise InvalidInput(f"'{period}' is not a month (YYYY-MM)", source=label, line=line,
                           column="period")
    unit = UNITS.get(values["unit"].strip().lower())
    if unit is None:
        raise InvalidInput(f"unknown unit '{values['unit']}' (minute, hour, agent_month or "
                           "month)", source=label, line=line, column="unit")
    channel = values.get("channel", "").lower() or None
    if channel is not None and channel not in CHANNELS:
        raise InvalidInput(f"unknown channel '{channel}' (one of {', '.join(CHANNELS)})",
                           source=label, line=line, column="channel")
    return InvoiceLine(
        file_line=line, vendor=values["vendor"], period=period, line=values["line"],
        quantity=_number(values["quantity"], label, line, "quantity"), unit=unit,
        unit_price=_number(values["unit_price"], label, line, "unit_price"),
        channel=channel, description=values.get("description") or None)


def read_invoice(src: Source, *, name: str = "invoice.csv") -> InvoiceFile:
    """Read and validate every line of an invoice CSV (a path, or the bytes of an upload).

    Raises
    ------
    NotFound
        The path does not exist.
    InvalidInput
        Not UTF-8, no header, an unknown or missing column, a bad value (the first
        error, with the count of the others), a line reference used twice for one
        vendor and period, or no lines at all.
    """
    raw, label = read_source(src, name, "invoice file")
    lines = parse_rows(raw, label, COLUMNS, REQUIRED, _row,
                       key=lambda r: (r.vendor, r.period, r.line),
                       twice=lambda r, first: (f"line reference '{r.line}' of {r.vendor} "
                                               f"{r.period} appears twice (first on line "
                                               f"{first})", "line"))
    if not lines:
        raise InvalidInput("no invoice lines in the file", source=label, line=2)
    return InvoiceFile(label, hashlib.sha256(raw).hexdigest(), lines)
