"""The unit of work: one :class:`Database` per URL and one transaction per service call.

::

    db = open_database(url)               # migrated to the newest revision on first open
    with db.transaction() as session:     # BEGIN
        ...                               # repositories add and flush, never commit
                                          # COMMIT at the end; ROLLBACK of everything on error

Services own the transaction: each service call opens exactly one
``db.transaction()``; repositories only take the ``Session`` it yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from outsource.data.db.engine import make_engine, parse_url, writer
from outsource.errors import InvalidInput


@dataclass(frozen=True)
class Database:
    """An engine and its session factory for one database URL.

    Attributes
    ----------
    url : str
        The SQLAlchemy URL (password hidden in ``repr``).
    engine : sqlalchemy.Engine
        The engine (connection pool).
    sessions : sqlalchemy.orm.sessionmaker
        Factory of sessions bound to ``engine`` (``expire_on_commit=False``, so
        objects stay readable after the transaction ends).
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: commit when the block ends, roll back all of it if it raises."""
        session = self.sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({parse_url(self.url).render_as_string(hide_password=True)!r})"


_OPEN: dict[str, Database] = {}
_LOCK = Lock()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """The :class:`Database` for ``url``, migrated to every head revision on first open.

    One instance per URL and process (later calls return it without touching
    the migrations again). An unreachable server is :class:`InvalidInput` on
    ``database_url``.
    """
    with _LOCK:
        db = _OPEN.get(url)
        if db is not None:
            return db
        engine = make_engine(url)
        db = Database(url, engine, sessionmaker(writer(engine), expire_on_commit=False))
        if migrate:
            from outsource.data.db.migrate import upgrade

            try:
                upgrade(engine)
            except OperationalError as exc:
                engine.dispose()
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                raise InvalidInput(f"cannot open the database: {reason}",
                                   field="database_url") from None
        _OPEN[url] = db
        return db


def close_all() -> None:
    """Dispose of every open database (tests, process shutdown)."""
    with _LOCK:
        for db in _OPEN.values():
            db.dispose()
        _OPEN.clear()
