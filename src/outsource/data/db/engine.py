"""Engines built from settings: SQLite in the workspace (WAL) or any SQLAlchemy URL.

``OUTSOURCE_DATABASE_URL`` (``Settings.database_url``) selects the database;
without it the workspace holds a SQLite file, ``WORKSPACE/outsource.db``.

SQLite connections are opened in WAL mode (readers never block the writer),
with foreign keys enforced and a 30 s busy timeout. The driver's own
transaction handling is switched off and SQLAlchemy emits ``BEGIN`` itself, so
that a transaction covers DDL and DML alike and a rollback undoes all of it
(SQLAlchemy's documented recipe for pysqlite). Sessions and migrations begin
``BEGIN IMMEDIATE`` (:func:`writer`): concurrent writers wait for each other
instead of failing with "database is locked".
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from outsource.errors import InvalidInput

#: File name of the SQLite database inside the workspace folder.
SQLITE_NAME = "outsource.db"
_BACKENDS = ("sqlite", "postgresql")


def database_url(workspace: Path, url: str | None = None) -> str:
    """The database URL: ``url`` when given, else the workspace's SQLite file."""
    if url:
        return url
    return URL.create("sqlite", database=str(Path(workspace).resolve() / SQLITE_NAME)) \
        .render_as_string(hide_password=False)


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL; plain ``postgresql://`` means psycopg 3. Errors name the setting."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise InvalidInput(f"not a database URL: '{url}' (e.g. postgresql+psycopg://user:pw@"
                           "host/db or sqlite:///path/outsource.db)", field="database_url") \
            from None
    backend = u.get_backend_name()
    if backend not in _BACKENDS:
        raise InvalidInput(f"unsupported database '{backend}' (use sqlite or postgresql)",
                           field="database_url")
    if u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return u


def _sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see _sqlite_begin)
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    mode = connection.get_execution_options().get("sqlite_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def writer(engine: Engine) -> Engine:
    """The engine whose SQLite transactions start ``BEGIN IMMEDIATE`` (take the write lock
    first, so two writers queue on the busy timeout instead of failing); PostgreSQL: as is."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    u = parse_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(u, pool_pre_ping=True)
