"""Family: duplicated intervals counted twice.

A workload file with a repeated or overlapping interval, and a staffing plan
with a repeated start, are errors naming both lines in every command that
reads them: staff, plan, advise, simulate, scenario set (and scenarios that
reference the file). Exit code 2; nothing stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import invoke, snapshot, write

WEEK = "interval_start,calls,aht_s,patience_s\n" + "".join(
    f"2024-01-01T{h:02d}:00:00Z,{20 + h},240,180\n" for h in range(8, 12))
REPEATED = WEEK + "2024-01-01T09:00:00Z,21,240,180\n"          # line 6 repeats line 3
OVERLAP = ("interval_start,calls,aht_s,period_minutes\n2024-01-01T08:00:00Z,20,240,60\n"
           "2024-01-01T08:30:00Z,20,240,30\n")


def _scenario(tmp_path: Path, workload: Path) -> Path:
    return write(tmp_path / "scenario.yaml", f"name: dup test\nworkload: {{file: {workload}}}\n"
                 "options: [{name: manila, region: asia_philippines, pricing_model: "
                 "dedicated_hourly}]\n")


@pytest.mark.parametrize("command", ["staff", "plan", "advise", "simulate", "scenario set"])
def test_a_repeated_interval_is_refused_by_every_command(tmp_path, command):
    wl = write(tmp_path / "week.csv", REPEATED)
    ws = tmp_path / "ws"
    args = {"staff": ["staff", "--workload", wl],
            "plan": ["plan", _scenario(tmp_path, wl), "--draws", "50"],
            "advise": ["advise", _scenario(tmp_path, wl), "--draws", "50"],
            "simulate": ["simulate", "--workload", wl, "--agents", "5", "--replications", "2"],
            "scenario set": ["scenario", "set", _scenario(tmp_path, wl), "--workspace", ws],
            }[command]
    if command == "scenario set":
        invoke("vendor", "list", "--workspace", ws)  # a migrated application database
    before = snapshot(ws)
    code, out = invoke(*args)
    assert code == 2, out
    assert "week.csv line 6, column 'interval_start': repeats the interval of line 3" in out
    assert "2024-01-01T09:00:00+00:00" in out
    assert snapshot(ws) == before


def test_an_interval_longer_than_the_spacing_overlaps_the_next(tmp_path):
    wl = write(tmp_path / "overlap.csv", OVERLAP)
    code, out = invoke("staff", "--workload", wl)
    assert code == 2
    assert ("overlap.csv line 3, column 'interval_start': the interval starting "
            "2024-01-01T08:30:00+00:00 begins before the one of line 2") in out
    assert "60 min" in out


def test_a_staffing_plan_with_a_repeated_interval_names_both_rows(tmp_path):
    wl = write(tmp_path / "week.csv", WEEK)
    plan = write(tmp_path / "plan.csv", "interval_start,agents\n" + "".join(
        f"2024-01-01T{h:02d}:00:00Z,6\n" for h in range(8, 12)) + "2024-01-01T10:00:00Z,9\n")
    code, out = invoke("simulate", "--workload", wl, "--agents", plan, "--replications", "2")
    assert code == 2
    assert ("plan.csv line 6, column 'interval_start': repeats the start of line 4 "
            "(2024-01-01T10:00:00+00:00, every channel)") in out
    js = write(tmp_path / "plan.json", '{"intervals": [{"interval_start": "2024-01-01T08:00:00Z",'
               ' "agents": 3}, {"interval_start": "2024-01-01T08:00:00Z", "agents": 4}]}')
    code, out = invoke("simulate", "--workload", wl, "--agents", js, "--replications", "2")
    assert code == 2 and "plan.json intervals[1].interval_start: repeats the start of " \
                         "intervals[0]" in out
