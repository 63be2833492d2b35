"""Disputes: store one, find one, list them, find an open one on the same subject."""

from __future__ import annotations

from sqlalchemy import select

from outsource.data.db.models.disputes import Dispute
from outsource.data.db.repositories._base import Repository
from outsource.errors import NotFound


class DisputeRepository(Repository):
    """Rows of ``disputes``."""

    def add(self, dispute: Dispute) -> Dispute:
        """Store a dispute (its id and filing time are set)."""
        self.session.add(dispute)
        self.flush("dispute")
        self.session.refresh(dispute)
        return dispute

    def require(self, dispute_id: int, *, for_update: bool = False) -> Dispute:
        """The dispute with this id; :class:`NotFound` on ``dispute`` if absent."""
        stmt = select(Dispute).where(Dispute.id == dispute_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = self.session.scalars(stmt).first()
        if row is None:
            raise NotFound(f"no dispute {dispute_id}", field="dispute")
        return row

    def list(self, *, vendor: str | None = None, status: str | None = None,
             period: str | None = None, limit: int = 200, offset: int = 0) -> list[Dispute]:
        """Disputes, newest first, optionally of one vendor, status or month."""
        stmt = select(Dispute)
        if vendor is not None:
            stmt = stmt.where(Dispute.vendor == vendor)
        if status is not None:
            stmt = stmt.where(Dispute.status == status)
        if period is not None:
            stmt = stmt.where(Dispute.period == period)
        stmt = stmt.order_by(Dispute.id.desc()).limit(limit).offset(offset)
        return list(self.session.scalars(stmt))

    def open_on(self, kind: str, vendor: str, period: str, metric: str | None,
                invoice_line_id: int | None) -> Dispute | None:
        """The open dispute on this subject, if any."""
        stmt = select(Dispute).where(Dispute.kind == kind, Dispute.vendor == vendor,
                                     Dispute.period == period, Dispute.status == "open")
        stmt = stmt.where(Dispute.metric == metric if metric is not None
                          else Dispute.metric.is_(None))
        stmt = stmt.where(Dispute.invoice_line_id == invoice_line_id
                          if invoice_line_id is not None
                          else Dispute.invoice_line_id.is_(None))
        return self.session.scalars(stmt).first()
