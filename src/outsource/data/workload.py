"""Read and write workload files: offered contacts per interval.

A workload file is CSV with a header and these columns:

``interval_start`` (required)
    ISO 8601 timestamp of the interval's start, with offset (naive means UTC).
``calls`` (required)
    Contacts arriving in the interval [contacts], at most :data:`MAX_CALLS`.
``aht_s`` (required)
    Mean handle time [s] (for chat, the elapsed session length).
``channel`` (optional)
    ``voice`` (default), ``chat``, ``email`` or ``social``.
``patience_s`` (optional)
    Mean patience [s]; empty means callers do not abandon.
``period_minutes`` (optional)
    Interval length [min]; defaults to the spacing of ``interval_start``
    within the channel.
``concurrency`` (optional)
    Sessions one agent handles at once (chat), default 1.

Any other column is an error, so that a misspelt column never goes unnoticed.
Intervals of one channel may not repeat or overlap (a start before the
previous interval of the channel ends): the error names both lines. The file
must be UTF-8 (a byte that is not names its offset and line).

The reader takes a path or the file's bytes (an upload) and parses every
column at once with Arrow (no Python object per row); only when a value is
bad does it look for the row's editor line number (header = line 1, blank
lines and quoted newlines counted) to name it in the error.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from outsource.data import sources
from outsource.data.sources import Source
from outsource.errors import InvalidInput

REQUIRED = ("interval_start", "calls", "aht_s")
#: Most contacts one interval may hold (the largest centres take about a million a day).
MAX_CALLS = 10_000_000
OPTIONAL = ("channel", "patience_s", "period_minutes", "concurrency")
CHANNELS = ("voice", "chat", "email", "social")
_BOM = b"\xef\xbb\xbf"
#: A trailing UTC offset of an ISO 8601 time (``Z``, ``+05``, ``-05:00``, ``+0530``).
_OFFSET = r"(Z|z|[+-]\d\d(:?\d\d(:?\d\d(\.\d+)?)?)?)$"
#: An aware time exactly as :meth:`datetime.isoformat` writes it (whole seconds).
_CANONICAL = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"
#: The last six characters of a time with a ``+HH:MM`` offset, or ending in ``Z``.
_TAIL = re.compile(r"^(?:.*(?P<z>[Zz])|(?P<sign>[+-])(?P<h>\d\d):(?P<m>\d\d))$")


@dataclass(frozen=True)
class WorkloadTable:
    """A workload file in memory: columns of equal length, one entry per row.

    Attributes
    ----------
    start_s : ndarray of float
        Interval start, seconds since 1970-01-01 UTC [s].
    utc_offset_s : ndarray of float
        UTC offset the file wrote for each start [s] (0 for naive times and ``Z``).
    channel : ndarray of str
        ``voice``, ``chat``, ``email`` or ``social``.
    calls : ndarray of float
        Contacts arriving [contacts].
    aht_s : ndarray of float
        Mean handle time [s].
    patience_s : ndarray of float
        Mean patience [s]; ``inf`` where callers do not abandon.
    period_s : ndarray of float
        Interval length [s].
    concurrency : ndarray of float
        Sessions one agent handles at once [sessions].
    source : str
        Where the table came from (a path or an upload name).
    start_text : ndarray of str or None
        The starts as the file wrote them, kept when every one is already in
        the canonical form of :meth:`iso_starts` (``YYYY-MM-DDTHH:MM:SS+HH:MM``).
    """

    start_s: np.ndarray
    utc_offset_s: np.ndarray
    channel: np.ndarray
    calls: np.ndarray
    aht_s: np.ndarray
    patience_s: np.ndarray
    period_s: np.ndarray
    concurrency: np.ndarray
    source: str = ""
    start_text: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.start_s.size)

    @property
    def interval_start(self) -> list[datetime]:
        """Interval starts as aware datetimes in the file's own offsets (built on demand)."""
        zones: dict[float, timezone] = {}
        out = []
        for s, off in zip(self.start_s.tolist(), self.utc_offset_s.tolist(), strict=True):
            tz = zones.get(off)
            if tz is None:
                tz = zones[off] = UTC if off == 0 else timezone(timedelta(seconds=off))
            out.append(datetime.fromtimestamp(s, tz))
        return out

    def iso_starts(self) -> np.ndarray:
        """Interval starts as ISO 8601 text with the file's offsets (``...T08:00:00-05:00``)."""
        if self.start_text is not None:
            return self.start_text
        return iso_times(self.start_s, self.utc_offset_s)

    def take(self, idx: np.ndarray) -> WorkloadTable:
        """The rows ``idx``, in that order."""
        cols = {f.name: getattr(self, f.name)[idx] for f in fields(self)
                if f.name not in ("source", "start_text")}
        text = None if self.start_text is None else self.start_text[idx]
        return WorkloadTable(**cols, source=self.source, start_text=text)


