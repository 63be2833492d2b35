"""The plan and advice pages and their API: a run as a job, its charts, errors beside fields."""

from __future__ import annotations

import json
import re

from conftest import wait_job

WORKLOAD = ("interval_start,channel,calls,aht_s,period_minutes\n"
            + "".join(f"2026-05-04T{h:02d}:00:00-04:00,voice,{40 + 5 * h},240,60\n"
                      for h in range(8, 20))).encode()


def _charts(html: str) -> dict[str, dict]:
    """The Vega-Lite specs a page embeds, by chart id."""
    return {m.group(1): json.loads(m.group(2).replace("&#34;", '"'))
            for m in re.finditer(r'<script type="application/json" id="([\w-]+)-spec">(.*?)'
                                 r'</script>', html, re.S)}


def _run(app, client, job_url: str) -> int:  # type: ignore[no-untyped-def]
    job_id = int(job_url.rsplit("/", 1)[1])
    wait_job(app, job_id)
    job = client.get(f"/api/jobs/{job_id}").json()
    assert job["status"] == "succeeded", job
    assert job["result_ref"].startswith("plan:")
    return int(job["result_ref"].split(":")[1])


def test_the_stored_scenario_runs_as_a_job_and_its_result_is_charted(demo_app, demo_client):
    client = demo_client("viewer")  # a viewer may run a plan (it changes no data)
    res = client.post("/plan", data={"mode": "stored", "draws": "500", "seed": "3"},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/jobs/")
    run_id = _run(demo_app, client, res.headers["location"])
    job = client.get(res.headers["location"]).text
    assert f'href="/plan/runs/{run_id}"' in job  # the job page links to the result

    page = client.get(f"/plan/runs/{run_id}")
    assert page.status_code == 200 and "Northwind Outfitters" in page.text
    specs = _charts(page.text)
    assert set(specs) == {"staffing", "costs", "breakeven", "tornado"}
    api = client.get(f"/api/plans/{run_id}").json()
    plan, curve = api["result"]["plan"], api["result"]["staffing"]
    assert api["draws"] == 500 and api["seed"] == 3 and api["savable"] is False
    # the staffing curve is the plan's staffing: its agent-hours over a year are the plan's
    assert sum(curve["agents"]) * 52.14 == __import__("pytest").approx(
        plan["staffed_hours_per_year"], rel=1e-3)
    inhouse = next(o for o in plan["options"] if o["region"] == "in_house")
    assert curve["peak_agents"] == inhouse["agents_required"]
    # every option's P10-P90 bar and median is in the chart, in the display currency
    bars = specs["costs"]["data"]["values"]
    assert len(bars) == len(plan["options"])
    assert all(b["p10"] <= b["p50"] <= b["p90"] for b in bars)
    # the tornado's bars start where the best option's savings are at central inputs
    best = min((o for o in plan["options"] if o["region"] != "in_house"),
               key=lambda o: o["annual_cost"])
    centre = inhouse["deterministic"] - best["deterministic"]
    assert {r["from"] for r in specs["tornado"]["data"]["values"]} == {centre}
    assert "Save as the workspace" not in page.text  # nothing to save, and a viewer may not
    assert client.post(f"/plan/runs/{run_id}/save").status_code == 403


def test_breakeven_curves_cross_where_the_plan_says(demo_app, demo_client):
    client = demo_client("analyst")
    job = client.post("/api/plans", data={"draws": "200"})
    assert job.status_code == 202
    run = client.get(f"/api/plans/{_run(demo_app, client, job.headers['location'])}").json()
    rows = {b["region"]: b for b in run["result"]["plan"]["breakeven"]}
    for curve in run["result"]["breakeven_curves"]:
        b = rows[curve["region"]]
        diff = [s - d for s, d in zip(curve["shared_usd"], curve["dedicated_usd"], strict=True)]
        if b["status"] == "crossing":
            k = next(i for i, x in enumerate(diff) if x >= 0)
            lo, hi = curve["volume_multiplier"][k - 1], curve["volume_multiplier"][k]
            assert lo <= b["volume_multiplier"] <= hi
        elif b["status"] == "dedicated_cheaper_throughout":
            assert min(diff) >= 0


def test_form_errors_are_shown_beside_their_fields(demo_app, demo_client):
    client = demo_client("analyst")
    cases = [({"service_level": "1.5"}, "service_level", "less than 1"),
             ({"wage_low_usd_per_hour": "15"}, "wage_usd_per_hour", "both the low and the high"),
             ({"business_hours": "Mon-Fri 25:00-26:00 America/New_York"}, "business_hours",
              ""),
             ({"pricing_models": "outbound_hourly"}, "pricing_models", "not an inbound"),
             ({}, "workload_file", "upload a workload file")]
    for data, field, says in cases:
        files = {"workload_file": ("week.csv", WORKLOAD, "text/csv")} if data else None
        res = client.post("/plan", data={"mode": "form", **data}, files=files)
        assert res.status_code == 422, (data, res.status_code)
        found = re.search(rf'<span class="field-error" role="alert" id="err-{field}">'
                          r'([^<]*)</span>', res.text)
        assert found, (field, res.text[-3000:])
        assert says in found.group(1).replace("&#39;", "'")
        assert "Traceback" not in res.text
    res = client.post("/plan", data={"mode": "form", "keep_advice": "yes", "draws": "200"},
                      files={"workload_file": ("week.csv", WORKLOAD, "text/csv")},
                      follow_redirects=False)
    assert res.status_code == 303
    run = client.get(f"/api/plans/{_run(demo_app, client, res.headers['location'])}").json()
    assert "test_calls_recorded: 36" in run["scenario_yaml"]  # the demo's evidence came along
    bad = b"interval_start,calls,aht_s\n2026-05-04T08:00:00-04:00,12,240\nnot-a-time,3,240\n"
    res = client.post("/plan", data={"mode": "form"},
                      files={"workload_file": ("bad.csv", bad, "text/csv")})
    assert res.status_code == 422
    assert re.search(r'id="err-workload_file">bad.csv[^<]*line 3', res.text)


def test_a_form_scenario_runs_and_an_analyst_saves_it(demo_app, demo_client):
    client = demo_client("analyst")
    res = client.post("/plan", data={"mode": "form", "name": "Web test", "service_level": "0.8",
                                     "answer_within_s": "30", "regions": ["india",
                                                                          "latin_america"],
                                     "pricing_models": "dedicated_hourly", "draws": "300",
                                     "wage_low_usd_per_hour": "17",
                                     "wage_high_usd_per_hour": "24"},
                      files={"workload_file": ("week.csv", WORKLOAD, "text/csv")},
                      follow_redirects=False)
    assert res.status_code == 303, res.text[-2000:]
    run_id = _run(demo_app, client, res.headers["location"])
    run = client.get(f"/api/plans/{run_id}").json()
    assert [o["name"] for o in run["result"]["plan"]["options"]] == sorted(
        ["India dedicated_hourly", "Latin America dedicated_hourly", "In-house"],
        key=lambda n: next(o["annual_cost"] for o in run["result"]["plan"]["options"]
                           if o["name"] == n))
    assert "wage_usd_per_hour" in run["scenario_yaml"] and run["savable"]
    assert "advice:" not in run["scenario_yaml"]  # "keep the advice answers" was unticked
    page = client.get(f"/plan/runs/{run_id}").text
    assert "Save as the workspace" in page
    saved = client.post(f"/plan/runs/{run_id}/save", follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    assert client.get("/api/scenario").json()["name"] == "Web test"
    assert not client.get(f"/api/plans/{run_id}").json()["savable"]
    actions = [a["action"] for a in demo_client("admin").get("/api/audit").json()]
    assert {"plan.start", "plan.complete", "scenario.set"} <= set(actions)


def test_an_uploaded_scenario_may_name_only_uploaded_files(demo_app, demo_client):
    client = demo_client("analyst")
    yaml_text = b"name: uploaded\nworkload: {file: week.csv}\n"
    res = client.post("/api/plans", files={"scenario": ("s.yaml", yaml_text, "text/yaml")})
    assert res.status_code == 422
    assert res.json()["location"] == ["workload", "file"]
    assert "upload that file" in res.json()["message"]
    sneaky = b"name: sneaky\nworkload: {file: /etc/hostname}\n"
    res = client.post("/api/plans", files={"scenario": ("s.yaml", sneaky, "text/yaml")})
    assert res.status_code == 422 and "relative path" in res.json()["message"]
    res = client.post("/api/plans", data={"draws": "200"},
                      files=[("scenario", ("s.yaml", yaml_text, "text/yaml")),
                             ("files", ("week.csv", WORKLOAD, "text/csv"))])
    assert res.status_code == 202
    run = client.get(f"/api/plans/{_run(demo_app, client, res.headers['location'])}").json()
    assert run["scenario"] == "uploaded" and run["source"] == "s.yaml"
    page = client.post("/plan", data={"mode": "file"},
                       files={"scenario_file": ("s.yaml", b"name: [", "text/yaml")})
    assert page.status_code == 422 and 'id="err-scenario_file">s.yaml' in page.text


def test_advice_page_shows_rules_checklist_and_regions(demo_client):
    client = demo_client("viewer")
    page = client.get("/advice")
    assert page.status_code == 200
    text = page.text
    assert "Overall:" in text and "The seven steps" in text and "playbook, section" in text
    assert "missing:" in text  # the checklist says what is missing
    a = client.get("/api/advice").json()
    assert a["scenario"] == "Northwind Outfitters" and len(a["checklist"]) == 7
    assert {c["scope"] for c in a["channels"]} == {"channel:voice", "channel:chat",
                                                   "channel:email"}
    assert demo_client("acme").get("/advice").status_code == 403
