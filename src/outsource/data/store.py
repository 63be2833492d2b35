"""The contact-log store of a workspace: immutable Parquet segments and one manifest.

Layout (all under ``WORKSPACE/store/``)::

    manifest.json              what is committed: segments, reject files, imports
    segments/NNNNNN-xxxx.parquet   interactions (canonical columns + import_id + event keys)
    rejects/NNNNNN-xxxx.parquet    one file per import with rejects (import_id, file,
                                   line, column, reason)
    writer.lock                the one writer's lock (``fcntl.flock``)
    tmp/                       files being written, DuckDB's spill files

**Readers never lock and never write.** :func:`connect` reads the manifest
(one small JSON file, replaced atomically) and gives a DuckDB connection (in
memory) whose views ``interactions``, ``rejects`` and ``imports`` show exactly
the files that manifest names: the last committed state, even while an import
runs in another process, any number of readers side by side, and from a
workspace folder that is read-only.

**One writer at a time** (:func:`writer`): it takes ``writer.lock`` (a second
import waits for the first, in any process), writes new files under ``tmp/``,
fsyncs and renames them into place, then commits by replacing the manifest
(write, fsync, ``os.replace``, fsync of the folder). A crash or a full disk
before that rename leaves the old manifest: nothing half-written is ever
visible, and the next writer deletes the orphans. Files a commit no longer
names (segments rewritten by ``keep: last`` or compacted) are kept for
:data:`RETIRE_AFTER_S` so that readers still using the previous manifest can
finish, then deleted.

A workspace written by an earlier version (one DuckDB file, ``outsource.duckdb``)
is read as it is, and converted into segments by the first import.

Timestamps are ``TIMESTAMPTZ`` (instants) and every connection's session time
zone is UTC. References: the design follows append-only table formats
(Apache Iceberg's snapshot-by-manifest commit; Delta Lake's transaction log)
reduced to one writer and one manifest file.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from outsource.data.schema import COLUMNS, NAMES
from outsource.errors import InvalidInput, NotFound

#: The folder of the store inside the workspace.
STORE = "store"
MANIFEST = "manifest.json"
#: A workspace of an earlier version: one DuckDB file (read, then converted).
DB_NAME = "outsource.duckdb"
FORMAT = 1
#: Seconds a file the manifest no longer names is kept for readers of older manifests.
RETIRE_AFTER_S = 15 * 60
#: More segments than this are merged into one by the next import.
MAX_SEGMENTS = 32
#: Extra columns of a segment: the event time and sequence ``keep: last`` orders by.
EVENT_COLUMNS = (("event_at", "TIMESTAMPTZ"), ("event_seq", "DOUBLE"))
SEGMENT_COLUMNS = (*NAMES, "import_id", *(n for n, _ in EVENT_COLUMNS))
_REJECT_COLUMNS = ('import_id INTEGER', 'file VARCHAR', 'line BIGINT', '"column" VARCHAR',
                   'reason VARCHAR')
_IMPORT_FIELDS = ("import_id", "file", "sha256", "mapping", "timezone", "imported_at",
                  "rows_read", "imported", "rejected", "dropped", "duplicates_skipped",
                  "vendor", "dropped_reasons")


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


@dataclass
class Manifest:
    """What is committed (the content of ``manifest.json``).

    Attributes
    ----------
    version : int
        Commit number (0: nothing committed yet).
    segments : list of dict
        ``{"file", "rows", "import_id"}`` per interactions segment (paths relative to the store).
    rejects : list of dict
        ``{"file", "rows", "import_id"}`` per rejects file.
    imports : list of dict
        One ``imports`` row per import (see :data:`_IMPORT_FIELDS`).
    retired : list of dict
        ``{"file", "at"}``: files no longer named, deleted :data:`RETIRE_AFTER_S` after ``at``.
    """

    version: int = 0
    segments: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    imports: list[dict] = field(default_factory=list)
    retired: list[dict] = field(default_factory=list)

    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=1, sort_keys=True,
                          default=str).encode()


def store_dir(workspace: Path) -> Path:
    """The store's folder (``WORKSPACE/store``)."""
    return Path(workspace) / STORE


