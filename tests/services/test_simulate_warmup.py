"""`simulate --warmup-h`: statistics start after H hours (issue 11).

The M/M/10 case of tests/core/test_warmup.py (load 0.8, AHT 180 s, Erlang C
p_wait 0.409180) as a workload file of 30-minute intervals.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from outsource.cli import app
from outsource.core.erlang import erlang_c
from outsource.data.workload import read_workload
from outsource.errors import InvalidInput
from outsource.services.simulate import SimulateOptions, simulate_workload

N, LOAD, AHT = 10, 0.8, 180.0
LAM = N * LOAD / AHT
EXACT = float(erlang_c(N * LOAD, N))


def _workload(tmp_path, hours: int):
    lines = ["interval_start,calls,aht_s,period_minutes"]
    for i in range(2 * hours):
        h, m = divmod(30 * i, 60)
        lines.append(f"2024-01-01T{h:02d}:{m:02d}:00+00:00,{LAM * 1800:g},{AHT:g},30")
    path = tmp_path / "mm10.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_simulate_warmup_h_on_a_workload(tmp_path):
    """`simulate --warmup-h`: statistics start after H hours, here 3 h of a 9 h day."""
    table = read_workload(_workload(tmp_path, 9))
    cold = simulate_workload(table, SimulateOptions(agents=N, replications=200, seed=7))
    warm = simulate_workload(table, SimulateOptions(agents=N, replications=200, seed=7,
                                                    warmup_h=3.0))
    assert warm.warmup_h == 3.0 and cold.warmup_h == 0.0
    assert len(warm.intervals) == 12 and len(cold.intervals) == 18
    assert warm.intervals[0].interval_start.startswith("2024-01-01T03:00")
    assert abs(warm.overall.p_wait - EXACT) <= warm.ci95.p_wait
    assert cold.overall.p_wait < warm.overall.p_wait
    assert warm.overall.offered == pytest.approx(6 * 3600 * LAM, rel=0.02)


def test_a_warm_up_ending_inside_an_interval_splits_it(tmp_path):
    table = read_workload(_workload(tmp_path, 2))
    r = simulate_workload(table, SimulateOptions(agents=N, replications=50, seed=1,
                                                 warmup_h=1.25))
    assert len(r.intervals) == 2
    assert r.intervals.calls.tolist() == pytest.approx([LAM * 900, LAM * 1800])
    assert r.overall.offered == pytest.approx(LAM * 2700, rel=0.05)
    for bad in (2.0, -1.0):
        with pytest.raises(InvalidInput, match="warmup_h"):
            simulate_workload(table, SimulateOptions(agents=N, warmup_h=bad))


def test_warmup_flag_on_the_command_line(tmp_path):
    path = _workload(tmp_path, 4)
    res = CliRunner().invoke(app, ["simulate", "--workload", str(path), "--agents", "10",
                                   "--replications", "5", "--seed", "1", "--warmup-h", "1"],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "after a 1 h warm-up" in " ".join(res.stdout.split())
    res = CliRunner().invoke(app, ["simulate", "--workload", str(path), "--agents", "10",
                                   "--warmup-h", "9"])
    assert res.exit_code == 2 and "--warmup-h" in res.output
