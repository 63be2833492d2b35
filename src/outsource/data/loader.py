"""Load one source file into the workspace's store, keeping every rejected row.

Steps (inside the caller's :class:`~outsource.data.store.Writer`): read, clean,
type and validate every record in one pass over the file (``stage``, a
temporary table in file order), count rows dropped by the mapping's rules,
keep rejects with their line numbers, settle repeated ids (within the file and
against the workspace) and write the rows to keep as one new Parquet segment.

The stage query nests five projections (see :mod:`outsource.data.sql_expr`):
raw texts, two levels of parts (timestamps: wall time and written zone, then
the zone's name when it is a known one), typed values, then failure reasons
over all of them, so each value is parsed once and reasons are only built for
failing rows. Record numbers (for line numbers and ``keep: first``) are the
stage table's row ids, read only when there are rejects or repeated ids.

**Repeated ids.** ``keep: first`` (the default, for call logs): the first
record of an id in the file wins, and an id already in the workspace is
skipped. ``keep: last`` (ticket event logs): of every record of an id, in this
file and in the workspace, the latest event wins: the largest ``event_at``
(the mapping's event time; without one, the latest of the row's timestamps),
then ``event_seq``, then the row's values, so the stored state does not
depend on the order of rows or files. A stored row that loses is replaced
(its segment rewritten without it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from outsource.data import readers, store
from outsource.data.mapping import Mapping
from outsource.data.readers import FileScan
from outsource.data.schema import BY_NAME, NAMES
from outsource.data.sql_expr import (
    TimeRules,
    ZoneInfo,
    drop_case,
    ident,
    lit,
    raw_name,
    row_failures,
    select_list,
)
from outsource.errors import InvalidInput

_SEP = chr(31)
_OK = "__drop IS NULL AND __fail IS NULL"
#: Records numbered in file order: the stage table's row ids (assigned in insertion order,
#: which ``preserve_insertion_order`` keeps to file order; a ``row_number() OVER ()``
#: would not be ordered under memory pressure).
_NUMBERED = "SELECT rowid + 1 AS __row, * FROM stage"
_TIMESTAMPS = ("arrived_at", "answered_at", "first_response_at", "resolved_at")


@dataclass
class LoadCounts:
    """What a load did (rows are records; rejects are (line, column, reason))."""

    rows_read: int = 0
    imported: int = 0
    duplicates_skipped: int = 0
    replaced: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    rejects: list[tuple[int, str, str]] = field(default_factory=list)


class NothingImported(InvalidInput):
    """No row of the file can be imported (every row rejected, or no rows at all).

    ``rejects`` holds the (line, column, reason) rejects (nothing was stored).
    """

    def __init__(self, message: str, *, rejects: list[tuple[int, str, str]] | None = None,
                 **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.rejects = list(rejects or [])


def _zone_info(con: duckdb.DuckDBPyConnection, zone: str, first: date, last: date) -> ZoneInfo:
    """The zone's offsets over ``[first, last]``, asked of DuckDB (its ICU data parses)."""
    d0, d1 = (first - date(1970, 1, 1)).days - 2, (last - date(1970, 1, 1)).days + 3
    rows = con.execute(
        "WITH d AS (SELECT range AS day FROM range(?, ?)), o AS (SELECT day, "
        "epoch_us(timezone(?, make_timestamptz(day * 86400000000 + 43200000000))) "
        "- (day * 86400000000 + 43200000000) AS off FROM d) "
        "SELECT day, off, lag(off) OVER (ORDER BY day) AS before FROM o ORDER BY day",
        [d0, d1, zone]).fetchall()
    offsets = {int(r[1]) for r in rows}
    if len(offsets) == 1:
        return ZoneInfo(zone, offsets.pop() // 1_000_000)
    changes = [int(r[0]) for r in rows if r[2] is not None and r[1] != r[2]]
    days = sorted({d + k for d in changes for k in (-2, -1, 0, 1)})
    return ZoneInfo(zone, None, tuple(days))


def time_rules(con: duckdb.DuckDBPyConnection, mapping: Mapping,
               today: date | None = None) -> TimeRules:
    """Accepted dates and the facts of every zone the mapping reads naive values in."""
    today = today or date.today()
    latest = mapping.dates.latest or today + timedelta(days=1)
    known = tuple(r[0] for r in con.execute(
        "SELECT name FROM pg_timezone_names() WHERE name LIKE '%/%' AND name NOT LIKE "
        "'SystemV/%' ORDER BY name").fetchall())
    zones = {mapping.timezone} | {s.timezone for s in mapping.columns.values() if s.timezone}
    if mapping.event_at is not None and mapping.event_at.timezone:
        zones.add(mapping.event_at.timezone)
    infos = {}
    for z in sorted(zones):
        try:
            infos[z] = _zone_info(con, z, mapping.dates.earliest, latest)
        except duckdb.Error:
            raise InvalidInput(f"unknown time zone {z!r}", field="timezone") from None
    return TimeRules(mapping.dates.earliest, latest, infos, known)


def stage_sql(mapping: Mapping, vendor: str | None = None,
              rules: TimeRules | None = None) -> str:
    """The query typing and validating every source record (from view ``src``).

    With ``vendor``, rows get that vendor and rows naming another are rejected.
    """
    cols = select_list(mapping, vendor, rules)
    raws = ", ".join(f"{c.raw} AS {raw_name(c.name)}" for c in cols)
    parts1 = [f"{e} AS {ident(n)}" for c in cols for n, e in c.parts]
    parts2 = [f"{e} AS {ident(n)}" for c in cols for n, e in c.parts2]
    kept = ", ".join([raw_name(c.name) for c in cols]
                     + [ident(n) for c in cols for n, _ in (*c.parts, *c.parts2)])
    values = ", ".join(f"{c.value} AS {ident(c.name)}" for c in cols)
    names = ", ".join(ident(c.name) for c in cols)
    fails = [f"{lit(c.name)} || chr(31) || ({c.failure})" for c in cols]
    fails += [f"{lit(col)} || chr(31) || ({sql})" for col, sql in row_failures(mapping)]
    level = f"SELECT *, {drop_case(mapping)} AS __drop, {raws} FROM src"
    if parts1:
        level = f"SELECT *, {', '.join(parts1)} FROM ({level})"
    if parts2:
        level = f"SELECT *, {', '.join(parts2)} FROM ({level})"
    typed = f"SELECT __drop, {kept}, {values} FROM ({level})"
    return f"SELECT __drop, coalesce({', '.join(fails)}) AS __fail, {names} FROM ({typed})"


#: The stage must keep file order (record numbers are positions in it): insertion order
#: preserved, and no ``IN (...)`` list planned as a join (joins do not keep order).
STAGE_SETTINGS = ("SET preserve_insertion_order = true", "SET disabled_optimizers = 'in_clause'")


def stage(con: duckdb.DuckDBPyConnection, mapping: Mapping, vendor: str | None = None,
          rules: TimeRules | None = None) -> None:
    """Type, validate and mark drops for every source record (table ``stage``, file order)."""
    for setting in STAGE_SETTINGS:
        con.execute(setting)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage AS {stage_sql(mapping, vendor, rules)}")
    finally:
        con.execute("SET disabled_optimizers = ''")


def value_rejects(
    con: duckdb.DuckDBPyConnection,
    scan: FileScan,
    mapping: Mapping,
    columns: list[str],
    structural: list[tuple[int, str, str]],
    path: Path | None = None,
) -> list[tuple[int, str, str]]:
    """(line, column, reason) of records that failed validation."""
    rows = con.execute(
        f"SELECT __row, __fail FROM ({_NUMBERED}) WHERE __drop IS NULL AND __fail IS NOT NULL "
        "ORDER BY 1"
    ).fetchall()
    if not rows:
        return []
    lines = readers.record_lines(con, scan, mapping, columns, [r for r, _ in rows],
                                 [line for line, _, _ in structural], path)
    out = []
    for rec, fail in rows:
        col, reason = str(fail).split(_SEP, 1)
        out.append((lines[rec], col, reason))
    return out


def _segment_select(mapping: Mapping, import_id: int, vendor: str | None) -> str:
    """The stage's columns as a segment's (:data:`store.SEGMENT_COLUMNS`, typed)."""
    present = {c.name for c in select_list(mapping, vendor)}
    exprs = []
    for name in NAMES:
        if name == "wait_s" and "answered_at" in present:
            derived = "epoch(answered_at) - epoch(arrived_at)"
            expr = f"coalesce(wait_s, {derived})" if "wait_s" in present else derived
        else:
            expr = ident(name) if name in present else "NULL"
        exprs.append(f"CAST({expr} AS {BY_NAME[name].sql_type}) AS {name}")
    exprs.append(f"CAST({import_id} AS INTEGER) AS import_id")
    for name, kind in store.EVENT_COLUMNS:
        exprs.append(f"CAST({ident(name) if name in present else 'NULL'} AS {kind}) AS {name}")
    return ", ".join(exprs)


def _latest_first() -> str:
    """ORDER BY of ``keep: last``: latest event first, then a total order on the values."""
    key = f"coalesce(event_at, greatest({', '.join(_TIMESTAMPS)}))"
    content = ", ".join(f"{n} DESC NULLS LAST" for n in NAMES if n != "id")
    return f"{key} DESC NULLS LAST, event_seq DESC NULLS LAST, {content}"


def write_rows(w: store.Writer, mapping: Mapping, import_id: int, n_ok: int, n_ids: int,
               vendor: str | None = None) -> tuple[int, int, int]:
    """Write the rows to keep as a new segment; (written, duplicates skipped, replaced).

    ``n_ok`` valid records hold ``n_ids`` distinct ids (see the module docstring
    for which record of a repeated id wins).
    """
    con = w.con
    cols = _segment_select(mapping, import_id, vendor)
    stored = sum(int(s["rows"]) for s in w.manifest.segments)
    if mapping.keep == "last":
        return _write_latest(w, cols, import_id, n_ok, stored)
    rows = f"SELECT {cols} FROM stage WHERE {_OK}"
    if n_ids < n_ok:
        rows = (f"SELECT {cols} FROM ({_NUMBERED}) WHERE {_OK} "
                "QUALIFY row_number() OVER (PARTITION BY id ORDER BY __row) = 1")
    new = f"SELECT * FROM ({rows}) s"
    if stored:
        new += " WHERE NOT EXISTS (SELECT 1 FROM segments i WHERE i.id = s.id)"
    # The segment has no meaningful row order: let DuckDB write row groups in parallel.
    con.execute("SET preserve_insertion_order = false")
    try:
        n, rel = w.copy_to(new, "segments", import_id)
    finally:
        con.execute("SET preserve_insertion_order = true")
    if rel is not None:
        w.add_segment(rel, n, import_id)
    return n, n_ok - n, 0


def _write_latest(w: store.Writer, cols: str, import_id: int, n_ok: int,
                  stored: int) -> tuple[int, int, int]:
    """``keep: last``: the latest event of every id, over this file and the workspace."""
    con = w.con
    names = ", ".join(store.SEGMENT_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE __new AS SELECT {cols}, 0 AS __old "
                f"FROM stage WHERE {_OK}")
    if stored:
        con.execute(f"CREATE OR REPLACE TEMP TABLE __old AS SELECT {names}, 1 AS __old, "
                    "filename FROM segment_rows WHERE id IN (SELECT id FROM __new)")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE __old AS SELECT *, 1 AS __old, "
                    "CAST(NULL AS VARCHAR) AS filename FROM __new LIMIT 0")
    con.execute(f"CREATE OR REPLACE TEMP TABLE __win AS SELECT * FROM (SELECT {names}, __old, "
                "NULL AS filename FROM __new UNION ALL SELECT "
                f"{names}, __old, filename FROM __old) "
                f"QUALIFY row_number() OVER (PARTITION BY id ORDER BY {_latest_first()}, "
                "__old DESC) = 1")
    n, rel = w.copy_to(f"SELECT {names} FROM __win WHERE __old = 0", "segments", import_id)
    if rel is not None:
        w.add_segment(rel, n, import_id)
    replaced = 0
    if stored:
        lost = con.execute("SELECT filename, count(*) FROM __old WHERE id IN "
                           "(SELECT id FROM __win WHERE __old = 0) GROUP BY 1").fetchall()
        replaced = sum(int(k) for _, k in lost)
        for filename, _ in lost:
            rel_old = str(Path(filename).relative_to(w.root))
            keep = (f"SELECT * FROM read_parquet({lit(filename)}) WHERE id NOT IN "
                    "(SELECT id FROM __win WHERE __old = 0)")
            k, rel_new = w.copy_to(keep, "segments", import_id)
            w.retire_segment(rel_old)
            if rel_new is not None:
                w.add_segment(rel_new, k, import_id)
    for t in ("__new", "__old", "__win"):
        con.execute(f"DROP TABLE IF EXISTS {t}")
    return n, n_ok - n, replaced


