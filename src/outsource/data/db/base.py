"""The declarative base every model derives from, with one constraint naming scheme.

Constraint names follow :data:`NAMING_CONVENTION`, so migrations name (and can
drop) the same constraints on SQLite and PostgreSQL. Python annotations map
to column types by :attr:`Base.type_annotation_map`: ``datetime`` is a
time-zone aware timestamp, ``dict``/``list`` are JSON (JSONB on PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names: ``pk_vendors``, ``uq_vendors_name``, ``fk_vendor_quotes_vendor_id_vendors``...
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON everywhere, JSONB on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Base of every table of the application database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSONType,
        list[str]: JSONType,
    }


class Timestamps:
    """``created_at`` and ``updated_at`` columns set by the database [UTC]."""

    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(),
                                                 onupdate=func.now())
