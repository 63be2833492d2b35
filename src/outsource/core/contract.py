"""Service credits of an SLA schedule: met or missed, credit, cap, earn-back, failures.

The rules of issue 13 ("The contract as data"), in contract practice
(docs/contracts.md restates them with their sources):

- A metric is **missed** in a calendar month when its monthly value is on the
  wrong side of its target: ``value >= target`` is met for the metrics in
  :data:`HIGHER_IS_BETTER`, ``value <= target`` for the others.
- **Credit** for a missed metric = fees of the month x ``at_risk_pct`` x
  ``allocation_pct`` / 10,000 (Texas DIR's clause: credit = A x B x C, pool
  share x allocation x at-risk amount; $100,000 invoice, 10 % at risk, 50 % x
  40 %: $2,000). The month's credits together are **capped** at the at-risk
  amount, fees x ``at_risk_pct`` / 100, even when allocations add up to more
  than 100 % (the "pool percentage available for allocation" of the same
  clause). When the cap binds, every missed metric's credit is scaled by the
  same factor (cap / uncapped total), so each credit stays attributable to its
  metric; the contracts we cite state the cap, not its split, so the pro-rata
  split is our assumption.
- **Earn-back** (practice notes on slaw.ca and Gatekeeper): a credit for
  metric m in month t is returned when m is met in each of the
  ``earn_back_months`` months after t. What is returned is the credit
  actually assessed (after the cap), never more; the return is booked in month
  t + ``earn_back_months``. A miss in that window forfeits it; a window not yet
  complete (months still to come, or a month without data) leaves it pending.
  The cap bounds the credits assessed in a month, not the returns booked in it.
- **Baseline**: no credit in the first ``baseline_months`` months (a state
  call-centre RFP: no liquidated damages in the first 3 months); results are
  still reported. Baseline months count toward neither chronic nor critical
  failure (they calibrate the levels: our reading).
- **Critical failure**: a value beyond a metric's ``minimum`` (below it for
  higher-is-better metrics, above it for the others) gives the buyer a
  termination right from that month on (UK Crown Commercial Service call-off;
  Gap/IBM's floor levels).
- **Chronic failure**: the same metric missed in at least ``misses`` of the
  last ``of_months`` months (baseline months excluded) gives a termination
  right from that month on (contact-centre contracts: "maximum credit in any 3
  of 6 months").
- A month without fees (no fixed monthly fee in the contract and no invoice
  total for the month) owes no credit; the reason is stated.
- A **missing value** is never taken as met. By default (``missing="no_data"``)
  the metric is "no data" that month: not assessed, no credit, not a miss for
  chronic failure, and any earn-back whose window contains it stays pending.
  ``missing="missed"`` deems it missed (contracts in which an unreported level
  counts as a failure); a deemed miss is never a critical failure.

Everything is columnar: values are a (metrics x months) array, month ``j``
being contract month ``j + 1`` (the calendar month containing the contract's
start is month 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from outsource.errors import InvalidInput

#: The SLA metrics a contract may name (issue 13's public contract).
METRICS = ("service_level", "asa_s", "abandon_rate", "repeat_rate", "fcr", "csat",
           "email_response", "aht_s")
#: Metrics met when ``value >= target``; every other metric is met when ``value <= target``.
HIGHER_IS_BETTER = frozenset({"service_level", "fcr", "csat", "email_response"})
#: Metrics whose values (and targets) are shares in [0, 1].
RATE_METRICS = frozenset({"service_level", "abandon_rate", "repeat_rate", "fcr",
                          "email_response"})
#: Metrics measured in seconds (targets > 0).
SECONDS_METRICS = frozenset({"asa_s", "aht_s"})
#: Quality metrics: the playbook asks the SLA to stress these over handle time.
QUALITY_METRICS = frozenset({"repeat_rate", "fcr", "csat"})
#: Service-level formulas (issue 14 defines each; docs/contracts.md in words).
SL_FORMULAS = ("answered", "offered", "offered_excl_short", "abandons_met", "ignore_abandons")

#: Per-cell status codes of :attr:`CreditResult.status`.
STATUSES = ("met", "missed", "no_data")
#: Per-cell earn-back states of :attr:`CreditResult.earn_back`.
EARN_BACK_STATES = ("", "returned", "forfeited", "pending", "no_earn_back")

Missing = Literal["no_data", "missed"]
_EPS = 1e-12


@dataclass(frozen=True)
class MetricRule:
    """One row of the SLA schedule, as the credit engine needs it.

    Attributes
    ----------
    metric : one of :data:`METRICS`.
    target : the level that must be met [the metric's unit].
    allocation_pct : share of the at-risk amount this metric carries [%, >= 0].
    minimum : optional floor (a ceiling for lower-is-better metrics) [metric's unit].
    """

    metric: str
    target: float
    allocation_pct: float
    minimum: float | None = None

    @property
    def higher_is_better(self) -> bool:
        """Whether ``value >= target`` is met (else ``value <= target``)."""
        return self.metric in HIGHER_IS_BETTER


@dataclass(frozen=True)
class CreditTerms:
    """The contract terms the credit engine reads.

    Attributes
    ----------
    at_risk_pct : share of a month's fees at risk [%, 0-100].
    baseline_months : first contract months with no credit [months].
    earn_back_months : months a metric must then be met to return a credit; 0 = none.
    chronic_misses, chronic_of_months : chronic failure at ``misses`` of the last
        ``of_months`` months; ``None`` = no chronic-failure clause.
    fees_usd_per_month : fixed monthly fees [USD/month]; ``None`` = the month's
        invoice total.
    """

    at_risk_pct: float
    baseline_months: int = 0
    earn_back_months: int = 0
    chronic_misses: int | None = None
    chronic_of_months: int | None = None
    fees_usd_per_month: float | None = None


@dataclass(frozen=True)
class CreditResult:
    """Per metric (rows) and contract month (columns): the SLA results.

    Attributes
    ----------
    metrics : metric names, one per row.
    values : monthly values, NaN where missing [metric's unit].
    status : ``met``, ``missed`` or ``no_data`` per cell (strings).
    missed : whether each cell counts as missed (deemed misses included).
    critical : value beyond the metric's minimum (baseline months included).
    baseline : per month, whether it is a baseline month.
    fees_usd : per month, the fees credits are computed on, NaN where none [USD].
    fees_source : per month ``contract``, ``invoice`` or ``none``.
    cap_usd : per month, the at-risk amount fees x at_risk_pct / 100 (0 without fees) [USD].
    uncapped_credit_usd : per cell, fees x at_risk_pct x allocation_pct / 10,000 [USD].
    credit_usd : per cell, the credit after the monthly cap [USD].
    earn_back : per cell with a credit: ``returned``, ``forfeited``, ``pending`` or
        ``no_earn_back``; ``""`` where no credit was assessed.
    returned_in : per cell, index of the month the credit is returned in, -1 if not.
    earned_back_usd : per cell, credits returned in that month (of earlier months) [USD].
    chronic : per cell, whether the metric is in chronic failure that month.
    termination_right : per month, whether the buyer holds a termination right.
    termination_from : index of the first month with a right, ``None`` if none.
    """

    metrics: tuple[str, ...]
    values: NDArray[np.float64]
    status: NDArray[np.str_]
    missed: NDArray[np.bool_]
    critical: NDArray[np.bool_]
    baseline: NDArray[np.bool_]
    fees_usd: NDArray[np.float64]
    fees_source: NDArray[np.str_]
    cap_usd: NDArray[np.float64]
    uncapped_credit_usd: NDArray[np.float64]
    credit_usd: NDArray[np.float64]
    earn_back: NDArray[np.str_]
    returned_in: NDArray[np.int64]
    earned_back_usd: NDArray[np.float64]
    chronic: NDArray[np.bool_]
    termination_right: NDArray[np.bool_]
    termination_from: int | None

    @property
    def months(self) -> int:
        """Number of contract months assessed."""
        return int(self.values.shape[1])

    @property
    def credits_usd(self) -> NDArray[np.float64]:
        """Per month, credits assessed (after the cap) [USD]."""
        return self.credit_usd.sum(axis=0)

    @property
    def uncapped_credits_usd(self) -> NDArray[np.float64]:
        """Per month, credits before the cap [USD]."""
        return self.uncapped_credit_usd.sum(axis=0)

    @property
    def capped(self) -> NDArray[np.bool_]:
        """Per month, whether the cap reduced the credits."""
        return self.uncapped_credits_usd > self.cap_usd + _EPS

    @property
    def earned_back_month_usd(self) -> NDArray[np.float64]:
        """Per month, earlier credits returned in it [USD]."""
        return self.earned_back_usd.sum(axis=0)

    @property
    def net_usd(self) -> NDArray[np.float64]:
        """Per month, credits assessed minus credits returned in it [USD] (may be < 0)."""
        return self.credits_usd - self.earned_back_month_usd

    @property
    def cumulative_net_usd(self) -> NDArray[np.float64]:
        """Running total of :attr:`net_usd` [USD]; never below zero."""
        return np.cumsum(self.net_usd)

    @property
    def pending_usd(self) -> float:
        """Credits whose earn-back window is not yet complete [USD]."""
        return float(self.credit_usd[self.earn_back == "pending"].sum())

    def reasons(self) -> list[str]:
        """Why the buyer holds a termination right, in the month it first arose, in words.

        Each entry names the metric, the kind of failure and the month index
        (``month N`` = contract month N).
        """
        out = []
        if self.termination_from is None:
            return out
        t = self.termination_from
        for i, m in enumerate(self.metrics):
            if self.critical[i, t] and not self.baseline[t]:
                out.append(f"critical failure of {m} in month {t + 1}")
            if self.chronic[i, t]:
                out.append(f"chronic failure of {m} in month {t + 1}")
        return out


def _check_inputs(rules: Sequence[MetricRule], v: np.ndarray, terms: CreditTerms,
                  invoice: np.ndarray | None) -> None:
    if v.ndim != 2 or v.shape[0] != len(rules):
        raise InvalidInput(f"values must be a (metrics x months) table with {len(rules)} "
                           f"rows, got shape {v.shape}", field="values")
    for i, r in enumerate(rules):
        if r.metric not in METRICS:
            raise InvalidInput(f"unknown metric '{r.metric}'", loc=("metrics", i, "metric"))
        if not r.allocation_pct >= 0:
            raise InvalidInput("must be >= 0", loc=("metrics", i, "allocation_pct"))
    if not 0 <= terms.at_risk_pct <= 100:
        raise InvalidInput("must be between 0 and 100", field="at_risk_pct")
    if invoice is not None and invoice.shape != (v.shape[1],):
        raise InvalidInput(f"needs one value per month ({v.shape[1]}), got {invoice.size}",
                           field="invoice_usd")
    if invoice is not None and np.any(invoice[~np.isnan(invoice)] < 0):
        raise InvalidInput("invoice totals must be >= 0", field="invoice_usd")


def month_fees(terms: CreditTerms, months: int,
               invoice_usd: ArrayLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Fees per month [USD] (NaN where none) and where they come from.

    The contract's ``fees_usd_per_month`` when it has one, else the month's
    invoice total (issue 13: "when absent: the month's invoice total").
    """
    if terms.fees_usd_per_month is not None:
        return (np.full(months, float(terms.fees_usd_per_month)),
                np.full(months, "contract", dtype="<U8"))
    inv = (np.full(months, np.nan) if invoice_usd is None
           else np.asarray(invoice_usd, dtype=float).reshape(months))
    return inv, np.where(np.isnan(inv), "none", "invoice").astype("<U8")


def assess_credits(rules: Sequence[MetricRule], values: ArrayLike, terms: CreditTerms,
                   invoice_usd: ArrayLike | None = None, *,
                   missing: Missing = "no_data") -> CreditResult:
    """Met or missed, credits, cap, earn-back, chronic and critical failure per month.

    Parameters
    ----------
    rules : sequence of MetricRule
        The SLA schedule, one rule per row of ``values``.
    values : array_like, shape (metrics, months)
        Monthly values [each metric's unit]; NaN = missing. Column ``j`` is
        contract month ``j + 1``; pass every month from the first.
    terms : CreditTerms
        At-risk share, baseline, earn-back, chronic-failure clause, fees.
    invoice_usd : array_like, shape (months,), optional
        Each month's invoice total [USD], NaN where there is none; used only
        when ``terms.fees_usd_per_month`` is ``None``.
    missing : ``"no_data"`` or ``"missed"``
        How a missing value counts (module notes); never as met.

    Returns
    -------
    CreditResult

    References
    ----------
    .. [1] Texas DIR contract clause on service-level credits (A x B x C; monthly
       cap at the at-risk amount), restated in /work/shared/domain-notes.md.
    .. [2] Earn-back practice notes (slaw.ca, Gatekeeper); chronic failure "any 3
       of 6 months" (contact-centre contracts); UK CCS critical failure.
    """
    v = np.array(values, dtype=float, ndmin=2) if len(rules) else np.zeros((0, 0))
    inv = None if invoice_usd is None else np.asarray(invoice_usd, dtype=float).ravel()
    _check_inputs(rules, v, terms, inv)
    if missing not in ("no_data", "missed"):
        raise InvalidInput("must be 'no_data' or 'missed'", field="missing")
    m, n = v.shape
    hib = np.array([r.higher_is_better for r in rules], dtype=bool)[:, None]
    target = np.array([r.target for r in rules], dtype=float)[:, None]
    minimum = np.array([np.nan if r.minimum is None else r.minimum for r in rules])[:, None]
    alloc = np.array([r.allocation_pct for r in rules], dtype=float)[:, None]

    known = ~np.isnan(v)
    with np.errstate(invalid="ignore"):
        met = known & np.where(hib, v >= target, v <= target)
        critical = known & ~np.isnan(minimum) & np.where(hib, v < minimum, v > minimum)
    missed = (known & ~met) | (~known if missing == "missed" else np.zeros_like(known))
    status = np.where(met, "met", np.where(known, "missed", "no_data")).astype("<U7")

    baseline = np.arange(n) < terms.baseline_months
    fees, source = month_fees(terms, n, inv)
    has_fees = ~np.isnan(fees)
    cap = np.where(has_fees, np.nan_to_num(fees) * terms.at_risk_pct / 100.0, 0.0)
    owed = missed & ~baseline[None, :] & has_fees[None, :]
    uncapped = np.where(owed, np.nan_to_num(fees)[None, :] * terms.at_risk_pct * alloc / 1e4,
                        0.0)
    total = uncapped.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        scale = np.where(total > cap, cap / np.where(total > 0, total, 1.0), 1.0)
    credit = uncapped * scale[None, :]

    earn_back, returned_in, earned = _earn_back(credit, missed, met, terms.earn_back_months)
    chronic = _chronic(missed, baseline, terms)
    right_now = (chronic | (critical & ~baseline[None, :])).any(axis=0)
    first = int(np.argmax(right_now)) if right_now.any() else None
    right = np.zeros(n, dtype=bool)
    if first is not None:
        right[first:] = True
    return CreditResult(tuple(r.metric for r in rules), v, status, missed, critical, baseline,
                        fees, source, cap, uncapped, credit, earn_back, returned_in, earned,
                        chronic, right, first)


def _earn_back(credit: np.ndarray, missed: np.ndarray, met: np.ndarray,
               months: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Earn-back state, month of return and returns booked per cell (module notes)."""
    m, n = credit.shape
    state = np.full((m, n), "", dtype="<U12")
    returned_in = np.full((m, n), -1, dtype=np.int64)
    earned = np.zeros((m, n))
    for i, t in zip(*np.nonzero(credit > 0), strict=True):
        if months <= 0:
            state[i, t] = "no_earn_back"
            continue
        window = slice(t + 1, min(t + 1 + months, n))
        if missed[i, window].any():
            state[i, t] = "forfeited"
        elif t + months < n and met[i, window].all():
            state[i, t] = "returned"
            returned_in[i, t] = t + months
            earned[i, t + months] += credit[i, t]
        else:
            state[i, t] = "pending"
    return state, returned_in, earned


def _chronic(missed: np.ndarray, baseline: np.ndarray, terms: CreditTerms) -> np.ndarray:
    """Per cell: at least ``misses`` of the last ``of_months`` months missed (no baseline)."""
    m, n = missed.shape
    if terms.chronic_misses is None or terms.chronic_of_months is None or n == 0:
        return np.zeros((m, n), dtype=bool)
    counted = (missed & ~baseline[None, :]).astype(np.int64)
    run = np.cumsum(counted, axis=1)
    k = terms.chronic_of_months
    lagged = np.concatenate([np.zeros((m, k), dtype=np.int64), run], axis=1)[:, :n]
    in_window = run - lagged
    return (in_window >= terms.chronic_misses) & ~baseline[None, :]
