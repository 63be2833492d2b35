"""Audit log entries: who changed what, when, before and after."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from outsource.schemas.base import Schema
from outsource.schemas.time import Instant


class AuditEntryPublic(Schema):
    """One change."""

    id: int = Field(description="Entry number (increasing).")
    at: Instant = Field(description="When [UTC].")
    actor: str = Field(description="Who: a user name, or ``cli:<os user>``.")
    actor_role: str = Field(description="The actor's role at the time.")
    action: str = Field(description="What: ``user.create``, ``import.start``, ``session.login``...")
    entity: str = Field(description="Kind of thing changed: user, import, job, session.")
    entity_id: str | None = Field(description="Which one (a name or an id).")
    vendor: str | None = Field(description="The vendor the change concerns, if any.")
    before: dict[str, Any] | None = Field(description="State before the change (None: created).")
    after: dict[str, Any] | None = Field(description="State after the change (None: removed).")
    address: str | None = Field(description="Client address of the request, when over the web.")
