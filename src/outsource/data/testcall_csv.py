"""Test-call CSV files: one call per row, validated whole before anything is stored.

Columns (header required, any order; see docs/vendors.md):

``vendor`` (required unless the command names one), ``date`` (required, ISO
8601), ``scenario`` (required), ``handled`` (required: yes/no), ``channel``
(voice, chat, email, social; default voice), ``wait_s``, ``resolved``
(yes/no), ``clarity``, ``courtesy``, ``accuracy`` (1-5), ``notes``. Empty
cells are *not recorded*. Any other column is an error, so a misspelt column
never goes unnoticed. Errors name the file, the line (header = line 1) and
the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from outsource.data.sources import decode_utf8, read_bytes
from outsource.errors import InvalidInput, NotFound, from_validation_error
from outsource.schemas.vendors import TestCallIn

COLUMNS = ("vendor", "date", "scenario", "channel", "wait_s", "handled", "resolved",
           "clarity", "courtesy", "accuracy", "notes")
REQUIRED = ("date", "scenario", "handled")
#: CSV column -> field of :class:`TestCallIn`.
FIELDS = {"date": "called_on"}


@dataclass(frozen=True)
class CallRow:
    """One validated row: its line, vendor name and call."""

    line: int
    vendor: str
    call: TestCallIn


@dataclass(frozen=True)
class CallFile:
    """A validated test-call file."""

    source: str
    sha256: str
    rows: list[CallRow]


def read_test_calls(path: str | Path, vendor: str | None = None) -> CallFile:
    """Read and validate every row of a test-call CSV (first error raised, with a count)."""
    p = Path(path)
    if not p.exists():
        raise NotFound(f"test-call file not found: {p}", source=str(p))
    raw = read_bytes(p, "test-call file")
    text = decode_utf8(raw, str(p))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput("the file is empty (a header line is required)", source=str(p),
                           line=1) from None
    except csv.Error as exc:
        raise InvalidInput(f"not valid CSV: {exc}", source=str(p), line=1) from None
    for col in header:
        if col not in COLUMNS:
            raise InvalidInput(f"unknown column (known: {', '.join(COLUMNS)})", source=str(p),
                               line=1, column=col)
    if len(set(header)) != len(header):
        raise InvalidInput("a column appears twice", source=str(p), line=1)
    need = REQUIRED + (() if vendor else ("vendor",))
    for col in need:
        if col not in header:
            raise InvalidInput("required column missing", source=str(p), line=1, column=col)
    rows: list[CallRow] = []
    errors: list[InvalidInput] = []
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InvalidInput(f"not valid CSV: {exc}", source=str(p), line=start) from None
        line = start
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(InvalidInput(f"expected {len(header)} fields, found {len(cells)}",
                                       source=str(p), line=line))
            continue
        values = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        name = values.pop("vendor", "") or vendor
        if not name:
            errors.append(InvalidInput("is required", source=str(p), line=line,
                                       column="vendor"))
            continue
        data = {FIELDS.get(k, k): v for k, v in values.items() if v != ""}
        try:
            rows.append(CallRow(line, name, TestCallIn.model_validate(data)))
        except ValidationError as exc:
            err = from_validation_error(exc)
            field = str(err.loc[0]) if err.loc else None
            column = next((c for c, f in FIELDS.items() if f == field), field)
            errors.append(InvalidInput(err.message, source=str(p), line=line, column=column))
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more rows with errors)" if len(errors) > 1 else ""
        raise InvalidInput(first.message + more, source=first.source, line=first.line,
                           column=first.column)
    if not rows:
        raise InvalidInput("no test calls in the file", source=str(p), line=line)
    return CallFile(str(p), hashlib.sha256(raw).hexdigest(), rows)
