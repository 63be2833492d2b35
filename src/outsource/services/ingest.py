"""Use case: import a contact log into the workspace.

Reads the file (CSV/TSV/gzip/Parquet) through a mapping, keeps rejected rows
with their line numbers, skips a file whose content was imported before, and
reports counts as an :class:`ImportResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from outsource.data import loader, readers, store
from outsource.data.mapping import Mapping, identity_mapping, load_mapping
from outsource.data.readers import Progress
from outsource.errors import InvalidInput


@dataclass(frozen=True)
class Reject:
    """One rejected row: editor line number (header included), column, reason."""

    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """Outcome of one import.

    Attributes
    ----------
    file : str
        The file imported.
    imported : int
        Rows added to the workspace.
    rejected : int
        Rows refused (see ``rejects``), kept in the rejects table.
    duplicates_skipped : int
        Rows not added because their id was already present (or, for a file
        imported before, every row of that earlier import).
    dropped : dict
        Rows dropped on purpose by the mapping's rules, by reason.
    already_imported : bool
        True when a file with the same content hash was imported before.
    rows_read : int
        Data rows in the file.
    """

    file: str
    imported: int
    rejected: int
    duplicates_skipped: int
    rows_read: int
    dropped: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    already_imported: bool = False
    import_id: int = 0
    mapping: str = "canonical"
    vendor: str | None = None


def _resolve_mapping(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, mapping: Mapping | None
) -> tuple[Mapping, list[str]]:
    columns = readers.header(con, path, fmt, mapping)
    return (mapping or identity_mapping(columns)), columns


def import_file(
    path: Path,
    workspace: Path,
    mapping_path: Path | None = None,
    progress: Progress | None = None,
    vendor: str | None = None,
    label: str | None = None,
) -> ImportResult:
    """Import ``path`` into the workspace at ``workspace``.

    ``vendor`` restricts the file to one vendor's rows (a vendor's upload): a row
    with no vendor gets it, a row naming another vendor is rejected on column
    ``vendor``. ``label`` is the file name recorded (default: ``path``).
    """
    preset = load_mapping(mapping_path) if mapping_path is not None else None
    fmt = readers.file_format(path, preset)
    quote = (preset.quote if preset else None) or '"'
    scan = readers.scan_file(path, quote, progress, fmt)
    with store.connect(workspace) as con:
        earlier = store.find_import(con, scan.sha256)
        if earlier is not None:
            return _skipped(path, earlier)
        mapping, columns = _resolve_mapping(con, path, fmt, preset)
        import_id = store.next_import_id(con)
        con.execute("BEGIN TRANSACTION")
        try:
            counts = loader.load(con, path, fmt, mapping, columns, scan, import_id, vendor,
                                 label)
            rec = _record(path, scan, import_id, counts, vendor, label)
            store.record_import(con, rec, mapping.name, mapping.timezone)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise InvalidInput(
                f"cannot import: {str(exc).splitlines()[0]}", field=str(path)
            ) from exc
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return _result(path, rec, counts, mapping.name, vendor)


def _record(
    path: Path, scan: readers.FileScan, import_id: int, c: loader.LoadCounts,
    vendor: str | None = None, label: str | None = None,
) -> store.ImportRecord:
    return store.ImportRecord(
        import_id=import_id,
        file=label or str(path),
        vendor=vendor,
        dropped_reasons=dict(c.dropped),
        sha256=scan.sha256,
        rows_read=c.rows_read,
        imported=c.imported,
        rejected=len({line for line, _, _ in c.rejects}),
        dropped=sum(c.dropped.values()),
        duplicates_skipped=c.duplicates_skipped,
    )


def _result(path: Path, rec: store.ImportRecord, c: loader.LoadCounts, name: str,
            vendor: str | None = None) -> ImportResult:
    return ImportResult(
        vendor=vendor,
        file=str(path),
        imported=rec.imported,
        rejected=rec.rejected,
        duplicates_skipped=rec.duplicates_skipped,
        rows_read=rec.rows_read,
        dropped=c.dropped,
        rejects=[Reject(*r) for r in c.rejects],
        import_id=rec.import_id,
        mapping=name,
    )


def _skipped(path: Path, earlier: store.ImportRecord) -> ImportResult:
    return ImportResult(
        file=str(path),
        imported=0,
        rejected=0,
        duplicates_skipped=earlier.rows_read,
        rows_read=earlier.rows_read,
        already_imported=True,
        import_id=earlier.import_id,
    )
