"""The DuckDB workspace: ``interactions``, ``rejects`` and ``imports`` tables.

The database is one file, ``outsource.duckdb``, inside the workspace folder.
Timestamps are stored as TIMESTAMPTZ (instants); the session time zone is UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


def db_path(workspace: Path) -> Path:
    """Path of the workspace's DuckDB file."""
    return workspace / DB_NAME


@contextmanager
def connect(workspace: Path, *, create: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the workspace database (creating folder and tables if asked)."""
    path = db_path(workspace)
    if not create and not path.exists():
        raise NotFound(f"no workspace data at {path}; run `outsource import` first")
    if create:
        workspace.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
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
        "rejected, dropped, duplicates_skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    """Distinct time zones of the mappings used by imports so far."""
    rows = con.execute("SELECT DISTINCT timezone FROM imports WHERE imported > 0").fetchall()
    return sorted(str(r[0]) for r in rows if r[0])
