"""Aggregate queries over ``interactions`` for the workload profile.

Each query returns a small result (per day x interval, per weekday x minute,
totals) that :mod:`outsource.core.profile` turns into the profile. Offered
contacts are those answered, abandoned or blocked (``other`` is not load).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

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


def _where(channel: str | None) -> tuple[str, list[object]]:
    if channel:
        return f"WHERE {OFFERED} AND channel = ?", [channel]
    return f"WHERE {OFFERED}", []


def totals(con: duckdb.DuckDBPyConnection, zone: str, channel: str | None, long_s: float) -> Totals:
    """Counts and sums over offered contacts."""
    where, params = _where(channel)
    row = con.execute(
        f"""SELECT count(*), count(*) FILTER (outcome = 'answered'),
        count(*) FILTER (outcome = 'abandoned'), count(*) FILTER (outcome = 'blocked'),
        avg(handle_s) FILTER ({SERVED}),
        coalesce(sum(wait_s) FILTER (outcome IN ('answered', 'abandoned')), 0),
        count(wait_s) FILTER (outcome = 'abandoned'),
        count(*) FILTER ({SERVED} AND handle_s > ?), count(*) FILTER ({SERVED}),
        count(*) FILTER (transferred), count(transferred),
        min(CAST(timezone(?, arrived_at) AS DATE)), max(CAST(timezone(?, arrived_at) AS DATE))
        FROM interactions {where}""",
        [long_s, zone, zone, *params],
    ).fetchall()[0]
    return Totals(*row)


def by_day_slot(
    con: duckdb.DuckDBPyConnection, zone: str, interval: int, channel: str | None
) -> list[tuple[date, int, int, int, float]]:
    """(local date, slot, offered, served with handle, summed handle [s]) per interval."""
    where, params = _where(channel)
    return con.execute(
        f"""WITH c AS (SELECT timezone(?, arrived_at) AS t, outcome, handle_s
        FROM interactions {where})
        SELECT CAST(t AS DATE), (hour(t) * 60 + minute(t)) // ?, count(*),
        count(*) FILTER ({SERVED}), coalesce(sum(handle_s) FILTER ({SERVED}), 0)
        FROM c GROUP BY 1, 2 ORDER BY 1, 2""",
        [zone, *params, interval],
    ).fetchall()


def by_weekday_minute(
    con: duckdb.DuckDBPyConnection, zone: str, channel: str | None
) -> dict[tuple[int, int], int]:
    """Offered contacts per (local weekday 0=Mon, minute of day)."""
    where, params = _where(channel)
    rows = con.execute(
        f"""WITH c AS (SELECT timezone(?, arrived_at) AS t FROM interactions {where})
        SELECT isodow(t) - 1, hour(t) * 60 + minute(t), count(*) FROM c GROUP BY 1, 2""",
        [zone, *params],
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
        f"""WITH c AS (SELECT arrived_at - lag(arrived_at) OVER (
            PARTITION BY customer_id ORDER BY arrived_at) AS gap
        FROM interactions {where} AND customer_id IS NOT NULL)
        SELECT count(*), count(*) FILTER (gap <= INTERVAL (?) DAY) FROM c""",
        [*params, days],
    ).fetchall()[0]
    return int(row[0]), int(row[1])
