"""Simulate a workload file under a staffing plan: load, build the scenario, replicate.

The workload's intervals become the simulation's intervals (gaps between them
are closed: no calls, no agents). Arrivals are Poisson with rate
``calls / period``; handle times default to exponential with each interval's
``aht_s`` and patience to exponential with its ``patience_s`` (none where the
file gives none). A distribution spec without ``mean`` takes the same
per-interval means. Chat intervals are simulated with ``agents x concurrency``
servers, as the staffing engine counts them.

:func:`replay_log` instead replays calls imported into a workspace through
another staffing ("what if the vendor had staffed N?").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from outsource.core import distributions
from outsource.core.distributions import Distribution
from outsource.core.replicate import COUNTS, RATES, Replications, measures, replicate, sla_risk
from outsource.core.scenario import CallLog, Scenario, contiguous_timeline
from outsource.data.call_log import logged_agents, read_call_log
from outsource.data.staffing_plan import agents_for, read_staffing_plan
from outsource.data.workload import WorkloadTable, read_workload
from outsource.errors import InvalidInput, NotFound

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SimulateOptions:
    """Options of ``outsource simulate`` (see the CLI help for each)."""

    agents: str
    handle: str | None = None
    patience: str | None = None
    queue_capacity: int | None = None
    answer_within_s: float = 20.0
    replications: int = 20
    seed: int | None = None
    channel: str | None = None
    sl_target: float | None = None
    volume_cv: float = 0.0


@dataclass(frozen=True)
class SimulationReport:
    """What a simulation found, ready to print.

    Attributes
    ----------
    overall : dict
        Means over replications of the whole-horizon measures (counts per
        replication).
    ci95 : dict
        t-based 95 % half-widths of the rates in ``overall``.
    intervals : list of dict
        Per workload interval, all replications pooled.
    replications : int
    seed : int
        Seed of the run (give it back with ``--seed`` to repeat it).
    channel : str
    risk : dict or None
        With a service-level target: probability of missing it over the horizon.
    observed : dict or None
        When replaying a log: what the log itself shows (offered, abandonment,
        service level, ASA), to set beside the simulated staffing.
    """

    overall: dict[str, float]
    ci95: dict[str, float]
    intervals: list[dict[str, object]]
    replications: int
    seed: int
    channel: str
    risk: dict[str, object] | None = field(default=None)
    observed: dict[str, float] | None = field(default=None)


def _pick_channel(table: WorkloadTable, channel: str | None) -> tuple[str, np.ndarray]:
    present = sorted(set(table.channel))
    if channel is None:
        if len(present) > 1 and "voice" not in present:
            raise InvalidInput(f"the workload has channels {', '.join(present)}: choose one",
                               field="--channel")
        channel = present[0] if len(present) == 1 else "voice"
    channel = channel.strip().lower()
    idx = np.array([i for i, c in enumerate(table.channel) if c == channel], dtype=np.intp)
    if idx.size == 0:
        raise InvalidInput(f"no '{channel}' intervals in the workload (has "
                           f"{', '.join(present)})", field="--channel")
    return channel, idx


def _agents(spec: str, starts: list[datetime], channel: str) -> np.ndarray:
    """Agents per interval from ``--agents``: a whole number or a staffing-plan file."""
    text = spec.strip()
    try:
        value = float(text)
    except ValueError:
        return agents_for(read_staffing_plan(text), starts, channel).astype(np.int64)
    if not math.isfinite(value) or value < 0 or value != int(value):
        raise InvalidInput(f"must be a whole number >= 0 or a file, got '{spec}'",
                           field="--agents")
    return np.full(len(starts), int(value), dtype=np.int64)


def _seed(options: SimulateOptions) -> int:
    """The run's seed: the given one, or a fresh one reported back."""
    return int(options.seed if options.seed is not None
               else np.random.SeedSequence().entropy % 2**32)


