"""Invoices and their checked lines; the repository flushes, never commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from outsource.data.db.models.invoices import Invoice, InvoiceLine
from outsource.data.db.models.vendors import Vendor
from outsource.data.db.repositories._base import Repository


class InvoiceRepository(Repository):
    """Vendors' invoices per month, each with its lines (one file may hold several)."""

    def find(self, sha256: str, vendor: Vendor, period: str) -> Invoice | None:
        """The invoice of ``vendor`` for ``period`` from the file with this SHA-256."""
        stmt = (select(Invoice).where(Invoice.sha256 == sha256, Invoice.vendor_id == vendor.id,
                                      Invoice.period == period)
                .options(selectinload(Invoice.lines)))
        return self.session.scalars(stmt).first()

    def get(self, invoice_id: int) -> Invoice | None:
        """An invoice by id (lines and vendor loaded), or ``None``."""
        stmt = (select(Invoice).where(Invoice.id == invoice_id)
                .options(selectinload(Invoice.lines), selectinload(Invoice.vendor)))
        return self.session.scalars(stmt).first()

    def line(self, line_id: int) -> InvoiceLine | None:
        """An invoice line by id (its invoice and vendor loaded), or ``None``."""
        stmt = (select(InvoiceLine).where(InvoiceLine.id == line_id)
                .options(selectinload(InvoiceLine.invoice).selectinload(Invoice.vendor)))
        return self.session.scalars(stmt).first()

    def list(self, vendor: Vendor | None = None, period: str | None = None) -> list[Invoice]:
        """Invoices, newest period first, then by id; optionally of one vendor or month."""
        stmt = select(Invoice).options(selectinload(Invoice.lines),
                                       selectinload(Invoice.vendor))
        if vendor is not None:
            stmt = stmt.where(Invoice.vendor_id == vendor.id)
        if period is not None:
            stmt = stmt.where(Invoice.period == period)
        return list(self.session.scalars(stmt.order_by(Invoice.period.desc(), Invoice.id)))

    def billed_by_period(self, vendor: Vendor, periods: Sequence[str]) -> dict[str, float]:
        """Per month, the billed total of the vendor's latest invoice for it [USD]."""
        stmt = (select(Invoice.period, Invoice.billed_usd)
                .where(Invoice.vendor_id == vendor.id, Invoice.period.in_(list(periods)))
                .order_by(Invoice.period, Invoice.id))
        return {p: float(b) for p, b in self.session.execute(stmt)}

    def add(self, vendor: Vendor, *, period: str, source: str, sha256: str,
            totals: dict[str, Any], lines: list[dict[str, Any]]) -> Invoice:
        """Store an invoice with its checked lines (``totals``: the Invoice columns of the
        check; ``lines``: InvoiceLine columns)."""
        inv = Invoice(vendor_id=vendor.id, period=period, source=source, sha256=sha256,
                      **totals)
        inv.lines = [InvoiceLine(**x) for x in lines]
        self.session.add(inv)
        self.flush(f"invoice of '{vendor.name}' for {period}", "invoice")
        return inv

    def recheck(self, inv: Invoice, *, totals: dict[str, Any],
                lines: dict[str, dict[str, Any]]) -> Invoice:
        """Replace the check's columns of an invoice and of its lines (by line reference);
        what was billed is never changed."""
        for key, value in totals.items():
            setattr(inv, key, value)
        inv.checked_at = func.now()
        for row in inv.lines:
            for key, value in lines[row.line].items():
                setattr(row, key, value)
        self.flush(f"invoice {inv.id}", "invoice")
        return inv

    def count(self) -> int:
        """Invoices stored."""
        return int(self.session.scalar(select(func.count()).select_from(Invoice)) or 0)
