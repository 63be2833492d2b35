"""The monitoring page and its API: KPI trends charted, warnings, capacity, a vendor user
limited to its own vendor, disputes filed and decided through the forms (CSRF), the cache."""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import log_in


@pytest.fixture(scope="module")
def reader(monitoring_template: Path, tmp_path_factory) -> Iterator:  # type: ignore[no-untyped-def]
    """Clients of one app on a copy of the monitoring workspace (read-only tests share it)."""
    from fastapi.testclient import TestClient

    from outsource.data.db import close_all
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    path = tmp_path_factory.mktemp("mon-read") / "ws"
    shutil.copytree(monitoring_template, path)
    app = create_app(get_settings(workspace=path))
    opened = {}

    def client(name: str):  # type: ignore[no-untyped-def]
        if name not in opened:
            c = TestClient(app, base_url="https://testserver")
            c.__enter__()
            c.headers["X-CSRF-Token"] = log_in(c, name)
            opened[name] = c
        return opened[name]

    client.path = path  # type: ignore[attr-defined]
    yield client
    for c in opened.values():
        c.__exit__(None, None, None)
    app.state.outsource.runner.shutdown()
    close_all()


def _specs(html: str) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="([^"]+)-spec">(.*?)</script>', html, re.S)}


def test_overview_lists_vendors_and_a_vendor_user_goes_to_its_own(reader):
    page = reader("analyst").get("/monitoring")
    assert page.status_code == 200
    for v in ("acme-manila", "andes-bogota", "prairie-ohio"):
        assert f'href="/monitoring/{v}"' in page.text
    res = reader("andes").get("/monitoring", follow_redirects=False)
    assert (res.status_code, res.headers["location"]) == (303, "/monitoring/andes-bogota")
    api = reader("andes").get("/api/monitoring").json()
    assert [v["vendor"] for v in api["vendors"]] == ["andes-bogota"]


def test_vendor_page_charts_the_kpis_per_month(reader):
    page = reader("viewer").get("/monitoring/andes-bogota")
    assert page.status_code == 200
    specs = _specs(page.text)
    sl = specs["kpi-sl_offered"]
    values = [r["value"] for r in sl["data"]["values"]]
    months = [r["month"] for r in sl["data"]["values"]]
    assert months[0] == "2026-05-01" and len(values) == 6
    assert values[5] < values[0] - 0.1  # andes-bogota drifts out of its service level
    assert 'id="warnings"' in page.text and "Capacity" in page.text


def test_breaches_marked_against_the_contracts_targets(reader):
    page = reader("analyst").get("/monitoring/andes-bogota")
    sl = _specs(page.text)["target-service_level"]
    points = {r["month"][:7]: r["status"] for r in sl["data"]["values"]}
    assert points == {"2026-05": "met", "2026-06": "met", "2026-07": "met",
                      "2026-08": "missed", "2026-09": "missed", "2026-10": "missed"}
    rule = [ly for ly in sl["layer"] if ly["mark"]["type"] == "rule"][0]
    assert rule["data"]["values"] == [{"target": 0.8}]
    colours = dict(zip(*sl["layer"][1]["encoding"]["color"]["scale"].values(), strict=True))
    assert colours["missed"] == "#b91c1c"
    assert 'data-metric="service_level" data-missed="3"' in page.text
    assert "Missed in 2026-08, 2026-09, 2026-10." in page.text


def test_the_months_sla_results_and_credits(reader):
    body = reader("analyst").get("/api/monitoring/andes-bogota").json()
    assert body["period"] == "2026-10" and body["timezone"] == "America/New_York"
    assert body["months"] == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    s = body["sla"]
    assert s["chronic_failure"] and s["termination_right"] and s["credits_usd"] > 0
    assert s["net_usd"] == pytest.approx(s["credits_usd"] - s["earned_back_usd"])
    rows = {r["metric"]: r for r in body["sla_rows"]}
    assert rows["service_level"]["status"] == "missed" and rows["service_level"]["chronic"]
    page = reader("analyst").get("/monitoring/andes-bogota")
    assert 'tr data-metric="service_level" data-status="missed" class="missed"' in page.text
    early = reader("analyst").get("/api/monitoring/andes-bogota?period=2026-06").json()
    assert early["period"] == "2026-06" and early["sla"]["credits_usd"] == 0
    assert not early["sla"]["chronic_failure"] and len(early["targets"]) == 4
    assert early["targets"][0]["months"][-1] == "2026-10"  # the chart keeps every month