def _row(per: dict[str, np.ndarray], k: int, start: datetime, channel: str,
         agents: int) -> dict[str, object]:
    """One interval of the report: its start, channel, agents and measures."""
    return {"interval_start": start.isoformat(), "channel": channel, "agents": int(agents),
            **{key: float(per[key][k]) for key in (*COUNTS, *RATES, "max_queue")}}


def read_samples(path: str | Path) -> np.ndarray:
    """Observed durations [s] for an ``empirical`` spec: one number per line
    (the first field of a CSV line), a non-numeric first line being a header."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"empirical samples file not found: {path}")
    values = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        first = line.split(",")[0].strip()
        if not first:
            continue
        try:
            values.append(float(first))
        except ValueError:
            if n > 1:
                raise InvalidInput(f"'{first}' is not a number",
                                   field=f"{path.name} line {n}") from None
    return np.array(values)


def _distribution(spec: str | None, field_name: str) -> Distribution | None:
    if spec is None:
        return None
    dist = distributions.parse_spec(spec, field=field_name)
    if dist.family == "empirical":
        try:
            dist = distributions.with_samples(dist, read_samples(dist.file or ""))
        except InvalidInput as exc:
            raise InvalidInput(str(exc), field=field_name) from None
    return dist


def _spread(values: np.ndarray, real: np.ndarray, size: int, fill: float) -> np.ndarray:
    out = np.full(size, fill, dtype=np.asarray(values).dtype if fill == 0 else float)
    out[real] = values
    return out


def build_scenario(table: WorkloadTable, idx: np.ndarray, agents: np.ndarray,
                   options: SimulateOptions) -> tuple[Scenario, np.ndarray]:
    """The :class:`Scenario` of the workload rows ``idx`` (time-ordered) and the
    position of each row among the simulation's intervals."""
    starts = np.array([table.interval_start[i].timestamp() for i in idx])
    period = table.period_s[idx]
    edges, real = contiguous_timeline(starts - starts[0], period)
    size = edges.size - 1
    servers = agents * np.round(table.concurrency[idx]).astype(np.int64)
    patience = _distribution(options.patience, "--patience")
    if patience is None and np.any(np.isfinite(table.patience_s[idx])):
        patience = distributions.make("exponential")
    scenario = Scenario(
        edges=edges,
        agents=_spread(servers, real, size, 0),
        rates=_spread(table.calls[idx] / period, real, size, 0.0),
        handle=_distribution(options.handle, "--handle") or distributions.make("exponential"),
        patience=patience,
        handle_mean=_spread(table.aht_s[idx], real, size, 1.0),
        patience_mean=_spread(table.patience_s[idx], real, size, np.inf),
        queue_capacity=options.queue_capacity,
        answer_within=options.answer_within_s,
    )
    return scenario, real


def _check(options: SimulateOptions) -> None:
    if options.queue_capacity is not None and options.queue_capacity < 0:
        raise InvalidInput(f"must be >= 0, got {options.queue_capacity}",
                           field="--queue-capacity")
    if not (0.0 <= options.answer_within_s < math.inf):
        raise InvalidInput(f"must be >= 0 seconds, got {options.answer_within_s}",
                           field="--answer-within-s")
    if options.replications < 1:
        raise InvalidInput(f"must be >= 1, got {options.replications}", field="--replications")
    if options.sl_target is not None and not (0.0 <= options.sl_target <= 1.0):
        raise InvalidInput(f"must be within [0, 1], got {options.sl_target}",
                           field="--sl-target")
    if not (0.0 <= options.volume_cv < math.inf):
        raise InvalidInput(f"must be >= 0, got {options.volume_cv}", field="--volume-cv")


def expected_calls(path: str | Path, options: SimulateOptions) -> float:
    """Calls one run of :func:`simulate_workload` will simulate, on average."""
    table = read_workload(path)
    _, idx = _pick_channel(table, options.channel)
    return float(np.sum(table.calls[idx])) * options.replications


