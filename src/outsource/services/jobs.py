"""Background jobs: a row per job with its progress, run by a small in-process thread pool.

Use (a use case that takes long, e.g. an import)::

    with ws.transaction() as session:                     # the job row, with its audit row
        job = jobs.create(session, actor, "import", "import calls.csv", vendor=v)
    runner.submit(job.id, work)                           # work(ctx) -> result_ref or None

``work`` runs in a worker thread and reports with ``ctx.progress(share,
message)`` (throttled to a few database writes a second); whatever it
returns is the job's ``result_ref`` (``import:3``). An
:class:`~outsource.errors.OutsourceError` fails the job with its one error
shape; any other exception fails it with "unexpected error" (the traceback
goes to the server log, never to the page). Pages poll the job
(``GET /jobs/{id}/progress``) so a user can leave and come back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from outsource.data.db.models.jobs import Job
from outsource.data.db.repositories import JobRepository
from outsource.errors import OutsourceError
from outsource.schemas.jobs import JobPublic
from outsource.schemas.users import Principal
from outsource.services.authz import authorize, check_vendor, scope_vendor
from outsource.services.workspace import Workspace

log = logging.getLogger(__name__)

#: Seconds between two progress writes of one job (the last one always goes through).
MIN_INTERVAL_S = 0.2
INTERRUPTED = "interrupted: the server stopped before the job finished; start it again"


def _now() -> datetime:
    return datetime.now(UTC)


def public(job: Job) -> JobPublic:
    """A job as pages and the API show it."""
    return JobPublic(id=job.id, kind=job.kind, title=job.title, status=job.status,  # type: ignore[arg-type]
                     progress_share=float(job.progress_share), message=job.message,
                     result_ref=job.result_ref, error=job.error, owner=job.owner,
                     vendor=job.vendor, created_at=job.created_at, started_at=job.started_at,
                     finished_at=job.finished_at)


def create(session: Session, actor: Principal, kind: str, title: str, *,
           vendor: str | None = None, params: dict[str, Any] | None = None) -> Job:
    """A queued job owned by ``actor`` (in the caller's transaction; its id is set)."""
    return JobRepository(session).add(Job(
        kind=kind, title=title[:300], status="queued", progress_share=0.0, message="queued",
        owner_id=actor.user_id, owner=actor.name,
        vendor=vendor if vendor is not None else actor.vendor, params=params))


def get(ws: Workspace, actor: Principal, job_id: int) -> JobPublic:
    """One job (permission ``jobs.read``; a vendor user only its vendor's)."""
    authorize(actor, "jobs.read")
    with ws.transaction() as session:
        job = JobRepository(session).require(job_id)
        check_vendor(actor, job.vendor, f"job {job_id}")
        return public(job)


def list_jobs(ws: Workspace, actor: Principal, *, limit: int = 50,
              offset: int = 0) -> list[JobPublic]:
    """Jobs, newest first (permission ``jobs.read``; a vendor user only its vendor's)."""
    authorize(actor, "jobs.read")
    with ws.transaction() as session:
        rows = JobRepository(session).list(vendor=scope_vendor(actor), limit=limit,
                                           offset=offset)
        return [public(j) for j in rows]


def fail_unfinished(ws: Workspace) -> int:
    """Mark jobs left queued or running by a stopped server as failed; how many."""
    error = {"error": "interrupted", "message": INTERRUPTED, "location": [], "source": None,
             "line": None, "column": None, "detail": INTERRUPTED}
    with ws.transaction() as session:
        return JobRepository(session).fail_unfinished(INTERRUPTED, error, _now())


class JobContext:
    """What a running job's work function gets: its id and a progress reporter.

    Setting ``summary`` gives the message shown once the job has succeeded.
    """

    def __init__(self, ws: Workspace, job_id: int) -> None:
        self.ws = ws
        self.job_id = job_id
        self.summary: str | None = None
        self._last = 0.0
        self._share = 0.0
        self._lock = threading.Lock()

    def progress(self, share: float, message: str | None = None, *, force: bool = False) -> None:
        """Report ``share`` of the work done [0, 1] and what is happening (throttled)."""
        share = min(1.0, max(self._share, float(share)))
        with self._lock:
            t = time.monotonic()
            if not force and t - self._last < MIN_INTERVAL_S:
                self._share = share
                return
            self._last, self._share = t, share
        values: dict[str, Any] = {"progress_share": share}
        if message is not None:
            values["message"] = message[:2000]
        with self.ws.transaction() as session:
            JobRepository(session).set(self.job_id, **values)


Work = Callable[[JobContext], str | None]


class JobRunner:
    """A thread pool running jobs of one workspace; start with the app, shut down with it."""

    def __init__(self, ws: Workspace, workers: int = 2) -> None:
        self.ws = ws
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="outsource-job")
        self._futures: dict[int, Future[None]] = {}
        self._lock = threading.Lock()
        self._exclusive: dict[str, threading.Lock] = {}

    def exclusive(self, name: str) -> threading.Lock:
        """A lock shared by this runner's jobs that must not overlap (``"workspace-db"``).

        Imports write the workspace's store, which takes one writer at a time (its
        own lock makes other processes wait too); this runner's imports take turns
        here, so that a waiting job says it is waiting.
        """
        with self._lock:
            return self._exclusive.setdefault(name, threading.Lock())

    def submit(self, job_id: int, work: Work) -> None:
        """Run ``work`` for job ``job_id`` in a worker thread."""
        future = self._pool.submit(self._run, job_id, work)
        with self._lock:
            self._futures[job_id] = future

    def wait(self, job_id: int, timeout_s: float | None = 60.0) -> None:
        """Block until job ``job_id`` (submitted here) has ended (tests, CLI)."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout_s)

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs; wait for running ones; jobs never started are marked failed."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
        fail_unfinished(self.ws)

    def _run(self, job_id: int, work: Work) -> None:
        repo_set = self._set
        repo_set(job_id, status="running", started_at=_now(), message="started")
        ctx = JobContext(self.ws, job_id)
        try:
            ref = work(ctx)
        except OutsourceError as exc:
            repo_set(job_id, status="failed", message=str(exc), error=exc.to_dict(),
                     finished_at=_now())
        except Exception as exc:
            from outsource import crashlog

            path = crashlog.record(exc, f"job {job_id}")
            log.exception("job %s failed (details also in %s)", job_id, path)
            ref = f" (reference {path.stem})" if path is not None else ""
            text = f"unexpected error; the server log has the details{ref}"
            repo_set(job_id, status="failed", message=text, finished_at=_now(),
                     error={"error": "internal_error", "message": text, "location": [],
                            "source": None, "line": None, "column": None, "detail": text})
        else:
            repo_set(job_id, status="succeeded", progress_share=1.0, result_ref=ref,
                     message=ctx.summary or "done", finished_at=_now())

    def _set(self, job_id: int, **values: Any) -> None:
        with self.ws.transaction() as session:
            JobRepository(session).set(job_id, **values)
