"""Family: incremental imports with ``keep: last`` (ticket event logs).

The latest event by its time stamp wins, across files and inside one file;
importing the same events in any order, split across any files, gives the
same stored state as one ordered import.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hostile_helpers import invoke, stored, write

MAPPING = """name: tickets
keep: last
event_at: {source: updated, format: "%Y-%m-%d %H:%M"}
event_seq: seq
columns:
  id: number
  arrived_at: opened
  outcome: {value: answered}
  queue: group
  resolved: {source: state, map: {Resolved: "true", Closed: "true"}, default: "false"}
  resolved_at: resolved_at
"""
HEADER = "number,opened,updated,seq,group,state,resolved_at\n"


def _events(tickets: int = 12, updates: int = 4) -> list[str]:
    """Event rows: each ticket updated several times (some updates in the same minute)."""
    rng = random.Random(7)
    rows = []
    for t in range(tickets):
        opened = f"2024-02-{1 + t % 20:02d}T08:{t % 60:02d}:00Z"
        for u in range(updates):
            minute = 10 + u // 2  # two updates share each minute: event_seq orders them
            state = "Resolved" if u == updates - 1 else "In progress"
            done = f"2024-02-{1 + t % 20:02d}T09:{minute:02d}:00Z" if state == "Resolved" else ""
            rows.append(f"INC{t:04d},{opened},2024-02-{1 + t % 20:02d} 09:{minute:02d},{u},"
                        f"G{rng.randint(1, 5)}-{u},{state},{done}\n")
    return rows


def _state(ws: Path) -> list[tuple]:
    return stored(ws, "SELECT id, queue, resolved, CAST(resolved_at AS VARCHAR), "
                      "CAST(arrived_at AS VARCHAR) FROM interactions ORDER BY id")


def _import_all(tmp_path: Path, ws: Path, parts: list[list[str]]) -> None:
    mapping = write(tmp_path / "tickets.yaml", MAPPING)
    for i, rows in enumerate(parts):
        log = write(tmp_path / f"{ws.name}-part{i}.csv", HEADER + "".join(rows))
        code, out = invoke("import", log, "--mapping", mapping, "--workspace", ws)
        assert code == 0, out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_and_split_imports_store_the_same_state_as_one_ordered_import(tmp_path, seed):
    rows = _events()
    _import_all(tmp_path, tmp_path / "ordered", [rows])
    want = _state(tmp_path / "ordered")
    assert len(want) == 12 and all(r[2] is True and r[3] is not None for r in want)
    shuffled = rows[:]
    rng = random.Random(seed)
    rng.shuffle(shuffled)
    cuts = sorted(rng.sample(range(1, len(rows)), 2))
    parts = [shuffled[:cuts[0]], shuffled[cuts[0]:cuts[1]], shuffled[cuts[1]:]]
    _import_all(tmp_path, tmp_path / f"split{seed}", parts)
    assert _state(tmp_path / f"split{seed}") == want


def test_a_later_file_with_newer_events_replaces_and_older_ones_do_not(tmp_path):
    ws = tmp_path / "ws"
    mapping = write(tmp_path / "tickets.yaml", MAPPING)
    first = write(tmp_path / "a.csv", HEADER + "INC1,2024-02-01T08:00:00Z,2024-02-01 09:00,1,"
                  "G1,New,\n")
    newer = write(tmp_path / "b.csv", HEADER + "INC1,2024-02-01T08:00:00Z,2024-02-01 10:00,2,"
                  "G2,Resolved,2024-02-01T10:00:00Z\n")
    older = write(tmp_path / "c.csv", HEADER + "INC1,2024-02-01T08:00:00Z,2024-02-01 08:30,0,"
                  "G0,New,\n")
    for log, says in ((first, "imported 1"), (newer, "imported 1, replaced 1"),
                      (older, "imported 0")):
        code, out = invoke("import", log, "--mapping", mapping, "--workspace", ws)
        assert code == 0 and says in out, out
    assert _state(ws) == [("INC1", "G2", True, "2024-02-01 10:00:00+00",
                           "2024-02-01 08:00:00+00")]
    assert stored(ws, "SELECT count(*) FROM interactions") == [(1,)]
