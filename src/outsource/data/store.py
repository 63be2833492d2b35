"""The DuckDB workspace: ``interactions``, ``rejects`` and ``imports`` tables.

The database is one file, ``outsource.duckdb``, inside the workspace folder.
Timestamps are stored as TIMESTAMPTZ (instants); the session time zone is UTC.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import duckdb

from outsource.data.schema import interactions_ddl
from outsource.errors import InvalidInput, NotFound

DB_NAME = "outsource.duckdb"

_IMPORTS = """CREATE TABLE IF NOT EXISTS imports (
  import_id INTEGER PRIMARY KEY, file VARCHAR, sha256 VARCHAR UNIQUE, mapping VARCHAR,
  timezone VARCHAR, imported_at TIMESTAMPTZ DEFAULT current_timestamp, rows_read BIGINT,
  imported BIGINT, rejected BIGINT, dropped BIGINT, duplicates_skipped BIGINT
)"""
#: Columns added after the first release (``ALTER TABLE ... ADD COLUMN IF NOT EXISTS``):
#: the vendor an upload was restricted to, and rows dropped per mapping rule (JSON).
_IMPORTS_ADDED = (("vendor", "VARCHAR"), ("dropped_reasons", "VARCHAR"))
_REJECTS = """CREATE TABLE IF NOT EXISTS rejects (
  import_id INTEGER, file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR
)"""


@dataclass(frozen=True)
class ImportRecord:
    """One row of the ``imports`` table."""

    import_id: int
    file: str
    sha256: str
    rows_read: int
    imported: int
    rejected: int
    dropped: int
    duplicates_skipped: int
    vendor: str | None = None
    dropped_reasons: dict[str, int] | None = None


def db_path(workspace: Path) -> Path:
    """Path of the workspace's DuckDB file."""
    return workspace / DB_NAME


#: Workspaces a long-running process (the web server) keeps open: path -> connection.
#: Requests and jobs then work on cursors of that one connection, as DuckDB advises
#: for threads, instead of opening and closing the file concurrently.
_KEPT: dict[str, duckdb.DuckDBPyConnection] = {}
_KEPT_LOCK = threading.Lock()


def keep_open(workspace: Path) -> None:
    """Keep the workspace database open in this process until :func:`release`."""
    workspace.mkdir(parents=True, exist_ok=True)
    key = str(db_path(workspace).resolve())
    with _KEPT_LOCK:
        if key not in _KEPT:
            try:
                _KEPT[key] = duckdb.connect(key)
            except duckdb.Error as exc:
                raise InvalidInput(f"cannot open database: {exc}", field=key) from exc


def release(workspace: Path) -> None:
    """Close the connection :func:`keep_open` kept."""
    key = str(db_path(workspace).resolve())
    with _KEPT_LOCK:
        con = _KEPT.pop(key, None)
    if con is not None:
        con.close()


@contextmanager
def connect(workspace: Path, *, create: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the workspace database (creating folder and tables if asked).

    In a process that keeps the workspace open (:func:`keep_open`), this is a
    cursor of the kept connection (its own transactions), closed afterwards.
    """
    path = db_path(workspace)
    with _KEPT_LOCK:
        kept = _KEPT.get(str(path.resolve())) if path.exists() else None
    if not create and kept is None and not path.exists():
        raise NotFound(f"no workspace data at {path}; run `outsource import` first")
    if create:
        workspace.mkdir(parents=True, exist_ok=True)
    try:
        con = kept.cursor() if kept is not None else duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise InvalidInput(f"cannot open database: {exc}", source=str(path)) from exc
    try:
        con.execute("SET TimeZone = 'UTC'")
        if create:
            ensure_tables(con)
        yield con
    finally:
        con.close()


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the workspace tables if they do not exist."""
    con.execute(interactions_ddl())
    con.execute(_IMPORTS)
    for name, kind in _IMPORTS_ADDED:
        con.execute(f"ALTER TABLE imports ADD COLUMN IF NOT EXISTS {name} {kind}")
    con.execute(_REJECTS)


def find_import(con: duckdb.DuckDBPyConnection, sha256: str) -> ImportRecord | None:
    """The earlier import of a file with this content hash, if any."""
    row = con.execute(
        "SELECT import_id, file, sha256, rows_read, imported, rejected, dropped, "
        "duplicates_skipped FROM imports WHERE sha256 = ?",
        [sha256],
    ).fetchall()
    return ImportRecord(*row[0]) if row else None


def next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    """A fresh import id."""
    return int(con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchall()[0][0])


def record_import(
    con: duckdb.DuckDBPyConnection, rec: ImportRecord, mapping: str, timezone: str
) -> None:
    """Insert a row into ``imports``."""
    con.execute(
        "INSERT INTO imports (import_id, file, sha256, mapping, timezone, rows_read, imported, "
        "rejected, dropped, duplicates_skipped, vendor, dropped_reasons) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rec.import_id,
            rec.file,
            rec.sha256,
            mapping,
            timezone,
            rec.rows_read,
            rec.imported,
            rec.rejected,
            rec.dropped,
            rec.duplicates_skipped,
            rec.vendor,
            json.dumps(rec.dropped_reasons) if rec.dropped_reasons else None,
        ],
    )


