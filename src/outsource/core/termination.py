"""Contract dates and the cost of ending a contract: term, renewal, notice, fees, exit.

Rules (issue 13; contract practice in /work/shared/domain-notes.md):

- The term runs from ``start`` for ``term_months`` calendar months; its last
  day is the day before ``start + term_months`` (2026-07-01 + 24 months ends
  2028-06-30).
- ``renewal: auto`` renews for further terms unless either party gives notice
  at least ``notice_days`` before the term's end; the renewal term's length is
  ``term_months`` unless given (the contract file has no renewal-term key: our
  assumption). ``renewal: none`` ends at the term's end.
- Contract year k is the k-th 12 months from ``start`` (across renewals).
- Termination for convenience takes effect ``min_notice_days`` after notice;
  its fee = the percentage of the contract year in which it takes effect x
  the fees of the rest of the current term (a sliding scale when the
  percentage is a list per contract year; past the list its last value).
  Fees usually slide down over the term because they repay the provider's
  amortised set-up (Morgan Lewis sourcing notes).
- After a chronic or critical failure gave the buyer a termination right, no
  fee is owed (a right for cause: UK Crown Commercial Service call-off) and the
  vendor pays for exit assistance; otherwise the buyer pays ("who pays
  usually depends on who caused the exit").
- Exit assistance runs ``exit_assistance_months`` from the effective date;
  data is returned within ``data_return_days`` after it ends.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from outsource.errors import InvalidInput

Route = Literal["convenience", "failure", "expiry"]


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, the day clamped to the month's length."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, term_months: int) -> date:
    """Last day of a term of ``term_months`` calendar months from ``start``."""
    if term_months < 1:
        raise InvalidInput("must be at least 1 month", field="term_months")
    return add_months(start, term_months) - timedelta(days=1)


def months_between(a: date, b: date) -> float:
    """Calendar months from ``a`` to ``b`` [months]: whole months, then the rest as days
    over the length of the month it falls in; 0 when ``b <= a``."""
    if b <= a:
        return 0.0
    whole = (b.year - a.year) * 12 + (b.month - a.month)
    while whole > 0 and add_months(a, whole) > b:
        whole -= 1
    anchor = add_months(a, whole)
    nxt = add_months(a, whole + 1)
    return whole + (b - anchor).days / (nxt - anchor).days


def contract_month(start: date, year: int, month: int) -> int:
    """1-based contract month of a calendar month (the month containing ``start`` is 1)."""
    return (year - start.year) * 12 + (month - start.month) + 1


def contract_year(start: date, day: date) -> int:
    """1-based contract year of ``day`` (12-month periods from ``start``)."""
    if day < start:
        raise InvalidInput(f"{day} is before the contract's start {start}", field="date")
    k = 1
    while add_months(start, 12 * k) <= day:
        k += 1
    return k


@dataclass(frozen=True)
class TermState:
    """Where a contract stands on a day: its current term and notice deadline.

    Attributes
    ----------
    term_number : 1 for the initial term, 2 for the first renewal, ...; 0 before start.
    term_start, term_end : first and last day of that term.
    notice_deadline : last day on which notice ends the contract at ``term_end``
        (``term_end`` + 1 day - ``notice_days``).
    renews : whether, without notice, another term follows.
    next_term_end : last day of the following term (``None`` without renewal).
    ended : the contract has ended (``renewal: none`` and ``day`` after the end).
    """

    term_number: int
    term_start: date
    term_end: date
    notice_deadline: date
    renews: bool
    next_term_end: date | None
    ended: bool


def term_state(start: date, term_months: int, renewal: str, notice_days: int, day: date,
               renewal_months: int | None = None) -> TermState:
    """The term ``day`` falls in, its end, and the last day to give notice.

    Parameters
    ----------
    start : first day of the contract.
    term_months : initial term [months].
    renewal : ``"auto"`` or ``"none"``.
    notice_days : notice to end or not renew [days].
    day : the day asked about (pass it: core reads no clock).
    renewal_months : length of each renewal term [months]; default ``term_months``.
    """
    if renewal not in ("auto", "none"):
        raise InvalidInput("must be 'auto' or 'none'", field="renewal")
    if notice_days < 0:
        raise InvalidInput("must be >= 0", field="notice_days")
    step = renewal_months or term_months
    t_start, t_end, number = start, term_end(start, term_months), 1
    if day < start:
        number = 0
    while renewal == "auto" and day > t_end:
        t_start, t_end, number = t_end + timedelta(days=1), term_end(t_end + timedelta(days=1),
                                                                      step), number + 1
    ended = renewal == "none" and day > t_end
    nxt = term_end(t_end + timedelta(days=1), step) if renewal == "auto" else None
    deadline = t_end + timedelta(days=1) - timedelta(days=notice_days)
    return TermState(number, t_start, t_end, deadline, renewal == "auto", nxt, ended)


def fee_pct_for_year(fee_pct_of_remaining: float | Sequence[float], year: int) -> float:
    """The termination-fee percentage of contract year ``year`` (1-based) [%].

    A single number applies to every year; a list is a sliding scale per
    contract year, its last value applying past its end.
    """
    if isinstance(fee_pct_of_remaining, int | float):
        return float(fee_pct_of_remaining)
    scale = list(fee_pct_of_remaining)
    if not scale:
        raise InvalidInput("needs at least one value", field="fee_pct_of_remaining")
    return float(scale[min(year, len(scale)) - 1])


@dataclass(frozen=True)
class TerminationCost:
    """What ending the contract on a notice costs, and who pays for the exit.

    Attributes
    ----------
    route : ``convenience`` (fee applies), ``failure`` (a chronic or critical
        failure gave the right: no fee) or ``expiry`` (no convenience clause: the
        contract ends at a term's end, no fee).
    notice_date : day notice is given.
    effective_date : first day the contract no longer runs (services may continue
        under exit assistance).
    contract_year : contract year of the effective date.
    fee_pct : percentage applied to the remaining fees [%] (0 without a fee).
    remaining_months : months from the effective date to the current term's end [months].
    remaining_fees_usd : monthly fees x remaining months [USD].
    fee_usd : the termination fee [USD].
    exit_assistance_payer : ``vendor`` after its own failure, ``buyer`` otherwise.
    exit_assistance_end : last day of exit assistance.
    data_return_by : the day by which the vendor returns the buyer's data.
    """

    route: Route
    notice_date: date
    effective_date: date
    contract_year: int
    fee_pct: float
    remaining_months: float
    remaining_fees_usd: float
    fee_usd: float
    exit_assistance_payer: Literal["vendor", "buyer"]
    exit_assistance_end: date
    data_return_by: date


def termination_cost(start: date, term_months: int, renewal: str, notice_days: int,
                     notice_date: date, monthly_fees_usd: float, *,
                     fee_pct_of_remaining: float | Sequence[float] | None,
                     min_notice_days: int = 0, failure_right: bool = False,
                     exit_assistance_months: int = 0, data_return_days: int = 0,
                     renewal_months: int | None = None) -> TerminationCost:
    """Fee and exit terms of ending the contract with notice given on ``notice_date``.

    Parameters
    ----------
    start, term_months, renewal, notice_days : the contract's term (see :func:`term_state`).
    notice_date : day the buyer gives notice.
    monthly_fees_usd : fees per month the remaining term is valued at [USD/month]
        (the contract's fixed fee, or e.g. the mean of recent invoices).
    fee_pct_of_remaining : termination-for-convenience fee [%], one number or one per
        contract year; ``None`` when the contract has no such clause.
    min_notice_days : notice a termination for convenience needs [days].
    failure_right : a chronic or critical failure gave the buyer a termination right.
    exit_assistance_months : months of exit assistance after the effective date.
    data_return_days : days after exit assistance ends to return the buyer's data.
    renewal_months : renewal term length [months]; default ``term_months``.
    """
    if monthly_fees_usd < 0:
        raise InvalidInput("must be >= 0", field="monthly_fees_usd")
    if notice_date < start:
        raise InvalidInput(f"{notice_date} is before the contract's start {start}",
                           field="notice_date")
    if failure_right:
        route: Route = "failure"
        effective = notice_date
    elif fee_pct_of_remaining is None:
        route = "expiry"
        st = term_state(start, term_months, renewal, notice_days, notice_date, renewal_months)
        end = st.term_end if notice_date <= st.notice_deadline or not st.renews \
            else st.next_term_end
        effective = (end or st.term_end) + timedelta(days=1)
    else:
        route = "convenience"
        effective = notice_date + timedelta(days=min_notice_days)
    st = term_state(start, term_months, renewal, notice_days, effective - timedelta(days=1),
                    renewal_months)
    year = contract_year(start, effective)
    remaining = months_between(effective, st.term_end + timedelta(days=1))
    pct = fee_pct_for_year(fee_pct_of_remaining, year) if route == "convenience" else 0.0
    remaining_fees = remaining * monthly_fees_usd
    fee = pct / 100.0 * remaining_fees
    exit_end = add_months(effective, exit_assistance_months) - timedelta(days=1) \
        if exit_assistance_months > 0 else effective - timedelta(days=1)
    return TerminationCost(route, notice_date, effective, year, pct, remaining,
                           remaining_fees, fee, "vendor" if failure_right else "buyer",
                           exit_end, exit_end + timedelta(days=data_return_days))
