"""Workspace area: the buyer's own state (its scenario and the rights it grants agents)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from outsource.data.db.base import Base


class StoredScenario(Base):
    """A scenario the workspace was given; the newest row is the current one.

    ``yaml_text`` is the scenario file as written; relative paths in it
    (``workload.file``, ``rate_cards``) are relative to ``base_dir``.
    """

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text)
    base_dir: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(server_default=func.now())


class DecisionRight(Base):
    """What a representative may decide alone (playbook step 5), e.g. refunds up to $50."""

    __tablename__ = "decision_rights"
    __table_args__ = (CheckConstraint("limit_usd IS NULL OR limit_usd >= 0", name="limit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(200), unique=True)
    agent_decides: Mapped[bool]
    limit_usd: Mapped[float | None] = mapped_column(Float)
    escalate_to: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