def _offset_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else "+"
    s = int(round(abs(seconds)))
    text = f"{sign}{s // 3600:02d}:{s % 3600 // 60:02d}"
    return text + (f":{s % 60:02d}" if s % 60 else "")


def iso_times(epoch_s: np.ndarray, utc_offset_s: np.ndarray | float = 0.0) -> np.ndarray:
    """ISO 8601 text of instants [s since epoch] shown at the given UTC offsets [s], vectorised.

    Matches :meth:`datetime.isoformat` of the same aware datetimes (``+00:00``
    for UTC; fractional seconds shown only where present).
    """
    epoch = np.asarray(epoch_s, dtype=float)
    offset = np.broadcast_to(np.asarray(utc_offset_s, dtype=float), epoch.shape)
    local = epoch + offset
    whole = np.all(local == np.floor(local))
    unit = "s" if whole else "us"
    scale = 1 if whole else 1_000_000
    stamps = np.round(local * scale).astype(np.int64).astype(f"datetime64[{unit}]")
    text = np.datetime_as_string(stamps, unit=unit)
    if not whole:  # isoformat() omits a zero fraction
        text = np.char.replace(text, ".000000", "")
    uniq, inv = np.unique(offset, return_inverse=True)
    suffix = np.array([_offset_text(o) for o in uniq])[inv]
    return np.char.add(text.astype(str), suffix)


def _header(data: bytes, name: str) -> list[str]:
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    if not data.strip():
        raise InvalidInput("empty file: expected a header line", source=name)
    try:
        header = next(csv.reader([first.rstrip("\r")]), None) if first.strip() else None
    except csv.Error as exc:
        raise InvalidInput(f"cannot read the header as CSV: {exc}", source=name,
                           line=1) from None
    if not header:
        raise InvalidInput("the first line is empty: expected a header line", source=name,
                           line=1)
    header = [h.strip() for h in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise InvalidInput(
            f"unknown column '{unknown[0]}' (expected {', '.join(REQUIRED + OPTIONAL)})",
            source=name, line=1)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"missing required column '{missing[0]}'", source=name, line=1)
    twice = [c for c in header if header.count(c) > 1]
    if twice:
        raise InvalidInput(f"column '{twice[0]}' appears twice", source=name, line=1)
    return header


