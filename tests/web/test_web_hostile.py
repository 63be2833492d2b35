"""Hostile uploads through the web: garbage never gives a 500, values are escaped.

Random bytes as a log and as its mapping end in a 422 or a failed job with a
located message (never an internal error); rich markup and HTML in file names,
values and reasons are shown as text on the pages; an unexpected failure
writes the same error log file as the CLI does.
"""

from __future__ import annotations

from conftest import upload, wait_job
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE = (b"id,arrived_at,outcome,queue\n"
           b"c1,2026-05-04T13:00:00Z,answered,<b>bold</b>\n"
           b"c2,<img src=x onerror=alert(1)>,answered,[red]x[/]\n")


def test_markup_and_html_in_names_values_and_reasons_are_text(app, client_for):
    client = client_for("analyst")
    job = upload(client, HOSTILE, name="<script>alert(1)</script>.csv")
    wait_job(app, job["id"])
    done = client.get(f"/api/jobs/{job['id']}").json()
    assert done["status"] == "succeeded", done
    import_id = int(done["result_ref"].split(":")[1])
    report = client.get(f"/imports/{import_id}").text
    assert "<img src=x" not in report and "&lt;img src=x onerror=alert(1)&gt;" in report
    listing = client.get("/imports").text
    assert "<script>alert(1)</script>" not in listing
    assert "script_.csv" in listing  # upload names are reduced to safe characters
    page = client.get(f"/jobs/{job['id']}").text
    assert "<script>alert(1)</script>" not in page


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(log=st.binary(max_size=300), mapping=st.one_of(st.none(), st.binary(max_size=200)))
def test_random_uploads_end_in_a_located_error_never_a_500(app, client_for, log, mapping):
    client = client_for("analyst")
    files = {"file": ("log.csv", log or b"x", "text/csv")}
    if mapping is not None:
        files["mapping"] = ("map.yaml", mapping or b"x", "application/yaml")
    res = client.post("/api/imports", files=files)
    assert res.status_code in (202, 422), res.text
    if res.status_code == 422:
        assert res.json()["error"] == "invalid_input" and res.json()["message"]
        return
    wait_job(app, res.json()["id"])
    job = client.get(f"/api/jobs/{res.json()['id']}").json()
    assert job["status"] in ("succeeded", "failed")
    if job["status"] == "failed":
        assert job["error"]["error"] != "internal_error", job
        assert "log.csv" in job["error"]["detail"] and "/uploads/" not in job["error"]["detail"]


def test_an_unexpected_failure_writes_the_error_log(make_app, monkeypatch, tmp_path):
    from fastapi import APIRouter
    from fastapi.testclient import TestClient

    from outsource.web import rules

    monkeypatch.setenv("OUTSOURCE_LOG_DIR", str(tmp_path / "logs"))
    app = make_app()
    extra = APIRouter()

    @extra.get("/api/broken", name="test.broken", include_in_schema=False)
    def broken() -> None:
        raise RuntimeError("secret internals")

    app.include_router(extra)
    monkeypatch.setitem(rules.ROUTE_RULES, "test.broken", rules.PUBLIC)
    with TestClient(app, raise_server_exceptions=False) as client:
        res = client.get("/api/broken")
    assert res.status_code == 500 and "secret internals" not in res.text
    (log,) = (tmp_path / "logs").iterdir()
    assert log.stem in res.json()["message"]
    assert "secret internals" in log.read_text() and "GET /api/broken" in log.read_text()
