"""The workspace services open: its folder and its application database, from settings.

``open_workspace(path)`` is what every service that reads or writes state
starts from; ``Workspace.transaction()`` is the one transaction of a service
call (commit at the end, rollback of everything on error).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from outsource.data.db import Database, database_url, open_database
from outsource.errors import InvalidInput
from outsource.settings import get_settings


@dataclass(frozen=True)
class Workspace:
    """A workspace: ``path`` (folder: DuckDB logs, files) and ``db`` (application database)."""

    path: Path
    db: Database

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """The one transaction of a service call (see ``Database.transaction``)."""
        with self.db.transaction() as session:
            yield session


def open_workspace(path: Path | str | None = None, *, url: str | None = None) -> Workspace:
    """The workspace at ``path`` (default from settings), its database migrated.

    The database is ``url``, else ``OUTSOURCE_DATABASE_URL``, else the SQLite
    file ``PATH/outsource.db``.
    """
    settings = get_settings(workspace=None if path is None else Path(path), database_url=url)
    folder = settings.workspace
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a workspace folder", field="workspace")
    return Workspace(folder, open_database(database_url(folder, settings.database_url)))