def _records(data: bytes, name: str = "workload file"):
    """``(editor line, fields)`` of each data record (blank lines skipped, as the reader does)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", "replace"), newline=""))
    try:
        next(reader, None)
        for rec in reader:
            if rec:
                yield reader.line_num, rec
    except csv.Error as exc:
        raise InvalidInput(f"cannot read as CSV: {exc}", source=name,
                           line=reader.line_num + 1) from None


def _line(data: bytes, row: int) -> int:
    """Editor line number of data record ``row`` (0-based)."""
    line = 1
    for k, (line, _) in enumerate(_records(data)):
        if k == row:
            return line
    return line


#: Files up to this size [bytes] are split by the standard library's CSV reader
#: (the same rules, without loading Arrow for a few hundred rows).
SMALL_FILE = 256 * 1024


class _Parser:
    """Column-at-a-time parsing of one workload file's text cells.

    Large files are split and cast by Arrow (no Python object per cell); small
    ones by the ``csv`` module and ``float``/``fromisoformat``, which are also
    what any value Arrow cannot cast falls back to, so both give the same result.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name
        header = _header(data, name)
        self.names = header
        self.cells: dict[str, list[str]] | None = None
        if len(data) <= SMALL_FILE:
            records = list(_records(data, name))
            for line, rec in records:
                if len(rec) != len(header):
                    raise self._wrong_width(line, len(header), len(rec))
            self.cells = {h: [rec[i].strip() for _, rec in records]
                          for i, h in enumerate(header)}
            self.n = len(records)
        else:
            self._read_arrow(header)
        if self.n == 0:
            raise InvalidInput("no intervals: the file has a header but no rows", source=name)

    def _read_arrow(self, header: list[str]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        try:
            table = pacsv.read_csv(
                pa.py_buffer(self.data),
                read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in header}, strings_can_be_null=False,
                    quoted_strings_can_be_null=False))
        except pa.ArrowInvalid:
            raise self._structure(len(header)) from None
        self.table, self.n = table, table.num_rows

    def _wrong_width(self, line: int, width: int, found: int) -> InvalidInput:
        word = "many" if found > width else "few"
        return InvalidInput(f"too {word} fields (expected {width}, found {found})",
                            source=self.name, line=line)

    def _structure(self, width: int) -> InvalidInput:
        for line, rec in _records(self.data, self.name):
            if len(rec) != width:
                return self._wrong_width(line, width, len(rec))
        return InvalidInput("cannot read as CSV", source=self.name)

    def error(self, row: int, column: str, message: str) -> InvalidInput:
        return InvalidInput(message, source=self.name, line=_line(self.data, row), column=column)

    def text(self, column: str):  # type: ignore[no-untyped-def]
        """The column's trimmed texts: a list (small file) or an Arrow array."""
        if self.cells is not None:
            return self.cells[column]
        import pyarrow.compute as pc

        return pc.utf8_trim_whitespace(self.table[column].combine_chunks())

    def numbers(self, column: str, *, positive: bool = False,
                default: float | None = None) -> np.ndarray:
        """A numeric column: finite and >= 0 (> 0 if ``positive``); empty cells ``default``."""
        if column not in self.names:
            return np.full(self.n, default, dtype=float)
        text = self.text(column)
        if self.cells is not None:
            empty = np.array([t == "" for t in text], dtype=bool)
        else:
            import pyarrow.compute as pc

            from outsource import _arrow as A

            empty = A.to_numpy(pc.equal(text, A.lit("")))
        if default is None and empty.any():
            raise self.error(int(np.flatnonzero(empty)[0]), column, "'' is not a number")
        values = (self._python_floats(text, column) if self.cells is not None
                  else self._arrow_floats(text, column))
        given = ~empty
        ok = np.isfinite(values) & (values > 0 if positive else values >= 0)
        bad = np.flatnonzero(given & ~ok)
        if bad.size:
            row = int(bad[0])
            raw = text[row] if self.cells is not None else text[row].as_py()
            rule = "> 0" if positive else ">= 0"
            raise self.error(row, column, f"must be a finite number {rule}, got {raw}")
        if default is not None:
            values[empty] = default
        return values

    def _arrow_floats(self, text, column: str) -> np.ndarray:  # type: ignore[no-untyped-def]
        import pyarrow as pa
        import pyarrow.compute as pc

        from outsource import _arrow as A

        try:
            blank = A.strings([None], large=False)[0]
            return A.to_numpy(pc.cast(pc.if_else(pc.equal(text, A.lit("")), blank, text),
                                      pa.float64()))
        except pa.ArrowInvalid:
            return self._python_floats(text.to_pylist(), column)

    def _python_floats(self, texts: list[str], column: str) -> np.ndarray:
        out = np.full(len(texts), np.nan)
        for i, t in enumerate(texts):
            if t == "":
                continue
            try:
                out[i] = float(t)
            except ValueError:
                raise self.error(i, column, f"'{t}' is not a number") from None
        return out

    def channels(self) -> np.ndarray:
        if "channel" not in self.names:
            return np.full(self.n, "voice", dtype="<U6")
        if self.cells is not None:
            values = [t.lower() or "voice" for t in self.text("channel")]
        else:
            import pyarrow.compute as pc

            from outsource import _arrow as A

            text = pc.utf8_lower(self.text("channel"))
            values = pc.if_else(pc.equal(text, A.lit("")), A.lit("voice"), text).to_pylist()
        out = np.asarray(values, dtype=object)
        known = np.isin(out, CHANNELS)
        if not known.all():
            row = int(np.flatnonzero(~known)[0])
            raise self.error(row, "channel", f"unknown channel '{out[row]}' "
                                             f"(one of {', '.join(CHANNELS)})")
        return out.astype("<U6")

    def starts(self) -> tuple[np.ndarray, np.ndarray]:
        """Start instants [s since epoch] and the UTC offsets written with them [s]."""
        try:
            text = self.text("interval_start")
            return _python_times(text) if self.cells is not None else parse_times(text)
        except BadValue as exc:
            raise self.error(exc.row, "interval_start", exc.message) from None

    def canonical_starts(self) -> np.ndarray | None:
        """The start texts when all are already canonical ISO 8601 (large files only)."""
        if self.cells is not None:
            return None
        import pyarrow.compute as pc

        from outsource import _arrow as A

        text = self.text("interval_start")
        if not A.to_numpy(pc.match_substring_regex(text, _CANONICAL)).all() or A.to_numpy(
                pc.ends_with(text, "-00:00")).any():  # isoformat() writes +00:00
            return None
        return np.array(text.to_pylist(), dtype=object)


