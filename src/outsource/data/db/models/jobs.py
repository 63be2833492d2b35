"""Jobs area: background work (imports, later Monte Carlo and simulation) and its progress.

A job is ``queued``, ``running``, then ``succeeded`` or ``failed``;
``progress_share`` runs from 0 to 1; ``result_ref`` names what it produced
(``import:3``); ``error`` is the failure's one error shape (``to_dict()``).
``vendor`` scopes the job: a vendor user sees only its vendor's jobs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from outsource.data.db.base import Base

STATUSES = ("queued", "running", "succeeded", "failed")


class Job(Base):
    """One background job."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')",
                        name="status"),
        CheckConstraint("progress_share >= 0 AND progress_share <= 1", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    progress_share: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text)
    result_ref: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[dict[str, Any] | None]
    params: Mapped[dict[str, Any] | None]
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    owner: Mapped[str] = mapped_column(String(200))
    vendor: Mapped[str | None] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
