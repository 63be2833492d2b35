"""The vendor report from the web app: buyers download any vendor's, a vendor user its own
only (and without the scorecard); the files are those of ``outsource report vendor``."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest
from conftest import log_in


@pytest.fixture
def vr_app(demo_template, tmp_path):  # type: ignore[no-untyped-def]
    from outsource.data.db import close_all
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    dest = tmp_path / "demo"
    shutil.copytree(demo_template, dest)
    app = create_app(get_settings(workspace=dest, report_draws=100))
    yield app
    app.state.outsource.runner.shutdown()
    close_all()


@pytest.fixture
def vr_client(vr_app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    opened = []

    def make(name: str):  # type: ignore[no-untyped-def]
        c = TestClient(vr_app, base_url="https://testserver")
        c.__enter__()
        opened.append(c)
        c.headers["X-CSRF-Token"] = log_in(c, name)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


URL = "/reports/vendor?vendor={v}&period=2026-10&kind={k}"


def test_a_viewer_downloads_the_pdf_and_the_workbook(vr_client):
    viewer = vr_client("viewer")
    page = viewer.get("/reports")
    assert page.status_code == 200 and 'action="/reports/vendor"' in page.text
    assert "<option>andes-bogota</option>" in page.text
    res = viewer.get(URL.format(v="andes-bogota", k="pdf"))
    assert res.status_code == 200, res.text[:300]
    assert res.headers["content-type"] == "application/pdf" and res.content[:5] == b"%PDF-"
    assert 'filename="vendor-report-andes-bogota-2026-10.pdf"' in \
        res.headers["content-disposition"]
    res = viewer.get(URL.format(v="andes-bogota", k="xlsx"))
    assert res.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(res.content))
    assert "Credits" in wb.sheetnames and "Scorecard" in wb.sheetnames


def test_a_vendor_user_gets_its_own_report_only(vr_client):
    prairie = vr_client("prairie")
    page = prairie.get("/vendors/prairie-ohio")
    assert page.status_code == 200 and 'id="vendor-report"' in page.text
    assert prairie.get(URL.format(v="andes-bogota", k="xlsx")).status_code == 403
    res = prairie.get(URL.format(v="prairie-ohio", k="xlsx"))
    assert res.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(res.content))
    assert "compares vendors" in wb["Scorecard"]["A4"].value


def test_bad_requests_are_refused_in_words(vr_client):
    viewer = vr_client("viewer")
    assert viewer.get("/reports/vendor?vendor=nobody&period=2026-10").status_code == 404
    assert viewer.get("/reports/vendor?vendor=andes-bogota&period=October").status_code == 422
