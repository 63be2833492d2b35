"""Disputes area: a vendor contests a month's SLA result or an invoice-check line.

A dispute names its subject (``kind`` ``sla``: vendor, month and contract
metric; ``kind`` ``invoice_line``: the stored invoice line's id and its own line
reference), the vendor user's comment, and, once the buyer has decided, who
decided, when, the decision (``accepted`` or ``rejected``) and its comment. A
decided dispute is final. The invoice line is kept by id (no foreign key: the
invoices area migrates on its own branch) with its reference copied.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from outsource.data.db.base import Base


class Dispute(Base):
    """One dispute and, when decided, its decision."""

    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint("kind IN ('sla', 'invoice_line')", name="kind"),
        CheckConstraint("status IN ('open', 'accepted', 'rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    vendor: Mapped[str] = mapped_column(String(120), index=True)
    period: Mapped[str] = mapped_column(String(7))
    metric: Mapped[str | None] = mapped_column(String(40))
    invoice_line_id: Mapped[int | None] = mapped_column(Integer, index=True)
    line_ref: Mapped[str | None] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), server_default="open")
    filed_by: Mapped[str] = mapped_column(String(200))
    filed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    decision_comment: Mapped[str | None] = mapped_column(Text)
