"""Simulating workload files: staffing plans, channels, gaps, theory, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from outsource.cli.app import error_text
from outsource.core.staffing import Workload, evaluate
from outsource.data.staffing_plan import read_staffing_plan
from outsource.data.workload import read_workload
from outsource.errors import InvalidInput, NotFound
from outsource.services.simulate import simulate_options, simulate_workload

T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


def _workload(path: Path, rows: int, calls: float = 300.0, aht: float = 240.0,
              patience: str = "180", channel: str = "voice", start: int = 0,
              gap_after: int | None = None) -> list[datetime]:
    starts = []
    lines = ["interval_start,channel,calls,aht_s,patience_s,period_minutes"]
    t = T0 + timedelta(minutes=30 * start)
    for i in range(rows):
        starts.append(t)
        lines.append(f"{t.isoformat()},{channel},{calls},{aht},{patience},30")
        t += timedelta(minutes=90 if i == gap_after else 30)
    with path.open("a") as fh:
        fh.write("\n".join(lines if path.stat().st_size == 0 else lines[1:]) + "\n")
    return starts


def _sim(path: Path, options: dict):
    return simulate_workload(read_workload(path), simulate_options(**options))


@pytest.fixture
def wl(tmp_path: Path) -> Path:
    path = tmp_path / "wl.csv"
    path.touch()
    return path


def test_constant_agents_agree_with_staffing_engine(wl: Path):
    _workload(wl, 16)
    rep = _sim(wl, dict(agents="42", replications=12, seed=5))
    exact = evaluate(Workload.build([300.0], 1800.0, [240.0], [180.0]), [42], 20.0)
    assert rep.replications == 12 and rep.seed == 5 and len(rep.intervals) == 16
    assert rep.overall["offered"] == pytest.approx(16 * 300, rel=0.02)
    for key in ("service_level", "abandon_rate", "p_wait", "asa_s", "occupancy"):
        value = float(np.ravel(getattr(exact, key))[0])
        # Intervals start empty: allow the warm-up bias of the first one on top of the CI.
        assert abs(rep.overall[key] - value) <= 2 * rep.ci95[key] + 0.01 * value, key


def test_agents_from_csv_plan_and_staff_json(wl: Path, tmp_path: Path):
    starts = _workload(wl, 4)
    csv_plan = tmp_path / "plan.csv"
    csv_plan.write_text("interval_start,agents\n" + "".join(
        f"{s.isoformat()},{n}\n" for s, n in zip(starts, [40, 45, 0, 50], strict=True)))
    json_plan = tmp_path / "plan.json"
    json_plan.write_text(json.dumps({"intervals": [
        {"interval_start": s.isoformat(), "channel": "voice", "agents": float(n)}
        for s, n in zip(starts, [40, 45, 0, 50], strict=True)], "totals": {}}))
    a = _sim(wl, dict(agents=str(csv_plan), replications=2, seed=1))
    b = _sim(wl, dict(agents=str(json_plan), replications=2, seed=1))
    assert [r["agents"] for r in a.intervals] == [40, 45, 0, 50]
    assert a.overall == b.overall
    assert a.intervals[2]["answered"] < a.intervals[1]["answered"] / 10


def test_channel_choice_gaps_and_seed_reproducibility(wl: Path):
    _workload(wl, 3, channel="voice", gap_after=0)
    _workload(wl, 3, channel="chat", calls=50.0)
    one = _sim(wl, dict(agents="40", replications=3, seed=9))
    assert one.channel == "voice" and len(one.intervals) == 3
    assert one.intervals[1]["interval_start"] == (T0 + timedelta(minutes=90)).isoformat()
    again = _sim(wl, dict(agents="40", replications=3, seed=9))
    assert one.overall == again.overall
    chat = _sim(wl, dict(agents="5", replications=2, seed=1,
                                                 channel="chat"))
    assert chat.channel == "chat" and chat.overall["offered"] < one.overall["offered"]


def test_distributions_capacity_and_risk(wl: Path, tmp_path: Path):
    _workload(wl, 4, patience="")
    samples = tmp_path / "handle.csv"
    samples.write_text("handle_s\n200\n240\n280\n")
    rep = _sim(wl, dict(
        agents="40", handle=f"empirical:file={samples}", queue_capacity=3, replications=5,
        seed=2, service_level=0.8))
    assert rep.overall["abandoned"] == 0 and rep.overall["blocked"] > 0
    assert rep.risk is not None and 0 <= rep.risk["p_miss"] <= 1
    assert set(rep.risk["quantiles"]) == {"p05", "p25", "p50", "p75", "p95"}
    det = _sim(wl, dict(agents="60", handle="deterministic",
                                                patience="lognormal:mean=60,cv=1",
                                                replications=2, seed=2))
    assert det.overall["abandoned"] >= 0 and det.overall["occupancy"] < 0.9


@pytest.mark.parametrize(("options", "message"), [
    (dict(agents="-3"), "--agents: must be a whole number >= 0"),
    (dict(agents="10", handle="weibull:mean=3"), "--handle: unknown distribution 'weibull'"),
    (dict(agents="10", patience="exponential:mean=-5"), "--patience: exponential: mean must"),
    (dict(agents="10", queue_capacity=-1), "--queue-capacity: must be >= 0"),
    (dict(agents="10", replications=0), "--replications: must be >= 1"),
    (dict(agents="10", channel="email"), "--channel: no 'email' intervals"),
])
def test_bad_options(wl: Path, options: dict, message: str):
    _workload(wl, 2)
    with pytest.raises(InvalidInput) as err:
        _sim(wl, options)
    assert message in error_text(err.value, "simulate")


def test_bad_plans(wl: Path, tmp_path: Path):
    starts = _workload(wl, 2)
    with pytest.raises(NotFound, match="staffing plan not found"):
        _sim(wl, dict(agents=str(tmp_path / "none.csv")))
    short = tmp_path / "short.csv"
    short.write_text(f"interval_start,agents\n{starts[0].isoformat()},3\n")
    with pytest.raises(InvalidInput, match="no agents for interval .* 1 of 2 intervals missing"):
        _sim(wl, dict(agents=str(short)))
    bad = tmp_path / "bad.csv"
    bad.write_text(f"interval_start,agents\n{starts[0].isoformat()},2.5\n")
    with pytest.raises(InvalidInput,
                       match="bad.csv line 2, column 'agents': agents must be a whole"):
        read_staffing_plan(bad)
    broken = tmp_path / "broken.json"
    broken.write_text('{"rows": []}')
    with pytest.raises(InvalidInput, match="expected an object with an 'intervals' list"):
        read_staffing_plan(broken)