def db_path(workspace: Path) -> Path:
    """The file whose presence means the workspace holds imported data (the manifest, or
    for a workspace of an earlier version its DuckDB file)."""
    manifest = store_dir(workspace) / MANIFEST
    legacy = Path(workspace) / DB_NAME
    return legacy if not manifest.exists() and legacy.exists() else manifest


def exists(workspace: Path) -> bool:
    """Whether anything was ever imported into ``workspace``."""
    return db_path(workspace).exists()


def _disk_error(exc: BaseException, where: Path) -> InvalidInput:
    """An operating-system or DuckDB I/O failure as InvalidInput naming the disk problem."""
    text = str(exc)
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text or "disk full" in text:
        return InvalidInput("no space left on the device (disk full): nothing was imported",
                            source=str(where))
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "Permission denied" in text \
            or "Read-only file system" in text:
        return InvalidInput("cannot write the workspace here (permission denied or a "
                            "read-only file system): nothing was imported", source=str(where))
    reason = getattr(exc, "strerror", None) or text.strip().splitlines()[0][:200]
    return InvalidInput(f"cannot write the workspace: {reason}; nothing was imported",
                        source=str(where))


def read_manifest(workspace: Path) -> Manifest | None:
    """The committed manifest, or ``None`` when nothing was committed."""
    path = store_dir(workspace) / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InvalidInput(f"cannot read the workspace: {exc.strerror}", source=str(path)) from None
    try:
        doc = json.loads(raw)
        if doc.get("format") != FORMAT:
            raise ValueError(f"format {doc.get('format')!r}")
        return Manifest(int(doc["version"]), list(doc["segments"]), list(doc["rejects"]),
                        list(doc["imports"]), list(doc.get("retired", [])))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(f"the workspace's manifest is damaged ({exc}); restore it from a "
                           "backup", source=str(path)) from None


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _empty_interactions_sql() -> str:
    cols = ", ".join(f"CAST(NULL AS {c.sql_type}) AS {c.name}" for c in COLUMNS)
    events = ", ".join(f"CAST(NULL AS {t}) AS {n}" for n, t in EVENT_COLUMNS)
    return f"SELECT {cols}, CAST(NULL AS INTEGER) AS import_id, {events} LIMIT 0"


def _empty_rejects_sql() -> str:
    return ("SELECT CAST(NULL AS INTEGER) AS import_id, CAST(NULL AS VARCHAR) AS file, "
            'CAST(NULL AS BIGINT) AS line, CAST(NULL AS VARCHAR) AS "column", '
            "CAST(NULL AS VARCHAR) AS reason LIMIT 0")


