"""Vendors: what a vendor file or a command gives (``*In``) and what commands return.

Inputs are validated here (pydantic, unknown keys refused) and translated by
:func:`outsource.errors.from_validation_error`, so an error names the key
(``certifications[1].expires_on``) or the CSV column. ``None`` always means
*not on file*: the due-diligence checklist lists it, no score assumes it.

Units by suffix: ``_s`` seconds, ``_usd`` US dollars, ``_share`` a share in
[0, 1], ``_per_year`` / ``_per_month`` rates. Ratings are 1 (worst) to 5 (best).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from outsource.core.pricing import PRICING_MODELS
from outsource.schemas.base import Schema

Channel = Literal["voice", "chat", "email", "social"]
CertKind = Literal["soc2_type2", "iso27001", "pci_dss", "hipaa", "gdpr_representative"]
Finding = Literal["compliant", "minor_issues", "non_compliant"]
Recording = Literal["all", "some", "none"]
PricingModel = Literal[PRICING_MODELS]  # type: ignore[valid-type]

#: Display names of the certification kinds.
CERT_NAMES = {"soc2_type2": "SOC 2 Type II", "iso27001": "ISO 27001", "pci_dss": "PCI DSS",
              "hipaa": "HIPAA", "gdpr_representative": "GDPR representative"}
#: Unit of a quote's rate per pricing model.
RATE_UNITS = {"shared_per_minute": "USD/min", "monthly_per_agent": "USD/agent-month",
              "dedicated_hourly": "USD/h", "outbound_hourly": "USD/h",
              "commission_only": "USD/h", "hourly_plus_commission": "USD/h"}


def _country(v: str | None) -> str | None:
    if v is None:
        return None
    if len(v) != 2 or not v.isalpha():
        raise ValueError("a country is a two-letter ISO 3166-1 code, e.g. PH, CO, US")
    return v.upper()


# ---------------------------------------------------------------- inputs


class SiteIn(Schema):
    """A delivery site."""

    name: str = Field(min_length=1, max_length=120, description="Site name, e.g. 'Makati'.")
    region: str = Field(min_length=1, description="Region key of the rate card.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 country code.")
    city: str | None = Field(default=None, description="City.")
    seats: int | None = Field(default=None, ge=0, description="Seats at this site [seats].")

    @field_validator("country")
    @classmethod
    def _country_code(cls, v: str | None) -> str | None:
        return _country(v)


class CertificationIn(Schema):
    """A certification or attestation on file."""

    kind: CertKind = Field(description="soc2_type2, iso27001, pci_dss, hipaa or "
                                       "gdpr_representative.")
    issued_on: date | None = Field(default=None, description="Issue date.")
    expires_on: date | None = Field(default=None, description="Expiry date (none: unknown).")
    evidence: str | None = Field(default=None, description="Report, certificate or auditor.")

    @model_validator(mode="after")
    def _order(self) -> CertificationIn:
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValueError("expires_on is before issued_on")
        return self


class DataProtectionIn(Schema):
    """The vendor's answers on data protection."""

    recording: str | None = Field(default=None, description="How recordings holding customer "
                                  "data are made and stored (free text).")
    retention_days: int | None = Field(default=None, ge=0, description="How long customer "
                                       "data and recordings are kept [days].")
    encryption_at_rest: bool | None = Field(default=None, description="Stored data encrypted.")
    encryption_in_transit: bool | None = Field(default=None,
                                               description="Data encrypted in transit.")
    data_access: str | None = Field(default=None, description="Who may see customer data.")
    access_need_to_know: bool | None = Field(
        default=None, description="Access limited to named staff who need it.")


class LabourCheckIn(Schema):
    """A check of the provider country's labour law (the playbook, step 4)."""

    country: str = Field(description="ISO 3166-1 alpha-2 country checked.")
    evidence: str = Field(min_length=1, description="What was seen (filings, audit, counsel).")
    checked_on: date = Field(description="Date of the check.")
    reviewer: str = Field(min_length=1, description="Who checked.")
    finding: Finding = Field(description="compliant, minor_issues or non_compliant.")
    note: str | None = Field(default=None, description="Note.")

    @field_validator("country")
    @classmethod
    def _country_code(cls, v: str) -> str:
        return _country(v)


