"""Results of ``outsource simulate``: a workload or a logged window, replicated.

Counts are per replication (means over replications); shares are in [0, 1];
``_s`` fields are seconds. See docs/simulation.md for the model.
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Column, Rows, Schema

_PER_RUN = " per replication [calls]"


class SimulatedMeasures(Schema):
    """Whole-horizon measures: means over replications."""

    offered: float = Field(description="Calls offered" + _PER_RUN)
    answered: float = Field(description="Calls answered" + _PER_RUN)
    abandoned: float = Field(description="Calls abandoned" + _PER_RUN)
    blocked: float = Field(description="Calls blocked by a full waiting room" + _PER_RUN)
    p_wait: float | None = Field(description="Share of offered calls that waited [share].")
    abandon_rate: float | None = Field(description="Share of offered calls that hung up "
                                                   "[share].")
    block_rate: float | None = Field(description="Share of offered calls blocked [share].")
    service_level: float | None = Field(description="Share of offered calls answered within "
                                                    "the threshold [share].")
    service_level_answered: float | None = Field(description="Share of answered calls "
                                                             "answered within the threshold "
                                                             "[share].")
    asa_s: float | None = Field(description="Mean wait of answered calls [s].")
    mean_wait_abandoned_s: float | None = Field(description="Mean wait of abandoned calls "
                                                            "[s].")
    occupancy: float | None = Field(description="Busy agent time / staffed agent time "
                                                "[share].")
    mean_queue: float | None = Field(description="Time-average number of calls waiting "
                                                 "[calls].")
    max_queue: float | None = Field(description="Most calls waiting at once, over all "
                                                "replications [calls].")


class HalfWidths(Schema):
    """t-based 95 % confidence half-widths over replications (same units as the measure)."""

    p_wait: float | None = Field(description="Half-width of p_wait [share].")
    abandon_rate: float | None = Field(description="Half-width of abandon_rate [share].")
    block_rate: float | None = Field(description="Half-width of block_rate [share].")
    service_level: float | None = Field(description="Half-width of service_level [share].")
    service_level_answered: float | None = Field(description="Half-width of "
                                                             "service_level_answered [share].")
    asa_s: float | None = Field(description="Half-width of asa_s [s].")
    mean_wait_abandoned_s: float | None = Field(description="Half-width of "
                                                            "mean_wait_abandoned_s [s].")
    occupancy: float | None = Field(description="Half-width of occupancy [share].")
    mean_queue: float | None = Field(description="Half-width of mean_queue [calls].")


class SimulatedIntervals(Rows):
    """Per interval, all replications pooled (columnar; JSON: one object per interval)."""

    interval_start: Column = Field(description="Interval start, ISO 8601 with offset.")
    channel: Column = Field(description="Channel simulated.")
    agents: Column = Field(description="Agents on duty [agents].")
    calls: Column = Field(description="Calls the workload file expects (null when replaying "
                                      "a log) [calls].")
    offered: Column = Field(description="Calls offered" + _PER_RUN)
    answered: Column = Field(description="Calls answered" + _PER_RUN)
    abandoned: Column = Field(description="Calls abandoned" + _PER_RUN)
    blocked: Column = Field(description="Calls blocked" + _PER_RUN)
    p_wait: Column = Field(description="Share of offered calls that waited [share].")
    abandon_rate: Column = Field(description="Share of offered calls that hung up [share].")
    block_rate: Column = Field(description="Share of offered calls blocked [share].")
    service_level: Column = Field(description="Share of offered calls answered within the "
                                              "threshold [share].")
    service_level_answered: Column = Field(description="Share of answered calls answered "
                                                       "within the threshold [share].")
    asa_s: Column = Field(description="Mean wait of answered calls [s].")
    mean_wait_abandoned_s: Column = Field(description="Mean wait of abandoned calls [s].")
    occupancy: Column = Field(description="Busy / staffed agent time [share].")
    mean_queue: Column = Field(description="Time-average number waiting [calls].")
    max_queue: Column = Field(description="Most calls waiting at once [calls].")


class SlaRisk(Schema):
    """Probability of missing a service-level target over the simulated horizon."""

    target: float = Field(description="Service-level target [share].")
    p_miss: float = Field(description="Share of replications below the target [share].")
    p_miss_ci95: list[float] = Field(description="Wilson 95 % interval of p_miss, [low, "
                                                 "high] [share].")
    quantiles: dict[str, float] = Field(description="Quantiles of the horizon's service "
                                                    "level over replications (p05 ... p95) "
                                                    "[share].")


class ObservedMeasures(Schema):
    """What a replayed log itself shows."""

    offered: int = Field(description="Calls logged as answered or abandoned [calls].")
    answered: int = Field(description="Calls answered [calls].")
    abandoned: int = Field(description="Calls abandoned [calls].")
    abandon_rate: float | None = Field(description="Share of offered calls abandoned [share].")
    service_level: float | None = Field(description="Share of offered calls answered within "
                                                    "the threshold [share].")
    service_level_answered: float | None = Field(description="Share of answered calls "
                                                             "answered within the threshold "
                                                             "[share].")
    asa_s: float | None = Field(description="Mean wait of answered calls [s].")


class SimulatedDay(Schema):
    """One local day of the simulation (per replication)."""

    day: str = Field(description="Local date, YYYY-MM-DD.")
    offered: float = Field(description="Calls offered" + _PER_RUN)
    answered: float = Field(description="Calls answered" + _PER_RUN)
    abandoned: float = Field(description="Calls abandoned" + _PER_RUN)
    blocked: float = Field(description="Calls blocked" + _PER_RUN)
    service_level: float | None = Field(description="Share of offered calls answered within "
                                                    "the threshold [share].")
    peak_agents: int = Field(description="Most agents on duty in one interval [agents].")


class SimulationReport(Schema):
    """What a simulation found."""

    overall: SimulatedMeasures = Field(description="Whole-horizon measures.")
    ci95: HalfWidths = Field(description="95 % confidence half-widths of the rates.")
    intervals: SimulatedIntervals = Field(description="Per interval (columnar).")
    days: list[SimulatedDay] = Field(description="Per local day.")
    replications: int = Field(description="Independent replications run.")
    seed: int = Field(description="Seed of the run (give it back with --seed to repeat it).")
    channel: str = Field(description="Channel simulated.")
    risk: SlaRisk | None = Field(default=None, description="With --service-level: the "
                                                          "probability of missing it.")
    observed: ObservedMeasures | None = Field(default=None, description="When replaying a "
                                                                        "log: what it shows.")
    warmup_h: float = Field(default=0.0, description="Hours at the start left out of every "
                                                     "statistic [h]; overall, intervals and "
                                                     "days cover what follows (0: everything, "
                                                     "from an empty queue).")
