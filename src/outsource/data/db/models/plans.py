"""Plans area: the result of each plan run (the web's background Monte Carlo), kept.

A run keeps the scenario it priced (its YAML text and the folder its files
are in, so it can become the workspace's scenario), how it was drawn, and its
result: the ``PlanResult`` with the staffing curve and break-even curves, as
JSON (``outsource.schemas.plan_runs.PlanRunResult``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from outsource.data.db.base import Base


class PlanRun(Base):
    """One finished plan run."""

    __tablename__ = "plan_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"),
                                               index=True)
    owner: Mapped[str] = mapped_column(String(200))
    scenario: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    scenario_yaml: Mapped[str] = mapped_column(Text)
    base_dir: Mapped[str | None] = mapped_column(Text)
    draws: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
