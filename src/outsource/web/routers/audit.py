"""The audit log (admins): who changed what, when, before and after."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from outsource.schemas.audit import AuditEntryPublic
from outsource.schemas.errors import ErrorBody
from outsource.services import audit
from outsource.web.deps import CurrentUser, WorkspaceDep
from outsource.web.templating import render

router = APIRouter(tags=["audit"])
_ERRORS = {c: {"model": ErrorBody} for c in (401, 403, 422)}
PAGE = 100


@router.get("/audit", name="audit.page", include_in_schema=False)
def audit_page(request: Request, user: CurrentUser, ws: WorkspaceDep,
               offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
               action: Annotated[str | None, Query(max_length=60)] = None) -> Response:
    """The newest changes first, a hundred a page."""
    rows = audit.entries(ws, user, limit=PAGE, offset=offset, action=action or None)
    return render(request, "audit/list.html",
                  {"entries": rows, "offset": offset, "page": PAGE, "action": action or ""})


@router.get("/api/audit", name="audit.list", response_model=list[AuditEntryPublic],
            responses=_ERRORS)
def list_audit(user: CurrentUser, ws: WorkspaceDep,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
               action: Annotated[str | None, Query(max_length=60)] = None,
               entity: Annotated[str | None, Query(max_length=60)] = None,
               entity_id: Annotated[str | None, Query(max_length=200)] = None,
               ) -> list[AuditEntryPublic]:
    """Audit rows, newest first, optionally of one action or entity."""
    return audit.entries(ws, user, limit=limit, offset=offset, action=action, entity=entity,
                         entity_id=entity_id)
