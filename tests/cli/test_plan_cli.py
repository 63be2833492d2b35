"""`outsource plan` as a user runs it: table, JSON contract, currency, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from outsource.cli import app, main

EXAMPLE = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"
runner = CliRunner()
KEYS = ("name", "region", "pricing_model", "annual_cost_usd", "p10_usd", "p90_usd",
        "cost_per_contact_usd", "savings_vs_inhouse_usd", "p_cheaper_than_inhouse",
        "agents_required", "fte")


@pytest.fixture(scope="module")
def bank_json() -> dict:
    result = runner.invoke(app, ["plan", str(EXAMPLE), "--json", "--draws", "2000"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_contract(bank_json):
    assert bank_json["currency"] == "USD" and bank_json["draws"] == 2000
    names = [o["name"] for o in bank_json["options"]]
    assert "In-house" in names and len(names) >= 30
    for o in bank_json["options"]:
        for key in KEYS:
            assert key in o, key
        assert o["p10_usd"] <= o["annual_cost_usd"] <= o["p90_usd"]
    costs = [o["annual_cost_usd"] for o in bank_json["options"]]
    assert costs == sorted(costs)
    assert bank_json["breakeven"] and bank_json["sensitivity"]


def test_commission_flag_in_json(bank_json):
    flagged = [o for o in bank_json["options"] if o["pricing_model"] == "commission_only"]
    assert flagged and set(flagged[0]["commission"]) >= {"premium", "workable", "p_workable"}


def test_table_output():
    result = runner.invoke(app, ["plan", str(EXAMPLE), "--draws", "500"],
                           env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    assert "In-house" in result.stdout and "break-even" in result.stdout
    assert "contacts/year" in result.stdout


def test_other_currency(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text())
    data.update(currency={"code": "EUR", "per_usd": 0.9}, compare_card=False, hybrids=[])
    data["workload"]["file"] = str(EXAMPLE.parent / "workload_bank_week.csv")
    path = tmp_path / "eur.yaml"
    path.write_text(yaml.safe_dump(data))
    out = json.loads(runner.invoke(app, ["plan", str(path), "--json", "--draws", "300"]).stdout)
    assert out["currency"] == "EUR"
    for o in out["options"]:
        assert o["annual_cost"] == pytest.approx(0.9 * o["annual_cost_usd"])
        assert o["currency"] == "EUR"
    table = runner.invoke(app, ["plan", str(path), "--draws", "300"], env={"COLUMNS": "220"})
    assert "EUR" in table.stdout


def _exit(argv: list[str], capsys) -> tuple[int, str]:
    old = sys.argv
    sys.argv = ["outsource", *argv]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = old
    return exc.value.code, capsys.readouterr().err


def test_bad_scenario_exit_code_and_key_path(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("workload:\n  file: x.csv\noptions:\n  - name: moon base\n"
                   "    region: moon\n    pricing_model: dedicated_hourly\n")
    (tmp_path / "x.csv").write_text("interval_start,calls,aht_s,period_minutes\n"
                                    "2026-01-05T09:00:00,10,200,60\n")
    code, err = _exit(["plan", str(bad)], capsys)
    assert code == 2
    assert "options[0].region" in err and "unknown region 'moon'" in err
    code, err = _exit(["plan", str(tmp_path / "nope.yaml")], capsys)
    assert code == 3
