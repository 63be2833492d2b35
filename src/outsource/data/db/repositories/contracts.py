"""Contracts and their versions: append-only history; the repository flushes, never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from outsource.data.db.models.contracts import Contract, ContractVersion
from outsource.data.db.models.vendors import Vendor
from outsource.data.db.repositories._base import Repository


class ContractRepository(Repository):
    """Each vendor's contract as numbered, dated versions (never changed in place)."""

    def get(self, vendor: Vendor) -> Contract | None:
        """The vendor's contract (versions loaded, oldest first), or ``None``."""
        stmt = select(Contract).where(Contract.vendor_id == vendor.id).options(
            selectinload(Contract.versions))
        return self.session.scalars(stmt).first()

    def versions(self, vendor: Vendor) -> list[ContractVersion]:
        """Every version of the vendor's contract, oldest first (empty without one)."""
        c = self.get(vendor)
        return [] if c is None else list(c.versions)

    def latest(self, vendor: Vendor) -> ContractVersion | None:
        """The newest version (highest number), or ``None``."""
        stmt = (select(ContractVersion).join(Contract)
                .where(Contract.vendor_id == vendor.id)
                .order_by(ContractVersion.version.desc()).limit(1))
        return self.session.scalars(stmt).first()

    def version(self, vendor: Vendor, number: int) -> ContractVersion | None:
        """Version ``number`` of the vendor's contract, or ``None``."""
        stmt = (select(ContractVersion).join(Contract)
                .where(Contract.vendor_id == vendor.id, ContractVersion.version == number))
        return self.session.scalars(stmt).first()

    def in_force(self, vendor: Vendor, on: date) -> ContractVersion | None:
        """The newest version (by number) effective on or before ``on``, or ``None``."""
        stmt = (select(ContractVersion).join(Contract)
                .where(Contract.vendor_id == vendor.id, ContractVersion.effective_from <= on)
                .order_by(ContractVersion.version.desc()).limit(1))
        return self.session.scalars(stmt).first()

    def add_version(self, vendor: Vendor, *, yaml_text: str, terms: dict[str, Any],
                    terms_sha256: str, source: str, effective_from: date, starts_on: date,
                    ends_on: date) -> ContractVersion:
        """Append the next version of the vendor's contract (the contract made if new).

        Two writers adding at once collide on (contract, version): :class:`Conflict`.
        """
        contract = self.get(vendor)
        if contract is None:
            contract = Contract(vendor_id=vendor.id)
            self.session.add(contract)
            self.flush(f"contract with '{vendor.name}'", "vendor")
        number = int(self.session.scalar(
            select(func.coalesce(func.max(ContractVersion.version), 0))
            .where(ContractVersion.contract_id == contract.id)) or 0) + 1
        row = ContractVersion(contract_id=contract.id, version=number,
                              effective_from=effective_from, starts_on=starts_on,
                              ends_on=ends_on, yaml_text=yaml_text, terms=terms,
                              terms_sha256=terms_sha256, source=source)
        self.session.add(row)
        self.flush(f"version {number} of the contract with '{vendor.name}'", "version")
        return row

    def vendors_with_contracts(self) -> list[str]:
        """Names of the vendors that have a contract, sorted."""
        stmt = select(Vendor.name).join(Contract, Contract.vendor_id == Vendor.id) \
            .order_by(Vendor.name)
        return list(self.session.scalars(stmt))

    def count_versions(self) -> int:
        """Versions stored, all vendors."""
        return int(self.session.scalar(select(func.count()).select_from(ContractVersion)) or 0)
