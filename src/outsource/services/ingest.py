"""Use case: import a contact log into the workspace.

Reads the file (CSV/TSV/gzip/Parquet) through a mapping, keeps rejected rows
with their line numbers, skips a file whose content was imported before, and
reports counts as an :class:`ImportResult`. The import is one commit of the
workspace's store (:func:`outsource.data.store.writer`): it is visible whole
or not at all, readers are never blocked, and a second import (in any
process) waits for the first.

A file that gives no row (empty, a header only, every row rejected) is refused
(:class:`~outsource.data.loader.NothingImported`, exit code 2) and nothing is
stored; its rejects ride on the error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np

from outsource.data import loader, readers, store
from outsource.data.mapping import Mapping, identity_mapping
from outsource.data.readers import Progress
from outsource.errors import InvalidInput
from outsource.schemas.ingest import ImportResult, Rejects


def _resolve_mapping(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, mapping: Mapping | None
) -> tuple[Mapping, list[str]]:
    columns = readers.header(con, path, fmt, mapping)
    if mapping is None:
        try:
            return identity_mapping(columns), columns
        except InvalidInput as exc:
            raise InvalidInput(exc.message, source=str(path), line=1) from None
    return mapping, columns


def import_file(
    path: Path,
    workspace: Path,
    mapping: Mapping | None = None,
    progress: Progress | None = None,
    vendor: str | None = None,
    label: str | None = None,
    on_wait: Callable[[], None] | None = None,
) -> ImportResult:
    """Import the contact log at ``path`` into the workspace at ``workspace``.

    ``mapping`` is a loaded mapping (:func:`outsource.data.mapping.load_mapping`);
    ``None`` means the file's header already uses the canonical column names.
    The log is streamed twice by design (content hash and blank lines, then
    DuckDB's load), never held in memory.

    ``vendor`` restricts the file to one vendor's rows (a vendor's upload): a row
    with no vendor gets it, a row naming another vendor is rejected on column
    ``vendor``. ``label`` is the file name recorded (default: ``path``).
    ``on_wait`` is called if another import holds the workspace (this one waits).

    Raises
    ------
    NothingImported
        No data rows, or every row rejected: nothing stored.
    InvalidInput
        Unreadable file or mapping mismatch; a full disk or an unwritable
        workspace (named as such); nothing stored.
    """
    path = Path(path)
    preset = mapping
    fmt = readers.file_format(path, preset)
    quote = (preset.quote if preset else None) or '"'
    scan = readers.scan_file(path, quote, progress, fmt)
    with store.writer(workspace, on_wait) as w:
        earlier = w.find_import(scan.sha256)
        if earlier is not None:
            return _skipped(path, earlier)
        mapping, columns = _resolve_mapping(w.con, path, fmt, preset)
        import_id = w.next_import_id()
        try:
            counts = loader.load(w, path, fmt, mapping, columns, scan, import_id, vendor, label)
            w.compact(import_id)
        except duckdb.Error as exc:
            w.discard()
            text = str(exc)
            if isinstance(exc, duckdb.IOException) or "No space left" in text:
                raise store._disk_error(exc, workspace) from None
            raise InvalidInput(f"cannot import: {text.strip().splitlines()[0][:300]}",
                               source=label or str(path)) from None
        except OSError as exc:
            w.discard()
            raise store._disk_error(exc, workspace) from None
        rec = _record(path, scan, import_id, counts, vendor, label)
        w.add_import(rec, mapping.name, mapping.timezone)
        w.commit()
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


def rejects_of(rows: list[tuple[int, str, str]]) -> Rejects:
    """(line, column, reason) rows as the columnar :class:`Rejects`."""
    lines, cols, reasons = (zip(*rows, strict=True) if rows else ((), (), ()))
    return Rejects(line=np.array(lines, dtype=np.int64), column=np.array(cols, dtype=object),
                   reason=np.array(reasons, dtype=object))


def _result(path: Path, rec: store.ImportRecord, c: loader.LoadCounts, name: str,
            vendor: str | None = None) -> ImportResult:
    return ImportResult(
        vendor=vendor,
        file=str(path),
        imported=rec.imported,
        rejected=rec.rejected,
        duplicates_skipped=rec.duplicates_skipped,
        replaced=c.replaced,
        rows_read=rec.rows_read,
        dropped=c.dropped,
        rejects=rejects_of(c.rejects),
        already_imported=False,
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
        dropped={},
        rejects=rejects_of([]),
        already_imported=True,
        import_id=earlier.import_id,
        mapping="canonical",
    )
