"""What core needs to know about a vendor and about the buyer, as plain values.

``None`` means *not on file*. Services fill these from the application
database and the workspace's scenario; :mod:`outsource.core.diligence` and
:mod:`outsource.core.scorecard` judge them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from outsource.core.hours import HoursOfOperation


@dataclass(frozen=True)
class Cert:
    """A certification on file: kind (e.g. ``pci_dss``) and expiry (``None``: unknown)."""

    kind: str
    expires_on: date | None = None


@dataclass(frozen=True)
class LabourFinding:
    """A labour-law check: country, date, finding (compliant, minor_issues, non_compliant)."""

    country: str
    checked_on: date
    finding: str


@dataclass(frozen=True)
class Calls:
    """Test calls as arrays (NaN = not recorded); ratings 1-5, wait [s]."""

    handled: np.ndarray = field(default_factory=lambda: np.zeros(0))
    resolved: np.ndarray = field(default_factory=lambda: np.zeros(0))
    wait_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    clarity: np.ndarray = field(default_factory=lambda: np.zeros(0))
    courtesy: np.ndarray = field(default_factory=lambda: np.zeros(0))
    accuracy: np.ndarray = field(default_factory=lambda: np.zeros(0))
    live: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of calls."""
        return int(np.asarray(self.handled).size)


@dataclass(frozen=True)
class VendorFacts:
    """Everything judged about one vendor (units: seats, share/year, days)."""

    name: str
    regions: tuple[str, ...] = ()
    site_countries: tuple[str, ...] = ()
    channels: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    seats: int | None = None
    hours_offered: str | None = None
    certs: tuple[Cert, ...] = ()
    dp_recording: str | None = None
    dp_retention_days: int | None = None
    dp_encryption_at_rest: bool | None = None
    dp_encryption_in_transit: bool | None = None
    dp_data_access: str | None = None
    dp_access_need_to_know: bool | None = None
    labour: tuple[LabourFinding, ...] = ()
    incentive_tiered_bonuses: bool | None = None
    incentive_target_bonuses: bool | None = None
    incentive_competition: bool | None = None
    recording: str | None = None
    qa_reviews_per_agent_per_month: float | None = None
    qa_feedback_to_agents: bool | None = None
    attrition_per_year: float | None = None
    reference_ratings: tuple[int | None, ...] = ()
    review_shares: tuple[float, ...] = ()
    calls: Calls = field(default_factory=Calls)
    quotes: int = 0
    current_quotes: int = 0


@dataclass(frozen=True)
class BuyerNeeds:
    """What the buyer needs (from its scenario); ``None``: not stated.

    Attributes
    ----------
    channels : channels in the workload.
    languages : ISO 639-1 codes customers need.
    business_hours : the buyer's hours (``core.hours`` syntax, with time zone).
    required_certs : certification kinds the buyer's data rules call for.
    fte : vendor agents the workload needs [FTE] (from the cost model).
    answer_within_s : answer-time target [s].
    max_retention_days : longest acceptable retention of customer data [days].
    """

    channels: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    business_hours: str | None = None
    required_certs: tuple[str, ...] = ()
    fte: float | None = None
    answer_within_s: float = 20.0
    max_retention_days: float = 365.0


#: Monday of the reference week hours are compared on (summer time in the north).
REFERENCE_WEEK = datetime(2026, 6, 1)
#: Step of the comparison [min].
COVERAGE_STEP_MIN = 15


def hours_coverage(offered: str, needed: str) -> float:
    """Share of the buyer's open hours inside the vendor's hours, time zones converted.

    Both are ``core.hours`` specs. Compared every 15 minutes over the reference
    week starting Monday 2026-06-01 00:00 in the buyer's zone.
    """
    need = HoursOfOperation.parse(needed, "business_hours")
    have = HoursOfOperation.parse(offered, "hours_offered")
    from zoneinfo import ZoneInfo

    start = REFERENCE_WEEK.replace(tzinfo=ZoneInfo(need.tz))
    moments = [start + timedelta(minutes=COVERAGE_STEP_MIN * i)
               for i in range(7 * 24 * 60 // COVERAGE_STEP_MIN)]
    open_need = need.is_open(moments)
    if not open_need.any():
        return 1.0
    return float(np.mean(have.is_open([m for m, o in zip(moments, open_need, strict=True)
                                       if o])))


def cert_status(c: Cert, as_of: date) -> str:
    """``current``, ``expired`` or ``no_expiry`` (expiry date not on file)."""
    if c.expires_on is None:
        return "no_expiry"
    return "current" if c.expires_on >= as_of else "expired"
