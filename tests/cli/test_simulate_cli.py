"""`outsource simulate` as a user runs it: JSON contract, table, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource.cli import app

EXAMPLE = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "workload_week.csv"
runner = CliRunner()
OVERALL = ("offered", "answered", "abandoned", "blocked", "p_wait", "abandon_rate",
           "service_level", "service_level_answered", "asa_s", "mean_wait_abandoned_s",
           "occupancy")


def _run(args: list[str]):
    return runner.invoke(app, ["simulate", "--workload", str(EXAMPLE), *args])


def test_json_contract():
    res = _run(["--agents", "40", "--handle", "lognormal:mean=240,cv=1.2", "--patience",
                "exponential:mean=180", "--queue-capacity", "200", "--answer-within-s", "20",
                "--replications", "3", "--seed", "1", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["replications"] == 3 and out["seed"] == 1 and out["channel"] == "voice"
    assert set(OVERALL) <= set(out["overall"])
    rates = set(OVERALL) - {"offered", "answered", "abandoned", "blocked"}
    assert rates <= set(out["ci95"])
    assert len(out["intervals"]) == 336
    first = out["intervals"][0]
    assert {"interval_start", "agents", "offered", "service_level", "occupancy",
            "mean_queue", "max_queue"} <= set(first)
    o = out["overall"]
    assert o["answered"] + o["abandoned"] + o["blocked"] == pytest.approx(o["offered"])


def test_staff_json_as_plan_and_risk(tmp_path: Path):
    staff = runner.invoke(app, ["staff", "--workload", str(EXAMPLE), "--json"])
    assert staff.exit_code == 0, staff.output
    plan = tmp_path / "plan.json"
    plan.write_text(staff.stdout)
    res = _run(["--agents", str(plan), "--replications", "4", "--seed", "2", "--sl-target",
                "0.8", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["overall"]["service_level"] > 0.7 and 0 <= out["risk"]["p_miss"] <= 1


def test_readable_table():
    res = _run(["--agents", "30", "--replications", "2", "--seed", "1"])
    assert res.exit_code == 0, res.output
    assert "Service level (offered)" in res.stdout and "By day" in res.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--agents", "10", "--handle", "weibull:mean=3"], "--handle: unknown distribution"),
    (["--agents", "10", "--handle", "lognormal:mean=240,cv"], "--handle: malformed 'cv'"),
    (["--agents", "10", "--patience", "exponential:mean=-1"], "--patience"),
    (["--agents", "many"], "staffing plan not found: many"),
])
def test_bad_input_is_one_line(args: list[str], message: str):
    res = _run(args)
    assert res.exit_code in (2, 3)
    assert message in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_console_script_negative_rate(tmp_path: Path):
    wl = tmp_path / "neg.csv"
    wl.write_text("interval_start,calls,aht_s,period_minutes\n2024-01-01T00:00:00,-5,240,30\n")
    exe = Path(sys.executable).parent / "outsource"
    res = subprocess.run([str(exe), "simulate", "--workload", str(wl), "--agents", "3"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "column 'calls': must be a finite number >= 0" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
