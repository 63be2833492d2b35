"""Staffing use cases: one interval, or every interval of a loaded workload.

Both return schemas (:mod:`outsource.schemas.staffing`) that every face
renders as is: per-interval results are columns, the by-day and by-channel
summaries and the totals are computed here, not in a face.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from outsource.core import deferred, staffing, workforce
from outsource.core.deferred import ResponseTarget
from outsource.core.staffing import Targets, Workload
from outsource.data.workload import WorkloadTable
from outsource.errors import Infeasible, InvalidInput
from outsource.schemas.staffing import (
    DayStaffing,
    DeferredChannel,
    IntervalStaffing,
    QueuedChannel,
    StaffingIntervals,
    StaffTotals,
    WorkloadStaffing,
)

QUEUED = ("voice", "chat")
DEFERRED = ("email", "social")
#: Queue measures per interval (null for deferred channels).
MEASURES = ("p_wait", "p_block", "abandon_rate", "service_level", "service_level_answered",
            "asa_s", "mean_wait_abandoned_s", "mean_queue", "occupancy")


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
    response_within_h : e-mail/social response target [h].
    response_share : share of e-mail/social items that must meet it.
    agents : fixed staffing to evaluate instead of solving (``None``: solve).
    response_clock : ``clock`` (``response_within_h`` on the clock) or ``business``
        (only the hours of operation count).
    """

    patience_s: float | None = None
    queue_capacity: int | None = None
    shrinkage: float = 0.0
    hours: str = "24/7"
    paid_hours_per_fte_week: float = 40.0
    response_within_h: float = 24.0
    response_share: float = 0.95
    agents: int | None = None
    response_clock: str = "clock"


def staff_interval(calls: float, period_minutes: float, aht_s: float, targets: Targets,
                   options: StaffOptions) -> IntervalStaffing:
    """Agents for one interval (or the measures of ``options.agents``)."""
    wl = Workload.build(calls, period_minutes * 60.0, aht_s, options.patience_s,
                        options.queue_capacity)
    n = _agents_for(wl, targets, options)
    m = staffing.evaluate(wl, n, targets.answer_within_s).row(0)
    sched = float(workforce.scheduled_agents(n, options.shrinkage)[0])
    return IntervalStaffing(**{**m, "agents": float(n[0]), "scheduled_agents": sched})


def _agents_for(wl: Workload, targets: Targets, options: StaffOptions) -> np.ndarray:
    if options.agents is None:
        return staffing.required_agents(wl, targets)
    if options.agents < 1:
        raise InvalidInput("must be >= 1", loc=("agents",))
    return np.where(wl.calls > 0, float(options.agents), 0.0)


def staff_workload(table: WorkloadTable, targets: Targets,
                   options: StaffOptions) -> WorkloadStaffing:
    """Staff every interval of a loaded workload with the same targets."""
    hours = workforce.HoursOfOperation.parse(options.hours)
    is_open = hours.is_open_at(table.start_s)
    n = len(table)
    agents = np.zeros(n)
    traffic = table.calls * table.aht_s / table.period_s
    cols = {k: np.full(n, np.nan) for k in MEASURES}
    channels: dict[str, QueuedChannel | DeferredChannel] = {}
    for channel in np.unique(table.channel).tolist():
        idx = np.flatnonzero(table.channel == channel)
        if channel in QUEUED:
            channels[channel] = _staff_queued(table, idx, is_open, targets, options, agents,
                                              traffic, cols)
        else:
            channels[channel] = _staff_deferred(table, idx, is_open, options, agents)
    sched = workforce.scheduled_agents(agents, options.shrinkage)
    weeks = workforce.plan_weeks(table.start_s, table.period_s)
    t = workforce.staff_totals(agents, table.period_s, options.shrinkage, weeks,
                               options.paid_hours_per_fte_week)
    intervals = StaffingIntervals(
        interval_start=table.iso_starts(), channel=table.channel, calls=table.calls,
        aht_s=table.aht_s, period_minutes=table.period_s / 60.0, open=is_open, agents=agents,
        scheduled_agents=np.ceil(sched - 1e-9) + 0.0, traffic_erlangs=traffic, **cols)
    totals = StaffTotals(
        calls=float(table.calls.sum()),
        calls_outside_hours=float(np.sum(table.calls[~is_open & np.isin(table.channel, QUEUED)])),
        agent_hours=t.agent_hours, scheduled_hours=t.scheduled_hours, weeks=t.weeks, fte=t.fte,
        paid_hours_per_week=t.paid_hours_per_week, paid_hours_per_month=t.paid_hours_per_month,
        paid_hours_per_year=t.paid_hours_per_year)
    return WorkloadStaffing(intervals=intervals, totals=totals, channels=channels,
                            days=_days(table, is_open, agents, cols["service_level"]))