class IncentivesIn(Schema):
    """Agent incentive scheme (the playbook, "Choosing a provider")."""

    tiered_bonuses: bool | None = Field(default=None, description="Tiered bonuses.")
    target_bonuses: bool | None = Field(default=None, description="Bonuses for beating targets.")
    friendly_competition: bool | None = Field(default=None,
                                              description="Friendly competition among agents.")
    note: str | None = Field(default=None, description="Targets and how bonuses are paid.")


class RecordingQaIn(Schema):
    """Call recording and quality assurance practice."""

    recording: Recording | None = Field(default=None, description="Calls recorded: all, some, "
                                                                  "none.")
    qa_reviews_per_agent_per_month: float | None = Field(
        default=None, ge=0, description="Contacts reviewed per agent per month.")
    feedback_to_agents: bool | None = Field(default=None,
                                            description="Reviews fed back to agents.")
    note: str | None = Field(default=None, description="Note.")


class ReferenceIn(Schema):
    """A client reference contacted."""

    client: str = Field(min_length=1, description="The client company.")
    contact: str | None = Field(default=None, description="Person spoken to.")
    contacted_on: date = Field(description="When.")
    said: str = Field(min_length=1, description="What they said.")
    rating: int | None = Field(default=None, ge=1, le=5,
                               description="How satisfied the reference is (1-5).")


class ReviewIn(Schema):
    """A public review (blog, forum, review site)."""

    source: str = Field(min_length=1, description="Where the review was read.")
    rating: float = Field(ge=0, description="Rating on the source's scale.")
    scale: float = Field(default=5.0, gt=0, description="Best rating on that scale.")
    note: str | None = Field(default=None, description="Note.")
    seen_on: date | None = Field(default=None, description="When it was read.")

    @model_validator(mode="after")
    def _in_scale(self) -> ReviewIn:
        if self.rating > self.scale:
            raise ValueError(f"rating {self.rating:g} is above the scale {self.scale:g}")
        return self


class QuoteIn(Schema):
    """A quote: pricing model, rate in the model's unit (:data:`RATE_UNITS`), validity."""

    pricing_model: PricingModel = Field(description="Pricing model.")
    rate: float = Field(gt=0, description="USD/min (shared_per_minute), USD/agent-month "
                                          "(monthly_per_agent), else USD/h.")
    region: str | None = Field(default=None, description="Region key of the rate card; "
                                                         "default: the vendor's first region.")
    tier: str = Field(default="regular", min_length=1, description="Rate-card tier compared.")
    billing_increment_s: float = Field(default=6.0, ge=0,
                                       description="Billing rounding per contact [s].")
    bill_on: Literal["productive", "scheduled"] = Field(
        default="productive", description="Hours billed (dedicated hourly).")
    paid_hours_per_month: float | None = Field(default=None, gt=0,
                                               description="Paid hours per agent-month [h].")
    vendor_shrinkage: float | None = Field(default=None, ge=0, lt=1,
                                           description="Vendor's shrinkage share.")
    base_share: float | None = Field(default=None, ge=0, le=1,
                                     description="Share of the rate paid per hour "
                                                 "(hourly_plus_commission).")
    commission_usd_per_sale: float | None = Field(default=None, ge=0,
                                                  description="Commission [USD/sale].")
    conversion_rate: float | None = Field(default=None, ge=0, le=1,
                                          description="Sales per contact.")
    valid_from: date | None = Field(default=None, description="First day the price holds.")
    valid_until: date | None = Field(default=None, description="Last day the price holds.")
    received_on: date | None = Field(default=None, description="When the quote arrived "
                                                               "(default: today).")
    source: str | None = Field(default=None, description="Document or e-mail it came in.")

    @model_validator(mode="after")
    def _rules(self) -> QuoteIn:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if "commission" in self.pricing_model and (
                self.commission_usd_per_sale is None or self.conversion_rate is None):
            raise ValueError(f"{self.pricing_model} needs commission_usd_per_sale and "
                             "conversion_rate")
        return self


