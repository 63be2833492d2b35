"""Readers of commitments and agent-state logs: every bad value named by file, line, column."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource.data.capacity_files import read_agent_states, read_commitments
from outsource.errors import InvalidInput, NotFound

NY = "America/New_York"


def test_commitments_read_with_local_times() -> None:
    c = read_commitments(b"vendor,interval_start,hours\n"
                         b"acme,2026-05-04T08:00:00-04:00,12.5\n"
                         b"acme,2026-05-04 08:30,10\n\n", NY, 1800)
    assert c.vendor == ["acme", "acme"]
    assert c.interval_start_s.tolist() == [1777896000, 1777897800]
    assert c.hours.tolist() == [12.5, 10.0] and c.line.tolist() == [2, 3]


@pytest.mark.parametrize(("body", "line", "column", "reason"), [
    (b"vendor,interval_start\n", 1, "hours", "missing column 'hours'"),
    (b"vendor,interval_start,hours,extra\n", 1, "extra", "unknown column"),
    (b"vendor,interval_start,hours\nacme,2026-05-04T08:10:00Z,1\n", 2, "interval_start",
     "does not start a 30-minute interval"),
    (b"vendor,interval_start,hours\nacme,soon,1\n", 2, "interval_start", "cannot parse 'soon'"),
    (b"vendor,interval_start,hours\nacme,2026-05-04T08:00:00Z,-1\n", 2, "hours", ">= 0"),
    (b"vendor,interval_start,hours\nacme,2026-05-04T08:00:00Z,x\n", 2, "hours",
     "'x' is not a number"),
    (b"vendor,interval_start,hours\n,2026-05-04T08:00:00Z,1\n", 2, "vendor", "is empty"),
    (b"vendor,interval_start,hours\nacme,2026-05-04T08:00:00Z,1\n"
     b"acme,2026-05-04T08:00:00Z,2\n", 3, "interval_start", "repeats the commitment of line 2"),
])
def test_bad_commitments(body: bytes, line: int, column: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as err:
        read_commitments(body, "UTC", 1800, name="c.csv")
    assert (err.value.source, err.value.line, err.value.column) == ("c.csv", line, column)


def test_agent_states_and_aliases() -> None:
    st = read_agent_states(b"agent,vendor,state,start,end\n"
                           b"a1,acme,Ready,2026-05-04T08:00:00Z,2026-05-04T08:10:00Z\n"
                           b"a1,acme,ACW,2026-05-04T08:10:00Z,2026-05-04T08:12:00Z\n"
                           b"a1,acme,lunch,2026-05-04T08:12:00Z,2026-05-04T09:00:00Z\n", "UTC")
    assert st.state == ["available", "after_contact_work", "lunch"]
    assert st.delivered.tolist() == [True, True, False]


@pytest.mark.parametrize(("rows", "line", "column", "reason"), [
    (b"a1,acme,dancing,2026-05-04T08:00:00Z,2026-05-04T08:10:00Z\n", 2, "state",
     "unknown state 'dancing'"),
    (b"a1,acme,available,2026-05-04T08:10:00Z,2026-05-04T08:00:00Z\n", 2, "end",
     "must be after start"),
    (b"a1,acme,available,2026-05-04T08:00:00Z,2026-05-04T08:30:00Z\n"
     b"a2,acme,available,2026-05-04T08:00:00Z,2026-05-04T08:30:00Z\n"
     b"a1,acme,on_contact,2026-05-04T08:20:00Z,2026-05-04T08:40:00Z\n", 4, "start",
     "overlaps the span of line 2"),
])
def test_bad_agent_states(rows: bytes, line: int, column: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as err:
        read_agent_states(b"agent,vendor,state,start,end\n" + rows, "UTC", name="s.csv")
    assert (err.value.line, err.value.column) == (line, column)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_commitments(tmp_path / "nope.csv", "UTC", 1800)