def _write_rejects(w: store.Writer, import_id: int, file: str,
                   rows: list[tuple[int, str, str]]) -> None:
    if not rows:
        return
    import pyarrow as pa

    lines, cols, reasons = zip(*rows, strict=True)
    batch = pa.table({
        "import_id": pa.array([import_id] * len(rows), pa.int32()),
        "file": pa.array([file] * len(rows), pa.string()),
        "line": pa.array(lines, pa.int64()),
        "column": pa.array(cols, pa.string()),
        "reason": pa.array(reasons, pa.string()),
    })
    w.con.register("__reject_batch", batch)
    try:
        n, rel = w.copy_to("SELECT * FROM __reject_batch", "rejects", import_id)
    finally:
        w.con.unregister("__reject_batch")
    if rel is not None:
        w.add_rejects(rel, n, import_id)


def _nothing(path: str, counts: LoadCounts) -> None:
    """Refuse a file that gives no row: empty, header only, or every row rejected."""
    if counts.rows_read == 0:
        raise NothingImported("the file has a header but no data rows: nothing imported",
                              source=path, line=1)
    line, col, reason = counts.rejects[0]
    n = len({r[0] for r in counts.rejects})
    raise NothingImported(
        f"every row was rejected ({n:,} of {counts.rows_read:,}), nothing imported; the first: "
        f"line {line}, column '{col}': {reason}", source=path, rejects=counts.rejects)


