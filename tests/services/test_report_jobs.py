"""The plan report as a background job: files in WORKSPACE/reports/job-N, or nothing at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource.errors import Forbidden, NotFound
from outsource.schemas.users import Principal
from outsource.services import jobs, reports
from outsource.services.scenarios import set_scenario
from outsource.services.workspace import open_workspace

BANK = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"
ANALYST = Principal(user_id=None, name="ana", role="analyst", vendor=None)
ACME = Principal(user_id=None, name="acme", role="vendor", vendor="acme-manila")


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    ws = open_workspace(tmp_path / "ws", url=f"sqlite:///{tmp_path / 'o.db'}")
    set_scenario(ws, BANK)
    return ws


def _run(ws, render):  # type: ignore[no-untyped-def]
    runner = jobs.JobRunner(ws, workers=1)
    try:
        job = reports.start_plan_report(ws, runner, ANALYST, render, draws=100)
        runner.wait(job.id, 120)
    finally:
        runner.shutdown()
    return jobs.get(ws, ANALYST, job.id)


def test_a_finished_job_keeps_its_files_and_summary(ws):
    def render(report, folder):  # type: ignore[no-untyped-def]
        for name in reports.PLAN_FILES.values():
            (folder / name).write_bytes(b"x")

    job = _run(ws, render)
    assert job.status == "succeeded" and job.result_ref == f"report:{job.id}"
    assert reports.plan_report_file(ws, ANALYST, job.id, "pdf").read_bytes() == b"x"
    found = reports.plan_report_summary(ws, ANALYST, job.id)
    assert found.draws == 100 and found.summary.recommendation
    assert [j.id for j in reports.list_plan_reports(ws, ANALYST)] == [job.id]
    with pytest.raises(Forbidden):
        reports.plan_report_file(ws, ACME, job.id, "pdf")


def test_a_failed_job_leaves_nothing_behind(ws):
    def render(report, folder):  # type: ignore[no-untyped-def]
        (folder / "plan-report.pdf").write_bytes(b"half")
        raise OSError("disk full")

    job = _run(ws, render)
    assert job.status == "failed"
    assert not list((ws.path / reports.REPORTS).iterdir())
    with pytest.raises(NotFound):
        reports.plan_report_file(ws, ANALYST, job.id, "pdf")
