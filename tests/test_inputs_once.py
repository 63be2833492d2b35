"""Inputs are loaded once: every file a command names is read exactly once.

Every reader goes through :func:`outsource.data.sources.load` (a path or an
upload's bytes); the bundled rate card through
:func:`outsource.data.ratecard.default_card`. Both are counted while each
command runs as a user runs it.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from outsource.cli import app
from outsource.data import ratecard, sources

EXAMPLES = Path(__file__).parents[1] / "src" / "outsource" / "examples"
runner = CliRunner()


@pytest.fixture
def reads(monkeypatch):
    files: Counter[str] = Counter()
    default: list[int] = []
    load, card = sources.load, ratecard.default_card

    def counted_load(src, name=None, *, what="file"):
        f = load(src, name, what=what)
        files[str(f.path.resolve()) if f.path else f.name] += 1
        return f

    def counted_card():
        default.append(1)
        return card()

    monkeypatch.setattr(sources, "load", counted_load)
    monkeypatch.setattr(ratecard, "default_card", counted_card)
    return files, default


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """The bundled bank scenario with its workload beside it and one user rate card."""
    shutil.copy(EXAMPLES / "workload_bank_week.csv", tmp_path / "week.csv")
    (tmp_path / "mine.toml").write_text(
        '[[rate]]\nregion = "india"\nkind = "hourly"\nlow = 6.5\nhigh = 7.5\n'
        'source = "our RFP"\ndate = "2026-10-01"\n', encoding="utf-8")
    doc = yaml.safe_load((EXAMPLES / "scenario_bank.yaml").read_text(encoding="utf-8"))
    doc["workload"]["file"] = "week.csv"
    doc["rate_cards"] = ["mine.toml"]
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def _run(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result


def _once(files: Counter, *paths: Path) -> None:
    for p in paths:
        assert files[str(p.resolve())] == 1, (p, files)
    assert set(files.values()) == {1}, files


@pytest.mark.parametrize("command", ["plan", "advise"])
def test_scenario_workload_and_cards_read_once(reads, scenario: Path, command: str):
    files, default = reads
    _run([command, str(scenario), "--draws", "200", "--json"])
    _once(files, scenario, scenario.parent / "week.csv", scenario.parent / "mine.toml")
    assert len(default) == 1


def test_staff_reads_the_workload_once(reads, tmp_path: Path):
    files, _ = reads
    _run(["staff", "--workload", str(EXAMPLES / "workload_week.csv"), "--json",
          "--out", str(tmp_path / "plan.parquet")])
    _once(files, EXAMPLES / "workload_week.csv")


def test_simulate_reads_workload_plan_and_samples_once(reads, tmp_path: Path):
    files, _ = reads
    workload = EXAMPLES / "workload_week.csv"
    staff = runner.invoke(app, ["staff", "--workload", str(workload), "--json"])
    plan = tmp_path / "plan.json"
    plan.write_text(staff.stdout, encoding="utf-8")
    samples = tmp_path / "handle.csv"
    samples.write_text("handle_s\n200\n240\n280\n", encoding="utf-8")
    files.clear()
    out = _run(["simulate", "--workload", str(workload), "--agents", str(plan), "--handle",
                f"empirical:file={samples}", "--replications", "1", "--seed", "1",
                "--channel", "voice", "--json"])
    assert json.loads(out.stdout)["replications"] == 1
    _once(files, workload, plan, samples)


def test_readers_take_bytes_as_uploads():
    from outsource.data.scenario import load_scenario_inputs
    from outsource.data.workload import read_workload

    data = (EXAMPLES / "workload_week.csv").read_bytes()
    table = read_workload(data, "week.csv")
    assert len(table) == len(read_workload(EXAMPLES / "workload_week.csv"))
    scenario = (EXAMPLES / "scenario_bank.yaml").read_bytes()
    inputs = load_scenario_inputs(scenario, "bank.yaml", files={
        "workload_bank_week.csv": (EXAMPLES / "workload_bank_week.csv").read_bytes()})
    assert inputs.workload.calls.size == 168 and inputs.source == "bank.yaml"
