"""Workload files: read, default periods, round trip, errors naming line and column."""

from __future__ import annotations

import math

import numpy as np
import pytest

from outsource.data.workload import read_workload, write_workload
from outsource.errors import InvalidInput, NotFound


def _write(tmp_path, text: str):
    path = tmp_path / "w.csv"
    path.write_text(text)
    return path


def test_read_defaults_and_round_trip(tmp_path):
    path = _write(tmp_path, "interval_start,calls,aht_s\n2024-01-01T08:00:00-05:00,10,200\n"
                            "2024-01-01T08:15:00-05:00,12,210\n")
    table = read_workload(path)
    assert table.period_s.tolist() == [900.0, 900.0]
    assert table.channel.tolist() == ["voice", "voice"] and math.isinf(table.patience_s[0])
    out = tmp_path / "out.csv"
    write_workload(out, table)
    again = read_workload(out)
    assert again.calls.tolist() == [10.0, 12.0] and again.interval_start == table.interval_start


@pytest.mark.parametrize("text, where", [
    ("interval_start,calls,aht_s,colour\n2024-01-01T08:00:00,1,2\n", "line 1"),
    ("interval_start,calls\n2024-01-01T08:00:00,1\n", "aht_s"),
    ("interval_start,calls,aht_s\n2024-01-01T08:00:00,1,0\n2024-01-01T09:00:00,1,5\n",
     "line 2, column 'aht_s'"),
    ("interval_start,calls,aht_s\nyesterday,1,3\n", "line 2, column 'interval_start'"),
    ("interval_start,calls,aht_s\n2024-01-01T08:00:00,1,3\n2024-01-01T08:30:00,x,3\n",
     "line 3, column 'calls'"),
    ("interval_start,calls,aht_s\n2024-01-01T08:00:00,1,3\n", "period_minutes"),
    ("interval_start,calls,aht_s,channel\n2024-01-01T08:00:00,1,3,fax\n", "channel"),
])
def test_errors_name_line_and_column(tmp_path, text, where):
    with pytest.raises(InvalidInput, match=where):
        read_workload(_write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(NotFound):
        read_workload(tmp_path / "nope.csv")


def test_small_and_large_file_paths_agree(tmp_path, monkeypatch):
    """Small files are split by the csv module, large ones by Arrow: same table, same errors."""
    import outsource.data.workload as wf

    rows = ["interval_start,channel,calls,aht_s,patience_s,period_minutes,concurrency"]
    for i in range(40):
        rows.append(f"2024-01-01T{8 + i // 4:02d}:{15 * (i % 4):02d}:00-05:00,"
                    f"{' Chat' if i % 3 else 'voice'},{i}.5,{200 + i},{'' if i % 2 else 90},"
                    f"15,{1 + i % 3}")
    path = _write(tmp_path, "\n".join(rows) + "\n\n")
    small = read_workload(path)
    monkeypatch.setattr(wf, "SMALL_FILE", 0)
    large = read_workload(path)
    for name in ("start_s", "utc_offset_s", "calls", "aht_s", "patience_s", "period_s",
                 "concurrency"):
        assert np.array_equal(getattr(small, name), getattr(large, name)), name
    assert small.channel.tolist() == large.channel.tolist()
    assert list(small.iso_starts()) == list(large.iso_starts())
    bad = _write(tmp_path, "\n".join(rows[:5] + ["2024-01-02T08:00:00,voice,-1,3,,15,1"]) + "\n")
    with pytest.raises(InvalidInput) as big_err:
        read_workload(bad)
    monkeypatch.setattr(wf, "SMALL_FILE", 10**9)
    with pytest.raises(InvalidInput) as small_err:
        read_workload(bad)
    assert str(big_err.value) == str(small_err.value) == (
        "w.csv line 6, column 'calls': must be a finite number >= 0, got -1")
