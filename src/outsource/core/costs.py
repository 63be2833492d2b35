"""In-house fully loaded cost of a contact centre, per year and per productive hour.

The playbook ("Decide whether to outsource at all") asks for the cost of running
the department yourself: salaries and training, equipment and supplies,
building or rent, and maintenance. This module makes every component explicit:

- agent wages on paid hours, where paid hours = staffed (productive) hours /
  (1 - shrinkage), loaded with benefits and payroll taxes;
- supervisors (one per ``supervisor_span`` agents) and managers (one per
  ``manager_span`` supervisors), loaded the same way;
- turnover: hires per year = agent FTE x attrition, each costing recruiting
  plus paid training hours;
- per seat per year: equipment and supplies, facilities (rent), maintenance,
  software and telephony; seats = peak staffed agents x ``seat_factor`` plus
  supervisors and managers.

Every input accepts a float or an array of Monte Carlo draws (broadcast).
:data:`INHOUSE_DEFAULTS` gives each input a default range and its source;
docs/costs.md explains them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

#: Weeks per year used to annualise a one-week workload (365 / 7).
WEEKS_PER_YEAR = 365.0 / 7.0

_BLS_OES = "US BLS Occupational Employment and Wage Statistics, May 2023"
_ECEC = ("US BLS Employer Costs for Employee Compensation, private industry, Dec 2023 "
         "(USDL-24-0485: wages $30.33 of $43.11/h = 70.4%, legally required benefits "
         "$3.17, paid leave $3.26)")

#: Default range ``(low, mode, high)`` and source of each in-house input.
INHOUSE_DEFAULTS: dict[str, tuple[float, float, float, str]] = {
    "wage_usd_per_hour": (17.0, 19.08, 23.0,
                          f"{_BLS_OES}, SOC 43-4051 customer service representatives, median "
                          "$19.08/h; low/high an assumption around the median"),
    "benefits_load": (0.17, 0.21, 0.30,
                      f"{_ECEC}: benefits other than legally required and paid leave "
                      "$6.34/h = 0.21 x wages; range an assumption"),
    "payroll_tax_rate": (0.09, 0.105, 0.11,
                         f"{_ECEC}: legally required benefits 3.17/30.33 = 0.105 x wages "
                         "(FICA alone is 7.65%)"),
    "recruiting_usd_per_hire": (1500.0, 2500.0, 4700.0,
                                "SHRM 2022 benchmark, average cost per hire ~$4,700 (all "
                                "jobs); hourly agent roles cost less: mode an assumption"),
    "training_hours_per_hire": (80.0, 160.0, 240.0,
                                "assumption: 2-6 weeks of paid new-hire training, a common "
                                "contact-centre range"),
    "attrition_per_year": (0.30, 0.38, 0.45,
                           "industry benchmark: contact-centre agent attrition 30-45% a year "
                           "(assumption within it)"),
    "equipment_usd_per_seat_year": (600.0, 800.0, 1200.0,
                                    "assumption: PC, monitors, headset over 3 years, supplies"),
    "facilities_usd_per_seat_year": (3000.0, 4000.0, 6000.0,
                                     "assumption: ~120-150 sq ft per seat x US office rent "
                                     "$25-40 per sq ft per year"),
    "maintenance_usd_per_seat_year": (300.0, 500.0, 800.0,
                                      "assumption: IT support and facility maintenance"),
    "software_telephony_usd_per_seat_year": (1200.0, 1800.0, 2400.0,
                                             "assumption: cloud contact-centre licence and "
                                             "telephony $100-200 per agent-month"),
    "supervisor_span": (12.0, 13.5, 15.0,
                        "industry benchmark: one supervisor per 12-15 agents"),
    "supervisor_usd_per_hour": (26.0, 30.0, 35.0,
                                f"{_BLS_OES}, SOC 43-1011 first-line supervisors of office "
                                "and administrative support workers, median ~$30/h (rounded)"),
    "manager_span": (6.0, 8.0, 10.0, "assumption: one manager per 6-10 supervisors"),
    "manager_usd_per_hour": (40.0, 50.0, 60.0,
                             f"assumption, cf. {_BLS_OES}, SOC 11-3012 administrative "
                             "services managers"),
    "shrinkage": (0.25, 0.30, 0.35,
                  "industry benchmark: ~30% of paid time off the phones (breaks, leave, "
                  "training, meetings)"),
    "paid_hours_per_fte_year": (2080.0, 2080.0, 2080.0, "US full time: 40 h x 52 weeks"),
    "seat_factor": (1.0, 1.15, 1.3,
                    "assumption: seats per peak staffed agent (agents on site off the "
                    "phones)"),
}


@dataclass(frozen=True)
class WorkloadFacts:
    """What the cost models need to know about a (part of a) workload, per year.

    Attributes
    ----------
    contacts_per_year : offered contacts [contacts/year].
    handle_minutes_per_year : contacts x AHT [min/year].
    staffed_hours_per_year : agent-hours the service targets need [h/year].
    peak_agents : most agents staffed in one interval [agents].
    aht_s : contact-weighted mean handle time [s].
    """

    contacts_per_year: float
    handle_minutes_per_year: float
    staffed_hours_per_year: float
    peak_agents: float
    aht_s: float


@dataclass(frozen=True)
class InhouseInputs:
    """In-house cost inputs (floats or arrays of draws); see :data:`INHOUSE_DEFAULTS`.

    Units: wages [USD/h]; loads and rates as fractions of wages; per-hire
    costs [USD/hire]; per-seat costs [USD/seat/year]; spans [reports/lead];
    shrinkage as a fraction of paid time; paid hours [h/FTE/year].
    """

    wage_usd_per_hour: ArrayLike
    benefits_load: ArrayLike
    payroll_tax_rate: ArrayLike
    recruiting_usd_per_hire: ArrayLike
    training_hours_per_hire: ArrayLike
    attrition_per_year: ArrayLike
    equipment_usd_per_seat_year: ArrayLike
    facilities_usd_per_seat_year: ArrayLike
    maintenance_usd_per_seat_year: ArrayLike
    software_telephony_usd_per_seat_year: ArrayLike
    supervisor_span: ArrayLike
    supervisor_usd_per_hour: ArrayLike
    manager_span: ArrayLike
    manager_usd_per_hour: ArrayLike
    shrinkage: ArrayLike
    paid_hours_per_fte_year: ArrayLike
    seat_factor: ArrayLike

    @classmethod
    def defaults(cls) -> InhouseInputs:
        """Every input at its default central value (the mode)."""
        return cls(**{k: v[1] for k, v in INHOUSE_DEFAULTS.items()})

    @classmethod
    def from_params(cls, params: dict[str, ArrayLike], prefix: str = "inhouse.") -> InhouseInputs:
        """Pick ``prefix + field`` from a mapping of (sampled) parameters."""
        return cls(**{f.name: params[prefix + f.name] for f in fields(cls)})


@dataclass(frozen=True)
class InhouseCost:
    """In-house cost per year, by component [USD/year], and the headcount behind it."""

    components: dict[str, FloatArray]
    paid_agent_hours: FloatArray
    fte: FloatArray
    supervisors: FloatArray
    managers: FloatArray
    seats: FloatArray

    @property
    def total(self) -> FloatArray:
        """Sum of the components [USD/year]."""
        return sum(self.components.values())


def scheduled_hours(staffed_hours: ArrayLike, shrinkage: ArrayLike) -> FloatArray:
    """Paid (scheduled) hours covering ``staffed_hours`` after shrinkage [h].

    The formula of :func:`outsource.core.workforce.scheduled_agents`,
    ``scheduled = staffed / (1 - shrinkage)``, vectorised over shrinkage draws.
    """
    return np.asarray(staffed_hours, dtype=float) / (1.0 - np.asarray(shrinkage, dtype=float))


def load_factor(x: InhouseInputs) -> FloatArray:
    """Multiplier from wages to employer cost: ``1 + benefits_load + payroll_tax_rate``."""
    return 1.0 + np.asarray(x.benefits_load) + np.asarray(x.payroll_tax_rate)


def inhouse_cost(facts: WorkloadFacts, x: InhouseInputs) -> InhouseCost:
    """Fully loaded annual in-house cost of serving ``facts``.

    Parameters
    ----------
    facts : WorkloadFacts
        Staffed hours per year [h/year] and peak staffed agents.
    x : InhouseInputs
        Cost inputs (floats or arrays of draws).

    Returns
    -------
    InhouseCost
        Components [USD/year]: ``agent_wages``, ``supervision``, ``turnover``,
        ``equipment``, ``facilities``, ``maintenance``, ``software_telephony``.
    """
    load = load_factor(x)
    paid = scheduled_hours(facts.staffed_hours_per_year, x.shrinkage)
    # FTE from paid hours, as in the workforce module: hours / paid hours per FTE.
    fte = paid / np.asarray(x.paid_hours_per_fte_year)
    supervisors = fte / np.asarray(x.supervisor_span)
    managers = supervisors / np.asarray(x.manager_span)
    lead_pay = (supervisors * np.asarray(x.supervisor_usd_per_hour)
                + managers * np.asarray(x.manager_usd_per_hour))
    hire_cost = (np.asarray(x.recruiting_usd_per_hire)
                 + np.asarray(x.training_hours_per_hire) * np.asarray(x.wage_usd_per_hour) * load)
    seats = facts.peak_agents * np.asarray(x.seat_factor) + supervisors + managers
    comps = {
        "agent_wages": paid * np.asarray(x.wage_usd_per_hour) * load,
        "supervision": lead_pay * np.asarray(x.paid_hours_per_fte_year) * load,
        "turnover": fte * np.asarray(x.attrition_per_year) * hire_cost,
        "equipment": seats * np.asarray(x.equipment_usd_per_seat_year),
        "facilities": seats * np.asarray(x.facilities_usd_per_seat_year),
        "maintenance": seats * np.asarray(x.maintenance_usd_per_seat_year),
        "software_telephony": seats * np.asarray(x.software_telephony_usd_per_seat_year),
    }
    comps = {k: np.asarray(v, dtype=float) for k, v in comps.items()}
    return InhouseCost(comps, np.asarray(paid), np.asarray(fte), np.asarray(supervisors),
                       np.asarray(managers), np.asarray(seats, dtype=float))


def cost_per_productive_hour(annual_usd: ArrayLike, facts: WorkloadFacts) -> FloatArray:
    """Annual cost over the staffed (productive) agent-hours [USD/h]."""
    hours = facts.staffed_hours_per_year
    return np.asarray(annual_usd, dtype=float) / hours if hours > 0 else np.zeros_like(
        np.asarray(annual_usd, dtype=float))