def _staff_queued(table, idx, is_open, targets, options, agents, traffic,
                  cols) -> QueuedChannel:
    patience = table.patience_s[idx].copy()
    if options.patience_s is not None:  # the file's own patience wins where given
        patience[np.isinf(patience)] = options.patience_s
    calls = np.where(is_open[idx], table.calls[idx], 0.0)
    wl = Workload.build(calls, table.period_s[idx], table.aht_s[idx], patience,
                        options.queue_capacity, table.concurrency[idx])
    n = _agents_for(wl, targets, options)
    m = staffing.evaluate(wl, n, targets.answer_within_s)
    agents[idx] = n
    traffic[idx] = m.traffic_erlangs
    for key in MEASURES:
        cols[key][idx] = getattr(m, key)
    total = float(wl.calls.sum())
    w = wl.calls / total if total > 0 else np.zeros_like(wl.calls)
    answered = w * (1.0 - m.abandon_rate - m.p_block)
    return QueuedChannel(
        calls=total, peak_agents=float(m.agents.max()),
        service_level=float(np.sum(w * m.service_level)),
        abandon_rate=float(np.sum(w * m.abandon_rate)),
        asa_s=float(np.sum(answered * m.asa_s) / max(answered.sum(), 1e-300)),
        agent_hours=float(np.sum(m.agents * wl.period_s) / 3600.0))


def _staff_deferred(table, idx, is_open, options, agents) -> DeferredChannel:
    """One e-mail/social channel: a constant team working the backlog inside the hours."""
    name = str(table.channel[idx[0]])
    target = ResponseTarget(options.response_within_h, options.response_share,
                            options.response_clock)
    if options.agents is not None and options.agents < 1:
        raise InvalidInput("must be >= 1", loc=("agents",))
    try:
        ch = deferred.staff_channel(table.calls[idx], table.aht_s[idx], table.period_s[idx],
                                    table.start_s[idx], is_open[idx], is_open[idx], target,
                                    options.agents)
    except Infeasible as exc:
        raise Infeasible(f"{name}: {exc.message} (hours of operation: {options.hours})",
                         loc=exc.loc) from None
    except InvalidInput as exc:
        if exc.loc and exc.loc[0] in ("period_minutes", "interval_start"):
            raise InvalidInput(f"{name}: {exc.message}", source=table.source,
                               column=str(exc.loc[0])) from None
        raise
    res, n = ch.result, ch.agents
    agents[idx] = n
    return DeferredChannel(
        calls=float(table.calls[idx].sum()), peak_agents=float(n.max()),
        share_within_target=res.share_within_target,
        mean_response_h=res.mean_response_s / 3600.0, p90_response_h=res.p90_response_s / 3600.0,
        max_backlog=res.max_backlog, agent_hours=float(np.sum(n * table.period_s[idx]) / 3600.0),
        best_share=res.best_share, response_clock=target.clock)


def _days(table: WorkloadTable, is_open: np.ndarray, agents: np.ndarray,
          service_level: np.ndarray) -> DayStaffing:
    """Per local day and channel: calls, peak agents, agent hours, service level, hourly peaks."""
    local = table.start_s + table.utc_offset_s
    day = np.floor(local / 86400.0).astype(np.int64)
    hour = np.clip(((local - day * 86400.0) // 3600.0).astype(np.int64), 0, 23)
    names, chan = np.unique(table.channel, return_inverse=True)
    keys, group = np.unique(day * len(names) + chan, return_inverse=True)
    g = keys.size
    calls = np.bincount(group, weights=table.calls, minlength=g)
    hours = np.bincount(group, weights=agents * table.period_s / 3600.0, minlength=g)
    peak = np.zeros(g)
    np.maximum.at(peak, group, agents)
    by_hour = np.zeros((g, 24))
    np.maximum.at(by_hour, (group, hour), agents)
    rated = is_open & np.isfinite(service_level)
    w_calls = np.bincount(group, weights=np.where(rated, table.calls, 0.0), minlength=g)
    w_sl = np.bincount(group, weights=np.where(rated, table.calls * np.nan_to_num(service_level),
                                               0.0), minlength=g)
    with np.errstate(invalid="ignore", divide="ignore"):
        sl = np.where(w_calls > 0, w_sl / w_calls, np.nan)
    return DayStaffing(day=np.datetime_as_string((keys // len(names)).astype("datetime64[D]")),
                       channel=names[keys % len(names)], calls=calls, peak_agents=peak,
                       agent_hours=hours, service_level=sl, agents_by_hour=by_hour)


#: Targets are part of this service's input (re-exported for the faces).
__all__ = ["StaffOptions", "Targets", "staff_interval", "staff_workload"]
