"""Plan runs: store a finished run, read one, list the newest."""

from __future__ import annotations

from sqlalchemy import select

from outsource.data.db.models.plans import PlanRun
from outsource.data.db.repositories._base import Repository
from outsource.errors import NotFound


class PlanRunRepository(Repository):
    """Rows of ``plan_runs``."""

    def add(self, run: PlanRun) -> PlanRun:
        """Store a run (its id is set)."""
        self.session.add(run)
        self.flush("plan run")
        return run

    def require(self, run_id: int) -> PlanRun:
        """The run with this id; :class:`NotFound` on ``plan`` if absent."""
        run = self.session.get(PlanRun, run_id)
        if run is None:
            raise NotFound(f"no plan run {run_id}", field="plan")
        return run

    def list(self, *, limit: int = 50, offset: int = 0) -> list[PlanRun]:
        """Runs, newest first."""
        stmt = select(PlanRun).order_by(PlanRun.id.desc()).limit(limit).offset(offset)
        return list(self.session.scalars(stmt))
