"""Every table of the application database, one module per area.

A new area adds ``models/<area>.py`` (classes deriving from
:class:`outsource.data.db.base.Base`) and one import line below, then one
Alembic revision (docs/database.md).
"""

from __future__ import annotations

from sqlalchemy import MetaData

from outsource.data.db.base import Base
from outsource.data.db.models import audit as audit  # noqa: F401
from outsource.data.db.models import contracts as contracts  # noqa: F401
from outsource.data.db.models import disputes as disputes  # noqa: F401
from outsource.data.db.models import invoices as invoices  # noqa: F401
from outsource.data.db.models import jobs as jobs  # noqa: F401
from outsource.data.db.models import plans as plans  # noqa: F401
from outsource.data.db.models import users as users  # noqa: F401
from outsource.data.db.models import vendors as vendors  # noqa: F401
from outsource.data.db.models import workspace as workspace  # noqa: F401


def metadata() -> MetaData:
    """The metadata of every area's tables (what migrations are compared against)."""
    return Base.metadata
