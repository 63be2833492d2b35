"""From agents on the phones to people on the payroll.

Agents required per interval (from the Erlang solver) are the people who
must be available to take contacts. Paid staff must cover shrinkage, the
share of paid time not available for contacts (breaks, training, meetings,
absence): ``scheduled = agents / (1 - shrinkage)`` (Cleveland, "Call Center
Management on Fast Forward", 3rd ed., 2012, ch. 6; the standard workforce
management "base staff to scheduled staff" step). Full-time equivalents are
scheduled hours per week divided by paid hours per FTE per week.

Hours of operation (``24/7``, ``Mon-Fri 08:00-20:00 America/New_York``, ...)
are parsed by :mod:`outsource.core.hours`; :class:`HoursOfOperation` is
re-exported here for the callers that staff by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.core.hours import HoursOfOperation
from outsource.errors import InvalidInput

__all__ = ["HoursOfOperation", "StaffTotals", "plan_weeks", "scheduled_agents", "staff_totals"]

WEEKS_PER_YEAR = 365.0 / 7.0
MONTHS_PER_YEAR = 12.0


@dataclass(frozen=True)
class StaffTotals:
    """Hours and people for a staffing plan.

    Attributes
    ----------
    agent_hours : hours agents must be available for contacts [h].
    scheduled_hours : paid hours including shrinkage [h].
    weeks : length of the plan [weeks].
    fte : average full-time equivalents, scheduled hours per week / paid hours per FTE.
    paid_hours_per_week, paid_hours_per_month, paid_hours_per_year : at that FTE [h].
    """

    agent_hours: float
    scheduled_hours: float
    weeks: float
    fte: float
    paid_hours_per_week: float
    paid_hours_per_month: float
    paid_hours_per_year: float


def scheduled_agents(agents: ArrayLike, shrinkage: float) -> NDArray[np.float64]:
    """Paid staff to schedule per interval, ``agents / (1 - shrinkage)`` [people].

    Parameters
    ----------
    agents : array_like
        Agents needed on contacts [agents].
    shrinkage : float
        Share of paid time unavailable for contacts, in [0, 1).
    """
    if not 0.0 <= shrinkage < 1.0:
        raise InvalidInput("must be in [0, 1)", loc=("shrinkage",))
    return np.asarray(agents, dtype=float) / (1.0 - shrinkage)


def staff_totals(agents: ArrayLike, period_s: ArrayLike, shrinkage: float,
                 weeks: float, paid_hours_per_fte_week: float = 40.0) -> StaffTotals:
    """Agent hours, scheduled hours and FTE of a per-interval staffing plan.

    Parameters
    ----------
    agents : array_like
        Agents per interval [agents].
    period_s : array_like
        Interval lengths [s].
    shrinkage : float
        Share of paid time unavailable for contacts, in [0, 1).
    weeks : float
        Length of time the intervals cover [weeks] (> 0).
    paid_hours_per_fte_week : float
        Paid hours of one full-time equivalent per week [h] (> 0).
    """
    if not weeks > 0:
        raise InvalidInput("must be > 0", loc=("weeks",))
    if not paid_hours_per_fte_week > 0:
        raise InvalidInput("must be > 0 hours", loc=("paid_hours_per_fte_week",))
    scheduled_agents(0.0, shrinkage)  # validates shrinkage
    agent_hours = float(np.sum(np.asarray(agents, float) * np.asarray(period_s, float)) / 3600)
    scheduled = agent_hours / (1.0 - shrinkage)
    per_week = scheduled / weeks
    fte = per_week / paid_hours_per_fte_week
    return StaffTotals(agent_hours, scheduled, weeks, fte, per_week,
                       per_week * WEEKS_PER_YEAR / MONTHS_PER_YEAR, per_week * WEEKS_PER_YEAR)


def plan_weeks(starts: ArrayLike | list[datetime], period_s: ArrayLike) -> float:
    """Weeks covered by intervals: from the first start to the last end [weeks].

    ``starts`` are instants [s since 1970-01-01 UTC] or aware datetimes.
    """
    if isinstance(starts, list) and starts and isinstance(starts[0], datetime):
        starts = [s.timestamp() for s in starts]
    start = np.asarray(starts, dtype=float)
    span = np.max(start + np.ravel(np.asarray(period_s, dtype=float))) - np.min(start)
    return float(span) / (7 * 86400.0)
