"""Read a staffing plan: agents on duty per interval.

Two forms are accepted:

* CSV with a header and columns ``interval_start`` (ISO 8601, naive means
  UTC) and ``agents`` (whole number >= 0), optionally ``channel``;
* the JSON printed by ``outsource staff --workload FILE --json``: an object
  whose ``intervals`` list holds objects with ``interval_start`` and
  ``agents`` (and ``channel``).

:func:`agents_for` matches a plan to a workload's intervals by start time
(and channel, where the plan names one).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from outsource.data.workload import parse_timestamp
from outsource.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class StaffingPlan:
    """Agents per interval start (and channel, ``None`` meaning any)."""

    interval_start: list[datetime]
    agents: np.ndarray
    channel: list[str | None]
    source: str = ""


def _agents(text: object, where: str) -> int:
    try:
        value = float(str(text))
    except ValueError:
        raise InvalidInput(f"'{text}' is not a number", field=where) from None
    if not math.isfinite(value) or value < 0 or abs(value - round(value)) > 1e-9:
        raise InvalidInput(f"agents must be a whole number >= 0, got {text}", field=where)
    return int(round(value))


def _rows_csv(path: Path) -> list[tuple[object, object, object, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        for col in ("interval_start", "agents"):
            if col not in header:
                raise InvalidInput(f"missing required column '{col}'", field=f"{path.name} line 1")
        return [(r["interval_start"], r["agents"], r.get("channel") or None,
                 f"{path.name} line {reader.line_num}") for r in reader]


def _rows_json(path: Path) -> list[tuple[object, object, object, str]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON ({exc.msg}, line {exc.lineno})",
                           field=path.name) from None
    rows = doc.get("intervals") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InvalidInput("expected an object with an 'intervals' list", field=path.name)
    for i, r in enumerate(rows):
        if "interval_start" not in r or "agents" not in r:
            raise InvalidInput("needs 'interval_start' and 'agents'",
                               field=f"{path.name} intervals[{i}]")
    return [(r["interval_start"], r["agents"], r.get("channel"), f"{path.name} intervals[{i}]")
            for i, r in enumerate(rows)]


def read_staffing_plan(path: str | Path) -> StaffingPlan:
    """Read a plan from CSV, or from ``outsource staff --json`` output (``.json``).

    Raises
    ------
    NotFound
        The file does not exist.
    InvalidInput
        Missing column, or a bad timestamp or agent count (file and line named).
    """
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"staffing plan not found: {path}")
    rows = _rows_json(path) if path.suffix.lower() == ".json" else _rows_csv(path)
    if not rows:
        raise InvalidInput("no intervals in the staffing plan", field=path.name)
    starts = [parse_timestamp(s, f"{where} interval_start") for s, _, _, where in rows]
    agents = np.array([_agents(a, f"{where} agents") for _, a, _, where in rows], dtype=np.int64)
    channels = [str(c).strip().lower() if c else None for _, _, c, _ in rows]
    return StaffingPlan(starts, agents, channels, source=str(path))


def agents_for(plan: StaffingPlan, starts: list[datetime], channel: str) -> np.ndarray:
    """The plan's agents for each of ``starts`` in ``channel``.

    Raises
    ------
    InvalidInput
        An interval start the plan does not cover.
    """
    by_start: dict[datetime, int] = {}
    for ts, n, ch in zip(plan.interval_start, plan.agents, plan.channel, strict=True):
        if ch is None or ch == channel:
            by_start[ts] = int(n)
    missing = [ts for ts in starts if ts not in by_start]
    if missing:
        name = Path(plan.source).name or "staffing plan"
        raise InvalidInput(f"no agents for interval {missing[0].isoformat()} ({channel}); "
                           f"{len(missing)} of {len(starts)} intervals missing", field=name)
    return np.array([by_start[ts] for ts in starts], dtype=np.int64)
