"""Vendors area: the registry, due-diligence facts, quotes and test calls.

Units follow the project's suffixes: ``_s`` seconds, ``_usd`` US dollars,
``_per_year`` rates, ``_share`` shares in [0, 1]. A ``None`` fact is *not on
file* (listed by the due-diligence checklist), never "no".
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outsource.data.db.base import Base, Timestamps

_FK = {"ondelete": "CASCADE"}


class Vendor(Timestamps, Base):
    """One provider (call centre): where it works and how.

    ``regions`` are region keys of the rate card; ``hours_offered`` is ``24/7``
    or an hours spec (``Mon-Sat 07:00-23:00 America/Bogota``).
    """

    __tablename__ = "vendors"
    __table_args__ = (
        CheckConstraint("seats IS NULL OR seats >= 0", name="seats"),
        CheckConstraint("attrition_per_year IS NULL OR attrition_per_year >= 0",
                        name="attrition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    regions: Mapped[list[str]]
    channels: Mapped[list[str] | None]
    languages: Mapped[list[str] | None]
    seats: Mapped[int | None] = mapped_column(Integer)
    hours_offered: Mapped[str | None] = mapped_column(String(200))
    # data protection answers
    dp_recording: Mapped[str | None] = mapped_column(Text)
    dp_retention_days: Mapped[int | None] = mapped_column(Integer)
    dp_encryption_at_rest: Mapped[bool | None]
    dp_encryption_in_transit: Mapped[bool | None]
    dp_data_access: Mapped[str | None] = mapped_column(Text)
    dp_access_need_to_know: Mapped[bool | None]
    # agent incentive scheme
    incentive_tiered_bonuses: Mapped[bool | None]
    incentive_target_bonuses: Mapped[bool | None]
    incentive_competition: Mapped[bool | None]
    incentive_note: Mapped[str | None] = mapped_column(Text)
    # call recording and quality assurance
    recording: Mapped[str | None] = mapped_column(String(20))
    qa_reviews_per_agent_per_month: Mapped[float | None] = mapped_column(Float)
    qa_feedback_to_agents: Mapped[bool | None]
    qa_note: Mapped[str | None] = mapped_column(Text)
    attrition_per_year: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)

    sites: Mapped[list[VendorSite]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="VendorSite.id")
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="Certification.id")
    labour_checks: Mapped[list[LabourCheck]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="LabourCheck.id")
    references: Mapped[list[ClientReference]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="ClientReference.id")
    reviews: Mapped[list[PublicReview]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="PublicReview.id")
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="Quote.id")
    test_calls: Mapped[list[TestCall]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="TestCall.id")


class VendorSite(Base):
    """A delivery site: its name, rate-card region, country (ISO 3166-1 alpha-2), seats."""

    __tablename__ = "vendor_sites"
    __table_args__ = (UniqueConstraint("vendor_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(60))
    country: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(120))
    seats: Mapped[int | None] = mapped_column(Integer)
    vendor: Mapped[Vendor] = relationship(back_populates="sites")


class Certification(Base):
    """A certification or attestation on file, with its validity."""

    __tablename__ = "vendor_certifications"
    __table_args__ = (UniqueConstraint("vendor_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(Text)
    vendor: Mapped[Vendor] = relationship(back_populates="certifications")


class LabourCheck(Base):
    """A check of the provider country's labour law: evidence, date, reviewer, finding."""

    __tablename__ = "vendor_labour_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    country: Mapped[str] = mapped_column(String(2))
    evidence: Mapped[str] = mapped_column(Text)
    checked_on: Mapped[date] = mapped_column(Date)
    reviewer: Mapped[str] = mapped_column(String(120))
    finding: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    vendor: Mapped[Vendor] = relationship(back_populates="labour_checks")


class ClientReference(Base):
    """A client reference contacted: who, when, what they said, how satisfied (1-5)."""

    __tablename__ = "vendor_references"
    __table_args__ = (CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5",
                                      name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    client: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    contacted_on: Mapped[date] = mapped_column(Date)
    said: Mapped[str] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    vendor: Mapped[Vendor] = relationship(back_populates="references")


class PublicReview(Base):
    """A public review: where, the rating on that source's scale, a note."""

    __tablename__ = "vendor_reviews"
    __table_args__ = (CheckConstraint("rating >= 0 AND rating <= scale AND scale > 0",
                                      name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    source: Mapped[str] = mapped_column(String(200))
    rating: Mapped[float] = mapped_column(Float)
    scale: Mapped[float] = mapped_column(Float, default=5.0)
    note: Mapped[str | None] = mapped_column(Text)
    seen_on: Mapped[date | None] = mapped_column(Date)
    vendor: Mapped[Vendor] = relationship(back_populates="reviews")


class Quote(Base):
    """A price quoted by the vendor for one pricing model and region, with its validity.

    ``rate`` is in the model's unit: USD/min (shared per minute), USD/agent-month
    (monthly per agent), else USD/h.
    """

    __tablename__ = "vendor_quotes"
    __table_args__ = (
        CheckConstraint("rate >= 0", name="rate"),
        CheckConstraint("valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from",
                        name="validity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    pricing_model: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(60))
    tier: Mapped[str] = mapped_column(String(40), default="regular")
    rate: Mapped[float] = mapped_column(Float)
    billing_increment_s: Mapped[float] = mapped_column(Float, default=6.0)
    bill_on: Mapped[str] = mapped_column(String(20), default="productive")
    paid_hours_per_month: Mapped[float | None] = mapped_column(Float)
    vendor_shrinkage: Mapped[float | None] = mapped_column(Float)
    base_share: Mapped[float | None] = mapped_column(Float)
    commission_usd_per_sale: Mapped[float | None] = mapped_column(Float)
    conversion_rate: Mapped[float | None] = mapped_column(Float)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    vendor: Mapped[Vendor] = relationship(back_populates="quotes")


class TestCallImport(Base):
    """A CSV of test calls imported once (``sha256`` of its bytes makes re-imports no-ops)."""

    __tablename__ = "test_call_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(server_default=func.now())


class TestCall(Base):
    """A mystery-shopping call (the playbook: place test calls posing as a customer).

    Ratings are 1 (worst) to 5 (best); ``wait_s`` is the time to an answer, or
    until giving up when not handled.
    """

    __tablename__ = "vendor_test_calls"
    __test__ = False  # not a pytest class
    __table_args__ = (
        CheckConstraint("wait_s IS NULL OR wait_s >= 0", name="wait"),
        CheckConstraint("clarity IS NULL OR clarity BETWEEN 1 AND 5", name="clarity"),
        CheckConstraint("courtesy IS NULL OR courtesy BETWEEN 1 AND 5", name="courtesy"),
        CheckConstraint("accuracy IS NULL OR accuracy BETWEEN 1 AND 5", name="accuracy"),
        UniqueConstraint("import_id", "line"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", **_FK), index=True)
    called_on: Mapped[date] = mapped_column(Date)
    scenario: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(20))
    wait_s: Mapped[float | None] = mapped_column(Float)
    handled: Mapped[bool]
    resolved: Mapped[bool | None]
    clarity: Mapped[int | None] = mapped_column(Integer)
    courtesy: Mapped[int | None] = mapped_column(Integer)
    accuracy: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("test_call_imports.id", ondelete="CASCADE"), index=True)
    line: Mapped[int | None] = mapped_column(Integer)
    vendor: Mapped[Vendor] = relationship(back_populates="test_calls")


TestCallImport.__test__ = False  # type: ignore[attr-defined]
