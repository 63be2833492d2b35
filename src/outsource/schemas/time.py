"""Instants in schemas: always time-zone aware, UTC when the store gave a naive value.

SQLite keeps no zone: a ``DateTime(timezone=True)`` column comes back naive
(it was written as UTC). ``Instant`` fields attach UTC to such values so the
API always shows ``...Z`` / ``+00:00`` (RFC 3339 ``date-time``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(value: datetime) -> datetime:
    """``value`` with UTC attached when naive, else converted to UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(as_utc)]