def load(
    w: store.Writer,
    path: Path,
    fmt: str,
    mapping: Mapping,
    columns: list[str],
    scan: FileScan,
    import_id: int,
    vendor: str | None = None,
    label: str | None = None,
) -> LoadCounts:
    """Run the whole load of one file (see module docstring); stage the new files in ``w``.

    ``vendor`` restricts the rows to one vendor (:func:`outsource.data.sql_expr.vendor_column`);
    ``label`` is the file name recorded with the rejects (default: ``path``).

    Raises
    ------
    NothingImported
        The file has no data rows, or every row was rejected (nothing is staged).
    """
    con = w.con
    readers.open_source(con, path, fmt, mapping, columns)
    rules = time_rules(con, mapping)
    stage(con, mapping, vendor, rules)
    counts = LoadCounts()
    structural = readers.structural_rejects(con, fmt, scan, path)
    n_rows, n_ok, n_ids = con.execute(
        f"SELECT count(*), count(*) FILTER ({_OK}), count(DISTINCT id) FILTER ({_OK}) FROM stage"
    ).fetchall()[0]
    counts.rows_read = int(n_rows) + len(structural)
    drops = con.execute(
        "SELECT __drop, count(*) FROM stage WHERE __drop IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    counts.dropped = {str(k): int(v) for k, v in drops}
    counts.rejects = sorted(structural + value_rejects(con, scan, mapping, columns, structural,
                                                       path))
    name = label or str(path)
    if counts.rows_read == 0 or (int(n_ok) == 0 and counts.rejects):
        _nothing(name, counts)
    counts.imported, counts.duplicates_skipped, counts.replaced = write_rows(
        w, mapping, import_id, int(n_ok), int(n_ids), vendor)
    _write_rejects(w, import_id, name, counts.rejects)
    con.execute("DROP TABLE IF EXISTS stage")
    return counts
