"""Small CSV files a person writes or a vendor sends (invoices, hand-entered SLA figures).

One reader for their shared rules, so each file type states only its columns and
how one row becomes a record: UTF-8 text with a header line; unknown, repeated or
missing columns refused at line 1; blank lines skipped; a row with the wrong
number of fields, a bad value or a repeated key is an error naming its line and
column; every row is checked before any is refused, and the first error is
raised with the count of the others, so nothing is half-read (docs/credits.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable
from typing import TypeVar

from outsource.data.sources import Source, is_bytes, load
from outsource.errors import InvalidInput, NotFound

T = TypeVar("T")


def read_source(src: Source, name: str, what: str) -> tuple[bytes, str]:
    """The file's bytes and the label errors name it by (a path, or an upload's ``name``)."""
    try:
        loaded = load(src, name if is_bytes(src) else None, what=what)
    except NotFound as exc:
        raise NotFound(exc.message, source=str(src)) from None
    return loaded.data, loaded.full


def parse_rows(raw: bytes, label: str, columns: tuple[str, ...], required: tuple[str, ...],
               parse: Callable[[dict[str, str], str, int], T],
               key: Callable[[T], Hashable],
               twice: Callable[[T, int], tuple[str, str]]) -> list[T]:
    """Every data row of ``raw`` parsed by ``parse(values, label, line)``.

    Parameters
    ----------
    raw : bytes
        The file's content (UTF-8, a byte-order mark allowed).
    label : str
        The file name errors report.
    columns, required : tuple of str
        The known columns (lower case) and those that must be present.
    parse : callable
        Turns one row's stripped values (by column) into a record, or raises
        :class:`InvalidInput` located at the row.
    key : callable
        A record's identity: two records with the same key are an error.
    twice : callable
        ``(record, first_line) -> (message, column)`` for a repeated key.

    Raises
    ------
    InvalidInput
        Not UTF-8, not valid CSV, no header, an unknown, repeated or missing column,
        or the first bad row (with the count of the others).
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text", source=label) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidInput("the file is empty (a header line is required: "
                           + ",".join(required) + ")", source=label, line=1) from None
    except csv.Error as exc:
        raise InvalidInput(f"not valid CSV: {exc}", source=label, line=1) from None
    for col in header:
        if col not in columns:
            raise InvalidInput(f"unknown column (known: {', '.join(columns)})", source=label,
                               line=1, column=col)
    if len(set(header)) != len(header):
        raise InvalidInput("a column appears twice", source=label, line=1)
    for col in required:
        if col not in header:
            raise InvalidInput("required column missing", source=label, line=1, column=col)
    out: list[T] = []
    errors: list[InvalidInput] = []
    seen: dict[Hashable, int] = {}
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
            record = parse({h: c.strip() for h, c in zip(header, cells, strict=True)}, label,
                           start)
        except InvalidInput as exc:
            errors.append(exc)
            continue
        k = key(record)
        if k in seen:
            message, column = twice(record, seen[k])
            errors.append(InvalidInput(message, source=label, line=start, column=column))
            continue
        seen[k] = start
        out.append(record)
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more rows with errors)" if len(errors) > 1 else ""
        raise InvalidInput(first.message + more, source=first.source, line=first.line,
                           column=first.column)
    return out
