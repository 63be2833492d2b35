"""Plan report downloads from the web app: made as a job on the stored scenario, PDF and XLSX.

Buyer roles may make and download reports; a vendor user may not (the plan compares every
vendor's price with in-house). The files are those of ``outsource report plan``.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import wait_job

BANK = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"


@pytest.fixture
def with_scenario(workspace):  # type: ignore[no-untyped-def]
    from outsource.data.db import close_all
    from outsource.services.scenarios import set_scenario
    from outsource.services.workspace import open_workspace

    set_scenario(open_workspace(workspace), BANK)
    close_all()
    return workspace


@pytest.fixture
def quick_app(with_scenario, make_app):  # type: ignore[no-untyped-def]
    return make_app(report_draws=200)


@pytest.fixture
def quick_client(quick_app):  # type: ignore[no-untyped-def]
    from conftest import log_in
    from fastapi.testclient import TestClient

    clients = []

    def make(name: str):  # type: ignore[no-untyped-def]
        c = TestClient(quick_app, base_url="https://testserver")
        c.__enter__()
        clients.append(c)
        c.headers["X-CSRF-Token"] = log_in(c, name)
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


def test_analyst_makes_the_report_and_a_viewer_downloads_it(quick_app, quick_client, tmp_path):
    analyst = quick_client("analyst")
    res = analyst.post("/api/reports/plan")
    assert res.status_code == 202, res.text
    job = res.json()
    assert res.headers["location"] == f"/api/jobs/{job['id']}"
    wait_job(quick_app, job["id"])
    done = analyst.get(f"/api/jobs/{job['id']}").json()
    assert done["status"] == "succeeded", done
    assert done["result_ref"] == f"report:{job['id']}"

    viewer = quick_client("viewer")
    pdf = viewer.get(f"/reports/{job['id']}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f'filename="plan-report-{job["id"]}.pdf"' in pdf.headers["content-disposition"]
    xlsx = viewer.get(f"/reports/{job['id']}/xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    path = tmp_path / "dl.xlsx"
    path.write_bytes(xlsx.content)
    assert "Build-up" in openpyxl.load_workbook(path).sheetnames

    page = viewer.get(f"/reports/{job['id']}")
    assert page.status_code == 200
    assert "Download the PDF" in page.text and "that matches the advice is" in page.text
    assert "Why: the rules that fired" in page.text  # the PDF's own partial
    listing = viewer.get("/reports")
    assert f"/reports/{job['id']}/xlsx" in listing.text
    assert viewer.get(f"/jobs/{job['id']}").text.count(f"/reports/{job['id']}") >= 1


def test_the_form_starts_a_job_and_goes_to_its_page(quick_app, quick_client):
    admin = quick_client("admin")
    res = admin.post("/reports/plan", data={"csrf_token": admin.headers["X-CSRF-Token"]},
                     follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/jobs/")
    wait_job(quick_app, int(res.headers["location"].rsplit("/", 1)[1]))
    assert 'href="/reports"' in admin.get("/").text  # the menu links the page


def test_a_vendor_user_may_not_and_a_missing_report_is_404(quick_app, quick_client):
    acme = quick_client("acme")
    assert acme.post("/api/reports/plan").status_code == 403
    assert acme.get("/reports").status_code == 403
    assert acme.get("/reports/1/pdf").status_code == 403
    analyst = quick_client("analyst")
    assert analyst.get("/reports/999/pdf").status_code == 404
    assert analyst.get("/reports/999/doc").status_code == 422


def test_no_scenario_is_refused_before_any_job(client_for):
    analyst = client_for("analyst")
    res = analyst.post("/api/reports/plan")
    assert res.status_code == 404 and "no scenario" in res.json()["message"]
    page = analyst.post("/reports/plan")
    assert page.status_code == 404 and "no scenario" in page.text
    assert analyst.get("/api/jobs").json() == []
