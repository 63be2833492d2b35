"""Readers of the capacity inputs: a vendor's commitments and its agent-state log.

Both are CSV files with a header line (column order free, extra columns refused
so a misspelt one is not silently ignored); a path or bytes. Timestamps are
ISO 8601; one without an offset is local time in the given zone. Every bad
value is an :class:`~outsource.errors.InvalidInput` naming the file, the line
(header = line 1) and the column.

Commitments (``vendor,interval_start,hours``)
    The productive agent hours a vendor committed to per interval. An
    ``interval_start`` must start an interval of the chosen length; a
    (vendor, interval) may appear once; hours are >= 0.

Agent states (``agent,vendor,state,start,end``)
    One row per span an agent spent in one state, ``end`` after ``start``;
    spans of one agent may not overlap (they would be counted twice). States
    are those of :data:`outsource.core.capacity.DELIVERED_STATES` and
    :data:`~outsource.core.capacity.OTHER_STATES` or their aliases.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from outsource.core.capacity import DELIVERED_STATES, canonical_state
from outsource.errors import InvalidInput, NotFound

COMMITMENT_COLUMNS = ("vendor", "interval_start", "hours")
AGENT_STATE_COLUMNS = ("agent", "vendor", "state", "start", "end")


@dataclass(frozen=True)
class Commitments:
    """Committed hours: one entry per (vendor, interval)."""

    vendor: list[str]
    interval_start_s: NDArray[np.int64]
    hours: NDArray[np.float64]
    line: NDArray[np.int64]


@dataclass(frozen=True)
class AgentStates:
    """Agent-state spans; ``delivered`` marks productive states."""

    agent: list[str]
    vendor: list[str]
    state: list[str]
    start_s: NDArray[np.int64]
    end_s: NDArray[np.int64]
    delivered: NDArray[np.bool_]
    line: NDArray[np.int64]


def _rows(source: Path | bytes, name: str, columns: tuple[str, ...]
          ) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    if isinstance(source, bytes):
        text, label = source.decode("utf-8-sig"), name
    else:
        label = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise NotFound(f"no such file: {source}", source=label) from None
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"not UTF-8 text: {exc.reason}", source=label) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise InvalidInput("empty file: expected a header line " + ",".join(columns),
                           source=label, line=1)
    header = [h.strip() for h in header]
    for col in columns:
        if col not in header:
            raise InvalidInput(f"missing column '{col}' (expected {','.join(columns)})",
                               source=label, line=1, column=col)
    for col in header:
        if col not in columns:
            raise InvalidInput(f"unknown column (expected {','.join(columns)})",
                               source=label, line=1, column=col)
    out = []
    for values in reader:
        line = reader.line_num
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise InvalidInput(f"expected {len(header)} fields, found {len(values)}",
                               source=label, line=line)
        out.append((line, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    return label, out


def _instant(value: str, zone: ZoneInfo, label: str, line: int, column: str) -> int:
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"cannot parse '{value}' as an ISO 8601 timestamp", source=label,
                           line=line, column=column) from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=zone)
    return int(t.timestamp())


def _text(row: dict[str, str], col: str, label: str, line: int) -> str:
    value = row[col]
    if not value:
        raise InvalidInput("is empty", source=label, line=line, column=col)
    return value


def read_commitments(source: Path | bytes, timezone: str, interval_s: int, align_s: int = 0,
                     name: str = "commitments.csv") -> Commitments:
    """Read a commitments CSV (see module notes)."""
    zone = ZoneInfo(timezone)
    label, rows = _rows(source, name, COMMITMENT_COLUMNS)
    vendors, starts, hours, lines = [], [], [], []
    seen: dict[tuple[str, int], int] = {}
    for line, row in rows:
        vendor = _text(row, "vendor", label, line)
        start = _instant(_text(row, "interval_start", label, line), zone, label, line,
                         "interval_start")
        if (start - align_s) % interval_s:
            raise InvalidInput(f"does not start a {interval_s // 60}-minute interval",
                               source=label, line=line, column="interval_start")
        try:
            h = float(row["hours"])
        except ValueError:
            raise InvalidInput(f"'{row['hours']}' is not a number", source=label, line=line,
                               column="hours") from None
        if not np.isfinite(h) or h < 0:
            raise InvalidInput("must be a number >= 0", source=label, line=line,
                               column="hours")
        if (vendor, start) in seen:
            raise InvalidInput(f"repeats the commitment of line {seen[(vendor, start)]} for "
                               "this vendor and interval", source=label, line=line,
                               column="interval_start")
        seen[(vendor, start)] = line
        vendors.append(vendor)
        starts.append(start)
        hours.append(h)
        lines.append(line)
    return Commitments(vendors, np.array(starts, dtype=np.int64), np.array(hours, dtype=float),
                       np.array(lines, dtype=np.int64))


def read_agent_states(source: Path | bytes, timezone: str,
                      name: str = "agent-states.csv") -> AgentStates:
    """Read an agent-state log CSV (see module notes)."""
    zone = ZoneInfo(timezone)
    label, rows = _rows(source, name, AGENT_STATE_COLUMNS)
    agents, vendors, states, starts, ends, lines = [], [], [], [], [], []
    for line, row in rows:
        agent = _text(row, "agent", label, line)
        vendor = _text(row, "vendor", label, line)
        raw = _text(row, "state", label, line)
        state = canonical_state(raw)
        if state is None:
            raise InvalidInput(f"unknown state '{raw}' (delivered: "
                               f"{', '.join(DELIVERED_STATES)}; see docs/monitoring.md)",
                               source=label, line=line, column="state")
        start = _instant(_text(row, "start", label, line), zone, label, line, "start")
        end = _instant(_text(row, "end", label, line), zone, label, line, "end")
        if end <= start:
            raise InvalidInput("must be after start", source=label, line=line, column="end")
        agents.append(agent)
        vendors.append(vendor)
        states.append(state)
        starts.append(start)
        ends.append(end)
        lines.append(line)
    out = AgentStates(agents, vendors, states, np.array(starts, dtype=np.int64),
                      np.array(ends, dtype=np.int64),
                      np.array([s in DELIVERED_STATES for s in states], dtype=bool),
                      np.array(lines, dtype=np.int64))
    _check_overlaps(out, label)
    return out


def _check_overlaps(st: AgentStates, label: str) -> None:
    if not st.agent:
        return
    names = np.array([f"{v}\x00{a}" for v, a in zip(st.vendor, st.agent, strict=True)])
    order = np.lexsort((st.start_s, names))
    same = names[order][1:] == names[order][:-1]
    clash = same & (st.start_s[order][1:] < st.end_s[order][:-1])
    if clash.any():
        k = int(np.flatnonzero(clash)[0])
        first, second = st.line[order][k], st.line[order][k + 1]
        raise InvalidInput(f"overlaps the span of line {first} of the same agent "
                           f"(it would be counted twice)", source=label, line=int(second),
                           column="start")
