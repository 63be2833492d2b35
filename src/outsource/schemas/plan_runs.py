"""Plan runs: a plan computed in the background (web), kept with what it priced.

A run is the cost model's :class:`~outsource.schemas.plan.PlanResult` plus
what its charts need and the plan result does not carry: the staffing curve
(agents per interval of the typical week, per channel) and, per region, the
vendor fees of shared per-minute and dedicated hourly billing as the volume
is scaled (the break-even curves). Columnar: ``x[i]``, ``y[i]`` belong
together. Money in US dollars per year (``_usd``); shares in [0, 1].
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from outsource.schemas.base import Schema
from outsource.schemas.plan import PlanResult
from outsource.schemas.time import Instant

#: Monday of the week the staffing curve's times are laid on (weekday and local time only).
REFERENCE_MONDAY = "2024-01-01"


class StaffingCurve(Schema):
    """Agents the service targets need, per interval of a typical week and channel."""

    start: list[str] = Field(description="Interval start, local time, laid on the week of "
                                         "Monday " + REFERENCE_MONDAY + " (only the weekday "
                                         "and time of day mean something) 'YYYY-MM-DDTHH:MM'.")
    channel: list[str] = Field(description="Channel of the row (voice, chat, email, social).")
    agents: list[float] = Field(description="Agents staffed on the row's contacts [agents]; "
                                            "a mean over the weeks when the workload holds "
                                            "several.")
    weeks: float = Field(description="Weeks the workload covers (rows are means over them) "
                                     "[weeks].")
    peak_agents: float = Field(description="Most agents staffed at once, all channels "
                                           "[agents].")


class BreakevenCurve(Schema):
    """One region's vendor fees under shared and dedicated billing as the volume scales."""

    region: str = Field(description="Rate-card region id.")
    volume_multiplier: list[float] = Field(description="Multiple of the scenario's volume.")
    contacts_per_year: list[float] = Field(description="Contacts at that volume "
                                                       "[contacts/year].")
    shared_usd: list[float] = Field(description="Shared per-minute fees at the central rate, "
                                                "6 s billing [USD/year].")
    dedicated_usd: list[float] = Field(description="Dedicated hourly fees at the central "
                                                   "rate, productive hours [USD/year].")


class PlanRunResult(Schema):
    """What a plan run produced."""

    plan: PlanResult = Field(description="The cost comparison (outsource plan --json).")
    staffing: StaffingCurve = Field(description="The staffing curve of the workload.")
    breakeven_curves: list[BreakevenCurve] = Field(description="Per region with both a shared "
                                                               "and a dedicated rate.")


class PlanRunSummary(Schema):
    """One plan run in a list."""

    id: int = Field(description="Plan run number.")
    job_id: int | None = Field(description="The background job that computed it.")
    scenario: str = Field(description="Scenario name.")
    source: str = Field(description="Where the scenario came from: the workspace's stored "
                                    "scenario, an uploaded file, or the form.")
    owner: str = Field(description="User who ran it.")
    draws: int = Field(description="Monte Carlo draws.")
    seed: int = Field(description="Random seed.")
    created_at: Instant | None = Field(description="When it finished [UTC].")
    best_option: str | None = Field(description="The option with the lowest median annual "
                                                "cost.")
    best_annual_cost_usd: float | None = Field(description="Its median annual cost "
                                                           "[USD/year].")
    inhouse_annual_cost_usd: float | None = Field(description="In-house median annual cost "
                                                              "[USD/year].")


class PlanRunPublic(PlanRunSummary):
    """One plan run with its result and the scenario it priced."""

    scenario_yaml: str = Field(description="The scenario priced, as YAML.")
    savable: bool = Field(description="Whether it can become the workspace's scenario (an "
                                      "uploaded or form scenario that is not already it).")
    result: PlanRunResult | None = Field(description="The result; null when it was stored by "
                                                     "another version of outsource and can no "
                                                     "longer be read (run it again).")
    note: str | None = Field(description="Why the result is missing, if it is.")


