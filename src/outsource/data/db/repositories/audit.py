"""The audit log: append and read (never update or delete)."""

from __future__ import annotations

from sqlalchemy import select

from outsource.data.db.models.audit import AuditEntry
from outsource.data.db.repositories._base import Repository


class AuditRepository(Repository):
    """Rows of ``audit_log``, newest first."""

    def add(self, entry: AuditEntry) -> AuditEntry:
        """Append one row (flushed in the caller's transaction)."""
        self.session.add(entry)
        self.flush("audit entry")
        return entry

    def list(self, *, limit: int = 100, offset: int = 0, action: str | None = None,
             vendor: str | None = None, entity: str | None = None,
             entity_id: str | None = None) -> list[AuditEntry]:
        """Rows, newest first, optionally of one action, vendor or entity."""
        stmt = select(AuditEntry)
        if action is not None:
            stmt = stmt.where(AuditEntry.action == action)
        if vendor is not None:
            stmt = stmt.where(AuditEntry.vendor == vendor)
        if entity is not None:
            stmt = stmt.where(AuditEntry.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditEntry.entity_id == entity_id)
        stmt = stmt.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
        return list(self.session.scalars(stmt))
