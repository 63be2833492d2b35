"""Replaying imported calls through another staffing ("what if the vendor had staffed N?")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource.cli import app
from outsource.errors import InvalidInput
from outsource.services.ingest import import_file
from outsource.services.simulate import ReplayWindow, replay_log, simulate_options

LOG = """id,channel,arrived_at,wait_s,handle_s,outcome,agent_id
a,voice,2024-03-04T09:00:00Z,0,100,answered,ann
b,voice,2024-03-04T09:00:10Z,90,100,answered,bob
c,voice,2024-03-04T09:00:20Z,30,,abandoned,
d,voice,2024-03-04T09:00:30Z,170,100,answered,ann
e,voice,2024-03-04T10:30:00Z,0,50,answered,bob
"""
START, END = datetime(2024, 3, 4, 9, tzinfo=UTC), datetime(2024, 3, 4, 11, tzinfo=UTC)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    src = tmp_path / "log.csv"
    src.write_text(LOG)
    ws = tmp_path / "ws"
    assert import_file(src, ws, None).imported == 5
    return ws


def test_observed_measures_come_from_the_log(workspace):
    rep = replay_log(ReplayWindow(workspace, START, END, 60), simulate_options("1", seed=1,
                                                                              replications=2))
    obs = rep.observed
    assert obs["offered"] == 5 and obs["abandoned"] == 1
    assert obs["service_level"] == pytest.approx(2 / 5)  # a and e answered within 20 s
    assert obs["asa_s"] == pytest.approx((0 + 90 + 170 + 0) / 4)


def test_one_agent_reproduces_the_logged_waits_exactly(workspace):
    """FCFS with one agent: b waits 90 s, c (patience 30 s) leaves, d waits 170 s."""
    rep = replay_log(ReplayWindow(workspace, START, END, 60), simulate_options("1", seed=3,
                                                                              replications=3))
    assert rep.overall["abandoned"] == 1 and rep.overall["answered"] == 4
    assert rep.overall["asa_s"] == pytest.approx((0 + 90 + 170 + 0) / 4)
    assert rep.ci95["asa_s"] == pytest.approx(0.0)


def test_more_agents_answer_everyone_at_once(workspace):
    rep = replay_log(ReplayWindow(workspace, START, END, 60), simulate_options("4", seed=1,
                                                                              replications=2))
    assert rep.overall["abandoned"] == 0 and rep.overall["asa_s"] == 0.0
    assert [r["agents"] for r in rep.intervals] == [4, 4]


def test_empty_window_is_a_clear_error(workspace):
    late = datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="no answered or abandoned calls"):
        replay_log(ReplayWindow(workspace, late, late.replace(hour=5)), simulate_options("2"))


def test_cli_replay_json(workspace):
    result = CliRunner().invoke(app, [
        "simulate", "--replay", str(workspace), "--from", "2024-03-04T09:00:00",
        "--to", "2024-03-04T11:00:00", "--period-minutes", "60", "--agents", "1",
        "--replications", "2", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert '"observed"' in result.stdout
    bad = CliRunner().invoke(app, ["simulate", "--replay", str(workspace), "--agents", "1"])
    assert bad.exit_code == 2 and "--from" in bad.output


def test_logged_agents_are_those_seen_answering(workspace):
    rep = replay_log(ReplayWindow(workspace, START, END, 60),
                     simulate_options("logged", seed=1, replications=2))
    assert [r["agents"] for r in rep.intervals] == [2, 1]
    # Two agents from 9:00: a and b served at once, c (patience 30 s) would wait until
    # a frees an agent at 100 s and leaves, d (arrived at 30 s) is served at 100 s.
    assert rep.overall["abandoned"] == 1
    assert rep.overall["asa_s"] == pytest.approx((0 + 0 + 70 + 0) / 4)
