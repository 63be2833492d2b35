"""Use case: contact-log imports from the web, run as background jobs, and their reports.

An upload (a log and, optionally, its YAML mapping) is saved under
``WORKSPACE/uploads/job-N/`` (kept: what a vendor sent is evidence), the
mapping is checked at once, and the import itself
(:func:`outsource.services.ingest.import_file`) runs as job N with its
progress on the page. A **vendor user's upload is forced to its vendor**: rows
with no ``vendor`` get it, rows naming another vendor are rejected on column
``vendor`` (line, reason) and nothing of theirs is stored. A vendor user lists
and opens only its vendor's imports; buyer roles see every import (the CLI's
too).
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import shutil
import threading
from pathlib import Path
from typing import BinaryIO

from outsource.data import store
from outsource.data.db.repositories import VendorRepository
from outsource.errors import InvalidInput, NotFound, OutsourceError
from outsource.schemas.imports import ImportReport, ImportSummary, RejectRows
from outsource.schemas.jobs import JobPublic
from outsource.schemas.users import Principal
from outsource.services import audit, jobs
from outsource.services.authz import authorize, can, check_vendor, scope_vendor
from outsource.services.workspace import Workspace

UPLOADS = "uploads"
#: Name of the runner lock imports take (one import at a time in this server; the store's
#: own lock makes imports from other processes wait too).
WORKSPACE_WRITER = "workspace-db"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 20


def safe_name(filename: str | None, default: str = "upload.csv") -> str:
    """A file name safe to store: the base name, odd characters replaced by ``_``."""
    base = Path(str(filename or "").replace("\\", "/")).name
    name = _SAFE.sub("_", base).strip("._")[:120]
    return name or default


def _save(data: BinaryIO, dest: Path, max_bytes: int, field: str) -> int:
    size = 0
    with dest.open("wb") as out:
        while block := data.read(_CHUNK):
            size += len(block)
            if size > max_bytes:
                raise InvalidInput(f"larger than the {max_bytes / 1e6:,.0f} MB upload limit",
                                   field=field)
            out.write(block)
    if size == 0:
        raise InvalidInput("the file is empty", field=field)
    return size


def upload_options(ws: Workspace, actor: Principal) -> tuple[bool, str | None, list[str]]:
    """What the upload form offers ``actor``: (may upload, vendor its uploads are forced
    to or None, registered vendors to choose from)."""
    if not can(actor, "imports.create"):
        return False, None, []
    if actor.is_vendor:
        return True, actor.vendor, [actor.vendor] if actor.vendor else []
    with ws.transaction() as session:
        return True, None, VendorRepository(session).names()


def start_import(ws: Workspace, runner: jobs.JobRunner, actor: Principal, *, filename: str,
                 data: BinaryIO, mapping_filename: str | None = None,
                 mapping_data: BinaryIO | None = None, vendor: str | None = None,
                 max_bytes: int = 1 << 30) -> JobPublic:
    """Save an upload, check its mapping, and queue its import as a job (``imports.create``).

    ``vendor``: restrict the rows to this registered vendor (a vendor user's
    uploads always are restricted to its own; naming another is :class:`Forbidden`).
    """
    from outsource.data.mapping import load_mapping

    authorize(actor, "imports.create")
    vendor = (vendor or "").strip() or None
    vendor = scope_vendor(actor, vendor)
    name = safe_name(filename)
    incoming = ws.path / UPLOADS / f".incoming-{secrets.token_hex(8)}"
    incoming.mkdir(parents=True)
    try:
        _save(data, incoming / name, max_bytes, "file")
        mapping_name = None
        if mapping_data is not None:
            mapping_name = safe_name(mapping_filename, "mapping.yaml")
            if mapping_name == name:
                mapping_name = "mapping-" + mapping_name
            _save(mapping_data, incoming / mapping_name, 1 << 20, "mapping")
            try:
                load_mapping(incoming / mapping_name)
            except OutsourceError as exc:
                raise _relabel(exc, incoming / mapping_name, mapping_name) from None
        with ws.transaction() as session:
            if vendor is not None and not actor.is_vendor:
                VendorRepository(session).require(vendor)
            params = {"file": name, "mapping": mapping_name, "vendor": vendor}
            job = jobs.create(session, actor, "import", f"import {name}", vendor=vendor,
                              params=params)
            audit.record(session, actor, "import.start", "job", job.id, vendor=vendor,
                         after=params)
            folder = ws.path / UPLOADS / f"job-{job.id}"
            incoming.rename(folder)
            out = jobs.public(job)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    work = _import_work(ws, actor, folder, name, mapping_name, vendor,
                        runner.exclusive(WORKSPACE_WRITER))
    runner.submit(out.id, work)
    return out


def _relabel(exc: OutsourceError, path: Path, name: str) -> OutsourceError:
    """``exc`` naming the upload ``name`` instead of where the server keeps it."""
    def fix(text: str | None) -> str | None:
        return None if text is None else text.replace(str(path), name)

    loc = tuple(fix(p) if isinstance(p, str) else p for p in exc.loc)
    return type(exc)(fix(exc.message) or "", loc=loc, source=fix(exc.source), line=exc.line,
                     column=exc.column)


def _import_work(ws: Workspace, actor: Principal, folder: Path, name: str,
                 mapping_name: str | None, vendor: str | None,
                 writer: threading.Lock) -> jobs.Work:
    from outsource.services.ingest import import_file

    path = folder / name
    mapping = folder / mapping_name if mapping_name else None

    def work(ctx: jobs.JobContext) -> str:
        total_mb = path.stat().st_size / 1e6
        ctx.progress(0.0, f"reading {name} ({total_mb:,.1f} MB)", force=True)

        def on_bytes(done: int, total: int) -> None:
            if done >= total:
                ctx.progress(0.5, f"checking and loading the rows of {name}", force=True)
            else:
                ctx.progress(0.5 * done / max(total, 1),
                             f"reading {name}: {done / 1e6:,.1f} of {total / 1e6:,.1f} MB")

        if not writer.acquire(blocking=False):
            ctx.progress(0.0, "waiting for another import to finish", force=True)
            writer.acquire()
        try:
            res = import_file(path, ws.path, mapping, progress=on_bytes, vendor=vendor,
                              label=name)
        except OutsourceError as exc:
            exc = _relabel(exc, path, name)
            raise (_relabel(exc, mapping, mapping_name or "") if mapping else exc) from None
        finally:
            writer.release()
        if res.already_imported:
            ctx.summary = f"{name} was imported before (import {res.import_id}); nothing changed"
        else:
            ctx.summary = (f"imported {res.imported:,}, rejected {res.rejected:,}, duplicates "
                           f"skipped {res.duplicates_skipped:,} of {res.rows_read:,} rows")
            with ws.transaction() as session:
                audit.record(session, actor, "import.complete", "import", res.import_id,
                             vendor=vendor, after={
                                 "file": name, "rows_read": res.rows_read,
                                 "imported": res.imported, "rejected": res.rejected,
                                 "duplicates_skipped": res.duplicates_skipped,
                                 "job": ctx.job_id})
        return f"import:{res.import_id}"

    return work


def _summary(row: dict) -> ImportSummary:
    return ImportSummary(import_id=int(row["import_id"]), file=str(row["file"]),
                         imported_at=row["imported_at"], mapping=row["mapping"],
                         timezone=row["timezone"], vendor=row["vendor"],
                         rows_read=int(row["rows_read"] or 0), imported=int(row["imported"] or 0),
                         rejected=int(row["rejected"] or 0), dropped=int(row["dropped"] or 0),
                         duplicates_skipped=int(row["duplicates_skipped"] or 0))


def list_imports(ws: Workspace, actor: Principal, limit: int = 200) -> list[ImportSummary]:
    """Past imports, newest first (``imports.read``; a vendor user only its vendor's)."""
    authorize(actor, "imports.read")
    vendor = scope_vendor(actor)
    if not store.exists(ws.path):
        return []
    with store.connect(ws.path, create=False) as con:
        rows = store.list_imports(con, vendor, limit)
    return [_summary(r) for r in rows]


def _require(con, actor: Principal, import_id: int) -> dict:  # type: ignore[no-untyped-def]
    row = store.get_import(con, import_id)
    if row is None:
        raise NotFound(f"no import {import_id}", field="import")
    check_vendor(actor, row["vendor"], f"import {import_id}")
    return row


def import_report(ws: Workspace, actor: Principal, import_id: int, *, offset: int = 0,
                  limit: int = 500) -> ImportReport:
    """One import with a page of its rejects (``imports.read``; vendors: their own only)."""
    authorize(actor, "imports.read")
    if not store.exists(ws.path):
        raise NotFound(f"no import {import_id}", field="import")
    with store.connect(ws.path, create=False) as con:
        row = _require(con, actor, import_id)
        by_column = store.reject_counts(con, import_id)
        lines, cols, reasons = store.rejects_page(con, import_id, offset, limit)
    return ImportReport(summary=_summary(row), dropped_by_reason=row["dropped_reasons"],
                        rejects_by_column=by_column, rejects_total=sum(by_column.values()),
                        rejects_offset=offset,
                        rejects=RejectRows(line=lines, column=cols, reason=reasons))


def rejects_csv(ws: Workspace, actor: Principal, import_id: int) -> tuple[str, str]:
    """(file name, CSV text) of every reject of an import: ``line,column,reason``."""
    authorize(actor, "imports.read")
    if not store.exists(ws.path):
        raise NotFound(f"no import {import_id}", field="import")
    with store.connect(ws.path, create=False) as con:
        row = _require(con, actor, import_id)
        lines, cols, reasons = store.rejects_page(con, import_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["line", "column", "reason"])
    writer.writerows(zip(lines, cols, reasons, strict=True))
    stem = safe_name(Path(str(row["file"])).stem, "import")
    return f"{stem}-rejects.csv", out.getvalue()
