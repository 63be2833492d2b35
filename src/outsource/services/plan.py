"""Use case ``outsource plan``: staff and price every option of a loaded scenario.

The comparison itself is pure (:func:`outsource.core.plan.compare`); this
service takes a :class:`outsource.data.scenario.ScenarioInputs` (the scenario
with its workload and rate cards loaded once), draws with a seeded generator,
and returns a :class:`outsource.schemas.plan.PlanResult` with money in US
dollars and in the scenario's display currency.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from outsource.core import plan as core
from outsource.data.scenario import Scenario, ScenarioInputs, plan_spec, scenario_inputs
from outsource.schemas.plan import (
    Breakeven,
    ChannelPlan,
    Commission,
    OptionResult,
    PlanResult,
    Sensitivity,
)

#: USD money fields of an option and their display-currency twins.
MONEY = ("annual_cost_usd", "p10_usd", "p90_usd", "deterministic_usd", "cost_per_contact_usd",
         "cost_per_productive_hour_usd", "savings_vs_inhouse_usd", "savings_p10_usd",
         "savings_p90_usd")


def option_result(o: core.OptionStats, per_usd: float, currency: str) -> OptionResult:
    """An option's statistics with its money also in the display currency."""
    c = o.commission
    data = {k: getattr(o, k) for k in OptionResult.model_fields if hasattr(o, k)}
    data["commission"] = None if c is None else Commission(**vars(c))
    data.update({k.removesuffix("_usd"): getattr(o, k) * per_usd for k in MONEY})
    return OptionResult(**data, currency=currency)


def run_plan(inputs: ScenarioInputs | Scenario, base_dir: Path | None = None,
             draws: int = 10_000, seed: int = 1) -> PlanResult:
    """Staff, price and compare every option of the loaded scenario.

    ``inputs`` is a scenario with its files loaded
    (:func:`outsource.data.scenario.load_scenario_inputs`), or a scenario
    built in memory (e.g. from stored quotes) whose files are then loaded once
    from ``base_dir``.
    """
    if isinstance(inputs, Scenario):
        inputs = scenario_inputs(inputs, base_dir)
    s = inputs.scenario
    cmp = core.compare(plan_spec(s), inputs.card, inputs.workload, draws,
                       np.random.default_rng(seed))
    fx, code = s.currency.per_usd, s.currency.code
    notes = [f"one period of the workload x {cmp.annual_factor:.4f} = one year",
             "money in USD; savings are medians of paired draws (in-house minus option)"]
    notes += _channel_notes(s, cmp.by_channel)
    return PlanResult(
        scenario=s.name, currency=code, per_usd=fx, draws=draws, seed=seed,
        contacts_per_year=cmp.contacts_per_year,
        staffed_hours_per_year=cmp.staffed_hours_per_year,
        options=[option_result(o, fx, code) for o in cmp.options],
        breakeven=[Breakeven(**vars(b), shared_per_min=b.shared_usd_per_min * fx,
                             dedicated_per_hour=b.dedicated_usd_per_hour * fx)
                   for b in cmp.breakeven],
        sensitivity=[Sensitivity(**vars(w), savings_at_low=w.savings_at_low_usd * fx,
                                 savings_at_high=w.savings_at_high_usd * fx,
                                 swing=w.swing_usd * fx) for w in cmp.sensitivity],
        notes=notes, by_channel=[_channel(c, s) for c in cmp.by_channel], hours=s.hours)


def _channel(c: core.ChannelPlan, s: Scenario) -> ChannelPlan:
    t = s.targets
    deferred = c.model == "deferred"
    return ChannelPlan(**vars(c), response_within_h=t.response_within_h if deferred else None,
                       response_share=t.response_share if deferred else None,
                       response_clock=t.response_clock if deferred else None)


def _channel_notes(s: Scenario, channels: list[core.ChannelPlan]) -> list[str]:
    t = s.targets
    notes = []
    if any(c.model == "deferred" for c in channels):
        notes.append(f"e-mail and social staffed as a backlog: {t.response_share:.0%} answered "
                     f"within {t.response_within_h:g} {t.response_clock} hours, one team "
                     f"working the hours of operation ({s.hours})")
    outside = sum(c.contacts_outside_hours_per_year for c in channels)
    if outside > 0:
        notes.append(f"{outside:,.0f} voice/chat contacts a year arrive outside the hours of "
                     f"operation ({s.hours}) and are not served")
    return notes
