"""Background jobs: create, update progress and outcome, list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from outsource.data.db.models.jobs import Job
from outsource.data.db.repositories._base import Repository
from outsource.errors import NotFound


class JobRepository(Repository):
    """Rows of ``jobs``."""

    def add(self, job: Job) -> Job:
        """Store a new job (its id is set)."""
        self.session.add(job)
        self.flush("job")
        return job

    def get(self, job_id: int) -> Job | None:
        """The job with this id, or ``None``."""
        return self.session.get(Job, job_id)

    def require(self, job_id: int) -> Job:
        """The job with this id; :class:`NotFound` on ``job`` if absent."""
        job = self.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id}", field="job")
        return job

    def list(self, *, vendor: str | None = None, limit: int = 50,
             offset: int = 0) -> list[Job]:
        """Jobs, newest first (only ``vendor``'s when given)."""
        stmt = select(Job)
        if vendor is not None:
            stmt = stmt.where(Job.vendor == vendor)
        stmt = stmt.order_by(Job.id.desc()).limit(limit).offset(offset)
        return list(self.session.scalars(stmt))

    def set(self, job_id: int, **values: Any) -> None:
        """Update columns of one job (progress, status, message, outcome)."""
        self.session.execute(update(Job).where(Job.id == job_id).values(**values))

    def fail_unfinished(self, message: str, error: dict[str, Any], at: datetime) -> int:
        """Mark every queued or running job failed (a server that stopped); how many."""
        res = self.session.execute(
            update(Job).where(Job.status.in_(("queued", "running")))
            .values(status="failed", message=message, error=error, finished_at=at))
        return int(res.rowcount or 0)
