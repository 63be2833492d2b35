"""Staffing use cases: one interval, or every interval of a workload file.

Both return plain dataclasses that the CLI (and later the web app) render.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from outsource.core import deferred, staffing, workforce
from outsource.core.staffing import Targets, Workload
from outsource.data.workload import WorkloadTable, read_workload
from outsource.errors import InvalidInput

QUEUED = ("voice", "chat")
DEFERRED = ("email", "social")


@dataclass(frozen=True)
class StaffOptions:
    """How to staff besides the targets.

    Attributes
    ----------
    patience_s : mean patience [s] where the workload gives none (``None``: no abandonment).
    queue_capacity : waiting places (``None``: unlimited).
    shrinkage : share of paid time off the phones, in [0, 1).
    hours : hours of operation (``24/7`` or e.g. ``Mon-Fri 08:00-20:00 America/New_York``).
    paid_hours_per_fte_week : paid hours of one FTE per week [h].
    response_within_h : e-mail/social response target [business hours].
    response_share : share of e-mail/social items that must meet it.
    agents : fixed staffing to evaluate instead of solving (``None``: solve).
    """

    patience_s: float | None = None
    queue_capacity: int | None = None
    shrinkage: float = 0.0
    hours: str = "24/7"
    paid_hours_per_fte_week: float = 40.0
    response_within_h: float = 24.0
    response_share: float = 0.95
    agents: int | None = None


@dataclass(frozen=True)
class IntervalStaffing:
    """Staffing of one interval: agents, scheduled staff and queue measures."""

    agents: float
    scheduled_agents: float
    measures: dict[str, float]


@dataclass(frozen=True)
class WorkloadStaffing:
    """Staffing of a workload file: one row per interval, totals, channel summaries."""

    intervals: list[dict[str, object]]
    totals: dict[str, float]
    channels: dict[str, dict[str, float]] = field(default_factory=dict)


def staff_interval(calls: float, period_minutes: float, aht_s: float, targets: Targets,
                   options: StaffOptions) -> IntervalStaffing:
    """Agents for one interval (or the measures of ``options.agents``)."""
    wl = Workload.build(calls, period_minutes * 60.0, aht_s, options.patience_s,
                        options.queue_capacity)
    n = _agents_for(wl, targets, options)
    m = staffing.evaluate(wl, n, targets.answer_within_s).row(0)
    sched = float(workforce.scheduled_agents(n, options.shrinkage)[0])
    return IntervalStaffing(float(n[0]), sched, m)


def _agents_for(wl: Workload, targets: Targets, options: StaffOptions) -> np.ndarray:
    if options.agents is None:
        return staffing.required_agents(wl, targets)
    if options.agents < 1:
        raise InvalidInput("must be >= 1", field="agents")
    return np.where(wl.calls > 0, float(options.agents), 0.0)


def staff_workload(path: str | Path, targets: Targets, options: StaffOptions) -> WorkloadStaffing:
    """Staff every interval of a workload file with the same targets."""
    return staff_table(read_workload(path), targets, options)


def staff_table(table: WorkloadTable, targets: Targets, options: StaffOptions) -> WorkloadStaffing:
    """Staff an in-memory workload table (see :func:`staff_workload`)."""
    hours = workforce.HoursOfOperation.parse(options.hours)
    is_open = hours.is_open(table.interval_start)
    agents = np.zeros(len(table))
    rows: list[dict[str, object]] = [{} for _ in range(len(table))]
    channels: dict[str, dict[str, float]] = {}
    for channel in sorted(set(table.channel)):
        idx = np.array([i for i, c in enumerate(table.channel) if c == channel])
        if channel in QUEUED:
            summary = _staff_queued(table, idx, is_open, targets, options, agents, rows)
        else:
            summary = _staff_deferred(table, idx, is_open, options, agents, rows)
        channels[channel] = summary
    sched = workforce.scheduled_agents(agents, options.shrinkage)
    for i, row in enumerate(rows):
        row.update(_base_row(table, i, bool(is_open[i]), agents[i], sched[i]))
    weeks = workforce.plan_weeks(table.interval_start, table.period_s)
    totals = workforce.staff_totals(agents, table.period_s, options.shrinkage, weeks,
                                    options.paid_hours_per_fte_week)
    outside = float(np.sum(table.calls[~is_open]))
    return WorkloadStaffing(rows, _totals_dict(totals, table, outside), channels)


def _base_row(table: WorkloadTable, i: int, is_open: bool, agents: float,
              sched: float) -> dict[str, object]:
    return {"interval_start": table.interval_start[i].isoformat(),
            "channel": table.channel[i], "calls": float(table.calls[i]),
            "aht_s": float(table.aht_s[i]), "period_minutes": float(table.period_s[i] / 60.0),
            "open": is_open, "agents": float(agents),
            "scheduled_agents": float(math.ceil(sched - 1e-9))}


def _staff_queued(table, idx, is_open, targets, options, agents, rows) -> dict[str, float]:
    patience = table.patience_s[idx].copy()
    if options.patience_s is not None:  # the file's own patience wins where given
        patience[np.isinf(patience)] = options.patience_s
    calls = np.where(is_open[idx], table.calls[idx], 0.0)
    wl = Workload.build(calls, table.period_s[idx], table.aht_s[idx], patience,
                        options.queue_capacity, table.concurrency[idx])
    n = _agents_for(wl, targets, options)
    m = staffing.evaluate(wl, n, targets.answer_within_s)
    agents[idx] = n
    for j, i in enumerate(idx):
        row = m.row(j)
        row.pop("agents")
        rows[i].update(row)
    return _queued_summary(wl, m)


def _queued_summary(wl: Workload, m: staffing.Measures) -> dict[str, float]:
    calls = float(wl.calls.sum())
    w = wl.calls / calls if calls > 0 else np.zeros_like(wl.calls)
    answered = w * (1.0 - m.abandon_rate - m.p_block)
    return {"calls": calls, "peak_agents": float(m.agents.max()),
            "service_level": float(np.sum(w * m.service_level)),
            "abandon_rate": float(np.sum(w * m.abandon_rate)),
            "asa_s": float(np.sum(answered * m.asa_s) / max(answered.sum(), 1e-300)),
            "agent_hours": float(np.sum(m.agents * wl.period_s) / 3600.0)}


def _staff_deferred(table, idx, is_open, options, agents, rows) -> dict[str, float]:
    periods = np.unique(table.period_s[idx])
    if periods.size != 1:
        raise InvalidInput("e-mail/social intervals must all have the same length",
                           field="period_minutes")
    aht = float(np.average(table.aht_s[idx], weights=np.maximum(table.calls[idx], 1e-12)))
    args = (table.calls[idx], aht, float(periods[0]), is_open[idx],
            options.response_within_h * 3600.0)
    if options.agents is None:
        res = deferred.staff_deferred(*args, options.response_share)
    else:
        res = deferred.evaluate_deferred(*args, options.agents)
    n = res.agents_per_interval
    agents[idx] = n
    for i in idx:
        rows[i].update({"traffic_erlangs": float(table.calls[i] * table.aht_s[i]
                                                 / table.period_s[i])})
    return {"calls": float(table.calls[idx].sum()), "peak_agents": float(n.max()),
            "share_within_target": res.share_within_target,
            "mean_response_h": res.mean_response_s / 3600.0,
            "p90_response_h": res.p90_response_s / 3600.0, "max_backlog": res.max_backlog,
            "agent_hours": float(np.sum(n * table.period_s[idx]) / 3600.0)}


def _totals_dict(t: workforce.StaffTotals, table: WorkloadTable, outside: float) -> dict:
    return {"calls": float(table.calls.sum()), "calls_outside_hours": outside,
            "agent_hours": t.agent_hours, "scheduled_hours": t.scheduled_hours,
            "weeks": t.weeks, "fte": t.fte, "paid_hours_per_week": t.paid_hours_per_week,
            "paid_hours_per_month": t.paid_hours_per_month,
            "paid_hours_per_year": t.paid_hours_per_year}
