"""`outsource contract check` as a user runs it: summary, warnings, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from outsource.cli import app

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "contract.yaml"
runner = CliRunner()


def test_check_a_valid_contract():
    r = runner.invoke(app, ["contract", "check", str(EXAMPLE)])
    assert r.exit_code == 0, r.output
    assert "a valid contract with acme-manila" in r.stdout and "no warnings" in r.stdout


def test_check_json():
    r = runner.invoke(app, ["contract", "check", str(EXAMPLE), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["contract"]["vendor"] == "acme-manila" and data["end"] == "2028-06-30"
    assert data["allocation_total_pct"] == 100 and data["warnings"] == []


def test_check_prints_warnings(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text(EXAMPLE.read_text().replace("metric: repeat_rate", "metric: aht_s")
                 .replace("window_days: 7, target: 0.20", "target: 300"))
    r = runner.invoke(app, ["contract", "check", str(f)])
    assert r.exit_code == 0, r.output
    assert "warning: metrics[2].target:" in r.stdout and "warning: metrics:" in r.stdout


def test_bad_file_exit_2_and_missing_file_exit_3(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(EXAMPLE.read_text().replace("at_risk_pct: 12", "at_risk_pct: 120"))
    r = runner.invoke(app, ["contract", "check", str(f)])
    assert r.exit_code == 2 and "at_risk_pct" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["contract", "check", str(tmp_path / "none.yaml")])
    assert r.exit_code == 3 and "not found" in r.output