def test_the_invoice_check_highlights_the_overbilled_line(reader):
    body = reader("analyst").get("/api/monitoring/acme-manila").json()
    (inv,) = body["invoices"]
    over = [ln for ln in inv["lines"] if ln["overbilled"]]
    assert inv["period"] == "2026-10" and len(over) == 1 and over[0]["channel"] == "chat"
    page = reader("acme").get("/monitoring/acme-manila").text
    assert f'tr data-line="{over[0]["id"]}" data-status="overbilled" class="overbilled"' in page
    assert "OVERBILLED" in page and f'name="invoice_line_id" value="{over[0]["id"]}"' in page
    assert reader("analyst").get("/api/monitoring/andes-bogota").json()["invoices"] == []


def test_api_is_typed_and_scoped(reader):
    body = reader("analyst").get("/api/monitoring/andes-bogota").json()
    assert body["vendor"] == "andes-bogota" and body["months"][:2] == ["2026-05", "2026-06"]
    assert {t["metric"] for t in body["kpis"]} >= {"sl_offered", "abandon_rate", "aht_s"}
    assert body["contract_metrics"][:2] == ["service_level", "abandon_rate"]
    assert body["capacity"] is None and "commitments" in body["capacity_note"]
    acme = reader("acme")
    assert acme.get("/api/monitoring/andes-bogota").status_code == 403
    assert acme.get("/monitoring/andes-bogota").status_code == 403
    assert acme.get("/api/monitoring/acme-manila").status_code == 200
    assert reader("analyst").get("/api/monitoring/nobody").status_code == 404
    res = reader("analyst").get("/api/monitoring/andes-bogota?period=2025-01")
    assert res.status_code == 404 and res.json()["location"] == ["period"]
    assert reader("analyst").get("/api/monitoring/andes-bogota?period=2026-13").status_code == 422


def test_acme_manila_warnings_show_their_numbers(reader):
    body = reader("analyst").get("/api/monitoring/acme-manila").json()
    kinds = {w["kind"] for w in body["warnings"]}
    assert kinds & {"handle_time_gaming", "handle_time_gaming_trend", "near_zero_handle",
                    "threshold_bunching"}, kinds
    assert all(w["evidence"] and w["message"] for w in body["warnings"])


def test_capacity_when_commitments_are_on_file(reader):
    folder = reader.path / "capacity"
    folder.mkdir(exist_ok=True)
    rows = "".join(f"prairie-ohio,2026-06-0{d}T{h:02d}:00:00-04:00,4\n"
                   for d in range(1, 6) for h in range(9, 17))
    (folder / "commitments.csv").write_text("vendor,interval_start,hours\n" + rows)
    try:
        body = reader("analyst").get("/api/monitoring/prairie-ohio").json()
        cap = body["capacity"]
        assert cap is not None and cap["vendor"] == "prairie-ohio", body["capacity_note"]
        assert cap["committed_h"] == pytest.approx(4 * 5 * 8)
        assert cap["delivered_h"] is None and cap["required_h"] > 0
    finally:
        shutil.rmtree(folder)
    assert reader("analyst").get("/api/monitoring/prairie-ohio").json()["capacity"] is None