_IMPORT_TYPES = ("INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "TIMESTAMPTZ",
                 "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "VARCHAR", "VARCHAR")


def _sql_value(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(int(value)) if float(value).is_integer() else repr(float(value))
    return "'" + str(value).replace("'", "''") + "'"


def _imports_table(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Temporary table ``imports`` holding the manifest's import rows (one statement)."""
    typed = ", ".join(f"CAST(NULL AS {t}) AS {k}" for k, t in zip(_IMPORT_FIELDS, _IMPORT_TYPES,
                                                                   strict=True))
    body = f"SELECT {typed} LIMIT 0"
    if rows:
        values = ", ".join(
            "(" + ", ".join(_sql_value(json.dumps(r[k]) if k == "dropped_reasons" and r.get(k)
                                       else r.get(k) if k != "dropped_reasons" else None)
                            for k in _IMPORT_FIELDS) + ")" for r in rows)
        casts = ", ".join(f"CAST(col{i} AS {t}) AS {k}" for i, (k, t) in
                          enumerate(zip(_IMPORT_FIELDS, _IMPORT_TYPES, strict=True)))
        names = ", ".join(f"col{i}" for i in range(len(_IMPORT_FIELDS)))
        body = f"SELECT {casts} FROM (VALUES {values}) v({names})"
    con.execute(f"CREATE OR REPLACE TEMP TABLE imports AS {body}")


def _views(con: duckdb.DuckDBPyConnection, root: Path, m: Manifest,
           writer: bool = False) -> None:
    """Views ``segments``, ``interactions``, ``rejects`` and table ``imports`` over ``m``
    (and, for the writer, ``segment_rows``: segments with each row's file)."""
    seg = [root / s["file"] for s in m.segments]
    rej = [root / r["file"] for r in m.rejects]
    source = f"read_parquet({_sql_list(seg)})" if seg else f"({_empty_interactions_sql()})"
    con.execute(f"CREATE OR REPLACE TEMP VIEW segments AS SELECT * FROM {source}")
    if writer:
        source = (f"read_parquet({_sql_list(seg)}, filename = true)" if seg else
                  f"(SELECT *, CAST(NULL AS VARCHAR) AS filename FROM "
                  f"({_empty_interactions_sql()}))")
        con.execute(f"CREATE OR REPLACE TEMP VIEW segment_rows AS SELECT * FROM {source}")
    con.execute("CREATE OR REPLACE TEMP VIEW interactions AS SELECT "
                f"{', '.join(NAMES)}, import_id FROM segments")
    source = f"read_parquet({_sql_list(rej)})" if rej else f"({_empty_rejects_sql()})"
    con.execute(f"CREATE OR REPLACE TEMP VIEW rejects AS SELECT * FROM {source}")
    _imports_table(con, m.imports)


def _memory_connection(spill: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"temp_directory": str(spill)})
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    return con


#: The in-memory database readers share (opening one costs about 15 ms; a cursor of it,
#: with its own temporary views, nothing): made on first use, per process.
_READERS: list[duckdb.DuckDBPyConnection] = []
_READERS_LOCK = threading.Lock()


def _reader_cursor() -> duckdb.DuckDBPyConnection:
    with _READERS_LOCK:
        if not _READERS:
            _READERS.append(_memory_connection(Path(tempfile.gettempdir()) / "outsource-duckdb"))
        con = _READERS[0].cursor()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    return con


def _legacy_views(con: duckdb.DuckDBPyConnection, legacy: Path) -> None:
    """Views over an earlier version's DuckDB file, attached read-only."""
    try:
        con.execute(f"ATTACH '{str(legacy).replace(chr(39), chr(39) * 2)}' AS legacy "
                    "(READ_ONLY)")
    except duckdb.Error as exc:
        raise InvalidInput(f"cannot read the workspace's database: {str(exc).splitlines()[0]}",
                           source=str(legacy)) from None
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'legacy'").fetchall()}
    events = ", ".join(f"CAST(NULL AS {t}) AS {n}" for n, t in EVENT_COLUMNS)
    if "interactions" in tables:
        con.execute("CREATE OR REPLACE TEMP VIEW segments AS SELECT "
                    f"{', '.join(NAMES)}, import_id, {events} FROM legacy.interactions")
    else:
        con.execute(f"CREATE OR REPLACE TEMP VIEW segments AS {_empty_interactions_sql()}")
    con.execute("CREATE OR REPLACE TEMP VIEW interactions AS SELECT "
                f"{', '.join(NAMES)}, import_id FROM segments")
    src = "legacy.rejects" if "rejects" in tables else f"({_empty_rejects_sql()})"
    con.execute(f"CREATE OR REPLACE TEMP VIEW rejects AS SELECT * FROM {src}")
    rows: list[dict] = []
    if "imports" in tables:
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'legacy' "
            "AND table_name = 'imports'").fetchall()}
        cols = [("CAST(imported_at AS VARCHAR)" if k == "imported_at" else k) if k in have
                else "NULL" for k in _IMPORT_FIELDS]
        for r in con.execute(f"SELECT {', '.join(cols)} FROM legacy.imports").fetchall():
            row = dict(zip(_IMPORT_FIELDS, r, strict=True))
            row["dropped_reasons"] = json.loads(row["dropped_reasons"]) \
                if row["dropped_reasons"] else None
            rows.append(row)
    _imports_table(con, rows)


