"""Alembic migrations applied from code: no ``alembic.ini`` needed at run time.

The revision scripts live inside the package (``migrations/versions``), one
per area (``0001_workspace``, ``0002_vendors``, ...). Parallel areas may each
hang a revision on the same parent: :func:`upgrade` targets ``heads``, so
several heads are fine and need no merge revision.

Developers create a revision for a new area with (docs/database.md)::

    python -m outsource.data.db.migrate revision 0003_contracts --after 0002_vendors \\
        -m "contracts: contracts, SLA terms"

which autogenerates it against a scratch SQLite database at the current heads.
"""

from __future__ import annotations

import argparse
import tempfile
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from outsource.data.db.engine import make_engine


def script_location() -> Path:
    """Folder of the migration environment inside the installed package."""
    return Path(str(resources.files("outsource.data.db").joinpath("migrations")))


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic ``Config`` built in code; ``engine`` is handed to ``env.py``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location()))
    cfg.set_main_option("path_separator", "os")
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url",
                            engine.url.render_as_string(hide_password=False).replace("%", "%%"))
        cfg.attributes["engine"] = engine
    return cfg


def head_revisions() -> set[str]:
    """Every head revision the package ships."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    """Revisions the database is at (empty for a new database)."""
    with engine.connect() as con:
        return set(MigrationContext.configure(con).get_current_heads())


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Migrate the database up to ``revision`` (every head by default); no-op when there.

    Two processes opening a new database at once both try to migrate; the
    one that loses the race finds the tables made and the database at head.
    """
    heads = head_revisions()
    if revision == "heads" and current_revisions(engine) == heads:
        return
    try:
        command.upgrade(alembic_config(engine), revision)
    except (OperationalError, ProgrammingError, IntegrityError):
        if revision != "heads" or current_revisions(engine) != heads:
            raise


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (``base``: empty)."""
    command.downgrade(alembic_config(engine), revision)


def new_revision(rev_id: str, after: str | None, message: str) -> None:
    """Autogenerate revision ``rev_id`` on parent ``after`` against a scratch database."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/scratch.db")
        upgrade(engine, "heads")
        cfg = alembic_config(engine)
        command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id,
                         head=after or "head", splice=after is not None)
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    """``python -m outsource.data.db.migrate revision ID --after PARENT -m MESSAGE``."""
    parser = argparse.ArgumentParser(prog="python -m outsource.data.db.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision", help="autogenerate a revision for a new area")
    rev.add_argument("rev_id", help="e.g. 0003_contracts")
    rev.add_argument("--after", help="parent revision, e.g. 0002_vendors")
    rev.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)
    new_revision(args.rev_id, args.after, args.message)


if __name__ == "__main__":  # pragma: no cover
    main()
