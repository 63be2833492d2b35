"""`outsource advise` as a user runs it: text, JSON contract, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from outsource.cli import app

EXAMPLE = Path(__file__).parents[2] / "src" / "outsource" / "examples" / "scenario_bank.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def bank_json() -> dict:
    result = runner.invoke(app, ["advise", str(EXAMPLE), "--json", "--draws", "300"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_contract(bank_json):
    for key in ("overall", "channels", "segments", "regions", "missing", "facts",
                "thresholds", "checklist", "inhouse", "costs"):
        assert key in bank_json
    assert bank_json["overall"]["verdict"] in ("keep in-house", "hybrid", "outsource")
    fired = [f for c in bank_json["segments"] for f in c["fired"]]
    assert all(f["citation"].startswith("playbook, section") or f["effect"] == "note"
               for f in fired)
    assert len(bank_json["checklist"]) == 7
    assert {"value", "source"} <= set(bank_json["facts"]["after_hours_share"])


def test_text_output_shows_advice_beside_costs():
    result = runner.invoke(app, ["advise", str(EXAMPLE), "--draws", "300"])
    assert result.exit_code == 0, result.output
    for text in ("HYBRID", "Regions", "In-house", "The seven steps", "playbook, section"):
        assert text in result.stdout


def test_contradiction_exits_2(tmp_path):
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc["workload"]["file"] = str(EXAMPLE.parent / doc["workload"]["file"])
    doc["advice"]["answers"].update(face_to_face="frequent", want="everything")
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = runner.invoke(app, ["advise", str(path)])
    assert result.exit_code == 2
    assert "advice.answers.want: contradiction" in result.stderr


def test_missing_file_exits_3(tmp_path):
    result = runner.invoke(app, ["advise", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 3
