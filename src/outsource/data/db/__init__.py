"""The application database: state (vendors, quotes, test calls, contracts, users...).

SQLAlchemy 2 typed declarative models (one module per area under
:mod:`outsource.data.db.models`), repositories that never commit
(:mod:`outsource.data.db.repositories`), and Alembic migrations shipped inside
the package (``migrations/versions``, one revision per area) and applied on
open. Interactions (contact logs) are analytics and stay in the DuckDB
workspace (:mod:`outsource.data.store`).

The API services use (see docs/database.md)::

    db = open_database(database_url(workspace, settings.database_url))
    with db.transaction() as session:      # one transaction per service call
        VendorRepository(session).add(...)  # repositories flush, never commit

``Database.transaction()`` commits when the block ends normally and rolls
everything back when it raises.
"""

from __future__ import annotations

from outsource.data.db.base import Base
from outsource.data.db.engine import SQLITE_NAME, database_url, make_engine
from outsource.data.db.migrate import current_revisions, downgrade, head_revisions, upgrade
from outsource.data.db.session import Database, close_all, open_database

__all__ = ["SQLITE_NAME", "Base", "Database", "close_all", "current_revisions",
           "database_url", "downgrade", "head_revisions", "make_engine", "open_database",
           "upgrade"]