class BadValue(ValueError):
    """Value number ``row`` (0-based) of a column cannot be used."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row, self.message = row, message


def parse_times(texts) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Instants [s since 1970-01-01 UTC] and written UTC offsets [s] of ISO 8601 texts.

    ``texts`` is an Arrow string array or a list of strings. Naive times are
    UTC. Parsed by Arrow at once; a mix of naive and offset times, or a bad
    value, falls back to :func:`parse_timestamp` one by one.

    Raises
    ------
    BadValue
        The first text that is not an ISO 8601 timestamp.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from outsource import _arrow as A

    text = texts if isinstance(texts, pa.Array) else A.strings([str(t) for t in texts],
                                                                large=False)
    text = pc.utf8_trim_whitespace(text)
    try:
        aware = pc.cast(text, pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:
        try:  # every time naive: naive means UTC
            naive = pc.cast(text, pa.timestamp("us"))
        except pa.ArrowInvalid:
            return _python_times(text.to_pylist())
        utc = A.to_numpy(naive.cast(pa.int64())) / 1e6
        return utc, np.zeros(utc.size)
    utc = A.to_numpy(aware.cast(pa.int64())) / 1e6
    return utc, _written_offsets(text, utc)


def _written_offsets(text, utc: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The UTC offset [s] each text wrote (``Z`` = 0), from its distinct endings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from outsource import _arrow as A

    tails = pc.utf8_slice_codeunits(text, -6)
    uniq = pc.unique(tails)
    seconds = []
    for tail in uniq.to_pylist():
        m = _TAIL.match(tail)
        if m is None:  # an ending other than +HH:MM or Z: strip the offset and compare
            local = pc.cast(pc.replace_substring_regex(text, _OFFSET, ""), pa.timestamp("us"))
            return A.to_numpy(local.cast(pa.int64())) / 1e6 - utc
        sign = -1.0 if m["sign"] == "-" else 1.0
        seconds.append(0.0 if m["z"] else sign * (int(m["h"]) * 3600 + int(m["m"]) * 60))
    return np.asarray(seconds)[A.to_numpy(pc.index_in(tails, value_set=uniq)).astype(np.intp)]


def _python_times(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    utc, off = np.empty(len(texts)), np.empty(len(texts))
    for i, t in enumerate(texts):
        try:
            ts = parse_timestamp(t)
        except InvalidInput as exc:
            raise BadValue(i, exc.message) from None
        utc[i], off[i] = ts.timestamp(), ts.utcoffset().total_seconds()
    return utc, off


def parse_timestamp(text: object, where: str | None = None) -> datetime:
    """ISO 8601 timestamp; naive means UTC. Errors name ``where`` (a key), if given."""
    try:
        ts = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not an ISO 8601 timestamp",
                           loc=(where,) if where else ()) from None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def read_workload(src: Source, name: str | None = None) -> WorkloadTable:
    """Read a workload file (a path, or its bytes with an optional ``name``).

    Errors name the file, line and column of the first bad value.

    Raises
    ------
    NotFound
        The file does not exist.
    InvalidInput
        Unknown, missing or repeated column, a row of the wrong width, or a
        value that cannot be used.
    """
    f = sources.load(src, name, what="workload file")
    data = f.data[len(_BOM):] if f.data.startswith(_BOM) else f.data
    sources.decode_utf8(data, f.name)  # refuse other encodings up front, naming the byte
    p = _Parser(data, f.name)
    start_s, offset_s = p.starts()
    channel = p.channels()
    calls = p.numbers("calls")
    if calls.size and calls.max() > MAX_CALLS:
        row = int(np.argmax(calls))
        raise p.error(row, "calls", f"{calls[row]:g} contacts in one interval is not a "
                                    f"workload (at most {MAX_CALLS:,})")
    aht = p.numbers("aht_s", positive=True)
    patience = p.numbers("patience_s", positive=True, default=math.inf)
    period = p.numbers("period_minutes", positive=True, default=math.nan) * 60.0
    concurrency = p.numbers("concurrency", positive=True, default=1.0)
    period = _default_periods(start_s, channel, period, f.name)
    _check_overlaps(p, start_s, offset_s, channel, period)
    return WorkloadTable(start_s, offset_s, channel, calls, aht, patience, period, concurrency,
                         source=f.full, start_text=p.canonical_starts())


def _default_periods(start_s: np.ndarray, channel: np.ndarray, period: np.ndarray,
                     name: str) -> np.ndarray:
    """Fill missing periods with the smallest spacing of start times in the channel."""
    missing = np.isnan(period)
    for ch in np.unique(channel[missing]):
        times = np.unique(start_s[channel == ch])
        gaps = np.diff(times)
        gaps = gaps[gaps > 0]
        if gaps.size == 0:
            raise InvalidInput(
                f"cannot infer the interval length of channel '{ch}' from one start "
                "time: add a period_minutes column", source=name)
        period[missing & (channel == ch)] = gaps.min()
    return period


def _check_overlaps(p: _Parser, start_s: np.ndarray, offset_s: np.ndarray,
                    channel: np.ndarray, period_s: np.ndarray) -> None:
    """Refuse a channel's intervals that repeat or overlap, naming both lines.

    Interval ``i`` covers ``[start_i, start_i + period_i)``; within a channel,
    sorted by start (then file order), each must begin at or after the end of
    the one before.
    """
    order = np.lexsort((np.arange(start_s.size), start_s, channel))
    s, ch, per = start_s[order], channel[order], period_s[order]
    clash = (ch[1:] == ch[:-1]) & (s[1:] < s[:-1] + per[:-1] - 1e-6)
    if not clash.any():
        return
    k = int(np.flatnonzero(clash)[0])
    early, late = int(order[k]), int(order[k + 1])  # by start; file order on equal starts
    when = iso_times(start_s[[early, late]], offset_s[[early, late]])
    line_early, line_late = _line(p.data, early), _line(p.data, late)
    if start_s[early] == start_s[late]:
        why = (f"repeats the interval of line {line_early} ({when[0]}, {channel[early]}): "
               "each interval may appear once (it would be counted twice)")
    else:
        why = (f"the interval starting {when[1]} begins before the one of line {line_early} "
               f"({when[0]}, {period_s[early] / 60:g} min, {channel[early]}) ends: "
               "intervals of a channel may not overlap")
    raise InvalidInput(why, source=p.name, line=line_late, column="interval_start")


def write_rows(path: str | Path, rows: list[dict[str, object]]) -> None:
    """Write workload rows (dicts keyed by this module's column names) as a workload file.

    Only the columns the rows carry are written, in the order of
    :data:`REQUIRED` then :data:`OPTIONAL`.
    """
    path = Path(path)
    present = [c for c in REQUIRED + OPTIONAL if rows and c in rows[0]]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=present)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise InvalidInput(f"cannot write: {exc.strerror}", source=str(path)) from exc


def write_workload(path: str | Path, table: WorkloadTable) -> None:
    """Write ``table`` as a workload file (the columns :func:`read_workload` reads)."""
    starts = table.iso_starts()
    write_rows(path, [{
        "interval_start": starts[i], "channel": table.channel[i],
        "calls": f"{table.calls[i]:.6g}", "aht_s": f"{table.aht_s[i]:.6g}",
        "patience_s": "" if math.isinf(table.patience_s[i]) else f"{table.patience_s[i]:.6g}",
        "period_minutes": f"{table.period_s[i] / 60:.6g}",
        "concurrency": f"{table.concurrency[i]:.0f}"} for i in range(len(table))])
