"""Test-wide settings and the real databases every repository test runs on.

- hypothesis runs derandomised under CI, so CI is reproducible;
- ``postgres_url`` (session): a real PostgreSQL 15 server started for the test
  session with ``initdb`` + ``pg_ctl`` on 127.0.0.1 and a free port, as the
  ``postgres`` user when the suite runs as root, stopped when the session
  ends (also after failures);
- ``db_url`` (function, parametrized ``sqlite`` / ``postgresql``): a fresh,
  empty database on each backend (for migration tests);
- ``migrated_db_url``: a database already at every head, empty at the start
  of each test (PostgreSQL: one database migrated per session, its tables
  truncated after each test);
- ``database``: a migrated database opened as a ``Database``;
- ``db_snapshot``: every row of every table, to prove a failing call wrote nothing;
- ``spark`` (session): one local Spark session (local[2]), stopped at the end.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

PG_BIN = Path(os.environ.get("OUTSOURCE_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """A throw-away PostgreSQL server in a temporary folder (see stack-notes.md)."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}: run `make sysdeps`")
        self.root = Path(tempfile.mkdtemp(prefix="outsource-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.password = secrets.token_hex(16)
        self.user = "postgres"
        self.as_root = os.geteuid() == 0
        if not self.as_root:
            import getpass

            self.user = getpass.getuser()
        self.port = 0

    def _run(self, *args: str) -> None:
        kw = {"user": "postgres", "group": "postgres", "extra_groups": []} if self.as_root else {}
        with open(self.root / "ctl.out", "ab") as out:
            subprocess.run([str(PG_BIN / args[0]), *args[1:]], check=True, stdin=subprocess.DEVNULL,
                           stdout=out, stderr=subprocess.STDOUT, cwd=self.root, **kw)

    def start(self) -> PostgresServer:
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth-local=trust",
                  "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
                  "--no-instructions")
        for attempt in range(3):
            self.port = _free_port()
            opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                    f"-c unix_socket_directories={self.root} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                          "-o", opts, "start")
                return self
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise RuntimeError("PostgreSQL did not start:\n" + self.log.read_text()
                                       if self.log.exists() else "") from None
        return self

    def url(self, dbname: str = "postgres") -> str:
        return (f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}"
                f"/{dbname}")

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user,
                             password=self.password, dbname="postgres", autocommit=True) as con:
            con.execute(sql)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A running PostgreSQL server for the whole test session."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres: PostgresServer) -> str:
    """``postgresql+psycopg://`` URL of the session server's ``postgres`` database."""
    return postgres.url()


@pytest.fixture(scope="session")
def postgres_migrated(postgres: PostgresServer) -> str:
    """URL of one database on the session server, migrated once, emptied after each test."""
    from outsource.data.db import make_engine, upgrade

    postgres.admin("CREATE DATABASE outsource_migrated")
    engine = make_engine(postgres.url("outsource_migrated"))
    upgrade(engine)
    engine.dispose()
    return postgres.url("outsource_migrated")


def _empty_tables(url: str) -> None:
    from sqlalchemy import inspect, text

    from outsource.data.db import make_engine

    engine = make_engine(url)
    with engine.begin() as con:
        tables = [t for t in inspect(con).get_table_names() if t != "alembic_version"]
        if tables:
            con.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                             + " RESTART IDENTITY CASCADE"))
    engine.dispose()


def _pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    from outsource.data.db import close_all

    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"t_{secrets.token_hex(6)}"
    server.admin(f"CREATE DATABASE {name}")
    try:
        yield server.url(name)
    finally:
        close_all()
        server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new database on the session server."""
    from outsource.data.db import close_all

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'outsource.db'}"
        close_all()
        return
    yield from _pg_database(request)


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database already at every head (PostgreSQL: shared, truncated after use)."""
    from outsource.data.db import close_all

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'outsource.db'}"
        close_all()
        return
    url = request.getfixturevalue("postgres_migrated")
    try:
        yield url
    finally:
        close_all()
        _empty_tables(url)


@pytest.fixture
def database(migrated_db_url: str):
    """A fresh database on each backend, migrated (an ``outsource`` Database)."""
    from outsource.data.db import open_database

    return open_database(migrated_db_url)


def _snapshot(db) -> dict[str, list]:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect, text

    with db.engine.connect() as con:
        names = sorted(inspect(con).get_table_names())
        return {t: sorted(map(tuple, con.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr)
                for t in names}


@pytest.fixture
def db_snapshot():
    """``db_snapshot(db_or_workspace)``: every row of every table, to prove nothing changed."""
    return lambda obj: _snapshot(getattr(obj, "db", obj))

@pytest.fixture(scope="session")
def spark():
    """One local Spark session (local[2], the stack-notes settings) for the whole run."""
    from outsource.data.analytics.sources import spark_session

    session = spark_session("local[2]", "outsource-tests")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()