@contextmanager
def connect(workspace: Path, *, create: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only view of the workspace's last committed state (a DuckDB connection).

    The connection is in memory and holds views ``interactions`` (the canonical
    columns and ``import_id``), ``rejects`` and ``imports`` over the committed
    files; it takes no lock and writes nothing, so any number of readers and
    one writer may work at once. This is the one way to query the contact logs
    (profile, brief, replay, imports pages, monitoring).

    Parameters
    ----------
    workspace : Path
        The workspace folder.
    create : bool
        ``False``: a workspace with nothing imported is :class:`NotFound`;
        ``True``: it gives empty views.
    """
    workspace = Path(workspace)
    if workspace.exists() and not workspace.is_dir():
        raise InvalidInput(f"{workspace} is a file, not a workspace folder", field="workspace")
    manifest = read_manifest(workspace)
    legacy = workspace / DB_NAME
    if manifest is None and not legacy.exists() and not create:
        raise NotFound(f"no workspace data in {workspace}; run `outsource import` first")
    old = manifest is None and legacy.exists()
    # an earlier version's file is attached: not in the shared database (attachments are
    # shared by its cursors)
    con = _memory_connection(Path(tempfile.gettempdir()) / "outsource-duckdb") if old \
        else _reader_cursor()
    try:
        if old:
            _legacy_views(con, legacy)
        else:
            _views(con, store_dir(workspace), manifest or Manifest())
        yield con
    finally:
        con.close()


def interactions(workspace: Path) -> contextmanager:  # type: ignore[type-arg]
    """Alias of :func:`connect` named for what most readers want: ``con.sql("FROM
    interactions")`` on the committed contacts (``create=False``)."""
    return connect(workspace, create=False)


def committed_files(workspace: Path) -> list[Path]:
    """The Parquet files holding the committed interactions (for engines such as Spark that
    read files directly; they carry ``event_at`` and ``event_seq`` besides the canonical
    columns and ``import_id``)."""
    m = read_manifest(Path(workspace))
    root = store_dir(Path(workspace))
    return [] if m is None else [root / s["file"] for s in m.segments]


# ---------------------------------------------------------------- the writer


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Writer:
    """The one writer of a workspace's store (see :func:`writer`).

    ``con`` is an in-memory DuckDB connection with the committed views (as
    :func:`connect` gives); :meth:`new_file` names a file to write under
    ``tmp/``; :meth:`add_segment`, :meth:`add_rejects`, :meth:`retire_segment`
    and :meth:`add_import` stage changes that :meth:`commit` makes visible at once.
    """

    def __init__(self, workspace: Path, con: duckdb.DuckDBPyConnection,
                 manifest: Manifest) -> None:
        self.workspace = workspace
        self.root = store_dir(workspace)
        self.con = con
        self.manifest = manifest
        self._staged: list[tuple[Path, Path]] = []  # (tmp, final)
        self._segments: list[dict] = []
        self._rejects: list[dict] = []
        self._retire: set[str] = set()
        self._imports: list[dict] = []

    # names ----------------------------------------------------------------
    def new_file(self, kind: str, import_id: int) -> tuple[Path, str]:
        """(temporary path to write, final path relative to the store) of a new file."""
        rel = f"{kind}/{import_id:06d}-{secrets.token_hex(4)}.parquet"
        return self.root / "tmp" / rel.replace("/", "-"), rel

    # reads ----------------------------------------------------------------
    def find_import(self, sha256: str) -> ImportRecord | None:
        """The earlier import of a file with this content hash, if any."""
        for r in self.manifest.imports:
            if r.get("sha256") == sha256:
                return ImportRecord(int(r["import_id"]), str(r["file"]), str(r["sha256"]),
                                    int(r["rows_read"] or 0), int(r["imported"] or 0),
                                    int(r["rejected"] or 0), int(r["dropped"] or 0),
                                    int(r["duplicates_skipped"] or 0), r.get("vendor"))
        return None

    def next_import_id(self) -> int:
        """A fresh import id."""
        return max((int(r["import_id"]) for r in self.manifest.imports), default=0) + 1

    # staged changes --------------------------------------------------------
    def copy_to(self, query: str, kind: str, import_id: int) -> tuple[int, str | None]:
        """Write ``query``'s rows as a new Parquet file; (rows, relative path or None if 0)."""
        tmp, rel = self.new_file(kind, import_id)
        try:
            n = int(self.con.execute(
                f"COPY ({query}) TO '{str(tmp).replace(chr(39), chr(39) * 2)}' "
                "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)").fetchall()[0][0])
        except duckdb.Error as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, duckdb.IOException) or "No space" in str(exc):
                raise _disk_error(exc, self.workspace) from None
            raise
        if n == 0:
            tmp.unlink(missing_ok=True)
            return 0, None
        self._staged.append((tmp, self.root / rel))
        return n, rel

    def add_segment(self, rel: str, rows: int, import_id: int) -> None:
        self._segments.append({"file": rel, "rows": rows, "import_id": import_id})

    def add_rejects(self, rel: str, rows: int, import_id: int) -> None:
        self._rejects.append({"file": rel, "rows": rows, "import_id": import_id})

    def retire_segment(self, rel: str) -> None:
        """Stop naming segment ``rel`` at the commit (its rows were rewritten elsewhere)."""
        self._retire.add(rel)

    def add_import(self, rec: ImportRecord, mapping: str, timezone: str) -> None:
        row = {k: v for k, v in asdict(rec).items()}
        row.update(mapping=mapping, timezone=timezone,
                   imported_at=datetime.now(UTC).isoformat())
        self._imports.append(row)

    def commit(self) -> Manifest:
        """Make every staged change visible at once (or none, on failure)."""
        m = self.manifest
        now = time.time()
        kept = [s for s in m.segments if s["file"] not in self._retire]
        retired = list(m.retired) + [{"file": f, "at": now} for f in sorted(self._retire)]
        new = Manifest(m.version + 1, kept + self._segments, m.rejects + self._rejects,
                       m.imports + self._imports, retired)
        try:
            for tmp, final in self._staged:
                _fsync_file(tmp)
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)
            for folder in {final.parent for _, final in self._staged}:
                _fsync_dir(folder)
            part = self.root / "tmp" / f"{MANIFEST}.{secrets.token_hex(4)}"
            with part.open("wb") as fh:
                fh.write(new.to_json())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(part, self.root / MANIFEST)
            _fsync_dir(self.root)
        except OSError as exc:
            for _, final in self._staged:  # not named by the old manifest: safe to remove
                final.unlink(missing_ok=True)
            raise _disk_error(exc, self.workspace) from None
        self.manifest = new
        self._staged, self._segments, self._rejects, self._imports = [], [], [], []
        self._retire = set()
        _views(self.con, self.root, new, writer=True)
        return new

    def discard(self) -> None:
        """Forget staged changes and delete their files."""
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged = []

    # housekeeping -----------------------------------------------------------
    def clean(self) -> None:
        """Delete orphans (files no manifest names, left by a crash) and retired files past
        their grace period. Runs under the lock, before an import."""
        m = self.manifest
        named = {s["file"] for s in m.segments} | {r["file"] for r in m.rejects}
        now = time.time()
        keep_retired, gone = [], []
        for r in m.retired:
            (gone if now - float(r["at"]) > RETIRE_AFTER_S else keep_retired).append(r)
        waiting = {r["file"] for r in keep_retired}
        for kind in ("segments", "rejects"):
            folder = self.root / kind
            if folder.is_dir():
                for f in folder.iterdir():
                    rel = f"{kind}/{f.name}"
                    if rel not in named and rel not in waiting:
                        f.unlink(missing_ok=True)
        tmp = self.root / "tmp"
        if tmp.is_dir():
            for f in tmp.iterdir():
                if f.is_file():
                    f.unlink(missing_ok=True)
        if gone:
            m.retired = keep_retired

    def compact(self, import_id: int) -> None:
        """Merge the segments into one when there are more than :data:`MAX_SEGMENTS`."""
        segs = self.manifest.segments
        if len(segs) <= MAX_SEGMENTS:
            return
        files = _sql_list([self.root / s["file"] for s in segs])
        n, rel = self.copy_to(f"SELECT * FROM read_parquet({files})", "segments", import_id)
        for s in segs:
            self.retire_segment(s["file"])
        if rel is not None:
            self.add_segment(rel, n, import_id)

    def migrate_legacy(self) -> None:
        """Convert an earlier version's ``outsource.duckdb`` into segments (one commit)."""
        legacy = self.workspace / DB_NAME
        if self.manifest.version or not legacy.exists():
            return
        _legacy_views(self.con, legacy)
        cols = ", ".join("CAST(imported_at AS VARCHAR)" if k == "imported_at" else k
                         for k in _IMPORT_FIELDS)
        rows = self.con.execute(f"SELECT {cols} FROM imports ORDER BY import_id").fetchall()
        n, rel = self.copy_to("SELECT * FROM segments", "segments", 0)
        if rel is not None:
            self.add_segment(rel, n, 0)
        k, rel = self.copy_to("SELECT * FROM rejects", "rejects", 0)
        if rel is not None:
            self.add_rejects(rel, k, 0)
        for r in rows:
            row = dict(zip(_IMPORT_FIELDS, r, strict=True))
            row["dropped_reasons"] = json.loads(row["dropped_reasons"]) \
                if row["dropped_reasons"] else None
            self._imports.append(row)
        self.con.execute("DETACH legacy")
        self.commit()
        os.replace(legacy, legacy.with_name(DB_NAME + ".converted"))


