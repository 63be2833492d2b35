"""Results of ``outsource advise``: keep, hybrid or outsource, how, where, and why.

Every conclusion lists the playbook rules that fired with the numbers they
compared; costs are :class:`outsource.schemas.plan.OptionResult` (USD and the
scenario's currency). Shares are in [0, 1].
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Schema
from outsource.schemas.plan import Breakeven, OptionResult


class Firing(Schema):
    """A rule that fired."""

    rule: str = Field(description="Rule id (docs/advice.md).")
    citation: str = Field(description="Where the playbook says it (section).")
    says: str = Field(description="What the rule says.")
    effect: str = Field(description="What it does: verdict, method, region or note.")
    evidence: list[str] = Field(description="The numbers and answers it compared.")


class Conclusion(Schema):
    """The verdict for one scope (overall, a channel, or a time segment)."""

    scope: str = Field(description="overall, channel:<name> or segment:<name>.")
    verdict: str = Field(description="keep in-house, hybrid or outsource.")
    method: str | None = Field(description="Recommended way to outsource (method id).")
    method_name: str | None = Field(description="Its display name.")
    fired: list[Firing] = Field(description="Rules behind the verdict and the method.")
    contacts_per_week: float | None = Field(description="Contacts in the scope "
                                                        "[contacts/week].")
    fte: float | None = Field(description="Full-time equivalents the scope needs in-house "
                                          "[FTE].")


class RegionAdvice(Schema):
    """One region: in or out, why, and under which conditions."""

    region: str = Field(description="Rate-card region id.")
    name: str = Field(description="Display name.")
    location: str = Field(description="onshore, nearshore, offshore or unknown.")
    eligible: bool = Field(description="Whether the region is in.")
    fired: list[Firing] = Field(description="Region rules that fired.")
    conditions: list[str] = Field(description="What must be shown before a contract.")
    overlap_hours_per_day: float | None = Field(description="Working hours a day shared with "
                                                            "the buyer's business hours [h].")
    after_hours_cover_h: float | None = Field(description="Buyer's closed hours a day the "
                                                          "region's daytime covers [h].")


class Fact(Schema):
    """A fact the rules test, with where it came from."""

    value: float | int | bool | str | None = Field(description="The value (shares in [0, 1]).")
    source: str = Field(description="measured: workload file / workspace profile, or stated: "
                                    "advice.facts.")


class Step(Schema):
    """One of the playbook's seven steps and what is done or missing."""

    number: int = Field(description="Step number, 1 to 7.")
    title: str = Field(description="Step title.")
    status: str = Field(description="done, partial or missing.")
    done: list[str] = Field(description="What is done.")
    missing: list[str] = Field(description="What is still missing.")


class AdviceResult(Schema):
    """The recommendation, the seven-step checklist and the matching cost results."""

    scenario: str = Field(description="Scenario name.")
    overall: Conclusion = Field(description="The overall verdict.")
    channels: list[Conclusion] = Field(description="Per channel.")
    segments: list[Conclusion] = Field(description="Per time segment (business hours, after "
                                                   "hours).")
    regions: list[RegionAdvice] = Field(description="Every region of the rate card.")
    missing: list[str] = Field(description="Answers and facts the rules needed but did not "
                                           "have.")
    facts: dict[str, Fact] = Field(description="Every fact tested, by name.")
    thresholds: dict[str, float] = Field(description="Thresholds used (docs/advice.md "
                                                     "defaults, overridden by the scenario).")
    checklist: list[Step] = Field(description="The seven steps.")
    inhouse: OptionResult = Field(description="The in-house cost.")
    costs: list[OptionResult] = Field(description="Priced options matching the advice.")
    breakeven: list[Breakeven] = Field(description="Shared vs dedicated break-even per "
                                                   "region.")
    notes: list[str] = Field(description="How to read the figures.")
    currency: str = Field(description="ISO 4217 code of the display currency.")
    per_usd: float = Field(description="Units of the display currency per US dollar.")
