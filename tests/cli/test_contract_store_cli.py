"""`outsource contract add/list/show/render` and `outsource exit-plan` as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource.cli import app

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "contract.yaml"
SCENARIO = ROOT / "docs" / "examples" / "scenario.yaml"
runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def ws(tmp_path):
    folder = tmp_path / "ws"
    r = run("vendor", "add", "acme-manila", "--region", "asia_philippines", "--workspace",
            folder)
    assert r.exit_code == 0, r.output
    return folder


def test_add_then_add_again_then_change(ws, tmp_path):
    r = run("contract", "add", EXAMPLE, "--workspace", ws)
    assert r.exit_code == 0, r.output
    assert "stored version 1 of the contract with acme-manila, effective from 2026-07-01" \
        in r.stdout
    r = run("contract", "add", EXAMPLE, "--workspace", ws, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["stored"] is False and data["version"] == 1 and "unchanged" in data["message"]
    f = tmp_path / "v2.yaml"
    f.write_text(EXAMPLE.read_text().replace("at_risk_pct: 12", "at_risk_pct: 10")
                 .replace("metric: repeat_rate", "metric: aht_s")
                 .replace("window_days: 7, target: 0.20", "target: 300"))
    r = run("contract", "add", f, "--effective-from", "2026-10-01", "--workspace", ws)
    assert r.exit_code == 0, r.output
    assert "stored version 2" in r.stdout and "effective from 2026-10-01" in r.stdout
    assert "changed: at_risk_pct, metrics[2].metric" in r.stdout
    assert "warning: metrics[2].target:" in r.stdout  # the aht_s warning is printed


def test_add_refuses_bad_files_and_unknown_vendors(ws, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("at_risk_pct: 12", "at_risk_pct: 120"))
    r = run("contract", "add", bad, "--workspace", ws)
    assert r.exit_code == 2 and "bad.yaml at_risk_pct" in r.output
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text().replace("vendor: acme-manila", "vendor: zeta"))
    r = run("contract", "add", other, "--workspace", ws)
    assert r.exit_code == 2 and "other.yaml vendor: unknown vendor 'zeta'" in r.output
    r = run("contract", "add", EXAMPLE, "--effective-from", "2026-06-01", "--workspace", ws)
    assert r.exit_code == 2 and "--effective-from" in r.output
    r = run("contract", "add", EXAMPLE, "--effective-from", "soon", "--workspace", ws)
    assert r.exit_code == 2 and "--effective-from" in r.output
    r = run("contract", "list", "--workspace", ws)
    assert r.exit_code == 0 and "no contracts stored yet" in r.stdout


def test_show_list_and_render(ws, tmp_path):
    assert run("contract", "add", EXAMPLE, "--workspace", ws).exit_code == 0
    r = run("contract", "show", "acme-manila", "--as-of", "2026-12-01", "--workspace", ws)
    assert r.exit_code == 0, r.output
    assert "contract version 1 of 1" in r.stdout
    assert "On 2026-12-01: term 1, 2026-07-01 to 2028-06-30; notice to end it by 2028-04-02; " \
        "without notice it renews to 2030-06-30." in r.stdout
    assert "service_level" in r.stdout and "Versions" in r.stdout
    r = run("contract", "show", "acme-manila", "--json", "--workspace", ws)
    data = json.loads(r.stdout)
    assert data["contract"]["at_risk_pct"] == 12 and data["term_status"]["term_end"] == \
        "2028-06-30"
    assert [v["version"] for v in data["versions"]] == [1] and data["yaml"] == \
        EXAMPLE.read_text()
    r = run("contract", "show", "acme-manila", "--version", "4", "--workspace", ws)
    assert r.exit_code == 3 and "--version" in r.output
    r = run("contract", "show", "nobody", "--workspace", ws)
    assert r.exit_code == 3 and "no vendor 'nobody'" in r.output
    r = run("contract", "list", "--json", "--workspace", ws)
    assert json.loads(r.stdout)["versions"] == {"acme-manila": 1}
    assert "acme-manila" in run("contract", "list", "--workspace", ws).stdout
    r = run("contract", "render", "acme-manila", "--workspace", ws)
    assert r.exit_code == 0 and r.stdout.startswith("# SLA schedule and contract terms")
    assert "Version 1 of 1 of the stored contract, effective from 2026-07-01" in r.stdout
    out = tmp_path / "schedule.html"
    r = run("contract", "render", "acme-manila", "--out", out, "--workspace", ws)
    assert r.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")
    r = run("contract", "render", "acme-manila", "--out", tmp_path / "x.pdf", "--workspace", ws)
    assert r.exit_code == 2 and "--out" in r.output


def test_exit_plan(ws):
    assert run("scenario", "set", SCENARIO, "--workspace", ws).exit_code == 0
    assert run("contract", "add", EXAMPLE, "--workspace", ws).exit_code == 0
    r = run("exit-plan", "--vendor", "acme-manila", "--notice-date", "2027-01-01", "--json",
            "--workspace", ws)
    assert r.exit_code == 0, r.output
    p = json.loads(r.stdout)
    for key in ("agents", "fte", "ramp_weeks", "notice_weeks", "exit_assistance_weeks",
                "transition_cost_usd", "termination_fee_usd", "ramp_outlasts_notice"):
        assert key in p
    # docs/contracts.md: notice on 2027-01-01 takes effect 2027-04-01, 15 months remain,
    # 10 % of 15 x $100,000 = $150,000; notice 90 days = 12.9 weeks
    assert p["termination_fee_usd"] == pytest.approx(150_000)
    assert p["notice_weeks"] == pytest.approx(90 / 7)
    assert p["workload"]["scenario"].startswith("Anonymous Bank") and p["fte"] > p["agents"]
    r = run("exit-plan", "--json", "--failure-right", "--parallel-run-weeks", "30",
            "--workspace", ws)
    data = json.loads(r.stdout)
    assert [x["vendor"] for x in data["plans"]] == ["acme-manila"]
    q = data["plans"][0]
    assert q["termination_fee_usd"] == 0 and q["ramp_outlasts_notice"] is True
    r = run("exit-plan", "--failure-right", "--parallel-run-weeks", "30", "--workspace", ws)
    assert r.exit_code == 0 and "RED FLAG" in r.stdout and "stored scenario" in r.stdout
    assert "paid by the vendor" in r.stdout
    r = run("exit-plan", "--hires-per-week", "0", "--workspace", ws)
    assert r.exit_code == 2 and "--hires-per-week" in r.output
    r = run("exit-plan", "--notice-date", "tomorrow", "--workspace", ws)
    assert r.exit_code == 2 and "--notice-date" in r.output


def test_exit_plan_help_states_the_defaults():
    from outsource.core.exit_plan import EXIT_DEFAULTS

    text = " ".join(run("exit-plan", "--help").stdout.split())
    for key, (value, _src) in EXIT_DEFAULTS.items():
        flag = "--" + key.replace("_", "-")
        assert re.search(re.escape(flag) + r".*?\(default " + f"{value:g}", text), flag


def test_every_option_is_documented():
    import typer.main

    docs = (ROOT / "docs" / "contracts.md").read_text()
    root = typer.main.get_command(app)
    group = root.commands["contract"]
    commands = [*group.commands.values(), root.commands["exit-plan"]]
    missing = [(c.name, flag) for c in commands for p in c.params for flag in p.opts
               if flag.startswith("--") and f"`{flag}`" not in docs]
    assert missing == []
