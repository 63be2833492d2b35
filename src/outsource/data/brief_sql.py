"""What the hand-over brief reads from the DuckDB workspace: contacts by reason and hour.

Definitions (docs/vendors.md, "Hand-over brief"):

- contact reason = ``queue`` (``(no queue)`` when empty);
- repeat share = share of contacts, among those with a ``customer_id`` that
  arrived at least ``window`` days before the log's last contact, followed by
  another contact of the same customer within ``window`` days (the playbook's
  "several calls to solve the same problem");
- transfer share = share of contacts with ``transferred`` on file that were
  transferred; abandon share = share abandoned of all contacts;
- handle time = mean ``handle_s`` of answered contacts [s];
- hours are local hours of ``arrived_at`` in the given time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from outsource.data import store

_SUMMARY = """
WITH c AS (
  SELECT coalesce(nullif(trim(queue), ''), '(no queue)') AS q, channel, arrived_at, handle_s,
         outcome, transferred, customer_id,
         lead(arrived_at) OVER (PARTITION BY customer_id ORDER BY arrived_at) AS next_at
  FROM interactions),
last AS (SELECT max(arrived_at) AS t FROM interactions)
SELECT {key} AS k, count(*) AS n,
       avg(handle_s) FILTER (WHERE outcome = 'answered') AS mean_handle_s,
       avg(CASE WHEN next_at IS NOT NULL AND next_at - arrived_at <= to_days(?) THEN 1.0
                ELSE 0.0 END)
         FILTER (WHERE customer_id IS NOT NULL AND arrived_at <= (SELECT t FROM last) - to_days(?))
         AS repeat_share,
       avg(CASE WHEN transferred THEN 1.0 ELSE 0.0 END) FILTER (WHERE transferred IS NOT NULL)
         AS transfer_share,
       avg(CASE WHEN outcome = 'abandoned' THEN 1.0 ELSE 0.0 END) AS abandon_share
FROM c {group} ORDER BY n DESC, k
"""


@dataclass(frozen=True)
class Group:
    """One row of a summary: a key (queue, channel, or ``all``) and its figures."""

    key: str
    contacts: int
    mean_handle_s: float | None
    repeat_share: float | None
    transfer_share: float | None
    abandon_share: float | None


@dataclass(frozen=True)
class LogSummary:
    """The contact log summarised for the brief (``contacts == 0``: nothing imported)."""

    contacts: int
    first: str | None
    last: str | None
    overall: Group | None
    reasons: list[Group]
    channels: list[Group]
    hourly: list[int]
    weekday_hour_days: int


def _groups(con, key: str, group: str, window_days: int) -> list[Group]:  # type: ignore[no-untyped-def]
    rows = con.execute(_SUMMARY.format(key=key, group=group),
                       [window_days, window_days]).fetchall()
    return [Group(str(r[0]), int(r[1]), *(None if x is None else float(x) for x in r[2:]))
            for r in rows]


def summarise_log(workspace: Path, tz: str, window_days: int = 7) -> LogSummary:
    """The workspace's imported contacts (an empty summary when none were imported)."""
    if not store.exists(workspace):
        return LogSummary(0, None, None, None, [], [], [0] * 24, 0)
    with store.connect(workspace, create=False) as con:
        try:
            n, first, last = con.execute(
                "SELECT count(*), strftime(timezone(?, min(arrived_at)), '%Y-%m-%dT%H:%M:%S'), "
                "strftime(timezone(?, max(arrived_at)), '%Y-%m-%dT%H:%M:%S') FROM interactions",
                [tz, tz]).fetchone()
        except duckdb.CatalogException:  # a workspace file without tables yet
            n = 0
        if not n:
            return LogSummary(0, None, None, None, [], [], [0] * 24, 0)
        overall = _groups(con, "'all'", "", window_days)[0]
        reasons = _groups(con, "q", "GROUP BY q", window_days)
        channels = _groups(con, "coalesce(channel, 'voice')", "GROUP BY 1", window_days)
        hours = dict(con.execute(
            "SELECT hour(timezone(?, arrived_at)) AS h, count(*) FROM interactions "
            "GROUP BY h", [tz]).fetchall())
        days = con.execute("SELECT count(DISTINCT CAST(timezone(?, arrived_at) AS DATE)) "
                           "FROM interactions", [tz]).fetchone()[0]
    return LogSummary(int(n), first, last, overall, reasons, channels,
                      [int(hours.get(h, 0)) for h in range(24)], int(days))


def log_timezones(workspace: Path) -> list[str]:
    """Time zones of the imports' mappings (empty without a workspace log)."""
    if not store.exists(workspace):
        return []
    with store.connect(workspace, create=False) as con:
        return store.timezones(con)