def add_rejects(
    con: duckdb.DuckDBPyConnection, import_id: int, file: str, rows: list[tuple[int, str, str]]
) -> None:
    """Insert (line, column, reason) rejects of one import."""
    if not rows:
        return
    import pyarrow as pa

    lines, cols, reasons = zip(*rows, strict=True)
    batch = pa.table(
        {
            "import_id": pa.array([import_id] * len(rows), pa.int32()),
            "file": pa.array([file] * len(rows), pa.string()),
            "line": pa.array(lines, pa.int64()),
            "column": pa.array(cols, pa.string()),
            "reason": pa.array(reasons, pa.string()),
        }
    )
    con.register("__reject_batch", batch)
    con.execute("INSERT INTO rejects SELECT * FROM __reject_batch")
    con.unregister("__reject_batch")


def rejects_of(con: duckdb.DuckDBPyConnection, import_id: int) -> list[tuple[int, str, str]]:
    """(line, column, reason) rejects of an import, by line."""
    rows = con.execute(
        'SELECT line, "column", reason FROM rejects WHERE import_id = ? ORDER BY line',
        [import_id],
    ).fetchall()
    return [(int(a), str(b), str(c)) for a, b, c in rows]


def timezones(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Distinct time zones of the mappings used by imports so far (none without imports)."""
    try:
        rows = con.execute("SELECT DISTINCT timezone FROM imports WHERE imported > 0").fetchall()
    except duckdb.CatalogException:  # a workspace file without tables yet (a new server's)
        return []
    return sorted(str(r[0]) for r in rows if r[0])


_SUMMARY = ("import_id", "file", "imported_at", "mapping", "timezone", "vendor", "rows_read",
            "imported", "rejected", "dropped", "duplicates_skipped")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name = ?", [table]).fetchall()
    return {str(r[0]) for r in rows}


def _select_imports(con: duckdb.DuckDBPyConnection, full: bool = True) -> str:
    """The imports query; ``full=False`` copes with workspaces made before the added columns."""
    have = set(_SUMMARY) | {"dropped_reasons"} if full else _columns(con, "imports")
    # TIMESTAMPTZ -> naive UTC (the session zone is UTC): no pytz needed to fetch it
    cols = [("CAST(imported_at AS TIMESTAMP) AS imported_at" if c == "imported_at" else c)
            if c in have else f"NULL AS {c}" for c in _SUMMARY]
    reasons = "dropped_reasons" if "dropped_reasons" in have else "NULL AS dropped_reasons"
    return f"SELECT {', '.join(cols)}, {reasons} FROM imports"


def _query_imports(con: duckdb.DuckDBPyConnection, where: str, args: list[object]) -> list:
    try:
        return con.execute(f"SELECT * FROM ({_select_imports(con)}) {where}", args).fetchall()
    except duckdb.CatalogException:
        return []  # no imports table yet
    except duckdb.BinderException:  # an older workspace, without the added columns
        sql = f"SELECT * FROM ({_select_imports(con, full=False)}) {where}"
        return con.execute(sql, args).fetchall()


def list_imports(con: duckdb.DuckDBPyConnection, vendor: str | None = None,
                 limit: int = 200) -> list[dict]:
    """Past imports, newest first, as dicts (only ``vendor``'s when given)."""
    where, args = "", []
    if vendor is not None:
        where, args = "WHERE vendor = ?", [vendor]
    rows = _query_imports(con, f"{where} ORDER BY import_id DESC LIMIT ?", [*args, int(limit)])
    return [_row(r) for r in rows]


def get_import(con: duckdb.DuckDBPyConnection, import_id: int) -> dict | None:
    """One import's row as a dict, or ``None``."""
    rows = _query_imports(con, "WHERE import_id = ?", [int(import_id)])
    return _row(rows[0]) if rows else None


def _row(r: tuple) -> dict:
    out = dict(zip((*_SUMMARY, "dropped_reasons"), r, strict=True))
    out["dropped_reasons"] = json.loads(out["dropped_reasons"]) if out["dropped_reasons"] else {}
    if out["imported_at"] is not None:
        out["imported_at"] = out["imported_at"].replace(tzinfo=UTC)
    return out


def reject_counts(con: duckdb.DuckDBPyConnection, import_id: int) -> dict[str, int]:
    """Rejects of an import per column, most first."""
    rows = con.execute('SELECT "column", count(*) FROM rejects WHERE import_id = ? '
                       "GROUP BY 1 ORDER BY 2 DESC, 1", [int(import_id)]).fetchall()
    return {str(c): int(n) for c, n in rows}


def rejects_page(con: duckdb.DuckDBPyConnection, import_id: int, offset: int = 0,
                 limit: int | None = None) -> tuple[list[int], list[str], list[str]]:
    """(lines, columns, reasons) of a page of an import's rejects, by line (columnar)."""
    sql = ('SELECT line, "column", reason FROM rejects WHERE import_id = ? '
           'ORDER BY line, "column"')
    args: list[object] = [int(import_id)]
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [int(limit), int(offset)]
    elif offset:
        sql += " OFFSET ?"
        args.append(int(offset))
    rows = con.execute(sql, args).fetchall()
    return [int(r[0]) for r in rows], [str(r[1]) for r in rows], [str(r[2]) for r in rows]
