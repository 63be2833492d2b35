"""Vendors, scorecard, brief, contracts and exit plans: pages, forms, API, vendor scope, audit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import log_in

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "src" / "outsource" / "examples"


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'id="err-{field}">([^<]*)</span>', html)
    assert found, html[-3000:]
    return found.group(1).replace("&#39;", "'")


def test_vendor_pages_show_diligence_quotes_and_test_calls(demo_client):
    client = demo_client("viewer")
    listing = client.get("/vendors").text
    for name in ("acme-manila", "andes-bogota", "prairie-ohio"):
        assert f'href="/vendors/{name}"' in listing
    assert "Add a vendor" not in listing  # a viewer changes nothing
    page = client.get("/vendors/andes-bogota").text
    assert "Labour-law check (CO)" in page and "status-missing" in page
    assert "expired on 2026-01-31" in page  # the PCI DSS certificate
    assert "Latin America dedicated_hourly" in page  # priced beside the card's option
    assert "Wilson" in page and "Record a test call" not in page
    acme = client.get("/api/vendors/acme-manila").json()
    assert any(q["expired"] for q in acme["pricing"]["quotes"])
    assert "status-expired" in client.get("/vendors/acme-manila").text
    brief = client.get("/vendors/acme-manila/brief")
    assert brief.status_code == 200 and brief.text.lstrip().lower().startswith("<!doctype")


def test_scorecard_page_charts_stability_and_frontier(demo_client):
    client = demo_client("analyst")
    page = client.get("/scorecard").text
    assert 'id="wins-spec"' in page and 'id="frontier-spec"' in page
    card = client.get("/api/scorecard").json()
    assert card["winner"] and sum(r["stability"]["win_share"] or 0 for r in card["rows"]) \
        == pytest.approx(1.0)
    assert demo_client("acme").get("/scorecard").status_code == 403


def test_add_vendor_quote_and_test_calls_through_the_forms(demo_client):
    client = demo_client("analyst")
    res = client.post("/vendors", data={"mode": "form", "name": "delhi-direct",
                                        "regions": "india", "languages": "en, hi",
                                        "channels": ["voice", "email"], "seats": "40"},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/vendors/delhi-direct"
    again = client.post("/vendors", data={"mode": "form", "name": "delhi-direct",
                                          "regions": "india"})
    assert again.status_code == 409 and "already exists" in again.text
    bad = client.post("/vendors", data={"mode": "form", "name": "x", "regions": "mars"})
    assert bad.status_code == 422 and "not on the rate card" in _field_error(bad.text, "regions")
    yaml_bad = client.post("/vendors", data={"mode": "file"}, files={"file": (
        "v.yaml", b"name: v2\nregions: [india]\ncertifications:\n  - {kind: iso27001, "
                  b"expires_on: soon}\n", "text/yaml")})
    assert yaml_bad.status_code == 422
    assert "v.yaml certifications[0].expires_on" in _field_error(yaml_bad.text, "file")

    quote = client.post("/vendors/delhi-direct/quotes",
                        data={"pricing_model": "dedicated_hourly", "rate": "7.5",
                              "valid_until": "2030-01-01", "source": "test"},
                        follow_redirects=False)
    assert quote.status_code == 303
    bad_quote = client.post("/vendors/delhi-direct/quotes",
                            data={"pricing_model": "dedicated_hourly", "rate": "0"})
    assert bad_quote.status_code == 422 and "greater than 0" in _field_error(bad_quote.text,
                                                                             "rate")
    call = client.post("/vendors/delhi-direct/test-calls",
                       data={"called_on": "2026-05-04", "scenario": "where is my order",
                             "channel": "voice", "wait_s": "12", "handled": "yes",
                             "resolved": "yes", "clarity": "4"}, follow_redirects=False)
    assert call.status_code == 303
    csv = (b"date,scenario,handled,wait_s,clarity\n2026-05-05,refund,yes,30,5\n"
           b"2026-05-06,sizing,no,95,\n")
    imported = client.post("/vendors/test-calls", data={"vendor": "delhi-direct"},
                           files={"calls": ("calls.csv", csv, "text/csv")})
    assert imported.status_code == 200 and "Imported 2 test calls from calls.csv" in imported.text
    bad_csv = client.post("/vendors/test-calls", data={"vendor": "delhi-direct"},
                          files={"calls": ("calls2.csv", b"date,scenario,handled\nx,y,yes\n",
                                           "text/csv")})
    assert bad_csv.status_code == 422
    msg = _field_error(bad_csv.text, "calls")
    assert msg.startswith("calls2.csv line 2, column 'date'") and "uploads" not in msg
    detail = client.get("/api/vendors/delhi-direct").json()
    assert detail["test_calls"]["n"] == 3 and len(detail["vendor"]["quotes"]) == 1
    audit = demo_client("admin").get("/api/audit", params={"limit": 50}).json()
    assert {"vendor.create", "quote.create", "testcall.create", "testcalls.import"} <= {
        a["action"] for a in audit if a["actor"] == "analyst"}
    assert demo_client("viewer").post("/vendors/delhi-direct/quotes", data={
        "pricing_model": "dedicated_hourly", "rate": "7"}).status_code == 403


def test_vendor_api_create_and_errors(demo_client):
    client = demo_client("admin")
    res = client.post("/api/vendors", json={"name": "api-co", "regions": ["eastern_europe"]})
    assert res.status_code == 201 and res.json()["vendor"] == "api-co"
    res = client.post("/api/vendors/api-co/quotes", json={"pricing_model": "shared_per_minute",
                                                          "rate": 0.4})
    assert res.status_code == 201 and res.json()["pricing"]["quotes"][0]["rate_unit"] == \
        "USD/min"
    res = client.post("/api/vendors/api-co/test-calls", json={"called_on": "2026-05-01",
                                                              "scenario": "x", "clarity": 9})
    assert res.status_code == 422 and res.json()["location"] == ["clarity"]
    assert client.get("/api/vendors/nobody").status_code == 404


def test_a_vendor_user_sees_only_its_own_vendor(demo_client):
    acme = demo_client("acme")
    assert [v["name"] for v in acme.get("/api/vendors").json()["vendors"]] == ["acme-manila"]
    listing = acme.get("/vendors").text
    assert "andes-bogota" not in listing and "prairie-ohio" not in listing
    own = acme.get("/api/vendors/acme-manila").json()
    assert own["pricing"] is None  # not the buyer's in-house comparison
    for path in ("/vendors/andes-bogota", "/api/vendors/andes-bogota",
                 "/vendors/andes-bogota/brief", "/api/vendors/andes-bogota/brief",
                 "/contracts/andes-bogota", "/api/contracts/andes-bogota",
                 "/contracts/andes-bogota/schedule", "/exit/acme-manila", "/plan",
                 "/api/plans", "/scorecard"):
        assert acme.get(path).status_code == 403, path
    assert [c["vendor"] for c in acme.get("/api/contracts").json()["contracts"]] == \
        ["acme-manila"]
    assert acme.get("/api/contracts/acme-manila").status_code == 200
    assert acme.get("/api/vendors/acme-manila/brief").json()["vendor"]["vendor"] == \
        "acme-manila"
    res = acme.post("/api/contracts", files={"file": ("c.yaml", b"vendor: acme-manila\n",
                                                      "text/yaml")})
    assert res.status_code == 403


def test_contract_pages_schedule_and_a_new_version(demo_client):
    client = demo_client("analyst")
    page = client.get("/contracts").text
    assert 'href="/contracts/andes-bogota/schedule"' in page
    detail = client.get("/contracts/andes-bogota").text
    assert "Service levels" in detail and "Versions" in detail
    schedule = client.get("/contracts/andes-bogota/schedule")
    assert schedule.status_code == 200 and "<h2>2. Service levels</h2>" in schedule.text
    text = (EXAMPLES / "contracts" / "andes-bogota.yaml").read_text()
    bad = client.post("/contracts", files={"file": ("andes.yaml", text.replace(
        "term_months: 24", "term_months: lots").encode(), "text/yaml")})
    assert bad.status_code == 422
    assert _field_error(bad.text, "file").startswith("andes.yaml term_months:")
    unchanged = client.post("/contracts", files={"file": ("andes.yaml", text.encode(),
                                                          "text/yaml")})
    assert unchanged.status_code == 200 and "unchanged" in unchanged.text
    new = text.replace("term_months: 24", "term_months: 36")
    res = client.post("/api/contracts", files={"file": ("andes-v2.yaml", new.encode(),
                                                        "text/yaml")},
                      data={"effective_from": "2026-09-01"})
    assert res.status_code == 201, res.text
    assert res.json()["version"] == 2 and res.json()["changed"] == ["term_months"]
    versions = client.get("/api/contracts/andes-bogota").json()["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert client.get("/contracts/andes-bogota?version=1").status_code == 200
    audit = demo_client("admin").get("/api/audit", params={"action": "contract.add"}).json()
    assert audit[0]["actor"] == "analyst" and audit[0]["vendor"] == "andes-bogota"


def test_contract_upload_shows_warnings(demo_client):
    client = demo_client("admin")
    text = (EXAMPLES / "contracts" / "prairie-ohio.yaml").read_text()
    risky = text.replace("start: 2026-05-01", "start: 2026-05-15")
    assert risky != text
    res = client.post("/contracts", files={"file": ("p.yaml", risky.encode(), "text/yaml")})
    assert res.status_code == 200 and "stored version 2" in res.text
    assert "Warnings: legal but unwise" in res.text
    assert "<code>start</code>: the contract starts mid-month" in res.text


def test_exit_plan_pages(demo_client):
    client = demo_client("viewer")
    page = client.get("/exit", params={"notice_date": "2026-07-01"}).text
    rows = re.findall(r"<tr><td><a href=\"/exit/([\w-]+)[^\n]*\n\s*<td>(.*?)</td>", page)
    assert {v: "RED FLAG" in flag for v, flag in rows} == {
        "acme-manila": False, "andes-bogota": True, "prairie-ohio": False}
    assert 'href="/exit/andes-bogota?notice_date=2026-07-01"' in page
    detail = client.get("/exit/andes-bogota", params={"notice_date": "2026-07-01"}).text
    assert 'id="exit-ramp-spec"' in detail and "paid by the buyer" in detail
    after = client.get("/exit/andes-bogota", params={"notice_date": "2026-07-01",
                                                     "failure_right": "true"}).text
    assert "paid by the vendor" in after
    plans = client.get("/api/exit-plans", params={"notice_date": "2026-07-01"}).json()
    flags = {p["vendor"]: p["ramp_outlasts_notice"] for p in plans["plans"]}
    assert flags["andes-bogota"] is True



@pytest.fixture(scope="module")
def logged_demo(demo_template, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo template plus the demo's six months of vendor logs (seeded once here)."""
    import shutil

    from outsource.data.db import close_all
    from outsource.services.demo import SEED_STEPS
    from outsource.services.workspace import open_workspace

    dest = tmp_path_factory.mktemp("logged") / "ws"
    shutil.copytree(demo_template, dest)
    ws = open_workspace(dest)
    next(step for step in SEED_STEPS if step.name == "vendor-logs").run(ws)
    close_all()
    return dest