def test_a_dispute_filed_and_accepted_through_the_forms(monitoring_client):
    andes = monitoring_client("andes")
    token = andes.headers.pop("X-CSRF-Token")
    form = {"kind": "sla", "vendor": "andes-bogota", "period": "2026-09",
            "metric": "service_level", "comment": "the IVR outage of 14 September"}
    assert andes.post("/disputes", data=form).status_code == 403  # no CSRF token
    res = andes.post("/disputes", data={**form, "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303, res.text[:400]
    assert res.headers["location"].startswith("/monitoring/andes-bogota?period=2026-09#dispute-")
    again = andes.post("/disputes", data={**form, "csrf_token": token})
    assert again.status_code == 409 and "already has an open dispute" in again.text
    bad = andes.post("/disputes", data={**form, "metric": "csat", "csrf_token": token})
    assert bad.status_code == 422 and 'id="err-file_metric"' in bad.text
    page = andes.get("/monitoring/andes-bogota")
    assert 'data-status="open"' in page.text and "waiting for the buyer" in page.text

    analyst = monitoring_client("analyst")
    dispute = analyst.get("/api/disputes?status=open").json()["disputes"][0]
    assert analyst.post("/disputes", data={**form, "csrf_token": analyst.headers[
        "X-CSRF-Token"]}).status_code == 403  # buyers do not dispute
    analyst_token = analyst.headers.pop("X-CSRF-Token")
    url = f"/disputes/{dispute['id']}/decision"
    empty = analyst.post(url, data={"decision": "accepted", "comment": "",
                                    "csrf_token": analyst_token})
    assert empty.status_code == 422
    res = analyst.post(url, data={"decision": "accepted", "comment": "IVR logs confirm it",
                                  "csrf_token": analyst_token}, follow_redirects=False)
    assert res.status_code == 303
    assert analyst.post(url, data={"decision": "rejected", "comment": "no",
                                   "csrf_token": analyst_token}).status_code == 409
    shown = andes.get(f"/api/disputes/{dispute['id']}").json()
    assert (shown["status"], shown["decided_by"]) == ("accepted", "analyst")
    assert andes.post(url, data={"decision": "rejected", "comment": "x",
                                 "csrf_token": token}).status_code == 403
    admin = monitoring_client("admin")
    actions = [e["action"] for e in admin.get("/api/audit?entity=dispute").json()]
    assert actions == ["dispute.decide", "dispute.file"]


def test_an_invoice_line_disputed(monitoring_client):
    acme = monitoring_client("acme")
    inv = acme.get("/api/monitoring/acme-manila").json()["invoices"][0]
    line = next(ln for ln in inv["lines"] if ln["overbilled"])
    token = acme.headers.pop("X-CSRF-Token")
    res = acme.post("/disputes", data={"kind": "invoice_line", "vendor": "acme-manila",
                                       "invoice_line_id": str(line["id"]), "csrf_token": token,
                                       "comment": "chat hours include the training week"},
                    follow_redirects=False)
    assert res.status_code == 303, res.text[:300]
    d = acme.get("/api/disputes").json()["disputes"][0]
    assert (d["kind"], d["period"], d["line_ref"], d["invoice_line_id"]) == (
        "invoice_line", "2026-10", line["line"], line["id"])
    andes = monitoring_client("andes")
    refused = andes.post("/api/disputes", json={"kind": "invoice_line", "vendor": "andes-bogota",
                                                "invoice_line_id": line["id"], "comment": "x"})
    assert refused.status_code == 404  # not a line of andes-bogota's invoices


def test_dispute_api(monitoring_client):
    acme = monitoring_client("acme")
    doc = {"kind": "sla", "vendor": "acme-manila", "period": "2026-08",
           "metric": "repeat_rate", "comment": "repeats of a recall campaign"}
    res = acme.post("/api/disputes", json=doc)
    assert res.status_code == 201 and res.json()["status"] == "open"
    assert acme.post("/api/disputes", json={**doc, "vendor": "andes-bogota"}).status_code == 403
    viewer = monitoring_client("viewer")
    did = res.json()["id"]
    assert viewer.get(f"/api/disputes/{did}").json()["vendor"] == "acme-manila"
    assert viewer.post(f"/api/disputes/{did}/decision",
                       json={"decision": "accepted", "comment": "ok"}).status_code == 403
    assert monitoring_client("andes").get(f"/api/disputes/{did}").status_code == 404
    admin = monitoring_client("admin")
    res = admin.post(f"/api/disputes/{did}/decision",
                     json={"decision": "rejected", "comment": "a normal month"})
    assert res.status_code == 200 and res.json()["status"] == "rejected"
    assert admin.get("/api/monitoring").json()["vendors"][0]["open_disputes"] == 0


def test_the_cache_computes_once_and_follows_new_imports(monitoring_client):
    from outsource.services import monitoring_page

    client = monitoring_client("analyst")
    calls = []
    real = monitoring_page._monthly

    def counting(ws, tz):  # type: ignore[no-untyped-def]
        calls.append(tz)
        return real(ws, tz)

    monitoring_page._monthly = counting
    try:
        results: list[int] = []
        threads = [threading.Thread(target=lambda: results.append(
            client.get("/api/monitoring/prairie-ohio").status_code)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * 4 and len(calls) == 1
        log = (b"id,arrived_at,outcome,handle_s,wait_s,vendor\n"
               b"n1,2026-11-03T14:00:00Z,answered,240,12,prairie-ohio\n")
        res = client.post("/api/imports", files={"file": ("nov.csv", log, "text/csv")})
        assert res.status_code == 202
        monitoring_client.app.state.outsource.runner.wait(int(res.json()["id"]), 60)
        months = client.get("/api/monitoring/prairie-ohio").json()["months"]
        assert months[-1] == "2026-11" and len(calls) == 2
    finally:
        monitoring_page._monthly = real


def test_the_page_needs_a_login(reader):
    from fastapi.testclient import TestClient

    app = reader("analyst").app
    with TestClient(app, base_url="https://testserver") as anon:
        assert anon.get("/api/monitoring/andes-bogota").status_code == 401
        res = anon.get("/monitoring/andes-bogota", follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login")
