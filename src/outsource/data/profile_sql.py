"""Aggregate queries over ``interactions`` for the workload profile.

Each query returns a small result (per day x interval, per weekday x minute,
per channel) that :mod:`outsource.core.profile` turns into the profile. Offered
contacts are those answered, abandoned or blocked (``other`` is not load).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from outsource.data.sql_expr import lit

OFFERED = "outcome IN ('answered', 'abandoned', 'blocked')"
SERVED = "outcome = 'answered' AND handle_s IS NOT NULL"


@dataclass(frozen=True)
class Totals:
    """Workspace-wide sums over offered contacts (times in [s])."""

    offered: int
    answered: int
    abandoned: int
    blocked: int
    mean_handle_s: float | None
    queued_wait_s: float
    abandoned_with_wait: int
    long_contacts: int
    served_with_handle: int
    transferred: int
    with_transfer_flag: int
    first_day: date | None
    last_day: date | None


def _local(zone: str) -> str:
    """SQL for the local wall-clock time of ``arrived_at`` in ``zone`` (a TIMESTAMP).

    UTC needs no time-zone lookup: the instant's microseconds since the epoch
    are its UTC wall-clock time.
    """
    if zone == "UTC":
        return "make_timestamp(epoch_us(arrived_at))"
    return f"timezone({lit(zone)}, arrived_at)"


def _where(channel: str | None) -> tuple[str, list[object]]:
    if channel:
        return f"WHERE {OFFERED} AND channel = ?", [channel]
    return f"WHERE {OFFERED}", []


@dataclass(frozen=True)
class Cell:
    """Sums over the offered contacts of one (local date, slot) (times in [s])."""

    day: date
    slot: int
    offered: int
    answered: int
    abandoned: int
    blocked: int
    served_with_handle: int
    handle_s: float
    queued_wait_s: float
    abandoned_with_wait: int
    long_contacts: int
    transferred: int
    with_transfer_flag: int


def cells(
    con: duckdb.DuckDBPyConnection, zone: str, interval: int, channel: str | None, long_s: float
) -> list[Cell]:
    """Counts and sums per (local date, slot of ``interval`` minutes), in one scan."""
    where, params = _where(channel)
    rows = con.execute(
        f"""WITH c AS (SELECT {_local(zone)} AS t, outcome, handle_s, wait_s, transferred
        FROM interactions {where})
        SELECT CAST(t AS DATE), (hour(t) * 60 + minute(t)) // ?, count(*),
        count(*) FILTER (outcome = 'answered'), count(*) FILTER (outcome = 'abandoned'),
        count(*) FILTER (outcome = 'blocked'), count(*) FILTER ({SERVED}),
        coalesce(sum(handle_s) FILTER ({SERVED}), 0),
        coalesce(sum(wait_s) FILTER (outcome IN ('answered', 'abandoned')), 0),
        count(wait_s) FILTER (outcome = 'abandoned'),
        count(*) FILTER ({SERVED} AND handle_s > ?),
        count(*) FILTER (transferred), count(transferred)
        FROM c GROUP BY 1, 2 ORDER BY 1, 2""",
        [*params, interval, long_s],
    ).fetchall()
    return [Cell(*r) for r in rows]


def totals(rows: list[Cell]) -> Totals:
    """Workspace-wide totals from the per-cell sums."""

    def total(attr: str) -> int:
        return sum(getattr(c, attr) for c in rows)

    served = total("served_with_handle")
    return Totals(
        offered=total("offered"),
        answered=total("answered"),
        abandoned=total("abandoned"),
        blocked=total("blocked"),
        mean_handle_s=sum(c.handle_s for c in rows) / served if served else None,
        queued_wait_s=float(sum(c.queued_wait_s for c in rows)),
        abandoned_with_wait=total("abandoned_with_wait"),
        long_contacts=total("long_contacts"),
        served_with_handle=served,
        transferred=total("transferred"),
        with_transfer_flag=total("with_transfer_flag"),
        first_day=min((c.day for c in rows), default=None),
        last_day=max((c.day for c in rows), default=None),
    )


def by_weekday_minute(
    con: duckdb.DuckDBPyConnection, zone: str, channel: str | None
) -> dict[tuple[int, int], int]:
    """Offered contacts per (local weekday 0=Mon, minute of day)."""
    where, params = _where(channel)
    rows = con.execute(
        f"""WITH c AS (SELECT {_local(zone)} AS t FROM interactions {where})
        SELECT isodow(t) - 1, hour(t) * 60 + minute(t), count(*) FROM c GROUP BY 1, 2""",
        params,
    ).fetchall()
    return {(int(d), int(m)): int(n) for d, m, n in rows}


def channel_mix(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Offered contacts per channel."""
    rows = con.execute(
        f"SELECT channel, count(*) FROM interactions WHERE {OFFERED} GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    return {str(c): int(n) for c, n in rows}


def waits(con: duckdb.DuckDBPyConnection, channel: str | None) -> list[tuple[float, bool, int]]:
    """(wait [s], abandoned?, count) of queued contacts, for Kaplan-Meier."""
    where, params = _where(channel)
    return con.execute(
        f"""SELECT wait_s, outcome = 'abandoned', count(*) FROM interactions {where}
        AND outcome IN ('answered', 'abandoned') AND wait_s IS NOT NULL GROUP BY 1, 2""",
        params,
    ).fetchall()


def repeats(con: duckdb.DuckDBPyConnection, channel: str | None, days: int = 7) -> tuple[int, int]:
    """(contacts by a known customer, of which within ``days`` of their previous contact)."""
    where, params = _where(channel)
    row = con.execute(
        f"""WITH e AS (SELECT customer_id, epoch_us(arrived_at) AS us
        FROM interactions {where} AND customer_id IS NOT NULL),
        c AS (SELECT us - lag(us) OVER (PARTITION BY customer_id ORDER BY us) AS gap FROM e)
        SELECT count(*), count(*) FILTER (gap <= ?) FROM c""",
        [*params, days * 86_400_000_000],
    ).fetchall()[0]
    return int(row[0]), int(row[1])
