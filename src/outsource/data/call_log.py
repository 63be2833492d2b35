"""Read a window of logged calls from the workspace as a :class:`CallLog` for replay."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np

from outsource.core.scenario import CallLog
from outsource.data.store import connect
from outsource.errors import InvalidInput

_QUERY = """
SELECT epoch(arrived_at) - epoch(CAST(? AS TIMESTAMPTZ)) AS arrival_s,
       handle_s,
       coalesce(wait_s, epoch(answered_at) - epoch(arrived_at), 0.0) AS wait_s,
       outcome = 'abandoned' AS abandoned
FROM interactions
WHERE outcome IN ('answered', 'abandoned')
  AND arrived_at >= CAST(? AS TIMESTAMPTZ) AND arrived_at < CAST(? AS TIMESTAMPTZ)
  AND (CAST(? AS VARCHAR) IS NULL OR channel = ?)
  AND (CAST(? AS VARCHAR) IS NULL OR queue = ?)
ORDER BY arrival_s
"""


def read_call_log(workspace: Path, start: datetime, end: datetime, channel: str | None = None,
                  queue: str | None = None) -> CallLog:
    """Answered and abandoned calls arriving in ``[start, end)``; times from ``start`` [s].

    Handle times of answered calls without one, and of abandoned calls, are
    ``nan`` (the replay draws them). Blocked and other outcomes are left out:
    a blocked call never queued, and ``other`` is not offered load.

    Raises
    ------
    NotFound
        The workspace holds no imported data.
    InvalidInput
        An empty window, or ``end`` not after ``start``.
    """
    if end <= start:
        raise InvalidInput("must be after the window's start", loc=("to",))
    with connect(workspace, create=False) as con:
        rows = con.execute(_QUERY, [start, start, end, channel, channel, queue, queue]).fetchall()
    if not rows:
        raise InvalidInput(f"no answered or abandoned calls between {start.isoformat()} and "
                           f"{end.isoformat()}", loc=("window",))
    arrival, handle, wait, gone = (np.array(col) for col in zip(*rows, strict=True))
    handle = np.where(gone.astype(bool), np.nan, handle.astype(float))
    return CallLog(arrival.astype(float), handle, np.maximum(wait.astype(float), 0.0),
                   gone.astype(bool))


_AGENTS_QUERY = """
SELECT CAST(floor((epoch(arrived_at) + coalesce(wait_s, 0.0)
                   - epoch(CAST(? AS TIMESTAMPTZ))) / ?) AS BIGINT) AS k,
       count(DISTINCT agent_id) AS agents
FROM interactions
WHERE outcome = 'answered' AND agent_id IS NOT NULL
  AND arrived_at >= CAST(? AS TIMESTAMPTZ) AND arrived_at < CAST(? AS TIMESTAMPTZ)
  AND (CAST(? AS VARCHAR) IS NULL OR channel = ?)
  AND (CAST(? AS VARCHAR) IS NULL OR queue = ?)
GROUP BY k
"""


def logged_agents(workspace: Path, start: datetime, end: datetime, period_s: float,
                  channel: str | None = None, queue: str | None = None) -> np.ndarray:
    """Agents seen answering calls in each interval of ``[start, end)`` [agents].

    An agent counts in an interval when a call it answered started service
    there (arrival plus wait). This is an estimate, not a roster: an agent
    who took one call counts for the whole interval (overstating part-time
    presence), and an agent on duty who answered nothing is missed
    (understating it).

    Raises
    ------
    InvalidInput
        The log names no agents in the window.
    """
    size = int(np.ceil((end - start).total_seconds() / period_s - 1e-9))
    with connect(workspace, create=False) as con:
        rows = con.execute(_AGENTS_QUERY, [start, period_s, start, end, channel, channel,
                                           queue, queue]).fetchall()
    if not rows:
        raise InvalidInput("the log names no agents (agent_id) for answered calls in this "
                           "window", loc=("agents",))
    out = np.zeros(size, dtype=np.int64)
    for k, n in rows:
        if 0 <= k < size:
            out[k] = n
    return out