class TestCallIn(Schema):
    """A mystery-shopping call (the playbook: place test calls posing as a customer)."""

    __test__ = False

    called_on: date = Field(description="Date of the call.")
    scenario: str = Field(min_length=1, description="What the caller asked about.")
    channel: Channel = Field(default="voice", description="voice, chat, email or social.")
    wait_s: float | None = Field(default=None, ge=0, description="Wait until answered (or "
                                                                "until giving up) [s].")
    handled: bool = Field(default=True, description="Answered by an agent.")
    resolved: bool | None = Field(default=None, description="The question was resolved.")
    clarity: int | None = Field(default=None, ge=1, le=5,
                                description="Clarity and language (1-5).")
    courtesy: int | None = Field(default=None, ge=1, le=5, description="Courtesy (1-5).")
    accuracy: int | None = Field(default=None, ge=1, le=5,
                                 description="Accuracy of the answer (1-5).")
    notes: str | None = Field(default=None, description="Notes.")

    @model_validator(mode="after")
    def _handled(self) -> TestCallIn:
        if not self.handled and self.resolved:
            raise ValueError("a call not handled cannot be resolved")
        return self


class VendorIn(Schema):
    """Everything on file about a vendor (a ``--file VENDOR.yaml`` document)."""

    name: str = Field(min_length=1, max_length=120, pattern=r"^\S(.*\S)?$",
                      description="Unique name, e.g. acme-manila.")
    regions: list[str] = Field(default=[], description="Region keys of the rate card.")
    sites: list[SiteIn] = Field(default=[], description="Delivery sites.")
    channels: list[Channel] | None = Field(default=None, description="Channels served.")
    languages: list[str] | None = Field(default=None,
                                        description="ISO 639-1 languages spoken by agents.")
    seats: int | None = Field(default=None, ge=0, description="Seats available [seats].")
    hours_offered: str | None = Field(default=None, description="'24/7' or hours with a time "
                                      "zone, e.g. 'Mon-Sat 07:00-22:00 America/Bogota'.")
    certifications: list[CertificationIn] = Field(default=[], description="Certifications.")
    data_protection: DataProtectionIn = Field(default=DataProtectionIn(),
                                              description="Data-protection answers.")
    labour_checks: list[LabourCheckIn] = Field(default=[], description="Labour-law checks.")
    incentives: IncentivesIn = Field(default=IncentivesIn(), description="Incentive scheme.")
    recording_qa: RecordingQaIn = Field(default=RecordingQaIn(),
                                        description="Recording and QA practice.")
    attrition_per_year: float | None = Field(default=None, ge=0, le=5,
                                             description="Agent attrition [share/year].")
    references: list[ReferenceIn] = Field(default=[], description="References contacted.")
    reviews: list[ReviewIn] = Field(default=[], description="Public reviews.")
    quotes: list[QuoteIn] = Field(default=[], description="Quotes.")
    test_calls: list[TestCallIn] = Field(default=[], description="Test calls.")
    notes: str | None = Field(default=None, description="Notes.")

    @field_validator("languages")
    @classmethod
    def _codes(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and any(len(c) != 2 or not c.isalpha() for c in v):
            raise ValueError("languages are two-letter ISO 639-1 codes, e.g. [en, es]")
        return None if v is None else [c.lower() for c in v]

    @field_validator("hours_offered")
    @classmethod
    def _hours(cls, v: str | None) -> str | None:
        if v is not None:
            from outsource.core.hours import HoursOfOperation
            from outsource.errors import InvalidInput

            try:
                HoursOfOperation.parse(v)
            except InvalidInput as exc:
                raise ValueError(exc.message) from None
        return v

    @model_validator(mode="after")
    def _whole(self) -> VendorIn:
        kinds = [c.kind for c in self.certifications]
        if len(set(kinds)) != len(kinds):
            dup = next(k for k in kinds if kinds.count(k) > 1)
            raise ValueError(f"certification '{dup}' is listed twice")
        names = [s.name for s in self.sites]
        if len(set(names)) != len(names):
            raise ValueError("two sites share a name")
        return self

    @property
    def all_regions(self) -> list[str]:
        """``regions`` and the sites' regions, first seen first."""
        out: list[str] = []
        for r in [*self.regions, *(s.region for s in self.sites)]:
            if r not in out:
                out.append(r)
        return out


class DecisionRightIn(Schema):
    """A decision the buyer lets (or does not let) a representative take alone."""

    action: str = Field(min_length=1, description="E.g. 'refund', 'replacement'.")
    agent_decides: bool = Field(description="The representative decides without escalating.")
    limit_usd: float | None = Field(default=None, ge=0,
                                    description="Up to this amount [USD] (none: no limit).")
    escalate_to: str | None = Field(default=None, description="Who decides otherwise.")
    note: str | None = Field(default=None, description="Note.")


class DecisionRightsIn(Schema):
    """A decision-rights file: ``rights: [...]``."""

    rights: list[DecisionRightIn] = Field(description="The decision rights.")

    @model_validator(mode="after")
    def _unique(self) -> DecisionRightsIn:
        actions = [r.action for r in self.rights]
        if len(set(actions)) != len(actions):
            raise ValueError("an action is listed twice")
        return self


# ---------------------------------------------------------------- results


class DiligenceItem(Schema):
    """One line of the due-diligence checklist."""

    key: str = Field(description="Stable key, e.g. 'labour_check:CO'.")
    label: str = Field(description="What is checked.")
    status: Literal["ok", "missing", "problem"] = Field(
        description="ok; missing (not on file); problem (on file and wrong or expired).")
    detail: str = Field(description="The fact behind the status.")


class DueDiligence(Schema):
    """A vendor's due-diligence checklist as of a date."""

    vendor: str = Field(description="Vendor name.")
    as_of: date = Field(description="Date expiry and age are judged at.")
    items: list[DiligenceItem] = Field(description="Every item checked.")
    missing: list[str] = Field(description="Labels of the items not on file.")
    problems: list[str] = Field(description="Labels of the items with a problem.")


class ShareEstimate(Schema):
    """A share with its 95% Wilson score interval (Wilson 1927)."""

    successes: int = Field(description="Calls with the property.")
    n: int = Field(description="Calls it is judged on.")
    share: float | None = Field(description="successes / n (none when n = 0).")
    low: float | None = Field(description="Lower 95% Wilson bound.")
    high: float | None = Field(description="Upper 95% Wilson bound.")


class MeanEstimate(Schema):
    """A mean with its 95% Student t interval."""

    n: int = Field(description="Values.")
    mean: float | None = Field(description="Mean (none when n = 0).")
    sd: float | None = Field(description="Sample standard deviation (n >= 2).")
    low: float | None = Field(description="Lower 95% t bound (n >= 2).")
    high: float | None = Field(description="Upper 95% t bound (n >= 2).")


class TestCallSummary(Schema):
    """A vendor's test calls summarised with 95% confidence intervals."""

    __test__ = False

    vendor: str = Field(description="Vendor name.")
    n: int = Field(description="Test calls on file.")
    few_calls: bool = Field(description="Fewer than few_calls_below calls: intervals are wide.")
    few_calls_below: int = Field(description="The n below which calls are 'few'.")
    target_wait_s: float = Field(description="Answer-time target judged [s].")
    handled: ShareEstimate = Field(description="Share answered by an agent.")
    resolved: ShareEstimate = Field(description="Share resolved, of handled calls with an "
                                                "answer on file.")
    within_target: ShareEstimate = Field(description="Share of handled live calls (not "
                                                     "e-mail) answered within target_wait_s.")
    wait_s: MeanEstimate = Field(description="Wait of handled live calls (not e-mail) [s].")
    clarity: MeanEstimate = Field(description="Clarity and language (1-5).")
    courtesy: MeanEstimate = Field(description="Courtesy (1-5).")
    accuracy: MeanEstimate = Field(description="Accuracy (1-5).")
    channels: dict[str, int] = Field(description="Calls per channel.")


class PricedQuote(Schema):
    """A quote priced by the cost model on the workspace's scenario; money in USD/year."""

    id: int = Field(description="Quote id.")
    vendor: str = Field(description="Vendor name.")
    pricing_model: str = Field(description="Pricing model.")
    region: str = Field(description="Region key.")
    rate: float = Field(description="Quoted rate in rate_unit.")
    rate_unit: str = Field(description="Unit of rate.")
    valid_from: date | None = Field(description="First valid day.")
    valid_until: date | None = Field(description="Last valid day.")
    received_on: date = Field(description="Received.")
    expired: bool = Field(description="valid_until is before the as-of date.")
    annual_cost_usd: float | None = Field(description="Median total annual cost: fees and the "
                                                      "buyer's own costs [USD/year].")
    p10_usd: float | None = Field(description="10th percentile of annual cost [USD/year].")
    p90_usd: float | None = Field(description="90th percentile of annual cost [USD/year].")
    deterministic_usd: float | None = Field(description="Annual cost at central inputs "
                                                        "[USD/year].")
    cost_per_contact_usd: float | None = Field(description="Median cost per contact [USD].")
    savings_vs_inhouse_usd: float | None = Field(description="Median savings against in-house "
                                                             "[USD/year].")
    p_cheaper_than_inhouse: float | None = Field(description="Share of draws cheaper than "
                                                             "in-house.")
    fte: float | None = Field(description="Vendor full-time agents [FTE].")
    card_option: str | None = Field(description="The rate-card option of the same region and "
                                                "model (none: the card has none).")
    card_annual_cost_usd: float | None = Field(description="Its median annual cost "
                                                           "[USD/year].")
    card_rate_source: str | None = Field(description="Where the card's rate comes from.")


class QuotePricing(Schema):
    """Quotes priced beside the rate card and in-house, on one scenario."""

    scenario: str = Field(description="Scenario name.")
    scenario_source: str = Field(description="Where the scenario came from.")
    as_of: date = Field(description="Date expiry is judged at.")
    draws: int = Field(description="Monte Carlo draws.")
    seed: int = Field(description="Random seed.")
    contacts_per_year: float = Field(description="Offered contacts [contacts/year].")
    inhouse_annual_cost_usd: float = Field(description="Median in-house annual cost "
                                                       "[USD/year].")
    quotes: list[PricedQuote] = Field(description="The quotes, by cost.")
    notes: list[str] = Field(description="Notes.")


class AddedQuote(Schema):
    """``vendor quote``: the quote stored and the vendor's quotes priced."""

    vendor: str = Field(description="Vendor name.")
    id: int = Field(description="Id of the stored quote.")
    quote: QuoteIn = Field(description="The quote as stored (region and received_on filled).")
    pricing: QuotePricing | None = Field(description="All the vendor's quotes priced on the "
                                                     "scenario (none without a scenario).")


class VendorFacts(VendorIn):
    """A vendor as stored (the file's fields; quotes and test calls with their ids)."""

    quote_ids: list[int] = Field(default=[], description="Ids of the quotes, in order.")


class VendorSummary(Schema):
    """One line of ``vendor list``."""

    name: str = Field(description="Vendor name.")
    regions: list[str] = Field(description="Region keys.")
    channels: list[str] | None = Field(description="Channels served.")
    languages: list[str] | None = Field(description="Languages.")
    seats: int | None = Field(description="Seats.")
    quotes: int = Field(description="Quotes on file.")
    current_quotes: int = Field(description="Quotes not expired.")
    test_calls: int = Field(description="Test calls on file.")
    missing: int = Field(description="Due-diligence items not on file.")
    problems: int = Field(description="Due-diligence items with a problem.")


class VendorList(Schema):
    """``vendor list``."""

    as_of: date = Field(description="Date the checklist is judged at.")
    vendors: list[VendorSummary] = Field(description="Vendors by name.")


class VendorDetail(Schema):
    """``vendor show``: the facts, the checklist, the test calls and the priced quotes."""

    vendor: VendorFacts = Field(description="Everything on file.")
    diligence: DueDiligence = Field(description="Due-diligence checklist.")
    test_calls: TestCallSummary = Field(description="Test-call summary.")
    pricing: QuotePricing | None = Field(description="Quotes priced on the scenario (none "
                                                     "without a scenario or quotes).")
    notes: list[str] = Field(description="Notes.")


class AddedVendor(Schema):
    """``vendor add``."""

    vendor: str = Field(description="Vendor name.")
    regions: list[str] = Field(description="Region keys.")
    quotes: int = Field(description="Quotes stored.")
    test_calls: int = Field(description="Test calls stored.")
    missing: list[str] = Field(description="Due-diligence items not on file.")
    problems: list[str] = Field(description="Due-diligence items with a problem.")


class AddedTestCall(Schema):
    """``vendor testcall``."""

    __test__ = False

    vendor: str = Field(description="Vendor name.")
    id: int = Field(description="Test-call id.")
    summary: TestCallSummary = Field(description="The vendor's test calls now.")


class TestCallImportResult(Schema):
    """``vendor testcalls import``."""

    __test__ = False

    file: str = Field(description="The CSV file.")
    sha256: str = Field(description="SHA-256 of its bytes.")
    already_imported: bool = Field(description="The same file was imported before: nothing "
                                               "changed.")
    imported: int = Field(description="Test calls stored.")
    by_vendor: dict[str, int] = Field(description="Calls stored per vendor.")


class ScenarioInfo(Schema):
    """The workspace's scenario."""

    name: str = Field(description="Scenario name.")
    source: str = Field(description="The file it was set from.")
    base_dir: str = Field(description="Folder its relative paths resolve against.")
    stored_at: str | None = Field(description="When it was stored (ISO 8601).")
    yaml: str = Field(description="The scenario file's text.")


# ---------------------------------------------------------------- scorecard


class CriterionInfo(Schema):
    """A scorecard criterion and its weight."""

    key: str = Field(description="Criterion key (weights files use it).")
    label: str = Field(description="Label.")
    weight: float = Field(description="Weight used, normalised to sum 1.")
    default_weight: float = Field(description="The default weight.")
    source: str = Field(description="Where the playbook asks for it.")
    scored: str = Field(description="How its score in [0, 1] is computed.")


class WeightChangeOut(Schema):
    """The smallest change of one weight that changes the answer (exact)."""

    criterion: str = Field(description="The weight changed.")
    delta: float = Field(description="Change of that weight (weights normalised to sum 1; "
                                     "the others held, then renormalised).")
    relative: float | None = Field(description="delta / weight (none for a weight of 0).")
    weights_after: dict[str, float] = Field(description="Weights after the change, sum 1.")
    new_winner: str = Field(description="Who wins or ties at the changed weights.")


class SimplexChangeOut(Schema):
    """The nearest weights (all changed together, Euclidean, in the simplex)."""

    distance: float = Field(description="Euclidean distance between the weight vectors "
                                        "(both sum 1).")
    weights: dict[str, float] = Field(description="The nearest weights.")
    new_winner: str = Field(description="Who wins or ties there.")
    exact: bool = Field(description="Exact (active-set enumeration); else the best "
                                    "numerical result found, an upper bound.")
    method: str = Field(description="How it was found.")


class RowStability(Schema):
    """How firm a vendor's place is: for the winner, what dethrones it; for the others, what
    would make them win."""

    role: Literal["winner", "challenger", "unranked"] = Field(
        description="winner (rank 1), challenger, or unranked (no scored facts).")
    win_share: float | None = Field(description="Share of Dirichlet weight draws near the "
                                                "chosen weights under which it wins.")
    one_weight: WeightChangeOut | None = Field(
        description="Smallest single-weight change (none: no single weight changes it).")
    all_weights: SimplexChangeOut | None = Field(
        description="Nearest weights overall (none: no weights change it).")


class ScoreRow(Schema):
    """One vendor on the scorecard."""

    vendor: str = Field(description="Vendor name.")
    score: float | None = Field(description="Weighted mean of the criterion scores on file, "
                                            "in [0, 1].")
    score_low: float | None = Field(description="Score with every missing criterion at 0.")
    score_high: float | None = Field(description="Score with every missing criterion at 1.")
    coverage_share: float = Field(description="Weight share the score rests on.")
    rank: int | None = Field(description="1 = best; equal scores share a rank.")
    criteria: dict[str, float | None] = Field(description="Criterion scores in [0, 1] "
                                                          "(null: missing).")
    missing: list[str] = Field(description="Criteria without any fact on file.")
    missing_facts: list[str] = Field(description="Facts not on file, as criterion: fact.")
    annual_cost_usd: float | None = Field(description="Median annual cost of the cheapest "
                                                      "current quote [USD/year].")
    quote_id: int | None = Field(description="That quote's id.")
    quality: float | None = Field(description="Score over the non-cost criteria, in [0, 1].")
    on_frontier: bool | None = Field(description="No other vendor is both cheaper and better "
                                                 "(null: cost or quality missing).")
    stability: RowStability = Field(description="Rank stability.")


class Scorecard(Schema):
    """``outsource score``: every vendor scored, ranked, and how firm the ranking is."""

    as_of: date = Field(description="Date quotes and certificates are judged at.")
    scenario: str | None = Field(description="Scenario the cost is priced on.")
    criteria: list[CriterionInfo] = Field(description="Criteria and weights used.")
    rows: list[ScoreRow] = Field(description="One row per vendor, best first.")
    winner: str | None = Field(description="Rank 1 (first of equals).")
    frontier: list[str] = Field(description="Vendors on the cost-quality frontier, by cost.")
    dirichlet_draws: int = Field(description="Weight draws for win_share.")
    dirichlet_concentration: float = Field(description="Dirichlet concentration kappa.")
    seed: int = Field(description="Random seed of the draws.")
    notes: list[str] = Field(description="Notes.")


# ---------------------------------------------------------------- hand-over brief


class DecisionRightOut(DecisionRightIn):
    """A stored decision right."""


class ReasonRow(Schema):
    """Contacts of one reason (queue) or channel."""

    key: str = Field(description="Queue (contact reason) or channel.")
    contacts: int = Field(description="Contacts in the log.")
    share: float = Field(description="Share of all contacts.")
    mean_handle_s: float | None = Field(description="Mean handle time of answered contacts "
                                                    "[s].")
    repeat_share: float | None = Field(description="Share followed by another contact of the "
                                                   "same customer within the repeat window.")
    transfer_share: float | None = Field(description="Share transferred (of contacts with it "
                                                     "on file).")
    abandon_share: float | None = Field(description="Share abandoned.")


class VendorFit(Schema):
    """How the addressed vendor meets what the brief describes."""

    vendor: str = Field(description="Vendor name.")
    languages: list[str] | None = Field(description="Languages its agents speak.")
    languages_missing: list[str] = Field(description="Customers' languages it lacks.")
    channels_missing: list[str] = Field(description="Channels in the log it does not serve.")
    hours_offered: str | None = Field(description="Its hours.")
    hours_coverage_share: float | None = Field(description="Share of the buyer's hours it "
                                                           "covers.")


class HandoverBrief(Schema):
    """The hand-over brief (playbook step 5): why customers contact, what they need, who
    decides."""

    buyer: str | None = Field(description="Scenario (buyer) name.")
    vendor: VendorFit | None = Field(description="The vendor it is addressed to.")
    timezone: str = Field(description="Time zone of the hours.")
    period_from: str | None = Field(description="First contact in the log (ISO 8601).")
    period_to: str | None = Field(description="Last contact in the log (ISO 8601).")
    days: int = Field(description="Days with contacts.")
    contacts: int = Field(description="Contacts in the log.")
    overall: ReasonRow | None = Field(description="All contacts together.")
    reasons: list[ReasonRow] = Field(description="Contact reasons (queues) by volume.")
    channels: list[ReasonRow] = Field(description="Channels by volume.")
    hourly_contacts: list[int] = Field(description="Contacts by local hour of day (0-23).")
    peak_hours: list[int] = Field(description="The three busiest local hours.")
    repeat_window_days: int = Field(description="Repeat window [days].")
    languages: list[str] | None = Field(description="Languages customers need.")
    languages_source: str = Field(description="Where the languages come from.")
    business_hours: str | None = Field(description="The buyer's hours.")
    decision_rights: list[DecisionRightOut] = Field(description="What representatives may "
                                                                "decide.")
    notes: list[str] = Field(description="Notes.")
