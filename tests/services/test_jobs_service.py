"""The background job runner: progress, success, failures, interrupted jobs, vendor scope."""

from __future__ import annotations

import pytest

from outsource.errors import Forbidden, InvalidInput
from outsource.schemas.users import Principal
from outsource.services import jobs
from outsource.services.workspace import open_workspace

ANALYST = Principal(user_id=None, name="ann", role="analyst")
ACME = Principal(user_id=None, name="acme", role="vendor", vendor="acme-manila")
ANDES = Principal(user_id=None, name="andes", role="vendor", vendor="andes-bogota")


@pytest.fixture
def ws(tmp_path):
    from outsource.data.db import close_all

    yield open_workspace(tmp_path / "ws")
    close_all()


def _job(ws, actor=ANALYST, title="work"):  # type: ignore[no-untyped-def]
    with ws.transaction() as session:
        return jobs.create(session, actor, "test", title).id


def test_progress_then_success(ws):
    runner = jobs.JobRunner(ws, workers=1)
    seen = []

    def work(ctx: jobs.JobContext) -> str:
        for i in range(1, 5):
            ctx.progress(i / 4, f"step {i}", force=True)
            seen.append(jobs.get(ws, ANALYST, ctx.job_id).progress_share)
        ctx.summary = "all four steps"
        return "thing:7"

    job_id = _job(ws)
    assert jobs.get(ws, ANALYST, job_id).status == "queued"
    runner.submit(job_id, work)
    runner.wait(job_id)
    job = jobs.get(ws, ANALYST, job_id)
    assert seen == [0.25, 0.5, 0.75, 1.0]
    assert (job.status, job.progress_share, job.result_ref, job.message) == (
        "succeeded", 1.0, "thing:7", "all four steps")
    assert job.started_at is not None and job.finished_at is not None
    runner.shutdown()


def test_progress_is_throttled_and_never_goes_back(ws):
    job_id = _job(ws)
    ctx = jobs.JobContext(ws, job_id)
    ctx.progress(0.5, "half", force=True)
    ctx.progress(0.7, "not written yet")  # within MIN_INTERVAL_S of the last write
    assert jobs.get(ws, ANALYST, job_id).message == "half"
    ctx.progress(0.2, "late report", force=True)
    job = jobs.get(ws, ANALYST, job_id)
    assert job.progress_share == pytest.approx(0.7) and job.message == "late report"


def test_known_error_fails_the_job_with_its_shape(ws):
    runner = jobs.JobRunner(ws, workers=1)

    def work(ctx: jobs.JobContext) -> str:
        raise InvalidInput("not a duration: 'x'", source="calls.csv", line=3, column="wait_s")

    job_id = _job(ws)
    runner.submit(job_id, work)
    runner.wait(job_id)
    job = jobs.get(ws, ANALYST, job_id)
    assert job.status == "failed" and job.error["line"] == 3
    assert job.message == "calls.csv line 3, column 'wait_s': not a duration: 'x'"
    runner.shutdown()


def test_unexpected_error_shows_no_internals(ws, caplog):
    runner = jobs.JobRunner(ws, workers=1)

    def work(ctx: jobs.JobContext) -> str:
        raise RuntimeError("secret internals /etc/passwd")

    job_id = _job(ws)
    runner.submit(job_id, work)
    runner.wait(job_id)
    job = jobs.get(ws, ANALYST, job_id)
    assert job.status == "failed" and job.error["error"] == "internal_error"
    assert "secret" not in str(job) and "secret internals" in caplog.text
    runner.shutdown()


def test_jobs_left_by_a_stopped_server_are_marked_failed(ws):
    job_id = _job(ws)
    assert jobs.fail_unfinished(ws) == 1
    job = jobs.get(ws, ANALYST, job_id)
    assert job.status == "failed" and "interrupted" in job.message


def test_vendor_sees_only_its_jobs(ws):
    mine, theirs = _job(ws, ACME), _job(ws, ANDES)
    assert [j.id for j in jobs.list_jobs(ws, ACME)] == [mine]
    assert {j.id for j in jobs.list_jobs(ws, ANALYST)} == {mine, theirs}
    with pytest.raises(Forbidden):
        jobs.get(ws, ACME, theirs)
