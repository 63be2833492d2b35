"""Vendors and everything on file about them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from outsource.data.db.models.vendors import Quote, TestCall, TestCallImport, Vendor
from outsource.data.db.repositories._base import Repository
from outsource.errors import Conflict, NotFound

_CHILDREN = (Vendor.sites, Vendor.certifications, Vendor.labour_checks, Vendor.references,
             Vendor.reviews, Vendor.quotes, Vendor.test_calls)


class VendorRepository(Repository):
    """The vendor registry."""

    def add(self, vendor: Vendor) -> Vendor:
        """Add a vendor (with any children attached); a taken name is :class:`Conflict`."""
        if self.get(vendor.name) is not None:
            raise Conflict(f"vendor '{vendor.name}' already exists", field="name")
        self.session.add(vendor)
        self.flush(f"vendor '{vendor.name}'", "name")
        return vendor

    def get(self, name: str) -> Vendor | None:
        """The vendor called ``name`` with its children loaded, or ``None``."""
        stmt = select(Vendor).where(Vendor.name == name).options(
            *(selectinload(c) for c in _CHILDREN))
        return self.session.scalars(stmt).first()

    def require(self, name: str) -> Vendor:
        """The vendor called ``name``; :class:`NotFound` naming the known vendors if absent."""
        vendor = self.get(name)
        if vendor is None:
            known = ", ".join(self.names()) or "none yet"
            raise NotFound(f"no vendor '{name}' (known: {known})", field="vendor")
        return vendor

    def names(self) -> list[str]:
        """Every vendor name, sorted."""
        return list(self.session.scalars(select(Vendor.name).order_by(Vendor.name)))

    def list(self) -> list[Vendor]:
        """Every vendor with its children, by name."""
        stmt = select(Vendor).order_by(Vendor.name).options(
            *(selectinload(c) for c in _CHILDREN))
        return list(self.session.scalars(stmt))

    def add_quote(self, vendor: Vendor, quote: Quote) -> Quote:
        """Attach a quote to ``vendor``."""
        vendor.quotes.append(quote)
        self.flush("quote", "rate")
        return quote

    def add_test_calls(self, vendor: Vendor, calls: list[TestCall]) -> list[TestCall]:
        """Attach test calls to ``vendor``."""
        vendor.test_calls.extend(calls)
        self.flush("test call")
        return calls

    def find_import(self, sha256: str) -> TestCallImport | None:
        """The earlier import of a test-call file with this content hash."""
        stmt = select(TestCallImport).where(TestCallImport.sha256 == sha256)
        return self.session.scalars(stmt).first()

    def add_import(self, file: str, sha256: str, rows: int) -> TestCallImport:
        """Record an import of a test-call file (flushed: its id is set)."""
        rec = TestCallImport(file=file, sha256=sha256, rows=rows)
        self.session.add(rec)
        self.flush("test-call import", "file")
        return rec

    def test_call_count(self) -> int:
        """Test calls on file, all vendors."""
        return int(self.session.scalar(select(func.count()).select_from(TestCall)) or 0)
