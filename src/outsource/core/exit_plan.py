"""The exit plan's ramp: hiring and training an in-house team to take the work back.

Step seven of the playbook: keep the ability to run service in-house, with an
exit plan and staff able to take the volume if the contract ends. This module
answers "how many weeks until an in-house team covers the vendor's work, and
what does the ramp cost", week by week, in expected values (fractional people):

- Hires: ``H = ceil(fte_needed / (1 - ramp_attrition_share))`` people, at most
  ``hires_per_week`` a week from week 1, so that the expected survivors cover
  the need.
- A hire spends ``training_weeks`` in paid training (no capacity), then
  ``time_to_proficiency_weeks`` productive weeks at a proficiency rising
  linearly from ``start_proficiency_share`` (first productive week) towards 1;
  from the next week on it is fully proficient (capacity 1 FTE).
- ``ramp_attrition_share`` of each hiring class leaves before it is fully
  proficient, at a constant weekly rate over training and the proficiency
  weeks (survival ``(1 - share) ** (k / (training + proficiency weeks))`` after
  k weeks); leavers are paid for the weeks they stay. Turnover of proficient
  staff is the running cost's (``core.costs``), not the ramp's.
- The team is ready in the first week its proficiency-weighted capacity covers
  ``fte_needed``; then both teams run side by side for ``parallel_run_weeks``.
  **Ramp weeks** = weeks before the ready week + the parallel run: the weeks
  the vendor must still serve.
- Cost (the in-house cost model's inputs, :class:`outsource.core.costs.InhouseInputs`):
  recruiting per hire, wages x load for every paid week (training included),
  supervision and managers by their spans, and per-seat costs for everyone
  employed; per week = per year / 52 (the 2,080 h = 40 h x 52 weeks
  convention of ``paid_hours_per_fte_year``). The vendor's own fees during the
  ramp are not included (they are paid either way).
- Red flag: the ramp outlasts the notice plus the exit assistance.

:data:`EXIT_DEFAULTS` gives every ramp input a default and its source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from outsource.core.costs import INHOUSE_DEFAULTS, WEEKS_PER_YEAR, InhouseInputs, load_factor
from outsource.errors import InvalidInput

#: Paid weeks of one FTE-year: ``paid_hours_per_fte_year`` (2,080 h) is 40 h x 52 weeks.
PAID_WEEKS_PER_YEAR = 52.0
_TRAIN_H = INHOUSE_DEFAULTS["training_hours_per_hire"]

#: Default and source of each ramp input.
EXIT_DEFAULTS: dict[str, tuple[float, str]] = {
    "hires_per_week": (10.0, "assumption: one training class of 10 starting each week"),
    "training_weeks": (_TRAIN_H[1] / 40.0,
                       f"the cost model's training_hours_per_hire ({_TRAIN_H[1]:.0f} h, "
                       f"{_TRAIN_H[3]}) at 40 paid hours a week"),
    "time_to_proficiency_weeks": (8.0,
                                  "assumption, after WFM Labs 'Agent Onboarding and Nesting "
                                  "Period Management': nesting runs to about week 8 of "
                                  "tenure; full proficiency 8 weeks after training"),
    "start_proficiency_share": (0.5, "assumption: a new agent's first productive week at "
                                "half a tenured agent's output"),
    "ramp_attrition_share": (0.20, "WFM Labs 'Agent Onboarding and Nesting Period "
                             "Management': 15-25% of a hiring class leaves in its first 90 "
                             "days (midpoint)"),
    "parallel_run_weeks": (4.0, "the cost model's parallel_run_months (1 month, an "
                           "assumption) in whole weeks"),
}


@dataclass(frozen=True)
class RampInputs:
    """Inputs of the hiring and training ramp (see module notes; defaults in
    :data:`EXIT_DEFAULTS`).

    Attributes
    ----------
    fte_needed : full-time people the workload needs in-house, shrinkage included [FTE].
    hires_per_week : most people hired (starting) per week [people/week].
    training_weeks : weeks of paid training before taking contacts [weeks].
    time_to_proficiency_weeks : productive weeks below full proficiency [weeks].
    start_proficiency_share : output in the first productive week, share of a
        tenured agent's [0-1].
    ramp_attrition_share : share of a hiring class leaving before full proficiency [0-1).
    parallel_run_weeks : weeks both teams serve once in-house is ready [weeks].
    """

    fte_needed: float
    hires_per_week: float = EXIT_DEFAULTS["hires_per_week"][0]
    training_weeks: int = int(EXIT_DEFAULTS["training_weeks"][0])
    time_to_proficiency_weeks: int = int(EXIT_DEFAULTS["time_to_proficiency_weeks"][0])
    start_proficiency_share: float = EXIT_DEFAULTS["start_proficiency_share"][0]
    ramp_attrition_share: float = EXIT_DEFAULTS["ramp_attrition_share"][0]
    parallel_run_weeks: int = int(EXIT_DEFAULTS["parallel_run_weeks"][0])

    def check(self) -> None:
        """Refuse inputs outside their ranges, naming the input."""
        if not (math.isfinite(self.fte_needed) and self.fte_needed >= 0):
            raise InvalidInput("must be a finite number >= 0", field="fte_needed")
        if not self.hires_per_week > 0:
            raise InvalidInput("must be > 0", field="hires_per_week")
        for name in ("training_weeks", "time_to_proficiency_weeks", "parallel_run_weeks"):
            value = getattr(self, name)
            if int(value) != value or value < 0:
                raise InvalidInput("must be a whole number of weeks >= 0", field=name)
        if not 0 <= self.start_proficiency_share <= 1:
            raise InvalidInput("must be between 0 and 1", field="start_proficiency_share")
        if not 0 <= self.ramp_attrition_share < 1:
            raise InvalidInput("must be in [0, 1)", field="ramp_attrition_share")


@dataclass(frozen=True)
class Ramp:
    """The weekly ramp, weeks 1..``weeks`` (arrays of that length, expected values).

    Attributes
    ----------
    hired : people starting that week [people].
    in_training : people in training [people].
    ramping : productive people not yet fully proficient [people].
    proficient : fully proficient people [people].
    headcount : everyone employed (paid) that week [people].
    capacity_fte : proficiency-weighted capacity [FTE].
    total_hires : people hired over the ramp [people].
    ready_week : first week whose capacity covers the need (1-based).
    ramp_weeks : weeks the vendor must still serve: ``ready_week - 1`` + parallel run.
    """

    hired: NDArray[np.float64]
    in_training: NDArray[np.float64]
    ramping: NDArray[np.float64]
    proficient: NDArray[np.float64]
    headcount: NDArray[np.float64]
    capacity_fte: NDArray[np.float64]
    total_hires: float
    ready_week: int
    ramp_weeks: int

    @property
    def weeks(self) -> int:
        """Length of the weekly table [weeks] (at least the ready week)."""
        return int(self.hired.size)


def ramp(x: RampInputs) -> Ramp:
    """The weekly hiring, training and proficiency ramp (module notes).

    Returns
    -------
    Ramp
        The table covers weeks 1 to ``max(ready_week, ramp_weeks)``.
    """
    x.check()
    t_w, p_w = int(x.training_weeks), int(x.time_to_proficiency_weeks)
    q, s = x.ramp_attrition_share, x.start_proficiency_share
    need = float(x.fte_needed)
    total = float(math.ceil(need / (1.0 - q) - 1e-9)) if need > 0 else 0.0
    hire_weeks = math.ceil(total / x.hires_per_week - 1e-12) if total > 0 else 0
    hired_by = np.minimum(x.hires_per_week * np.arange(1, hire_weeks + 1), total)
    cohorts = np.diff(np.concatenate([[0.0], hired_by]))
    span = t_w + p_w
    horizon = hire_weeks + span + 1
    ages = np.arange(horizon)
    survival = (1.0 - q) ** (np.minimum(ages, span) / span) if span > 0 else np.ones(horizon)
    prof = np.where(ages < t_w, 0.0,
                    np.where(ages < span, s + (1.0 - s) * (ages - t_w) / max(p_w, 1), 1.0))
    stage = np.where(ages < t_w, 0, np.where(ages < span, 1, 2))
    weeks = max(horizon, 1)
    table = np.zeros((4, weeks))  # in training, ramping, proficient, capacity
    for h, size in enumerate(cohorts):
        age = np.arange(weeks - h)
        age = np.minimum(age, horizon - 1)
        people = size * survival[age]
        for k in range(3):
            table[k, h:] += np.where(stage[age] == k, people, 0.0)
        table[3, h:] += people * prof[age]
    capacity = table[3]
    ok = np.nonzero(capacity >= need - 1e-9)[0]
    ready = int(ok[0]) + 1 if need > 0 else 1
    ramp_weeks = ready - 1 + int(x.parallel_run_weeks)
    length = max(ready, ramp_weeks)
    if length > weeks:  # extend with the steady state reached at the horizon
        table = np.concatenate([table, np.repeat(table[:, -1:], length - weeks, axis=1)], 1)
    table = table[:, :length]
    hired = np.zeros(length)
    hired[:min(hire_weeks, length)] = cohorts[:length]
    head = table[0] + table[1] + table[2]
    return Ramp(hired, table[0], table[1], table[2], head, table[3], total, ready, ramp_weeks)


@dataclass(frozen=True)
class RampCost:
    """The in-house cost of the ramp's weeks [USD], by component.

    Attributes
    ----------
    components : ``recruiting``, ``agent_wages``, ``supervision``, ``seats`` [USD].
    weekly_usd : cost per week of the ramp [USD/week].
    """

    components: dict[str, float]
    weekly_usd: NDArray[np.float64]

    @property
    def total_usd(self) -> float:
        """Sum of the components [USD]."""
        return float(sum(self.components.values()))


def ramp_cost(r: Ramp, x: InhouseInputs, weeks: int | None = None) -> RampCost:
    """In-house cost of the first ``weeks`` weeks of the ramp (default: its ramp weeks).

    Parameters
    ----------
    r : Ramp
    x : InhouseInputs
        Central (float) in-house cost inputs of ``core.costs`` (wages, load,
        recruiting per hire, spans, per-seat costs, paid hours per FTE-year).
    weeks : int, optional
        Weeks to cost; default ``r.ramp_weeks`` (the weeks the vendor still serves).
    """
    n = r.ramp_weeks if weeks is None else int(weeks)
    n = min(n, r.weeks)
    head, hired = r.headcount[:n], r.hired[:n]
    load = float(load_factor(x))
    hours_week = float(x.paid_hours_per_fte_year) / PAID_WEEKS_PER_YEAR
    sup = head / float(x.supervisor_span)
    mgr = sup / float(x.manager_span)
    seat_year = (float(x.equipment_usd_per_seat_year) + float(x.facilities_usd_per_seat_year)
                 + float(x.maintenance_usd_per_seat_year)
                 + float(x.software_telephony_usd_per_seat_year))
    weekly = {
        "recruiting": hired * float(x.recruiting_usd_per_hire),
        "agent_wages": head * hours_week * float(x.wage_usd_per_hour) * load,
        "supervision": (sup * float(x.supervisor_usd_per_hour)
                        + mgr * float(x.manager_usd_per_hour)) * hours_week * load,
        "seats": (head + sup + mgr) * seat_year / PAID_WEEKS_PER_YEAR,
    }
    return RampCost({k: float(v.sum()) for k, v in weekly.items()},
                    sum(weekly.values()) if n else np.zeros(0))


def weeks_of_months(months: float) -> float:
    """Calendar months as weeks: months x 365 / 7 / 12 [weeks]."""
    return months * WEEKS_PER_YEAR / 12.0


def ramp_outlasts(ramp_weeks: float, notice_days: float, exit_assistance_months: float
                  ) -> tuple[float, float, bool]:
    """Notice [weeks], exit assistance [weeks], and whether the ramp outlasts both together."""
    notice_w = notice_days / 7.0
    exit_w = weeks_of_months(exit_assistance_months)
    return notice_w, exit_w, bool(ramp_weeks > notice_w + exit_w + 1e-9)
