"""Contracts area: one contract per vendor, kept as an append-only history of versions.

A change to a contract is a new :class:`ContractVersion` (numbered 1, 2, ...
per contract, dated by ``stored_at`` and taking effect from ``effective_from``);
a version is never updated in place (:func:`_refuse_update` guards it). Each
version keeps the YAML text exactly as given and its parsed form (``terms``,
the validated contract as JSON), with ``terms_sha256`` of the parsed form's
canonical JSON so a re-add of identical terms is recognised.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outsource.data.db.base import Base
from outsource.data.db.models.vendors import Vendor


class Contract(Base):
    """The contract with one vendor: the identity its versions hang on."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="RESTRICT"),
                                           unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    vendor: Mapped[Vendor] = relationship()
    versions: Mapped[list[ContractVersion]] = relationship(
        back_populates="contract", order_by="ContractVersion.version")


class ContractVersion(Base):
    """One version of a contract: the file as given, its parsed terms, when it applies.

    ``effective_from`` is the first day the version governs: monitoring takes,
    for a calendar month, the newest version effective on or before the
    month's last day. ``starts_on`` and ``ends_on`` are the contract's ``start``
    and the last day of its initial term (copied from ``terms`` for queries).
    """

    __tablename__ = "contract_versions"
    __table_args__ = (
        UniqueConstraint("contract_id", "version"),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="RESTRICT"),
                                             index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    yaml_text: Mapped[str] = mapped_column(Text)
    terms: Mapped[dict[str, Any]]
    terms_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(server_default=func.now())
    contract: Mapped[Contract] = relationship(back_populates="versions")


@event.listens_for(ContractVersion, "before_update")
def _refuse_update(mapper, connection, target) -> None:  # type: ignore[no-untyped-def]  # noqa: ARG001
    """Versions are history: a change is a new version, never an update in place."""
    raise ValueError(f"contract version {target.version} is history and cannot be changed: "
                     "store a new version")
