"""Load one source file into the workspace, keeping every rejected row.

Steps (all inside the caller's transaction): read, clean, type and validate
every record in one pass over the file (``stage``, a temporary table in file
order), count rows dropped by the mapping's rules, keep rejects with their
line numbers, de-duplicate ids (within the file and against the workspace)
and insert the rest into ``interactions`` with one ``INSERT ... SELECT``.

The stage query nests three projections (see :mod:`outsource.data.sql_expr`):
raw texts, then typed values over them, then failure reasons over both, so
each value is parsed once and reasons are only built for failing rows. Record
numbers (for line numbers and ``keep: first|last``) are only computed, by a
``row_number()`` over the stage table, when there are rejects or repeated ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from outsource.data import readers, store
from outsource.data.mapping import Mapping
from outsource.data.readers import FileScan
from outsource.data.schema import NAMES
from outsource.data.sql_expr import drop_case, ident, lit, raw_name, select_list

_SEP = chr(31)
_OK = "__drop IS NULL AND __fail IS NULL"
_NUMBERED = "SELECT row_number() OVER () AS __row, * FROM stage"


@dataclass
class LoadCounts:
    """What a load did (rows are records; rejects are (line, column, reason))."""

    rows_read: int = 0
    imported: int = 0
    duplicates_skipped: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    rejects: list[tuple[int, str, str]] = field(default_factory=list)


def stage_sql(mapping: Mapping, vendor: str | None = None) -> str:
    """The query typing and validating every source record (from view ``src``).

    With ``vendor``, rows get that vendor and rows naming another are rejected.
    """
    cols = select_list(mapping, vendor)
    raws = ", ".join(f"{c.raw} AS {raw_name(c.name)}" for c in cols)
    kept = ", ".join(raw_name(c.name) for c in cols)
    values = ", ".join(f"{c.value} AS {ident(c.name)}" for c in cols)
    names = ", ".join(ident(c.name) for c in cols)
    fails = ", ".join(f"{lit(c.name)} || chr(31) || ({c.failure})" for c in cols)
    raw = f"SELECT *, {drop_case(mapping)} AS __drop, {raws} FROM src"
    typed = f"SELECT __drop, {kept}, {values} FROM ({raw})"
    return f"SELECT __drop, coalesce({fails}) AS __fail, {names} FROM ({typed})"


def stage(con: duckdb.DuckDBPyConnection, mapping: Mapping, vendor: str | None = None) -> None:
    """Type, validate and mark drops for every source record (table ``stage``, file order)."""
    # The stage must keep file order: record numbers are positions in it.
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage AS {stage_sql(mapping, vendor)}")


def value_rejects(
    con: duckdb.DuckDBPyConnection,
    scan: FileScan,
    mapping: Mapping,
    columns: list[str],
    structural: list[tuple[int, str, str]],
) -> list[tuple[int, str, str]]:
    """(line, column, reason) of records that failed validation."""
    rows = con.execute(
        f"SELECT __row, __fail FROM ({_NUMBERED}) WHERE __drop IS NULL AND __fail IS NOT NULL "
        "ORDER BY 1"
    ).fetchall()
    if not rows:
        return []
    embedded = readers.embedded_newlines(con, columns) if scan.has_quotes else []
    skipped = scan.blank_lines + [line for line, _, _ in structural]
    header_lines = 1 if mapping.header and not scan.binary else 0
    lines = readers.line_numbers([r for r, _ in rows], header_lines, skipped, embedded)
    out = []
    for rec, fail in rows:
        col, reason = str(fail).split(_SEP, 1)
        out.append((lines[rec], col, reason))
    return out


def insert_good(
    con: duckdb.DuckDBPyConnection, mapping: Mapping, import_id: int, n_ok: int, n_ids: int,
    vendor: str | None = None,
) -> tuple[int, int]:
    """Insert valid, new records; return (inserted, duplicates skipped).

    ``n_ok`` valid records hold ``n_ids`` distinct ids: when they differ, the
    first (or last, ``keep: last``) record of each id in file order wins.
    """
    present = {c.name for c in select_list(mapping, vendor)}
    order = "DESC" if mapping.keep == "last" else "ASC"
    exprs = []
    for name in NAMES:
        if name == "wait_s" and "answered_at" in present:
            exprs.append(
                "coalesce(wait_s, epoch(answered_at) - epoch(arrived_at))"
                if "wait_s" in present
                else "epoch(answered_at) - epoch(arrived_at)"
            )
        else:
            exprs.append(ident(name) if name in present else "NULL")
    rows = f"SELECT * FROM stage WHERE {_OK}"
    if n_ids < n_ok:
        rows = (
            f"SELECT * FROM ({_NUMBERED}) WHERE {_OK} "
            f"QUALIFY row_number() OVER (PARTITION BY id ORDER BY __row {order}) = 1"
        )
    before = int(con.execute("SELECT count(*) FROM interactions").fetchall()[0][0])
    new = " WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.id = s.id)" if before else ""
    insert = f"INSERT INTO interactions SELECT {', '.join(exprs)}, {import_id} FROM ({rows}) s{new}"
    # Without repeated ids no record numbers are needed, and the workspace table
    # has no meaningful order: let DuckDB write row groups in parallel, unordered.
    unordered = n_ids == n_ok
    if unordered:
        con.execute("SET preserve_insertion_order = false")
    try:
        inserted = int(con.execute(insert).fetchall()[0][0])
    finally:
        if unordered:
            con.execute("SET preserve_insertion_order = true")
    return inserted, n_ok - inserted


def load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    mapping: Mapping,
    columns: list[str],
    scan: FileScan,
    import_id: int,
    vendor: str | None = None,
    label: str | None = None,
) -> LoadCounts:
    """Run the whole load of one file (see module docstring).

    ``vendor`` restricts the rows to one vendor (:func:`outsource.data.sql_expr.vendor_column`);
    ``label`` is the file name recorded with the rejects (default: ``path``).
    """
    readers.open_source(con, path, fmt, mapping, columns)
    stage(con, mapping, vendor)
    counts = LoadCounts()
    structural = readers.structural_rejects(con, fmt)
    n_rows, n_ok, n_ids = con.execute(
        f"SELECT count(*), count(*) FILTER ({_OK}), count(DISTINCT id) FILTER ({_OK}) FROM stage"
    ).fetchall()[0]
    counts.rows_read = int(n_rows) + len(structural)
    drops = con.execute(
        "SELECT __drop, count(*) FROM stage WHERE __drop IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    counts.dropped = {str(k): int(v) for k, v in drops}
    counts.rejects = sorted(structural + value_rejects(con, scan, mapping, columns, structural))
    counts.imported, counts.duplicates_skipped = insert_good(
        con, mapping, import_id, int(n_ok), int(n_ids), vendor
    )
    store.add_rejects(con, import_id, label or str(path), counts.rejects)
    con.execute("DROP TABLE IF EXISTS stage")
    return counts
