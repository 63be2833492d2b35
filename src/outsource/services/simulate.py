"""Simulate a loaded workload under a staffing plan: build the scenario, replicate.

The workload's intervals become the simulation's intervals (gaps between them
are closed: no calls, no agents). Arrivals are Poisson with rate
``calls / period``; handle times default to exponential with each interval's
``aht_s`` and patience to exponential with its ``patience_s`` (none where the
file gives none). A distribution spec without ``mean`` takes the same
per-interval means. Chat intervals are simulated with ``agents x concurrency``
servers, as the staffing engine counts them.

:func:`replay_log` instead replays calls imported into a workspace through
another staffing ("what if the vendor had staffed N?").

Inputs arrive loaded (:mod:`outsource.data.simulation_inputs` turns the
``--agents``, ``--handle`` and ``--patience`` texts into objects); results
are :class:`outsource.schemas.simulate.SimulationReport`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from outsource.core import distributions
from outsource.core.distributions import Distribution
from outsource.core.replicate import COUNTS, RATES, Replications, measures, replicate, sla_risk
from outsource.core.scenario import CallLog, Scenario, contiguous_timeline, cut
from outsource.data.simulation_inputs import LOGGED, load_agents, load_distribution
from outsource.data.staffing_plan import StaffingPlan, agents_for
from outsource.data.workload import WorkloadTable, iso_times
from outsource.errors import InvalidInput
from outsource.schemas.simulate import (
    HalfWidths,
    ObservedMeasures,
    SimulatedDay,
    SimulatedIntervals,
    SimulatedMeasures,
    SimulationReport,
    SlaRisk,
)

Progress = Callable[[int, int], None]
Agents = int | StaffingPlan | str


@dataclass(frozen=True)
class SimulateOptions:
    """Options of ``outsource simulate``, loaded.

    Attributes
    ----------
    agents : int, StaffingPlan or ``"logged"``
        Agents on duty: a constant, a plan, or (replay) the agents the log shows.
    handle, patience : Distribution or None
        Handle-time and patience distributions (``None``: exponential with the
        workload's means; no patience where it gives none).
    queue_capacity : waiting places (``None``: unlimited).
    answer_within_s : service-level threshold [s].
    replications : independent replications.
    seed : random seed (``None``: a fresh one, reported).
    channel : channel to simulate (``None``: the only one, else voice).
    service_level : target [share]; report the probability of missing it.
    volume_cv : coefficient of variation of a daily volume factor.
    warmup_h : hours at the start left out of every statistic [h] (0: measure from the
        first interval, the queue starting empty as a centre opening in the morning).
    """

    agents: Agents
    handle: Distribution | None = None
    patience: Distribution | None = None
    queue_capacity: int | None = None
    answer_within_s: float = 20.0
    replications: int = 20
    seed: int | None = None
    channel: str | None = None
    service_level: float | None = None
    volume_cv: float = 0.0
    warmup_h: float = 0.0


def simulate_options(agents: str, handle: str | None = None, patience: str | None = None,
                     **rest: object) -> SimulateOptions:
    """:class:`SimulateOptions` from the texts a user writes (files named in them read once)."""
    return SimulateOptions(load_agents(agents), load_distribution(handle, "handle"),
                           load_distribution(patience, "patience"), **rest)  # type: ignore[arg-type]


def _pick_channel(table: WorkloadTable, channel: str | None) -> tuple[str, np.ndarray]:
    present = sorted(set(np.unique(table.channel).tolist()))
    if channel is None:
        if len(present) > 1 and "voice" not in present:
            raise InvalidInput(f"the workload has channels {', '.join(present)}: choose one",
                               loc=("channel",))
        channel = present[0] if len(present) == 1 else "voice"
    channel = channel.strip().lower()
    idx = np.flatnonzero(table.channel == channel)
    if idx.size == 0:
        raise InvalidInput(f"no '{channel}' intervals in the workload (has "
                           f"{', '.join(present)})", loc=("channel",))
    return channel, idx


def _agents(agents: Agents, starts_s: np.ndarray, channel: str) -> np.ndarray:
    """Agents per interval: a constant or a staffing plan matched by start."""
    if isinstance(agents, StaffingPlan):
        return agents_for(agents, starts_s, channel).astype(np.int64)
    if isinstance(agents, str):
        raise InvalidInput(f"'{agents}' works only when replaying a log", loc=("agents",))
    if not math.isfinite(agents) or agents < 0 or agents != int(agents):
        raise InvalidInput(f"must be a whole number >= 0 or a file, got '{agents}'",
                           loc=("agents",))
    return np.full(starts_s.size, int(agents), dtype=np.int64)


def _workers() -> int:
    """Replications run at once: one per core (results do not depend on it)."""
    return os.cpu_count() or 1


def _seed(options: SimulateOptions) -> int:
    """The run's seed: the given one, or a fresh one reported back."""
    return int(options.seed if options.seed is not None
               else np.random.SeedSequence().entropy % 2**32)


def build_scenario(table: WorkloadTable, idx: np.ndarray, agents: np.ndarray,
                   options: SimulateOptions) -> tuple[Scenario, np.ndarray]:
    """The :class:`Scenario` of the workload rows ``idx`` (time-ordered) and the
    position of each row among the simulation's intervals."""
    starts = table.start_s[idx]
    period = table.period_s[idx]
    edges, real = contiguous_timeline(starts - starts[0], period)
    size = edges.size - 1
    servers = agents * np.round(table.concurrency[idx]).astype(np.int64)
    patience = options.patience
    if patience is None and np.any(np.isfinite(table.patience_s[idx])):
        patience = distributions.make("exponential")
    scenario = Scenario(
        edges=edges,
        agents=_spread(servers, real, size, 0),
        rates=_spread(table.calls[idx] / period, real, size, 0.0),
        handle=options.handle or distributions.make("exponential"),
        patience=patience,
        handle_mean=_spread(table.aht_s[idx], real, size, 1.0),
        patience_mean=_spread(table.patience_s[idx], real, size, np.inf),
        queue_capacity=options.queue_capacity,
        answer_within=options.answer_within_s,
    )
    return scenario, real


def _spread(values: np.ndarray, real: np.ndarray, size: int, fill: float) -> np.ndarray:
    out = np.full(size, fill, dtype=np.asarray(values).dtype if fill == 0 else float)
    out[real] = values
    return out


def _check(options: SimulateOptions) -> None:
    if options.queue_capacity is not None and options.queue_capacity < 0:
        raise InvalidInput(f"must be >= 0, got {options.queue_capacity}",
                           loc=("queue_capacity",))
    if not (0.0 <= options.answer_within_s < math.inf):
        raise InvalidInput(f"must be >= 0 seconds, got {options.answer_within_s}",
                           loc=("answer_within_s",))
    if options.replications < 1:
        raise InvalidInput(f"must be >= 1, got {options.replications}", loc=("replications",))
    if options.service_level is not None and not (0.0 <= options.service_level <= 1.0):
        raise InvalidInput(f"must be within [0, 1], got {options.service_level}",
                           loc=("service_level",))
    if not (0.0 <= options.volume_cv < math.inf):
        raise InvalidInput(f"must be >= 0, got {options.volume_cv}", loc=("volume_cv",))
    if not (0.0 <= options.warmup_h < math.inf):
        raise InvalidInput(f"must be >= 0 hours, got {options.warmup_h}", loc=("warmup_h",))


#: Most calls one run may simulate, over all replications (each call holds a few
#: numbers in memory; beyond this the run would not fit, or take hours).
MAX_SIMULATED_CALLS = 200_000_000


def expected_calls(table: WorkloadTable, options: SimulateOptions) -> float:
    """Calls one run of :func:`simulate_workload` will simulate, on average."""
    _, idx = _pick_channel(table, options.channel)
    return float(np.sum(table.calls[idx])) * options.replications


def simulate_workload(table: WorkloadTable, options: SimulateOptions,
                      progress: Progress | None = None) -> SimulationReport:
    """Simulate a loaded workload (see the module notes).

    Raises
    ------
    InvalidInput
        Any bad option, named by its domain field (``agents``, ``channel``, ...).
    """
    _check(options)
    total = expected_calls(table, options)
    if total > MAX_SIMULATED_CALLS:
        raise InvalidInput(f"would simulate {total:,.0f} calls (the workload's calls x "
                           f"{options.replications} replications); at most "
                           f"{MAX_SIMULATED_CALLS:,}: use fewer replications or a shorter "
                           "workload", loc=("replications",))
    channel, idx = _pick_channel(table, options.channel)
    idx = idx[np.argsort(table.start_s[idx], kind="stable")]
    starts = table.start_s[idx]
    agents = _agents(options.agents, starts, channel)
    scenario, real = build_scenario(table, idx, agents, options)
    scenario, real, first, kept, share = _warmup(scenario, real, options.warmup_h)
    seed = _seed(options)
    reps = replicate(scenario, np.random.default_rng(seed), options.replications, progress,
                     options.volume_cv, warmup_intervals=first, workers=_workers())
    rows = idx[kept]
    intervals = _intervals(reps, real[kept] - first, starts[kept], table.utc_offset_s[rows],
                           channel, agents[kept], table.calls[rows] * share[kept])
    return _report(reps, intervals, starts[kept] + table.utc_offset_s[rows], seed, channel,
                   _risk(reps, options), warmup_h=options.warmup_h)


def _warmup(scenario: Scenario, real: np.ndarray, warmup_h: float):  # noqa: ANN202
    """Cut the timeline where the warm-up ends.

    Returns the new scenario, each row's (measured) interval, the first measured
    interval, which rows are measured (wholly or partly) and the measured share of
    each row's contacts (1, but for a row the warm-up ends inside).
    """
    share = np.ones(real.size)
    if warmup_h <= 0:
        return scenario, real, 0, np.ones(real.size, dtype=bool), share
    edges = scenario.edges
    cut_s = edges[0] + warmup_h * 3600.0
    new, first = cut(scenario, cut_s)
    if new.edges.size > edges.size:  # interval first - 1 was split at cut_s
        j = first - 1
        share[real == j] = (edges[j + 1] - cut_s) / (edges[j + 1] - edges[j])
        real = real + (real >= j)
    kept = real >= first
    if not kept.any():
        raise InvalidInput(f"leaves no workload interval to measure (the last one starts "
                           f"{(edges[real[-1]] - edges[0]) / 3600:g} h in)", loc=("warmup_h",))
    return new, real, first, kept, share


def _risk(reps: Replications, options: SimulateOptions) -> SlaRisk | None:
    if options.service_level is None:
        return None
    r = sla_risk(reps, options.service_level)
    return SlaRisk(target=r.target, p_miss=r.p_miss, p_miss_ci95=[r.p_miss_low, r.p_miss_high],
                   quantiles=r.quantiles())


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _report(reps: Replications, intervals: SimulatedIntervals, local_s: np.ndarray, seed: int,
            channel: str, risk: SlaRisk | None = None,
            observed: ObservedMeasures | None = None, warmup_h: float = 0.0) -> SimulationReport:
    mean = reps.mean()
    overall = SimulatedMeasures(**{k: (float(mean[k]) if k in COUNTS else _finite(mean[k]))
                                   for k in SimulatedMeasures.model_fields})
    ci = reps.ci95()
    return SimulationReport(
        overall=overall, ci95=HalfWidths(**{k: _finite(ci[k]) for k in RATES}),
        intervals=intervals, days=_days(intervals, local_s), replications=reps.runs, seed=seed,
        channel=channel, risk=risk, observed=observed, warmup_h=warmup_h)


def _intervals(reps: Replications, real: np.ndarray, starts_s: np.ndarray,
               offsets_s: np.ndarray, channel: str, agents: np.ndarray,
               calls: np.ndarray) -> SimulatedIntervals:
    per = measures(reps.pooled)
    cols = {key: np.asarray(per[key], dtype=float)[real] for key in (*COUNTS, *RATES,
                                                                      "max_queue")}
    return SimulatedIntervals(interval_start=iso_times(starts_s, offsets_s),
                              channel=np.full(real.size, channel), agents=agents,
                              calls=np.asarray(calls, dtype=float), **cols)


def _days(iv: SimulatedIntervals, local_s: np.ndarray) -> list[SimulatedDay]:
    """Per local day: sums of the counts, the offered-weighted service level, peak agents."""
    day = np.floor(np.asarray(local_s) / 86400.0).astype(np.int64)
    keys, g = np.unique(day, return_inverse=True)
    sums = {k: np.bincount(g, weights=np.nan_to_num(iv[k]), minlength=keys.size)
            for k in COUNTS}
    within = np.bincount(g, weights=np.nan_to_num(iv.service_level * iv.offered),
                         minlength=keys.size)
    peak = np.zeros(keys.size, dtype=np.int64)
    np.maximum.at(peak, g, iv.agents.astype(np.int64))
    dates = np.datetime_as_string(keys.astype("datetime64[D]"))
    return [SimulatedDay(day=str(dates[k]), **{c: float(sums[c][k]) for c in COUNTS},
                         service_level=(float(within[k] / sums["offered"][k])
                                        if sums["offered"][k] else None),
                         peak_agents=int(peak[k])) for k in range(keys.size)]


@dataclass(frozen=True)
class ReplayWindow:
    """Which logged calls to replay: ``[start, end)``, cut into ``period_minutes``."""

    workspace: Path
    start: datetime
    end: datetime
    period_minutes: float = 30.0
    queue: str | None = None


def replay_log(window: ReplayWindow, options: SimulateOptions,
               progress: Progress | None = None) -> SimulationReport:
    """Replay imported calls through another staffing: "what if the vendor had staffed N?".

    The log's own arrivals, handle times and observed patience are used
    (:func:`outsource.core.scenario.replay`); ``options.agents`` is a number,
    a staffing plan covering the window's intervals, or ``logged``: the agents
    the log shows answering calls in each interval (an estimate of what was
    staffed, see :func:`outsource.data.call_log.logged_agents`). The report's
    ``observed`` block holds what the log itself shows, for comparison.
    """
    _check(options)
    if options.warmup_h > 0:
        raise InvalidInput("works with a workload, not with a replayed log (a logged day is "
                           "replayed as it happened)", loc=("warmup_h",))
    channel = options.channel or "voice"
    period = window.period_minutes * 60.0
    if not period > 0:
        raise InvalidInput("must be > 0", loc=("period_minutes",))
    if window.end <= window.start:
        raise InvalidInput("must be after the window's start", loc=("to",))
    from outsource.data.call_log import logged_agents, read_call_log  # DuckDB: replay only

    log = read_call_log(window.workspace, window.start, window.end, channel, window.queue)
    edges = np.arange(0.0, (window.end - window.start).total_seconds() + period / 2, period)
    t0 = window.start.timestamp()
    starts = t0 + edges[:-1]
    offset = window.start.utcoffset().total_seconds() if window.start.utcoffset() else 0.0
    if isinstance(options.agents, str) and options.agents == LOGGED:
        agents = logged_agents(window.workspace, window.start, window.end, period, channel,
                               window.queue)
    else:
        agents = _agents(options.agents, starts, channel)
    scenario = Scenario(edges=edges, agents=agents, rates=np.zeros(edges.size - 1),
                        handle=options.handle or distributions.make("exponential"),
                        patience=options.patience, queue_capacity=options.queue_capacity,
                        answer_within=options.answer_within_s)
    seed = _seed(options)
    reps = replicate(scenario, np.random.default_rng(seed), options.replications, progress,
                     log=log, workers=_workers())
    real = np.arange(starts.size)
    offsets = np.full(starts.size, offset)
    intervals = _intervals(reps, real, starts, offsets, channel, agents,
                           np.full(starts.size, np.nan))
    return _report(reps, intervals, starts + offsets, seed, channel,
                   observed=observed_measures(log, options.answer_within_s))


def observed_measures(log: CallLog, answer_within_s: float) -> ObservedMeasures:
    """What the logged calls themselves show: counts, abandonment, service level, ASA."""
    offered = int(log.abandoned.size)
    answered = ~log.abandoned
    in_time = answered & (log.wait_s <= answer_within_s)
    n_ans = int(answered.sum())
    return ObservedMeasures(
        offered=offered, answered=n_ans, abandoned=offered - n_ans,
        abandon_rate=(offered - n_ans) / offered if offered else None,
        service_level=float(in_time.sum()) / offered if offered else None,
        service_level_answered=float(in_time.sum()) / n_ans if n_ans else None,
        asa_s=float(log.wait_s[answered].mean()) if n_ans else None)
