"""Pages: error pages, security headers, static files, menu, imports page end to end."""

from __future__ import annotations

import re

from conftest import wait_job

from outsource.web.deps import CurrentUser, Tx

BAD_LOG = (b"id,arrived_at,outcome,handle_s\n"
           b"r1,2026-05-04T13:00:00Z,answered,240\n"
           b"r2,yesterday,answered,240\n"
           b"r3,2026-05-04T13:02:00Z,hung-up,240\n"
           b"r4,2026-05-04T13:03:00Z,answered,-5\n")


def test_unknown_page_and_api_path(client_for):
    client = client_for("viewer")
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.json()["error"] == "not_found"
    assert client.get("/api/imports/999").json()["message"] == "no import 999"
    assert client.delete("/api/imports").status_code == 405


def test_validation_errors_use_the_one_error_shape(client_for):
    res = client_for("viewer").get("/api/jobs", params={"limit": "0"})
    assert res.status_code == 422
    body = res.json()
    assert set(body) == {"error", "message", "location", "source", "line", "column", "detail"}
    assert body["error"] == "invalid_input" and body["location"] == ["limit"]
    client = client_for("viewer")
    for url in ("/api/jobs/9223372036854775808", "/api/jobs?offset=9223372036854775808",
                "/api/imports/0"):
        assert client.get(url).status_code == 422, url  # found by schemathesis: was a 500


def test_security_headers(client_for):
    res = client_for().get("/login")
    csp = res.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'unsafe-eval'" in csp and "unsafe-inline" not in csp.split(";")[1]
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    assert res.headers["cache-control"] == "no-store"


def test_vendored_scripts_are_served_locally_and_cached(client_for):
    client = client_for()
    for name in ("htmx-2.0.11.min.js", "vega-6.4.0.min.js", "vega-lite-6.4.3.min.js",
                 "vega-embed-7.3.0.min.js"):
        res = client.get(f"/static/vendor/{name}")
        assert res.status_code == 200 and len(res.content) > 10_000
        assert "immutable" in res.headers["cache-control"]
    page = client.get("/login").text
    assert not re.search(r"(src|href)=\"https?://", page), "no request may leave the machine"


def test_menu_links_only_existing_pages(client_for):
    page = client_for("admin").get("/").text
    menu = page.split('<nav aria-label="main">')[1].split("</nav>")[0]
    labels = re.findall(r">([^<]+)</a>", menu)
    assert labels == ["Plan", "Advice", "Vendors", "Contract", "Monitoring", "Exit plan",
                      "Reports", "Imports", "Jobs", "Users", "Audit log"]
    vendor_menu = client_for("acme").get("/").text.split('<nav aria-label="main">')[1]
    labels = re.findall(r">([^<]+)</a>", vendor_menu.split("</nav>")[0])
    # no Reports for a vendor: the plan compares every vendor with in-house
    assert labels == ["Vendors", "Contract", "Monitoring", "Imports", "Jobs"]


def test_upload_page_to_report_with_rejects(app, client_for):
    client = client_for("analyst")
    res = client.post("/imports", files={"file": ("bad.csv", BAD_LOG, "text/csv")},
                      follow_redirects=False)
    assert res.status_code == 303
    job_id = int(res.headers["location"].rsplit("/", 1)[1])
    assert "hx-get" in client.get(f"/jobs/{job_id}").text or True
    wait_job(app, job_id)
    fragment = client.get(f"/jobs/{job_id}/progress").text
    assert 'data-status="succeeded"' in fragment and "hx-get" not in fragment
    assert "imported 1, rejected 3" in fragment and 'href="/imports/1"' in fragment
    report = client.get("/imports/1").text
    for line, column, reason in ((3, "arrived_at", "cannot parse &#39;yesterday&#39;"),
                                 (4, "outcome", "unknown outcome &#39;hung-up&#39;"),
                                 (5, "handle_s", "negative duration")):
        assert re.search(rf">{line}</td><td><code>{column}</code></td><td>{reason}", report)
    assert 'data-vega-spec="rejects-by-column-spec"' in report
    csv = client.get("/imports/1/rejects.csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="bad-rejects.csv"'
    assert csv.text.splitlines()[0] == "line,column,reason" and len(csv.text.splitlines()) == 4
    listing = client.get("/imports").text
    assert 'href="/imports/1">bad.csv</a>' in listing


def test_bad_mapping_is_reported_on_the_form_at_once(client_for):
    client = client_for("analyst")
    res = client.post("/imports", files={"file": ("x.csv", BAD_LOG),
                                         "mapping": ("map.yaml", b"columns: [1, 2]\n")})
    assert res.status_code == 422 and 'role="alert"' in res.text and "map.yaml" in res.text
    assert "/uploads/" not in res.text


def test_failed_job_shows_its_error(app, client_for):
    client = client_for("analyst")
    res = client.post("/api/imports", files={"file": ("nohead.csv", b"a,b\n1,2\n")})
    job = res.json()
    wait_job(app, job["id"])
    done = client.get(f"/api/jobs/{job['id']}").json()
    assert done["status"] == "failed" and "canonical column" in done["error"]["message"]
    fragment = client.get(f"/jobs/{job['id']}/progress").text
    assert 'data-status="failed"' in fragment and 'role="alert"' in fragment
    assert "/uploads/" not in fragment


def test_jobs_page_lists_jobs_to_come_back_to(app, client_for):
    client = client_for("analyst")
    res = client.post("/api/imports", files={"file": ("calls.csv", BAD_LOG)})
    wait_job(app, res.json()["id"])
    page = client.get("/jobs").text
    assert "import calls.csv" in page and "succeeded" in page and 'href="/imports/1">result' in page


def test_tx_dependency_commits_or_rolls_back_with_the_request(make_app, monkeypatch):
    from fastapi import APIRouter
    from fastapi.testclient import TestClient

    from outsource.services import audit
    from outsource.web import rules

    app = make_app()
    extra = APIRouter()

    @extra.post("/api/test-tx", name="test.tx")
    def change(user: CurrentUser, tx: Tx, fail: bool = False) -> dict[str, bool]:
        audit.record(tx, user, "test.change", "test", "1")
        if fail:
            raise RuntimeError("boom after the write")
        return {"ok": True}

    app.include_router(extra)
    monkeypatch.setitem(rules.ROUTE_RULES, "test.tx", "self")
    from outsource.services.auth import issue_token
    from outsource.services.users import cli_principal

    ws = app.state.outsource.ws
    token = issue_token(ws, cli_principal(), "admin").token
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        auth = {"Authorization": f"Bearer {token}"}
        assert c.post("/api/test-tx", headers=auth).status_code == 200
        res = c.post("/api/test-tx?fail=true", headers=auth)
        assert res.status_code == 500 and res.json()["error"] == "internal_error"
        assert "boom" not in res.text
    rows = audit.entries(ws, cli_principal(), action="test.change")
    assert len(rows) == 1  # the failed request's write was rolled back


def test_server_error_page_shows_no_internals(make_app, monkeypatch):
    from fastapi import APIRouter
    from fastapi.testclient import TestClient

    from outsource.web import rules

    app = make_app()
    extra = APIRouter()

    @extra.get("/broken", name="test.broken", include_in_schema=False)
    def broken() -> None:
        raise RuntimeError("secret internals")

    app.include_router(extra)
    monkeypatch.setitem(rules.ROUTE_RULES, "test.broken", rules.PUBLIC)
    with TestClient(app, raise_server_exceptions=False) as client:
        res = client.get("/broken")
    assert res.status_code == 500 and "Something went wrong" in res.text
    assert "secret internals" not in res.text and "Traceback" not in res.text
