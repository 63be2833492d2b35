"""Family: time stamps silently shifted.

An explicit offset or zone in a value wins and is checked; the mapping's zone
applies only to naive values; local times the clocks skip or repeat follow
the mapping's rule (reject by default). Each refusal names line, column and
reason, exits 2 when no row can be imported, and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import invoke, snapshot, stored, write

MAPPING = """columns: {{id: id, arrived_at: arrived_at, outcome: outcome}}
timezone: {zone}
{extra}
"""


def _import(tmp_path: Path, ws: Path, rows: list[str], zone: str = "UTC", extra: str = "",
            name: str = "log.csv") -> tuple[int, str]:
    log = write(tmp_path / name, "id,arrived_at,outcome\n" + "".join(
        f"r{i},{t},answered\n" for i, t in enumerate(rows, start=1)))
    mapping = write(tmp_path / f"{name}.yaml", MAPPING.format(zone=zone, extra=extra))
    return invoke("import", log, "--mapping", mapping, "--workspace", ws)


def _utc(ws: Path, ident: str) -> str:
    return stored(ws, f"SELECT strftime(arrived_at, '%Y-%m-%dT%H:%M:%SZ') FROM interactions "
                      f"WHERE id = '{ident}'")[0][0]


def test_a_zone_name_or_us_abbreviation_after_the_time_is_applied(tmp_path, ws):
    code, out = _import(tmp_path, ws, ["2024-01-01T10:00:00 America/New_York",
                                       "2024-07-01T10:00:00 America/New_York",
                                       "2024-01-01T10:00:00 EST", "2024-07-01 10:00:00 PDT",
                                       "2024-01-01T10:00:00Z", "2024-01-01T10:00:00 UTC"])
    assert code == 0, out
    assert [_utc(ws, f"r{i}") for i in range(1, 7)] == [
        "2024-01-01T15:00:00Z", "2024-07-01T14:00:00Z", "2024-01-01T15:00:00Z",
        "2024-07-01T17:00:00Z", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"]


def test_unknown_zones_and_impossible_offsets_are_rejected_with_the_reason(tmp_path, ws):
    before = snapshot(ws)
    code, out = _import(tmp_path, ws, ["2024-01-01T10:00:00 Mars/Base",
                                       "2024-01-01T10:00:00 BST", "2024-01-01T10:00:00+25:00",
                                       "2024-01-01T10:00:00+05:61", "2024-01-01T10:00:00+14:30",
                                       "2024-01-01T10:00:00 garbage!"])
    assert code == 2
    assert "every row was rejected (6 of 6)" in out and "log.csv" in out
    assert "line 2, column arrived_at: unknown time zone 'Mars/Base'" in out
    assert "line 3, column arrived_at: unknown time zone 'BST'" in out
    assert "line 4, column arrived_at: UTC offset +25:00" in out and "-14:00 to +14:00" in out
    assert "line 5, column arrived_at: UTC offset +05:61" in out
    assert "line 6, column arrived_at: UTC offset +14:30" in out
    assert "line 7, column arrived_at: cannot parse '2024-01-01T10:00:00 garbage!'" in out
    assert snapshot(ws) == before


def test_the_mapping_zone_applies_only_to_naive_values(tmp_path, ws):
    code, out = _import(tmp_path, ws, ["2024-01-01T10:00:00", "2024-01-01T10:00:00Z",
                                       "2024-01-01T10:00:00+01:00",
                                       "2024-01-01T10:00:00 Europe/Paris"],
                        zone="America/New_York")
    assert code == 0, out
    assert [_utc(ws, f"r{i}") for i in range(1, 5)] == [
        "2024-01-01T15:00:00Z", "2024-01-01T10:00:00Z", "2024-01-01T09:00:00Z",
        "2024-01-01T09:00:00Z"]


@pytest.mark.parametrize("extra, want", [
    ("", None),
    ("nonexistent: shift_forward\nambiguous: earlier", ("2024-03-10T07:30:00Z",
                                                        "2024-11-03T05:30:00Z")),
    ("nonexistent: shift_forward\nambiguous: later", ("2024-03-10T07:30:00Z",
                                                      "2024-11-03T06:30:00Z")),
])
def test_skipped_and_repeated_local_times_follow_the_mapping_rule(tmp_path, ws, extra, want):
    before = snapshot(ws)
    rows = ["2024-03-10T02:30:00", "2024-11-03T01:30:00", "2024-03-10T01:59:00",
            "2024-03-10T03:00:00", "2024-11-03T00:59:00", "2024-11-03T02:00:00"]
    code, out = _import(tmp_path, ws, rows, zone="America/New_York", extra=extra)
    # the unambiguous neighbours are read the same under every rule
    if want is None:
        assert code == 0, out
        assert ("line 2, column arrived_at: '2024-03-10T02:30:00' does not exist in "
                "America/New_York") in out
        assert ("line 3, column arrived_at: '2024-11-03T01:30:00' happens twice in "
                "America/New_York") in out and "ambiguous: earlier or later" in out
        assert "warning: 2 of 6 rows rejected" in out
        assert stored(ws, "SELECT count(*) FROM interactions WHERE id IN ('r1', 'r2')") == [(0,)]
    else:
        assert code == 0 and "rejected 0" in out, out
        assert (_utc(ws, "r1"), _utc(ws, "r2")) == want
    assert [_utc(ws, f"r{i}") for i in (3, 4, 5, 6)] == [
        "2024-03-10T06:59:00Z", "2024-03-10T07:00:00Z", "2024-11-03T04:59:00Z",
        "2024-11-03T07:00:00Z"]
    assert before.keys() <= snapshot(ws).keys()


def test_a_strptime_format_with_an_offset_checks_it_too(tmp_path, ws):
    before = snapshot(ws)
    log = write(tmp_path / "f.csv", "id,when,outcome\na,01/02/2024 10:00 +25:00,answered\n"
                "b,01/02/2024 10:00,answered\n")
    mapping = write(tmp_path / "f.yaml", "columns: {id: id, outcome: outcome, arrived_at: "
                    "{source: when, format: '%d/%m/%Y %H:%M %z'}}\n")
    code, out = invoke("import", log, "--mapping", mapping, "--workspace", ws)
    assert code == 2
    assert "line 2, column arrived_at: UTC offset +25:00" in out
    assert "line 3, column arrived_at: no UTC offset or zone at the end" in out
    assert snapshot(ws) == before


def test_a_zone_in_the_middle_of_a_format_is_refused_naming_the_key(tmp_path):
    mapping = write(tmp_path / "m.yaml", "columns: {id: id, outcome: outcome, arrived_at: "
                    "{source: when, format: '%z %d/%m/%Y'}}\n")
    code, out = invoke("import", write(tmp_path / "x.csv", "id,when,outcome\n"), "--mapping",
                       mapping, "--workspace", tmp_path / "ws")
    assert code == 2
    assert "m.yaml columns.arrived_at" in out and "must come last" in out
    assert not (tmp_path / "ws").exists()
