"""Source readers: CSV/TSV (any delimiter, CRLF, quoted, gzip) and Parquet.

A source becomes a DuckDB view ``src`` of VARCHAR columns, in file order (a
record's number is its 1-based position: the loader keeps the order in its
stage table and uses that table's row id). CSV rows that cannot be split into
the header's columns are caught by DuckDB's rejects scan and reported with
their line number; :func:`line_numbers` turns record numbers of rows rejected
later into editor line numbers (header, blank lines and quoted newlines
included).
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from outsource.data.mapping import Mapping
from outsource.data.sql_expr import ident, lit
from outsource.errors import InvalidInput, NotFound

Progress = Callable[[int, int], None]
CHUNK = 8 * 1024 * 1024
_PARQUET = (".parquet", ".pq")


@dataclass
class FileScan:
    """What one pass over the file's bytes found.

    Attributes
    ----------
    sha256 : str
        Hash of the file's bytes (as stored, compressed or not).
    size : int
        File size [bytes].
    blank_lines : list[int]
        Editor line numbers of empty lines (DuckDB skips them).
    has_quotes : bool
        Whether the text contains the quote character (quoted newlines possible).
    binary : bool
        Parquet: no text lines; a row's "line" is its 1-based row number.
    """

    sha256: str
    size: int
    blank_lines: list[int] = field(default_factory=list)
    has_quotes: bool = False
    binary: bool = False


def file_format(path: Path, mapping: Mapping | None) -> str:
    """'csv' or 'parquet', from the mapping or the file name."""
    if mapping is not None and mapping.format:
        return mapping.format
    return "parquet" if path.suffix.lower() in _PARQUET else "csv"


def _chunks(path: Path, progress: Progress | None) -> Iterator[bytes]:
    """Yield the file's text in chunks (decompressed for .gz), reporting progress."""
    total = path.stat().st_size
    with path.open("rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if path.suffix.lower() == ".gz" else raw
        while block := stream.read(CHUNK):
            if progress is not None:
                progress(min(raw.tell(), total), total)
            yield block


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def scan_file(
    path: Path, quote: str = '"', progress: Progress | None = None, fmt: str | None = None
) -> FileScan:
    """Hash the file and locate blank lines in one streaming pass (hashing in a thread)."""
    if not path.is_file():
        raise NotFound(f"file {path} does not exist")
    if (fmt or file_format(path, None)) == "parquet":
        return FileScan(sha256=_sha256(path), size=path.stat().st_size, binary=True)
    gz = path.suffix.lower() == ".gz"
    digest = hashlib.sha256()
    scan = FileScan(sha256="", size=path.stat().st_size)
    tail, newlines, qbyte = b"", 0, quote.encode()
    # hashlib releases the GIL on large blocks: hash in a worker thread (in
    # order, one block at a time) while this thread looks for blank lines.
    with ThreadPoolExecutor(max_workers=1) as pool:
        whole = pool.submit(_sha256, path) if gz else None
        pending: Future[None] | None = None
        for text in _chunks(path, progress):
            if not gz:
                if pending is not None:
                    pending.result()
                pending = pool.submit(digest.update, text)
            scan.has_quotes = scan.has_quotes or qbyte in text
            newlines = _blank_lines(tail, text, newlines, scan.blank_lines)
            tail = (tail + text[-2:])[-2:]
        if pending is not None:
            pending.result()
        scan.sha256 = whole.result() if whole is not None else digest.hexdigest()
    return scan


_BLANK = re.compile(rb"\n(?=(\r?\n))")


def _blank_lines(tail: bytes, chunk: bytes, newlines: int, out: list[int]) -> int:
    """Append line numbers of blank lines in ``tail + chunk``; return the newline count.

    ``tail`` is the last two bytes already seen, ``newlines`` the newlines seen so far.
    """
    buf = tail + chunk
    count, pos = newlines - tail.count(b"\n"), 0
    for m in _BLANK.finditer(buf):
        i = m.start()
        if i + 1 + len(m.group(1)) <= len(tail):
            continue
        count += buf.count(b"\n", pos, i + 1)
        pos = i + 1
        out.append(count + 1)
    return newlines + chunk.count(b"\n")


def _csv_args(path: Path, mapping: Mapping | None) -> str:
    args = [
        lit(str(path)),
        "all_varchar=true",
        "store_rejects=true",
        "rejects_table='__rejects'",
        "rejects_scan='__rejects_scan'",
    ]
    args.append(f"header={'true' if mapping is None or mapping.header else 'false'}")
    if mapping is not None and mapping.delimiter:
        args.append(f"delim={lit(mapping.delimiter)}")
    if mapping is not None and mapping.quote:
        args.append(f"quote={lit(mapping.quote)}")
    return ", ".join(args)


def source_sql(path: Path, fmt: str, mapping: Mapping | None) -> str:
    """The table function reading the file with every column as text."""
    if fmt == "parquet":
        return f"read_parquet({lit(str(path))})"
    return f"read_csv({_csv_args(path, mapping)})"


def header(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, mapping: Mapping | None
) -> list[str]:
    """Column names of the source (sniffed for CSV)."""
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {source_sql(path, fmt, mapping)}").fetchall()
    except duckdb.Error as exc:
        raise InvalidInput(f"cannot read as {fmt}: {_first_line(exc)}", source=str(path)) from exc
    return [r[0] for r in rows]


def open_source(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, mapping: Mapping, columns: list[str]
) -> None:
    """Create the temp view ``src`` (VARCHAR columns, in file order)."""
    missing = sorted(mapping.source_columns() - set(columns))
    if missing:
        raise InvalidInput(
            f"column(s) {missing} not in the file; it has {columns}", source=str(path)
        )
    cols = ", ".join(f"CAST({ident(c)} AS VARCHAR) AS {ident(c)}" for c in columns)
    con.execute("DROP VIEW IF EXISTS src")
    con.execute(
        f"CREATE TEMP VIEW src AS SELECT {cols} FROM {source_sql(path, fmt, mapping)}"
    )


def structural_rejects(con: duckdb.DuckDBPyConnection, fmt: str) -> list[tuple[int, str, str]]:
    """(line, column, reason) of CSV lines DuckDB could not split into the header's columns."""
    if fmt != "csv":
        return []
    try:
        rows = con.execute(
            "SELECT line, arg_min(coalesce(column_name, '(row)'), column_idx), "
            "arg_min(error_type, column_idx), arg_min(error_message, column_idx) "
            "FROM __rejects GROUP BY line ORDER BY line"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    return [(int(r[0]), str(r[1]), _reader_reason(str(r[2]), str(r[3]))) for r in rows]


_READER_ERRORS = {"TOO MANY COLUMNS": "too many fields", "MISSING COLUMNS": "too few fields",
                  "UNQUOTED VALUE": "text after a closing quote",
                  "INVALID UNICODE": "not valid UTF-8",
                  "LINE SIZE OVER MAXIMUM": "line too long"}


def _reader_reason(error_type: str, message: str) -> str:
    """A CSV reader error in plain words, e.g. ``too many fields (expected 10, found 11)``."""
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    plain = _READER_ERRORS.get(error_type.upper(), error_type.lower().replace("_", " "))
    if counts:
        return f"{plain} (expected {counts[1]}, found {counts[2]})"
    return f"{plain}: {message}"


def line_numbers(
    records: list[int], header_lines: int, skipped: list[int], embedded: list[tuple[int, int]]
) -> dict[int, int]:
    """Editor line numbers of records.

    Parameters
    ----------
    records : list of int
        Record numbers (1-based, in file order) to locate.
    header_lines : int
        Lines before the first record (1 with a header).
    skipped : list of int
        Line numbers that hold no record (blank lines, rows rejected by the reader).
    embedded : list of (int, int)
        ``(record, newlines inside its quoted fields)`` for records that span lines.
    """
    skipped = sorted(skipped)
    embedded = sorted(embedded)
    keys = [r for r, _ in embedded]
    cum = [0]
    for _, n in embedded:
        cum.append(cum[-1] + n)
    out = {}
    for rec in records:
        line = header_lines + rec + cum[bisect.bisect_left(keys, rec)]
        for s in skipped:
            if s <= line:
                line += 1
        out[rec] = line
    return out


def embedded_newlines(con: duckdb.DuckDBPyConnection, columns: list[str]) -> list[tuple[int, int]]:
    """Records whose quoted fields contain newlines, with how many."""
    total = " + ".join(
        f"coalesce(length({ident(c)}) - length(replace({ident(c)}, chr(10), '')), 0)"
        for c in columns
    )
    rows = con.execute(
        f"SELECT __row, n FROM (SELECT row_number() OVER () AS __row, {total} AS n FROM src) "
        "WHERE n > 0"
    ).fetchall()
    return [(int(r), int(n)) for r, n in rows]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200]
