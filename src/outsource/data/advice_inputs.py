"""The optional ``advice:`` block of a scenario file (read by ``outsource advise``).

::

    advice:
      answers:            # the buyer's answers (anything left out is listed as missing)
        face_to_face: none            # none | occasional | frequent
        offshore_sensitivity: low     # low | medium | high
        languages: [en]               # ISO 639-1 codes your customers need
        data_rules: [PCI DSS]         # rules the vendor must prove compliance with
        data_stays_onshore: false     # your own statement: data may not leave the country
        business_hours: "Mon-Fri 08:00-18:00 America/New_York"
        overlap_hours_needed: 2       # hours a day of common working time with the vendor
        goal: cost                    # cost | satisfaction
        want: open                    # everything | part | open
        inhouse_capacity_agents: 12   # most agents your staff can put on the phones at once
      facts:              # shares you measured elsewhere (stated, not measured here)
        complex_share: 0.7
      thresholds: {complex_share_high: 0.6}   # overrides of docs/advice.md's defaults
      regions: {india: {languages: [en, hi, ta]}}
      evidence: {test_calls_recorded: 4, exit_plan: true, liaison_named: "J. Doe"}
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from outsource.core.advice_rules import DEFAULT_THRESHOLDS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AnswersIn(_Model):
    """The buyer's answers; ``None`` means not answered (listed as missing)."""

    face_to_face: Literal["none", "occasional", "frequent"] | None = None
    offshore_sensitivity: Literal["low", "medium", "high"] | None = None
    languages: list[str] | None = Field(default=None, min_length=1)
    data_rules: list[str] = []
    data_stays_onshore: bool | None = None
    business_hours: str | None = None
    overlap_hours_needed: float | None = Field(default=None, ge=0, le=24)
    goal: Literal["cost", "satisfaction"] | None = None
    want: Literal["everything", "part", "open"] = "open"
    inhouse_capacity_agents: float | None = Field(default=None, gt=0)

    @field_validator("languages")
    @classmethod
    def _codes(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and any(len(c) != 2 or not c.isalpha() for c in v):
            raise ValueError("languages are two-letter ISO 639-1 codes, e.g. [en, es]")
        return None if v is None else [c.lower() for c in v]


class FactsIn(_Model):
    """Shares the buyer measured elsewhere; they override what the workload file shows."""

    complex_share: float | None = Field(default=None, ge=0, le=1)
    long_contact_share: float | None = Field(default=None, ge=0, le=1)
    transfer_share: float | None = Field(default=None, ge=0, le=1)
    after_hours_share: float | None = Field(default=None, ge=0, le=1)
    volatility_cv: float | None = Field(default=None, ge=0)


class RegionIn(_Model):
    """Override of one region's assumed data (docs/advice.md, region table)."""

    location: Literal["onshore", "nearshore", "offshore"] | None = None
    languages: list[str] | None = Field(default=None, min_length=1)
    zone: str | None = None


class EvidenceIn(_Model):
    """What is done already, step by step (playbook, section "The seven steps")."""

    test_calls_recorded: int = Field(default=0, ge=0)
    vendor_references_checked: bool = False
    reviews_read: bool = False
    labour_law_checked: bool = False
    compliance_evidence: list[str] = []
    contact_reasons_documented: bool = False
    decision_authority_documented: bool = False
    liaison_named: str | None = Field(default=None, min_length=1)
    governance_defined: bool = False
    sla_metrics: list[str] = []
    exit_plan: bool = False
    in_house_fallback_staff: int = Field(default=0, ge=0)
    termination_terms: bool = False


class AdviceIn(_Model):
    """The scenario's ``advice:`` block."""

    answers: AnswersIn = AnswersIn()
    facts: FactsIn = FactsIn()
    thresholds: dict[str, float] = {}
    regions: dict[str, RegionIn] = {}
    evidence: EvidenceIn = EvidenceIn()
    reference_date: str = Field(default="2025-01-15", pattern=r"^\d{4}-\d{2}-\d{2}$")

    @field_validator("thresholds")
    @classmethod
    def _known(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(DEFAULT_THRESHOLDS))
        if unknown:
            raise ValueError(f"unknown threshold '{unknown[0]}'; known: "
                             f"{', '.join(DEFAULT_THRESHOLDS)}")
        return v
