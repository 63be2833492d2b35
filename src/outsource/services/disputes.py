"""Disputes of SLA results and invoice-check lines: a vendor files, the buyer decides.

Who may do what (``services.authz``):

- ``disputes.file`` (vendor users): a dispute of **its own** vendor's month's SLA
  result (a metric of the contract in force that month) or of a stored
  invoice-check line of its own invoice; one open dispute per subject
  (another is :class:`Conflict`).
- ``disputes.decide`` (admin, analyst: the buyer): accept or reject an open
  dispute with a comment; a decided dispute is final (deciding it again is
  :class:`Conflict`).
- ``disputes.read`` (every role; a vendor user sees only its own).

Filing and deciding each write one audit row in the same transaction
(``dispute.file``, ``dispute.decide``, with the state before and after).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from outsource.data.db.models.disputes import Dispute
from outsource.data.db.repositories.disputes import DisputeRepository
from outsource.errors import Conflict, Forbidden, InvalidInput, NotFound
from outsource.schemas.disputes import (
    DisputeDecisionIn,
    DisputeIn,
    DisputeList,
    DisputePublic,
    DisputeStatus,
)
from outsource.schemas.users import Principal
from outsource.services import audit
from outsource.services.authz import authorize, check_vendor, scope_vendor
from outsource.services.workspace import Workspace


def public(row: Dispute) -> DisputePublic:
    """A dispute as the API shows it."""
    return DisputePublic(
        id=row.id, kind=row.kind, vendor=row.vendor, period=row.period,  # type: ignore[arg-type]
        metric=row.metric, invoice_line_id=row.invoice_line_id, line_ref=row.line_ref,
        comment=row.comment, status=row.status, filed_by=row.filed_by,  # type: ignore[arg-type]
        filed_at=row.filed_at, decided_by=row.decided_by, decided_at=row.decided_at,
        decision_comment=row.decision_comment)


def _state(row: Dispute) -> dict[str, Any]:
    """The audit's view of a dispute (JSON-able)."""
    return public(row).model_dump(mode="json")


def _sla_subject(session: Session, d: DisputeIn) -> None:
    """The month has a contract in force with the vendor, and the metric is one of it."""
    from outsource.services.stored_contracts import contract_in_force

    try:
        cif = contract_in_force(session, d.vendor, d.period or "")
    except NotFound as exc:
        raise NotFound(exc.message, field="period") from None
    metrics = [m.metric for m in cif.contract.metrics]
    if d.metric not in metrics:
        raise InvalidInput(f"'{d.metric}' is not a metric of the contract with {d.vendor} in "
                           f"{d.period} ({', '.join(metrics)})", field="metric")


def _invoice_line(session: Session, d: DisputeIn) -> tuple[str, str]:
    """(month, the invoice's line reference) of the stored line; NotFound when none."""
    from outsource.data.db.repositories import InvoiceRepository

    line = InvoiceRepository(session).line(int(d.invoice_line_id or 0))
    if line is None or line.invoice.vendor.name != d.vendor:
        raise NotFound(f"no stored invoice line {d.invoice_line_id} of {d.vendor}",
                       field="invoice_line_id")
    return line.invoice.period, line.line


def file_dispute(ws: Workspace, d: DisputeIn, *, actor: Principal) -> DisputePublic:
    """File a dispute (permission ``disputes.file``; a vendor user: its own vendor only).

    Raises
    ------
    Forbidden
        Not a vendor user, or another vendor's result or line.
    NotFound
        No contract in force that month; no such invoice line of the vendor.
    InvalidInput
        The metric is not one of the contract's.
    Conflict
        An open dispute on the same subject exists.
    """
    authorize(actor, "disputes.file")
    check_vendor(actor, d.vendor, "this result")
    with ws.transaction() as session:
        period, line_ref = d.period, None
        if d.kind == "sla":
            _sla_subject(session, d)
        else:
            period, line_ref = _invoice_line(session, d)
        repo = DisputeRepository(session)
        if repo.open_on(d.kind, d.vendor, period or "", d.metric, d.invoice_line_id):
            what = (f"{d.metric} in {period}" if d.kind == "sla"
                    else f"invoice line {line_ref} ({period})")
            raise Conflict(f"{d.vendor} already has an open dispute of {what}", field="dispute")
        row = repo.add(Dispute(kind=d.kind, vendor=d.vendor, period=period, metric=d.metric,
                               invoice_line_id=d.invoice_line_id, line_ref=line_ref,
                               comment=d.comment, status="open", filed_by=actor.name))
        after = _state(row)
        audit.record(session, actor, "dispute.file", "dispute", row.id, vendor=d.vendor,
                     after=after)
        return DisputePublic.model_validate(after)


def decide_dispute(ws: Workspace, dispute_id: int, decision: DisputeDecisionIn, *,
                   actor: Principal) -> DisputePublic:
    """Accept or reject an open dispute (permission ``disputes.decide``: the buyer).

    Raises
    ------
    Forbidden
        A vendor or viewer.
    NotFound
        No such dispute.
    Conflict
        The dispute was already decided (a decision is final).
    """
    authorize(actor, "disputes.decide")
    with ws.transaction() as session:
        row = DisputeRepository(session).require(dispute_id, for_update=True)
        if row.status != "open":
            raise Conflict(f"dispute {dispute_id} was already {row.status} by {row.decided_by}"
                           ": a decision is final", field="dispute")
        before = _state(row)
        row.status = decision.decision
        row.decided_by = actor.name
        row.decided_at = datetime.now(UTC)
        row.decision_comment = decision.comment
        session.flush()
        after = _state(row)
        audit.record(session, actor, "dispute.decide", "dispute", row.id, vendor=row.vendor,
                     before=before, after=after)
        return DisputePublic.model_validate(after)


def list_disputes(ws: Workspace, *, actor: Principal, vendor: str | None = None,
                  status: DisputeStatus | None = None, period: str | None = None,
                  limit: int = 200) -> DisputeList:
    """Disputes, newest first (permission ``disputes.read``; a vendor user: its own)."""
    authorize(actor, "disputes.read")
    vendor = scope_vendor(actor, vendor)
    with ws.transaction() as session:
        rows = DisputeRepository(session).list(vendor=vendor, status=status, period=period,
                                               limit=limit)
        out = [public(r) for r in rows]
    return DisputeList(disputes=out, open=sum(d.status == "open" for d in out))


def get_dispute(ws: Workspace, dispute_id: int, *, actor: Principal) -> DisputePublic:
    """One dispute (a vendor user: only its own; another's is :class:`NotFound`)."""
    authorize(actor, "disputes.read")
    with ws.transaction() as session:
        row = DisputeRepository(session).require(dispute_id)
        try:
            check_vendor(actor, row.vendor, "this dispute")
        except Forbidden:
            raise NotFound(f"no dispute {dispute_id}", field="dispute") from None
        return public(row)