def test_exit_plan_takes_the_failure_right_from_monitoring(logged_demo):
    """andes-bogota's chronic service-level failure (demo logs, 2026-10) gives the buyer the
    termination right: the web exit plan, like the CLI's --failure-from-monitoring, says so."""
    from fastapi.testclient import TestClient

    from outsource.settings import get_settings
    from outsource.web.app import create_app

    app = create_app(get_settings(workspace=logged_demo))
    try:
        with TestClient(app, base_url="https://testserver") as client:
            log_in(client, "analyst")
            params = {"notice_date": "2026-11-02", "failure_from_monitoring": "true"}
            plans = client.get("/api/exit-plans", params=params).json()["plans"]
            given = {p["vendor"]: p["failure_right_given"] for p in plans}
            assert given["andes-bogota"] is True and given["prairie-ohio"] is False
            reason = next(p["failure_right_reason"] for p in plans
                          if p["vendor"] == "andes-bogota")
            assert "chronic failure of service_level" in reason
            page = client.get("/exit/andes-bogota", params=params).text
            assert "paid by the vendor" in page and "failure right" in page
            listing = client.get("/exit", params=params).text
            assert "failure_from_monitoring=true" in listing
            assert 'name="failure_from_monitoring"' in listing
    finally:
        app.state.outsource.runner.shutdown()
