"""The audit log: every service that changes state records who did what, before and after.

:func:`record` joins the caller's transaction (the change and its audit row
commit or roll back together); :func:`entries` reads the log (admins only).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from outsource.data.db.models.audit import AuditEntry
from outsource.data.db.repositories import AuditRepository
from outsource.schemas.audit import AuditEntryPublic
from outsource.schemas.users import Principal
from outsource.services.authz import authorize
from outsource.services.workspace import Workspace


def record(session: Session, actor: Principal, action: str, entity: str,
           entity_id: str | int | None = None, *, vendor: str | None = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           note: str | None = None) -> None:
    """Append one audit row in the caller's transaction.

    ``action`` is ``<entity>.<verb>`` (``user.create``, ``import.start``);
    ``before``/``after`` are JSON-able states (never secrets).
    """
    AuditRepository(session).add(AuditEntry(
        actor=actor.name, actor_role=actor.role, action=action, entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        vendor=vendor if vendor is not None else actor.vendor,
        before=before, after=after, address=actor.address, note=note))


def public(row: AuditEntry) -> AuditEntryPublic:
    """An audit row as the API shows it."""
    return AuditEntryPublic(id=row.id, at=row.at, actor=row.actor, actor_role=row.actor_role,
                            action=row.action, entity=row.entity, entity_id=row.entity_id,
                            vendor=row.vendor, before=row.before, after=row.after,
                            address=row.address)


def entries(ws: Workspace, actor: Principal, *, limit: int = 100, offset: int = 0,
            action: str | None = None, entity: str | None = None,
            entity_id: str | None = None) -> list[AuditEntryPublic]:
    """Audit rows, newest first (permission ``audit.read``)."""
    authorize(actor, "audit.read")
    with ws.transaction() as session:
        rows = AuditRepository(session).list(limit=limit, offset=offset, action=action,
                                             entity=entity, entity_id=entity_id)
        return [public(r) for r in rows]