def simulate_workload(path: str | Path, options: SimulateOptions,
                      progress: Progress | None = None) -> SimulationReport:
    """Simulate the workload file at ``path`` (see the module notes).

    Raises
    ------
    NotFound
        A file (workload, staffing plan, empirical samples) does not exist.
    InvalidInput
        Any bad option or file content, named in a one-line message.
    """
    _check(options)
    table = read_workload(path)
    channel, idx = _pick_channel(table, options.channel)
    idx = idx[np.argsort([table.interval_start[i].timestamp() for i in idx], kind="stable")]
    agents = _agents(options.agents, [table.interval_start[i] for i in idx], channel)
    scenario, real = build_scenario(table, idx, agents, options)
    seed = _seed(options)
    reps = replicate(scenario, np.random.default_rng(seed), options.replications, progress,
                     options.volume_cv)
    risk = None
    if options.sl_target is not None:
        r = sla_risk(reps, options.sl_target)
        risk = {"target": r.target, "p_miss": r.p_miss, "p_miss_ci95": [r.p_miss_low,
                r.p_miss_high], "quantiles": r.quantiles()}
    return SimulationReport(_overall(reps), reps.ci95(),
                            _intervals(reps, table, idx, agents, real, channel),
                            reps.runs, seed, channel, risk)


def _overall(reps: Replications) -> dict[str, float]:
    mean = reps.mean()
    return {k: mean[k] for k in (*COUNTS, *RATES, "max_queue")}


def _intervals(reps: Replications, table: WorkloadTable, idx: np.ndarray, agents: np.ndarray,
               real: np.ndarray, channel: str) -> list[dict[str, object]]:
    per = measures(reps.pooled)
    return [{**_row(per, real[j], table.interval_start[i], channel, agents[j]),
             "calls": float(table.calls[i])} for j, i in enumerate(idx)]


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
    channel = options.channel or "voice"
    log = read_call_log(window.workspace, window.start, window.end, channel, window.queue)
    period = window.period_minutes * 60.0
    if not period > 0:
        raise InvalidInput("must be > 0", field="--period-minutes")
    edges = np.arange(0.0, (window.end - window.start).total_seconds() + period / 2, period)
    starts = [window.start + timedelta(seconds=float(e)) for e in edges[:-1]]
    agents = _replay_agents(options.agents, starts, channel, window)
    scenario = Scenario(edges=edges, agents=agents, rates=np.zeros(edges.size - 1),
                        handle=_distribution(options.handle, "--handle")
                        or distributions.make("exponential"),
                        patience=_distribution(options.patience, "--patience"),
                        queue_capacity=options.queue_capacity,
                        answer_within=options.answer_within_s)
    seed = _seed(options)
    reps = replicate(scenario, np.random.default_rng(seed), options.replications, progress,
                     log=log)
    per = measures(reps.pooled)
    rows = [_row(per, k, start, channel, agents[k]) for k, start in enumerate(starts)]
    return SimulationReport(_overall(reps), reps.ci95(), rows, reps.runs, seed, channel,
                            observed=observed_measures(log, options.answer_within_s))


def _replay_agents(spec: str, starts: list[datetime], channel: str,
                   window: ReplayWindow) -> np.ndarray:
    if spec.strip().lower() == "logged":
        return logged_agents(window.workspace, window.start, window.end,
                             window.period_minutes * 60.0, channel, window.queue)
    return _agents(spec, starts, channel)


def observed_measures(log: CallLog, answer_within_s: float) -> dict[str, float]:
    """What the logged calls themselves show: counts, abandonment, service level, ASA."""
    offered = int(log.abandoned.size)
    answered = ~log.abandoned
    in_time = answered & (log.wait_s <= answer_within_s)
    n_ans = int(answered.sum())
    return {"offered": offered, "answered": n_ans, "abandoned": offered - n_ans,
            "abandon_rate": (offered - n_ans) / offered,
            "service_level": float(in_time.sum()) / offered,
            "service_level_answered": float(in_time.sum()) / n_ans if n_ans else float("nan"),
            "asa_s": float(log.wait_s[answered].mean()) if n_ans else float("nan")}
