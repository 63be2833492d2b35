"""Source readers: CSV/TSV (any delimiter, CRLF, quoted, gzip) and Parquet.

A source becomes a DuckDB view ``src`` of VARCHAR columns, in file order (a
record's number is its 1-based position: the loader keeps the order in its
stage table and uses that table's row id).

CSV is read with an explicit dialect, never DuckDB's sniffer (which gives up,
or guesses wrong, on the very files that need care: a malformed row, a long
field): the delimiter is the mapping's, else the one of ``,``, tab, ``;``,
``|`` the header line holds most of; quotes are ``"`` (doubled to escape them,
RFC 4180) unless the mapping says otherwise; every column is text. Rows that
cannot be split into the header's columns are caught by DuckDB's rejects scan
and reported with their line number, which is computed from the byte position
DuckDB gives (not DuckDB's own count, which counts a multi-line record as one
line). :func:`record_lines` turns record numbers of rows rejected later into
editor line numbers: exactly, by a quote-aware pass over the file when it holds
quotes, else from the blank lines the first pass found.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from outsource.data import sources
from outsource.data.mapping import Mapping
from outsource.data.sql_expr import ident, lit
from outsource.errors import InvalidInput, NotFound

Progress = Callable[[int, int], None]
CHUNK = 8 * 1024 * 1024
_PARQUET = (".parquet", ".pq")
#: Longest CSV record read [bytes]; a longer one is rejected ("line longer than ...").
MAX_LINE_BYTES = 32 * 1024 * 1024
_DELIMITERS = (",", "\t", ";", "|")
_GZIP_MAGIC = b"\x1f\x8b"


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
        Editor line numbers of empty lines (DuckDB skips them; inside quoted
        fields too, which :func:`record_lines` then corrects).
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


def _is_gz(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _chunks(path: Path, progress: Progress | None = None) -> Iterator[bytes]:
    """Yield the file's text in chunks (decompressed for .gz), reporting progress."""
    total = path.stat().st_size
    with path.open("rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if _is_gz(path) else raw
        try:
            while block := stream.read(CHUNK):
                if progress is not None:
                    progress(min(raw.tell(), total), total)
                yield block
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise InvalidInput(f"not a valid gzip file ({exc or 'cut short'}): it cannot be "
                               "decompressed", source=str(path)) from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _check_source(path: Path, fmt: str) -> None:
    """A regular, non-empty file; a ``.gz`` must really be gzip, Parquet really Parquet."""
    if not path.exists():
        raise NotFound(f"file {path} does not exist")
    sources.check_file(path, "file")
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput("the file is empty (0 bytes): nothing to import", source=str(path))
    with path.open("rb") as fh:
        head = fh.read(4)
    if _is_gz(path) and head[:2] != _GZIP_MAGIC:
        raise InvalidInput("named .gz but not gzip-compressed (rename it without .gz, or "
                           "compress it)", source=str(path))
    if fmt == "parquet" and head != b"PAR1":
        raise InvalidInput("not a Parquet file (it does not start with PAR1); for CSV, name "
                           "it .csv or give format: csv in the mapping", source=str(path))


def scan_file(
    path: Path, quote: str = '"', progress: Progress | None = None, fmt: str | None = None
) -> FileScan:
    """Hash the file and locate blank lines in one streaming pass (hashing in a thread)."""
    fmt = fmt or file_format(path, None)
    _check_source(path, fmt)
    if fmt == "parquet":
        return FileScan(sha256=_sha256(path), size=path.stat().st_size, binary=True)
    gz = _is_gz(path)
    digest = hashlib.sha256()
    scan = FileScan(sha256="", size=path.stat().st_size)
    tail, newlines, qbyte, text_bytes = b"", 0, quote.encode(), 0
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
            text_bytes += len(text)
            scan.has_quotes = scan.has_quotes or qbyte in text
            newlines = _blank_lines(tail, text, newlines, scan.blank_lines)
            tail = (tail + text[-2:])[-2:]
        if pending is not None:
            pending.result()
        scan.sha256 = whole.result() if whole is not None else digest.hexdigest()
    if text_bytes == 0:
        raise InvalidInput("the file is empty once decompressed: nothing to import",
                           source=str(path))
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


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is split: delimiter, quote, header, and its column names."""

    delimiter: str
    quote: str
    header: bool
    columns: tuple[str, ...]


def _first_line(path: Path) -> bytes:
    """The file's first non-empty line (decompressed), without its line end."""
    buf = b""
    for block in _chunks(path):
        buf += block
        while True:
            cut = buf.find(b"\n")
            if cut < 0:
                break
            line, buf = buf[:cut].rstrip(b"\r"), buf[cut + 1:]
            if line.strip():
                return line
        if len(buf) > MAX_LINE_BYTES:
            raise InvalidInput(f"the first line is longer than {MAX_LINE_BYTES // 2**20} MB: "
                               "not a CSV header", source=str(path), line=1)
    return buf.rstrip(b"\r")


def dialect(path: Path, mapping: Mapping | None) -> Dialect:
    """The CSV dialect of ``path`` (see the module docstring)."""
    first = _first_line(path)
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    text = sources.decode_utf8(first, str(path))
    if not text.strip():
        raise InvalidInput("the file holds only blank lines: nothing to import",
                           source=str(path))
    quote = (mapping.quote if mapping is not None and mapping.quote else None) or '"'
    delim = mapping.delimiter if mapping is not None and mapping.delimiter else None
    if delim is None:
        outside = re.sub(re.escape(quote) + ".*?" + re.escape(quote), "", text)
        counts = {d: outside.count(d) for d in _DELIMITERS}
        delim = max(_DELIMITERS, key=lambda d: (counts[d], -_DELIMITERS.index(d)))
        if counts[delim] == 0:
            delim = ","
    try:
        cells = next(csv.reader(io.StringIO(text), delimiter=delim, quotechar=quote))
    except (csv.Error, StopIteration, TypeError) as exc:
        raise InvalidInput(f"cannot read the header line as CSV: {exc}", source=str(path),
                           line=1) from None
    header = mapping is None or mapping.header
    if header:
        names = [c.strip() or f"column{i + 1}" for i, c in enumerate(cells)]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise InvalidInput(f"column '{twice[0]}' appears twice in the header",
                               source=str(path), line=1)
    else:
        names = [f"column{i + 1}" for i in range(len(cells))]
    return Dialect(delim, quote, header, tuple(names))


def _csv_args(path: Path, d: Dialect) -> str:
    cols = "{" + ", ".join(f"{lit(c)}: 'VARCHAR'" for c in d.columns) + "}"
    return ", ".join([
        lit(str(path)), "auto_detect=false", f"columns={cols}",
        f"header={'true' if d.header else 'false'}", f"delim={lit(d.delimiter)}",
        f"quote={lit(d.quote)}", f"escape={lit(d.quote)}", "store_rejects=true",
        "rejects_table='__rejects'", "rejects_scan='__rejects_scan'",
        f"max_line_size={MAX_LINE_BYTES}", "strict_mode=true",
    ])


def source_sql(path: Path, fmt: str, mapping: Mapping | None, d: Dialect | None = None) -> str:
    """The table function reading the file with every column as text."""
    if fmt == "parquet":
        return f"read_parquet({lit(str(path))})"
    return f"read_csv({_csv_args(path, d or dialect(path, mapping))})"


def header(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, mapping: Mapping | None
) -> list[str]:
    """Column names of the source (the header line for CSV)."""
    if fmt == "csv":
        return list(dialect(path, mapping).columns)
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {source_sql(path, fmt, mapping)}").fetchall()
    except duckdb.Error as exc:
        raise InvalidInput(f"cannot read as {fmt}: {_first_line_of(exc)}",
                           source=str(path)) from exc
    return [r[0] for r in rows]


def open_source(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, mapping: Mapping, columns: list[str]
) -> None:
    """Create the temp view ``src`` (VARCHAR columns, in file order)."""
    missing = sorted(mapping.source_columns() - set(columns))
    if missing:
        raise InvalidInput(
            f"column(s) {missing} not in the file; it has {columns}", source=str(path), line=1
        )
    cols = ", ".join(f"CAST({ident(c)} AS VARCHAR) AS {ident(c)}" for c in columns)
    con.execute("DROP VIEW IF EXISTS src")
    con.execute(
        f"CREATE TEMP VIEW src AS SELECT {cols} FROM {source_sql(path, fmt, mapping)}"
    )


def _lines_at(path: Path, offsets: list[int]) -> dict[int, int]:
    """Editor line numbers of byte offsets (of the decompressed text), by counting newlines."""
    want = sorted(set(offsets))
    out: dict[int, int] = {}
    if not want:
        return out
    seen, newlines, k = 0, 0, 0
    for block in _chunks(path):
        end = seen + len(block)
        while k < len(want) and want[k] < end:
            out[want[k]] = newlines + block.count(b"\n", 0, want[k] - seen) + 1
            k += 1
        if k == len(want):
            break
        newlines += block.count(b"\n")
        seen = end
    for off in want[k:]:
        out[off] = newlines + 1
    return out


def structural_rejects(con: duckdb.DuckDBPyConnection, fmt: str, scan: FileScan | None = None,
                       path: Path | None = None) -> list[tuple[int, str, str]]:
    """(line, column, reason) of CSV records DuckDB could not split into the header's columns.

    Lines come from the byte position of each record (blank lines before it skipped).
    """
    if fmt != "csv":
        return []
    try:
        rows = con.execute(
            "SELECT min(line_byte_position), min(line), "
            "arg_min(coalesce(column_name, '(row)'), coalesce(column_idx, 0)), "
            "arg_min(error_type, coalesce(column_idx, 0)), "
            "arg_min(error_message, coalesce(column_idx, 0)) "
            "FROM __rejects GROUP BY line ORDER BY line"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    if not rows:
        return []
    blank = set(scan.blank_lines) if scan is not None else set()
    at = _lines_at(path, [int(r[0]) for r in rows if r[0] is not None]) if path else {}
    out = []
    for pos, dline, col, kind, message in rows:
        line = at.get(int(pos), int(dline)) if pos is not None else int(dline)
        while line in blank:  # DuckDB's position may be that of blank lines before the row
            line += 1
        out.append((line, str(col), _reader_reason(kind, message)))
    return out


_READER_ERRORS = {"TOO MANY COLUMNS": "too many fields", "MISSING COLUMNS": "too few fields",
                  "UNQUOTED VALUE": "a quote is not closed, or text follows a closing quote",
                  "INVALID UNICODE": "not valid UTF-8",
                  "INVALID ENCODING": "not valid UTF-8 (save the file as UTF-8)",
                  "LINE SIZE OVER MAXIMUM": "line longer than "
                                            f"{MAX_LINE_BYTES // 2**20} MB"}


def _reader_reason(error_type: object, message: object) -> str:
    """A CSV reader error in plain words, e.g. ``too many fields (expected 10, found 11)``."""
    kind = str(error_type or "").upper()
    text = "" if message is None else str(message)
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    plain = _READER_ERRORS.get(kind, kind.lower().replace("_", " ") or "cannot be read as CSV")
    if counts:
        return f"{plain} (expected {counts[1]}, found {counts[2]})"
    size = re.search(r"Actual Size:\s*(\d+)", text)
    if size:
        return f"{plain} ({int(size[1]):,} bytes)"
    first = text.strip().splitlines()[0][:200] if text.strip() else ""
    return f"{plain}: {first}" if first and kind not in _READER_ERRORS else plain


def line_numbers(
    records: list[int], header_lines: int, skipped: list[int], embedded: list[tuple[int, int]]
) -> dict[int, int]:
    """Editor line numbers of records (files without quotes: no record spans lines).

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


def _record_starts(path: Path, quote: str) -> Iterator[tuple[int, int]]:
    """(editor line, byte offset) where each CSV record starts, quote-aware (RFC 4180:
    a newline inside quotes belongs to the field; a doubled quote is a literal one).
    Blank lines outside quotes hold no record."""
    q = quote.encode()
    line, offset, in_quote, start = 0, 0, False, (0, 0)
    stream = io.BufferedReader(_ChunkStream(path), buffer_size=CHUNK)  # type: ignore[arg-type]
    for raw in stream:
        line += 1
        if not in_quote:
            if not raw.strip(b"\r\n"):
                offset += len(raw)
                continue
            start = (line, offset)
        if raw.count(q) % 2:
            in_quote = not in_quote
        if not in_quote:
            yield start
        offset += len(raw)
    if in_quote:
        yield start


class _ChunkStream(io.RawIOBase):
    """The decompressed bytes of a file as a raw stream (for line iteration)."""

    def __init__(self, path: Path) -> None:
        self._it = _chunks(path)
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        while not self._buf:
            try:
                self._buf = next(self._it)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def record_lines(con: duckdb.DuckDBPyConnection, scan: FileScan, mapping: Mapping,
                 columns: list[str], records: list[int], structural_lines: list[int],
                 path: Path | None = None) -> dict[int, int]:
    """Editor line numbers of stage records (1-based numbers among the rows DuckDB read).

    Parquet: the row number. CSV without the quote character: from the blank
    lines and the reader's rejects. CSV with quotes: one quote-aware pass over
    the file lists every record's first line; the reader's rejected records are
    left out, and record ``k`` is the ``k``-th of the rest.
    """
    if scan.binary:
        return {r: r for r in records}
    header_lines = 1 if mapping.header else 0
    if not scan.has_quotes or path is None:
        return line_numbers(records, header_lines, scan.blank_lines + structural_lines, [])
    rejected = set(structural_lines)
    want = sorted(set(records))
    out: dict[int, int] = {}
    k, i = 0, 0
    for n, (line, _) in enumerate(_record_starts(path, mapping.quote or '"')):
        if n < header_lines or line in rejected:
            continue
        k += 1
        while i < len(want) and want[i] == k:
            out[k] = line
            i += 1
        if i == len(want):
            break
    for rec in want[i:]:  # pragma: no cover - more records than lines: keep a number
        out[rec] = rec + header_lines
    return out


def _first_line_of(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200]
