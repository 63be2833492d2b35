"""Results of ``outsource plan`` (and the costs inside ``outsource advise``).

Money is in US dollars per year (``*_usd``) and, beside it, in the scenario's
display currency under the same name without ``_usd`` (``annual_cost``):
``value = value_usd x per_usd``. The conversion is done once, here, for every
face. Shares are in [0, 1].
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Schema

_CUR = " [scenario currency/year]"


class Commission(Schema):
    """Whether a commission-only deal can pay agents as well as hourly work (playbook)."""

    earnings_per_hour_usd: float = Field(description="Commission earned per productive hour "
                                                     "at the central inputs [USD/h].")
    hourly_rate_usd: float = Field(description="The region's outbound hourly rate, central "
                                               "[USD/h].")
    premium: float = Field(description="earnings / hourly rate - 1 [share].")
    workable: bool = Field(description="Whether the premium reaches the required premium.")
    p_workable: float = Field(description="Share of Monte Carlo draws in which it is workable "
                                          "[share].")


class OptionResult(Schema):
    """One compared option: cost distribution, unit costs, savings against in-house."""

    name: str = Field(description="Option name (in-house, card region and model, option, "
                                  "quote or hybrid).")
    region: str = Field(description="Rate-card region id (in_house for in-house).")
    pricing_model: str = Field(description="Pricing model (hybrid:<split>+<model> for "
                                           "hybrids).")
    annual_cost_usd: float = Field(description="Median (P50) annual cost over the draws "
                                               "[USD/year].")
    p10_usd: float = Field(description="10th percentile of the annual cost [USD/year].")
    p90_usd: float = Field(description="90th percentile of the annual cost [USD/year].")
    deterministic_usd: float = Field(description="Annual cost at the central inputs "
                                                 "[USD/year].")
    cost_per_contact_usd: float = Field(description="Median annual cost / contacts per year "
                                                    "[USD/contact].")
    cost_per_productive_hour_usd: float = Field(description="Median annual cost / staffed "
                                                            "hours per year [USD/h].")
    savings_vs_inhouse_usd: float = Field(description="Median of paired in-house minus option "
                                                      "costs [USD/year].")
    savings_p10_usd: float = Field(description="10th percentile of the paired in-house minus "
                                               "option costs [USD/year].")
    savings_p90_usd: float = Field(description="90th percentile of the paired in-house minus "
                                               "option costs [USD/year].")
    p_cheaper_than_inhouse: float = Field(description="Share of draws in which the option "
                                                      "costs less than in-house [share].")
    agents_required: float = Field(description="Most agents on the phones in one interval "
                                               "[agents].")
    fte: float = Field(description="Full-time equivalents paid (in-house) or billed (vendor) "
                                   "[FTE].")
    top_driver: str = Field(description="Input with the largest rank correlation with the "
                                        "option's cost.")
    rate_source: str = Field(description="Where the option's rate comes from (card row, "
                                         "quote, key path).")
    commission: Commission | None = Field(description="Commission-only workability check; "
                                                      "null for other models.")
    annual_cost: float = Field(description="annual_cost_usd" + _CUR)
    p10: float = Field(description="p10_usd" + _CUR)
    p90: float = Field(description="p90_usd" + _CUR)
    deterministic: float = Field(description="deterministic_usd" + _CUR)
    cost_per_contact: float = Field(description="cost_per_contact_usd [scenario "
                                                "currency/contact].")
    cost_per_productive_hour: float = Field(description="cost_per_productive_hour_usd "
                                                        "[scenario currency/h].")
    savings_vs_inhouse: float = Field(description="savings_vs_inhouse_usd" + _CUR)
    savings_p10: float = Field(description="savings_p10_usd" + _CUR)
    savings_p90: float = Field(description="savings_p90_usd" + _CUR)
    currency: str = Field(description="ISO 4217 code of the scenario's display currency.")


class Breakeven(Schema):
    """Per region: the volume at which dedicated hourly becomes no dearer than shared."""

    region: str = Field(description="Rate-card region id.")
    shared_usd_per_min: float = Field(description="Central shared per-minute rate [USD/min].")
    dedicated_usd_per_hour: float = Field(description="Central dedicated hourly rate "
                                                      "[USD/h].")
    volume_multiplier: float | None = Field(description="Multiple of the scenario's volume "
                                                        "at the crossing; null without one.")
    status: str = Field(description="crossing, dedicated_cheaper_throughout or "
                                    "shared_cheaper_throughout.")
    contacts_per_year: float | None = Field(description="Volume at the crossing "
                                                        "[contacts/year].")
    shared_per_min: float = Field(description="shared_usd_per_min [scenario currency/min].")
    dedicated_per_hour: float = Field(description="dedicated_usd_per_hour [scenario "
                                                  "currency/h].")


class Sensitivity(Schema):
    """One input's swing of the best option's savings (one-at-a-time, tornado)."""

    input: str = Field(description="Input name (key path or card price).")
    savings_at_low_usd: float = Field(description="Savings with the input at its low end "
                                                  "[USD/year].")
    savings_at_high_usd: float = Field(description="Savings with the input at its high end "
                                                   "[USD/year].")
    swing_usd: float = Field(description="|high - low| [USD/year].")
    savings_at_low: float = Field(description="savings_at_low_usd" + _CUR)
    savings_at_high: float = Field(description="savings_at_high_usd" + _CUR)
    swing: float = Field(description="swing_usd" + _CUR)


class ChannelPlan(Schema):
    """One channel of the whole workload staffed in-house (the In-house option), per year."""

    channel: str = Field(description="voice, chat, email or social.")
    model: str = Field(description="How it is staffed: erlang_c or erlang_a (voice and chat, "
                                   "per interval, for the service-level targets) or deferred "
                                   "(e-mail and social: one team working the backlog for the "
                                   "response target).")
    contacts_per_year: float = Field(description="Contacts served [contacts/year].")
    contacts_outside_hours_per_year: float = Field(
        description="Voice and chat contacts arriving outside the hours of operation, not "
                    "served and not counted in contacts_per_year [contacts/year] (0 for "
                    "e-mail and social: their items wait for the next opening).")
    handle_minutes_per_year: float = Field(description="Contacts x AHT: what shared "
                                                       "per-minute pricing bills [min/year].")
    staffed_hours_per_year: float = Field(description="Agent hours on the channel [h/year]; "
                                                      "the channels add up to "
                                                      "staffed_hours_per_year.")
    fte: float = Field(description="In-house full-time equivalents: staffed hours / (1 - "
                                   "shrinkage) / paid hours per FTE-year, central values "
                                   "[FTE]; the channels add up to the In-house option's fte.")
    peak_agents: float = Field(description="Most agents on the channel in one interval "
                                           "[agents].")
    team_agents: float | None = Field(description="Deferred channels: the constant team "
                                                  "working the backlog in every working "
                                                  "interval [agents]; null for voice and "
                                                  "chat.")
    share_within_target: float | None = Field(description="Deferred channels: share of items "
                                                          "answered within the response "
                                                          "target [share]; null otherwise.")
    mean_response_h: float | None = Field(description="Deferred channels: mean response time "
                                                      "on the target's clock [h]; null "
                                                      "otherwise.")
    p90_response_h: float | None = Field(description="Deferred channels: 90th percentile of "
                                                     "response time [h]; null otherwise.")
    best_share: float | None = Field(description="Deferred channels: the largest share any "
                                                 "team could answer within the target inside "
                                                 "the hours (unlimited agents) [share]; null "
                                                 "otherwise.")
    response_within_h: float | None = Field(description="Deferred channels: the response "
                                                        "target [h]; null otherwise.")
    response_share: float | None = Field(description="Deferred channels: the share that must "
                                                     "meet it [share]; null otherwise.")
    response_clock: str | None = Field(description="Deferred channels: clock (hours on the "
                                                   "clock) or business (hours of operation "
                                                   "only); null otherwise.")


class PlanResult(Schema):
    """The ranked comparison and what it rests on."""

    scenario: str = Field(description="Scenario name.")
    currency: str = Field(description="ISO 4217 code of the display currency.")
    per_usd: float = Field(description="Units of the display currency per US dollar.")
    draws: int = Field(description="Monte Carlo draws.")
    seed: int = Field(description="Random seed of the draws.")
    contacts_per_year: float = Field(description="Contacts per year [contacts/year].")
    staffed_hours_per_year: float = Field(description="Agent hours on the phones per year "
                                                      "[h/year].")
    options: list[OptionResult] = Field(description="Every option, by median annual cost.")
    breakeven: list[Breakeven] = Field(description="Shared vs dedicated break-even per "
                                                   "region.")
    sensitivity: list[Sensitivity] = Field(description="Inputs that move the best option's "
                                                       "savings most.")
    notes: list[str] = Field(description="How to read the figures.")
    by_channel: list[ChannelPlan] = Field(default_factory=list,
                                          description="Per channel: how it is staffed, its "
                                                      "contacts, hours, FTE and (e-mail, "
                                                      "social) response.")
    hours: str = Field(default="24/7", description="Hours of operation the workload is "
                                                   "staffed in (the scenario's hours).")
