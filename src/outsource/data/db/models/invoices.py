"""Invoices area: vendors' invoices as imported, each line with what the logs support.

An :class:`Invoice` is one vendor's bill for one calendar month from one file
(``sha256`` of the file's bytes: the same file again is a no-op). Its
:class:`InvoiceLine` rows keep the line as billed (the file's own reference,
quantity, unit, price) and the check's result (pricing model, contract rate,
the quantity and amount the logs support, the difference, a status and the
reason). Line ids are what a dispute references (the web's dispute flow). A
re-check rewrites a line's check columns, never what was billed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outsource.data.db.base import Base
from outsource.data.db.models.vendors import Vendor

#: Statuses of a checked line.
LINE_STATUSES = ("ok", "overbilled", "underbilled", "not_in_contract", "unverified")


class Invoice(Base):
    """One vendor's invoice for one month, from one file, with its check's totals."""

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("sha256", "vendor_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="RESTRICT"),
                                           index=True)
    period: Mapped[str] = mapped_column(String(7))
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    contract_version: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    billed_usd: Mapped[float] = mapped_column(Float)
    supported_usd: Mapped[float] = mapped_column(Float)
    difference_usd: Mapped[float] = mapped_column(Float)
    overbilled_usd: Mapped[float] = mapped_column(Float)
    overbilled_lines: Mapped[int] = mapped_column(Integer)
    check_details: Mapped[dict[str, Any]]
    imported_at: Mapped[datetime] = mapped_column(server_default=func.now())
    checked_at: Mapped[datetime] = mapped_column(server_default=func.now())
    vendor: Mapped[Vendor] = relationship()
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.file_line",
        cascade="all, delete-orphan")


class InvoiceLine(Base):
    """One billed line and what the logs support for it."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        UniqueConstraint("invoice_id", "line"),
        CheckConstraint("quantity >= 0", name="quantity"),
        CheckConstraint("unit_price >= 0", name="unit_price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"),
                                            index=True)
    file_line: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(20))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    unit_price: Mapped[float] = mapped_column(Float)
    billed_usd: Mapped[float] = mapped_column(Float)
    pricing_model: Mapped[str | None] = mapped_column(String(40))
    pricing_source: Mapped[str | None] = mapped_column(String(20))
    contract_rate: Mapped[float | None] = mapped_column(Float)
    billing_increment_s: Mapped[float | None] = mapped_column(Float)
    supported_quantity: Mapped[float | None] = mapped_column(Float)
    supported_usd: Mapped[float | None] = mapped_column(Float)
    difference_usd: Mapped[float] = mapped_column(Float)
    overbilled: Mapped[bool]
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    invoice: Mapped[Invoice] = relationship(back_populates="lines")