@contextmanager
def writer(workspace: Path, on_wait: Callable[[], None] | None = None) -> Iterator[Writer]:
    """The workspace's one writer: wait for the lock, yield a :class:`Writer`, release.

    ``on_wait`` is called once if another writer (another import, in any
    process) holds the lock: this one then waits for it.

    Raises
    ------
    InvalidInput
        The workspace is a file, or its folder cannot be written (named, with the reason).
    """
    import fcntl

    workspace = Path(workspace)
    if workspace.exists() and not workspace.is_dir():
        raise InvalidInput(f"{workspace} is a file, not a workspace folder", field="workspace")
    root = store_dir(workspace)
    try:
        for sub in ("", "segments", "rejects", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        fd = os.open(root / "writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _disk_error(exc, workspace) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        con = _memory_connection(root / "tmp")
        try:
            w = Writer(workspace, con, read_manifest(workspace) or Manifest())
            _views(con, root, w.manifest, writer=True)
            w.clean()
            w.migrate_legacy()
            try:
                yield w
            except BaseException:
                w.discard()
                raise
        finally:
            con.close()
    finally:
        os.close(fd)  # releases the lock


# ---------------------------------------------------------------- queries on a snapshot


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


def _query_imports(con: duckdb.DuckDBPyConnection, where: str, args: list[object]) -> list:
    # TIMESTAMPTZ -> naive UTC (the session zone is UTC): no pytz needed to fetch it
    cols = ", ".join("CAST(imported_at AS TIMESTAMP) AS imported_at" if c == "imported_at"
                     else c for c in _SUMMARY)
    return con.execute(f"SELECT {cols}, dropped_reasons FROM imports {where}", args).fetchall()


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