class ScenarioForm(Schema):
    """The plan page's scenario form: the common inputs of a scenario (docs/web.md).

    Blank money and share fields take the defaults of docs/costs.md; an empty
    ``regions`` or ``pricing_models`` list compares every one on the rate card.
    """

    name: str = Field(default="Web scenario", min_length=1, max_length=200,
                      description="Scenario name.")
    workload: Literal["upload", "profile"] = Field(
        default="upload", description="upload: a workload file (outsource profile --out "
                                      "format); profile: a typical week profiled from the "
                                      "workspace's imported contact logs.")
    interval_minutes: int = Field(default=60, description="Interval of the profiled week: 15, "
                                  "30 or 60 [min] (workload: profile).")
    business_hours: str | None = Field(default=None, max_length=300, description="The buyer's "
                                       "hours, e.g. 'Mon-Fri 08:00-20:00 America/New_York' "
                                       "(kept as advice.answers.business_hours, and as the "
                                       "scenario's hours of operation where scenarios have "
                                       "them).")
    service_level: float | None = Field(default=0.8, gt=0, lt=1, description="Share of "
                                        "contacts answered within answer_within_s.")
    answer_within_s: float = Field(default=20.0, ge=0, le=86_400,
                                   description="Answer-time target [s].")
    max_abandon: float | None = Field(default=None, gt=0, lt=1, description="Most contacts "
                                      "abandoning [share].")
    max_asa_s: float | None = Field(default=None, gt=0, le=86_400,
                                    description="Longest mean wait of answered contacts [s].")
    wage_low_usd_per_hour: float | None = Field(default=None, ge=0, le=10_000,
                                                description="In-house wage, low end [USD/h].")
    wage_usd_per_hour: float | None = Field(default=None, ge=0, le=10_000,
                                            description="In-house wage, most likely [USD/h].")
    wage_high_usd_per_hour: float | None = Field(default=None, ge=0, le=10_000,
                                                 description="In-house wage, high end "
                                                             "[USD/h].")
    benefits_load_low: float | None = Field(default=None, ge=0, le=5, description="Benefits "
                                            "as a share of wages, low end.")
    benefits_load: float | None = Field(default=None, ge=0, le=5, description="Benefits as a "
                                        "share of wages, most likely.")
    benefits_load_high: float | None = Field(default=None, ge=0, le=5, description="Benefits "
                                             "as a share of wages, high end.")
    keep_advice: bool = Field(default=True, description="Keep the workspace scenario's "
                              "advice block (answers, facts, evidence of the seven steps); "
                              "business_hours, when given, replaces its hours.")
    regions: list[str] = Field(default=[], max_length=50, description="Rate-card regions to "
                               "compare (empty: every region).")
    pricing_models: list[str] = Field(default=[], max_length=10, description="Pricing models "
                                      "to compare (empty: every inbound card model).")


    @field_validator("interval_minutes")
    @classmethod
    def _interval(cls, v: int) -> int:
        if v not in (15, 30, 60):
            raise ValueError("must be 15, 30 or 60 minutes")
        return v


class PlanFormOptions(Schema):
    """What the plan page's form offers and pre-fills."""

    regions: dict[str, str] = Field(description="Rate-card region id -> name.")
    pricing_models: list[str] = Field(description="Inbound pricing models of the rate card.")
    stored_scenario: str | None = Field(description="Name of the workspace's scenario (null: "
                                                    "none yet).")
    has_logs: bool = Field(description="Whether contact logs are imported (the profile "
                                       "option).")
    defaults: ScenarioForm = Field(description="The form's starting values (from the stored "
                                               "scenario where it has them).")
    draws: int = Field(description="Default Monte Carlo draws.")
    max_draws: int = Field(description="Most draws a run may ask for.")
