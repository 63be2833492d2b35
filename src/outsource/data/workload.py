"""Read and write workload files: offered contacts per interval.

A workload file is CSV with a header and these columns:

``interval_start`` (required)
    ISO 8601 timestamp of the interval's start, with offset (naive means UTC).
``calls`` (required)
    Contacts arriving in the interval [contacts].
``aht_s`` (required)
    Mean handle time [s] (for chat, the elapsed session length).
``channel`` (optional)
    ``voice`` (default), ``chat``, ``email`` or ``social``.
``patience_s`` (optional)
    Mean patience [s]; empty means callers do not abandon.
``period_minutes`` (optional)
    Interval length [min]; defaults to the spacing of ``interval_start``
    within the channel.
``concurrency`` (optional)
    Sessions one agent handles at once (chat), default 1.

Any other column is an error, so that a misspelt column never goes unnoticed.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from outsource.errors import InvalidInput, NotFound

REQUIRED = ("interval_start", "calls", "aht_s")
OPTIONAL = ("channel", "patience_s", "period_minutes", "concurrency")
CHANNELS = ("voice", "chat", "email", "social")


@dataclass(frozen=True)
class WorkloadTable:
    """A workload file in memory, one entry per row (arrays of equal length)."""

    interval_start: list[datetime]
    channel: list[str]
    calls: np.ndarray
    aht_s: np.ndarray
    patience_s: np.ndarray
    period_s: np.ndarray
    concurrency: np.ndarray
    source: str = ""

    def __len__(self) -> int:
        return len(self.interval_start)


def _number(text: str, where: str, *, positive: bool = False, default: float | None = None):
    if text.strip() == "" and default is not None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a number", field=where) from None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        rule = "> 0" if positive else ">= 0"
        raise InvalidInput(f"must be a finite number {rule}, got {text}", field=where)
    return value


def parse_timestamp(text: object, where: str) -> datetime:
    """ISO 8601 timestamp; naive means UTC. Errors name ``where``."""
    try:
        ts = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not an ISO 8601 timestamp", field=where) from None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _check_header(header: list[str] | None, name: str) -> None:
    if not header:
        raise InvalidInput("empty file: expected a header line", field=name)
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise InvalidInput(
            f"unknown column '{unknown[0]}' (expected {', '.join(REQUIRED + OPTIONAL)})",
            field=f"{name} line 1",
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"missing required column '{missing[0]}'", field=f"{name} line 1")


def _parse_row(row: dict[str, str], where: str) -> tuple:
    channel = (row.get("channel") or "voice").strip().lower()
    if channel not in CHANNELS:
        raise InvalidInput(
            f"unknown channel '{channel}' (one of {', '.join(CHANNELS)})",
            field=f"{where} column channel",
        )
    period = row.get("period_minutes") or ""
    return (
        parse_timestamp(row["interval_start"], f"{where} column interval_start"),
        channel,
        _number(row["calls"], f"{where} column calls"),
        _number(row["aht_s"], f"{where} column aht_s", positive=True),
        _number(
            row.get("patience_s") or "",
            f"{where} column patience_s",
            positive=True,
            default=math.inf,
        ),
        _number(period, f"{where} column period_minutes", positive=True, default=math.nan) * 60,
        _number(
            row.get("concurrency") or "", f"{where} column concurrency", positive=True, default=1.0
        ),
    )


def read_workload(path: str | Path) -> WorkloadTable:
    """Read a workload file, naming file, line and column of any bad value.

    Raises
    ------
    NotFound
        The file does not exist.
    InvalidInput
        Unknown or missing column, or a value that cannot be used.
    """
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"workload file not found: {path}")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        _check_header(reader.fieldnames, path.name)
        rows = [_parse_row(r, f"{path.name} line {reader.line_num}") for r in reader]
    if not rows:
        raise InvalidInput("no intervals: the file has a header but no rows", field=path.name)
    starts, channels, calls, aht, patience, period, conc = map(list, zip(*rows, strict=True))
    period = _default_periods(starts, channels, np.array(period), path.name)
    return WorkloadTable(
        starts,
        channels,
        np.array(calls),
        np.array(aht),
        np.array(patience),
        period,
        np.array(conc),
        source=str(path),
    )


def _default_periods(starts, channels, period: np.ndarray, name: str) -> np.ndarray:
    """Fill missing periods with the smallest spacing of start times in the channel."""
    missing = np.isnan(period)
    for channel in {c for c, m in zip(channels, missing, strict=True) if m}:
        times = sorted(
            {s.timestamp() for s, c in zip(starts, channels, strict=True) if c == channel}
        )
        gaps = np.diff(times)
        gaps = gaps[gaps > 0]
        if gaps.size == 0:
            raise InvalidInput(
                f"cannot infer the interval length of channel '{channel}' from one start "
                "time: add a period_minutes column",
                field=name,
            )
        idx = [i for i, c in enumerate(channels) if c == channel and missing[i]]
        period[idx] = gaps.min()
    return period


def write_rows(path: str | Path, rows: list[dict[str, object]]) -> None:
    """Write workload rows (dicts keyed by this module's column names) as a workload file.

    Only the columns the rows carry are written, in the order of
    :data:`REQUIRED` then :data:`OPTIONAL`.
    """
    path = Path(path)
    present = [c for c in REQUIRED + OPTIONAL if rows and c in rows[0]]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=present)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise InvalidInput(f"cannot write: {exc.strerror}", field=str(path)) from exc


def write_workload(path: str | Path, table: WorkloadTable) -> None:
    """Write ``table`` as a workload file (the columns :func:`read_workload` reads)."""
    write_rows(path, [{
        "interval_start": table.interval_start[i].isoformat(), "channel": table.channel[i],
        "calls": f"{table.calls[i]:.6g}", "aht_s": f"{table.aht_s[i]:.6g}",
        "patience_s": "" if math.isinf(table.patience_s[i]) else f"{table.patience_s[i]:.6g}",
        "period_minutes": f"{table.period_s[i] / 60:.6g}",
        "concurrency": f"{table.concurrency[i]:.0f}"} for i in range(len(table))])
