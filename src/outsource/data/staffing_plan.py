"""Read a staffing plan: agents on duty per interval.

Two forms are accepted (a path, or the bytes of an upload):

* CSV with a header and columns ``interval_start`` (ISO 8601, naive means
  UTC) and ``agents`` (whole number >= 0), optionally ``channel``;
* the JSON printed by ``outsource staff --workload FILE --json``: an object
  whose ``intervals`` list holds objects with ``interval_start`` and
  ``agents`` (and ``channel``).

:func:`agents_for` matches a plan to a workload's intervals by start instant
(and channel, where the plan names one). A start given twice for the same
channel (or once for every channel and once for one of them) is an error
naming both rows: which one would count is not for the reader to guess. The
file must be UTF-8.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from outsource.data import sources
from outsource.data.sources import Source
from outsource.data.workload import BadValue, iso_times, parse_times
from outsource.errors import InvalidInput


@dataclass(frozen=True)
class StaffingPlan:
    """Agents per interval start (and channel, ``""`` meaning any), as columns.

    Attributes
    ----------
    start_s : ndarray of float
        Interval starts [s since 1970-01-01 UTC].
    agents : ndarray of int
        Agents on duty [agents].
    channel : ndarray of str
        Channel the row applies to; ``""`` for every channel.
    source : str
        File or upload name.
    """

    start_s: np.ndarray
    agents: np.ndarray
    channel: np.ndarray
    source: str = ""


def _agents(values: list[object], where) -> np.ndarray:  # type: ignore[no-untyped-def]
    out = np.empty(len(values), dtype=np.int64)
    for i, text in enumerate(values):
        try:
            value = float(str(text))
        except ValueError:
            raise where(i, "agents", f"'{text}' is not a number") from None
        if not np.isfinite(value) or value < 0 or abs(value - round(value)) > 1e-9:
            raise where(i, "agents", f"agents must be a whole number >= 0, got {text}")
        out[i] = int(round(value))
    return out


def _csv(data: bytes, name: str) -> StaffingPlan:
    text = sources.decode_utf8(data, name)
    if not text.strip():
        raise InvalidInput("empty file: expected a header line (interval_start,agents)",
                           source=name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows, lines = [], []
    try:
        header = reader.fieldnames or []
        for col in ("interval_start", "agents"):
            if col not in header:
                raise InvalidInput(f"missing required column '{col}'", source=name, line=1)
        for r in reader:
            if None in r or any(v is None for v in r.values()):
                raise InvalidInput(f"expected {len(header)} fields", source=name,
                                   line=reader.line_num)
            rows.append((r["interval_start"], r["agents"], r.get("channel") or ""))
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise InvalidInput(f"cannot read as CSV: {exc}", source=name,
                           line=reader.line_num + 1) from None

    def where(i: int, column: str, message: str) -> InvalidInput:
        return InvalidInput(message, source=name, line=lines[i], column=column)

    return _plan(rows, where, name, lambda i: f"line {lines[i]}")


def _json(data: bytes, name: str) -> StaffingPlan:
    import orjson

    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON ({str(exc).splitlines()[0]})", source=name) from None
    rows = doc.get("intervals") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InvalidInput("expected an object with an 'intervals' list", source=name)
    for i, r in enumerate(rows):
        if "interval_start" not in r or "agents" not in r:
            raise InvalidInput("needs 'interval_start' and 'agents'", source=name,
                               loc=("intervals", i))

    def where(i: int, key: str, message: str) -> InvalidInput:
        return InvalidInput(message, source=name, loc=("intervals", i, key))

    return _plan([(r["interval_start"], r["agents"], r.get("channel") or "") for r in rows],
                 where, name, lambda i: f"intervals[{i}]")


def _plan(rows: list[tuple], where, name: str, label) -> StaffingPlan:  # type: ignore[no-untyped-def]
    if not rows:
        raise InvalidInput("no intervals in the staffing plan", source=name)
    starts, agents, channels = zip(*rows, strict=True)
    try:
        start_s, _ = parse_times([str(s) for s in starts])
    except BadValue as exc:
        raise where(exc.row, "interval_start", exc.message) from None
    channel = np.array([str(c).strip().lower() for c in channels])
    _check_repeats(start_s, channel, where, label)
    return StaffingPlan(start_s, _agents(list(agents), where), channel, source=name)


def _check_repeats(start_s: np.ndarray, channel: np.ndarray, where, label) -> None:  # type: ignore[no-untyped-def]
    """Refuse a start given twice for one channel, or for every channel ("") and one."""
    order = np.lexsort((np.arange(start_s.size), start_s))
    s = start_s[order]
    same = np.flatnonzero(s[1:] == s[:-1])
    if same.size == 0:
        return
    groups: dict[float, list[int]] = {}
    for k in same.tolist():  # only starts that occur more than once can clash
        groups.setdefault(float(s[k]), [int(order[k])])
        groups[float(s[k])].append(int(order[k + 1]))
    for t, rows in groups.items():
        rows = sorted(set(rows))
        for n, i in enumerate(rows):
            for j in rows[:n]:
                if channel[i] == channel[j] or "" in (channel[i], channel[j]):
                    what = channel[j] or "every channel"
                    raise where(i, "interval_start", f"repeats the start of {label(j)} "
                                f"({iso_times(np.array([t]))[0]}, {what}): give each "
                                "interval once")


def read_staffing_plan(src: Source, name: str | None = None) -> StaffingPlan:
    """Read a plan from CSV, or from ``outsource staff --json`` output (``.json``).

    Bytes are JSON when they start with ``{``, else CSV.

    Raises
    ------
    NotFound
        The file does not exist.
    InvalidInput
        Missing column, or a bad timestamp or agent count (file and line named).
    """
    f = sources.load(src, name, what="staffing plan")
    is_json = (f.path.suffix.lower() == ".json" if f.path is not None
               else f.data.lstrip()[:1] == b"{")
    return _json(f.data, f.name) if is_json else _csv(f.data, f.name)


def agents_for(plan: StaffingPlan, starts_s: np.ndarray, channel: str) -> np.ndarray:
    """The plan's agents for each start instant [s] of ``starts_s`` in ``channel``.

    Each start appears once per channel (the reader refuses repeats).

    Raises
    ------
    InvalidInput
        An interval start the plan does not cover.
    """
    starts = np.asarray(starts_s, dtype=float)
    mine = (plan.channel == "") | (plan.channel == channel)
    keys, values = plan.start_s[mine][::-1], plan.agents[mine][::-1]
    keys, first = np.unique(keys, return_index=True)
    values = values[first]
    pos = np.clip(np.searchsorted(keys, starts), 0, max(keys.size - 1, 0))
    found = (keys.size > 0) & (keys[pos] == starts) if keys.size else np.zeros(starts.size, bool)
    if not np.all(found):
        missing = np.flatnonzero(~found)
        first_missing = iso_times(starts[missing[:1]])[0]
        raise InvalidInput(f"no agents for interval {first_missing} ({channel}); "
                           f"{missing.size} of {starts.size} intervals missing",
                           source=plan.source or "staffing plan")
    return values[pos].astype(np.int64)
