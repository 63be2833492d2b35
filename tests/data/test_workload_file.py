"""Workload files: read, default periods, round trip, errors naming line and column."""

from __future__ import annotations

import math

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
