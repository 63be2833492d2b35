"""`outsource staff` as a user runs it: tables, JSON contract, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource.cli import app

EXAMPLE = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "workload_week.csv"
runner = CliRunner()


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, ["staff", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_single_interval_json_contract():
    out = _json(["--calls", "250", "--period-minutes", "30", "--aht-s", "240", "--sl", "0.8",
                 "--answer-within-s", "20", "--shrinkage", "0.3"])
    for key in ("agents", "scheduled_agents", "traffic_erlangs", "p_wait", "abandon_rate",
                "service_level", "service_level_answered", "asa_s", "mean_queue", "occupancy"):
        assert key in out
    assert out["agents"] == 39 and out["abandon_rate"] == 0
    assert out["scheduled_agents"] == pytest.approx(39 / 0.7)


def test_evaluate_given_agents_with_patience():
    out = _json(["--calls", "250", "--aht-s", "240", "--agents", "30", "--patience-s", "180",
                 "--queue-capacity", "20"])
    assert out["agents"] == 30 and out["abandon_rate"] > 0 and out["p_block"] > 0


def test_readable_table():
    result = runner.invoke(app, ["staff", "--calls", "250", "--aht-s", "240"])
    assert result.exit_code == 0 and "Agents on the phones" in result.stdout


def test_workload_file_json():
    out = _json(["--workload", str(EXAMPLE), "--patience-s", "180",
                 "--hours", "Mon-Sat 07:00-22:00 America/New_York", "--shrinkage", "0.3"])
    assert {"agent_hours", "scheduled_hours", "fte"} <= set(out["totals"])
    first = out["intervals"][0]
    assert {"interval_start", "agents", "scheduled_agents", "service_level"} <= set(first)
    assert out["totals"]["calls_outside_hours"] > 0
    assert out["channels"]["email"]["share_within_target"] >= 0.95


@pytest.mark.parametrize("args, field", [
    (["--calls", "10", "--aht-s", "0"], "--aht-s"),
    (["--calls", "10", "--aht-s", "100", "--sl", "1.2"], "--service-level"),
    (["--calls", "2500000", "--aht-s", "300"], "50,000 agents"),
    (["--workload", "missing.csv"], "not found"),
    (["--calls", "10"], "--aht-s"),
])
def test_bad_input_is_one_line_exit_2_or_3(args, field):
    result = runner.invoke(app, ["staff", *args])
    assert result.exit_code in (2, 3)
    assert field in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
