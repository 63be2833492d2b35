"""Contract dates, termination fees (sliding scale) and who pays the exit, by hand."""

from __future__ import annotations

from datetime import date

import pytest

from outsource.core.termination import (
    add_months,
    contract_month,
    contract_year,
    fee_pct_for_year,
    months_between,
    term_end,
    term_state,
    termination_cost,
)
from outsource.errors import InvalidInput

START = date(2026, 7, 1)


def test_calendar_arithmetic():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert term_end(START, 24) == date(2028, 6, 30)
    assert months_between(date(2026, 7, 1), date(2026, 7, 16)) == pytest.approx(15 / 31)
    assert months_between(date(2027, 4, 1), date(2028, 7, 1)) == pytest.approx(15.0)
    assert months_between(date(2027, 4, 1), date(2027, 3, 1)) == 0.0
    assert contract_month(START, 2026, 7) == 1 and contract_month(START, 2027, 6) == 12
    assert contract_year(START, date(2027, 6, 30)) == 1
    assert contract_year(START, date(2027, 7, 1)) == 2
    with pytest.raises(InvalidInput):
        term_end(START, 0)


def test_auto_renewal_and_notice_deadline():
    s = term_state(START, 24, "auto", 90, date(2027, 1, 1))
    assert (s.term_number, s.term_end) == (1, date(2028, 6, 30))
    # Notice of 90 days ending the term on 2028-06-30: given no later than 2028-04-02
    # (2028-07-01 minus 90 days).
    assert s.notice_deadline == date(2028, 4, 2)
    assert s.renews and s.next_term_end == date(2030, 6, 30)
    later = term_state(START, 24, "auto", 90, date(2028, 8, 1))
    assert (later.term_number, later.term_start, later.term_end) == (
        2, date(2028, 7, 1), date(2030, 6, 30))


def test_no_renewal_ends():
    s = term_state(START, 24, "none", 90, date(2028, 7, 1))
    assert s.ended and not s.renews and s.next_term_end is None


def test_sliding_scale_by_contract_year():
    assert fee_pct_for_year(10, 3) == 10
    assert [fee_pct_for_year([20, 10, 5], y) for y in (1, 2, 3, 4)] == [20, 10, 5, 5]


@pytest.mark.parametrize(("notice", "year", "pct", "months", "fee"), [
    # 36-month term from 2026-07-01 (ends 2029-06-30) at $100,000 a month, fees 20/10/5 %,
    # no notice period: fee = pct x $100,000 x months left.
    (date(2026, 10, 1), 1, 20, 33, 0.20 * 100_000 * 33),   # $660,000
    (date(2027, 7, 1), 2, 10, 24, 0.10 * 100_000 * 24),    # $240,000
    (date(2028, 1, 1), 2, 10, 18, 0.10 * 100_000 * 18),    # $180,000
    (date(2028, 7, 1), 3, 5, 12, 0.05 * 100_000 * 12),     # $60,000
])
def test_termination_fee_sliding_scale(notice, year, pct, months, fee):
    c = termination_cost(START, 36, "none", 90, notice, 100_000,
                         fee_pct_of_remaining=[20, 10, 5])
    assert (c.route, c.contract_year, c.fee_pct) == ("convenience", year, pct)
    assert c.remaining_months == pytest.approx(months)
    assert c.fee_usd == pytest.approx(fee)
    assert c.exit_assistance_payer == "buyer"


def test_minimum_notice_moves_the_effective_date():
    # Notice 2027-01-01 + 90 days = 2027-04-01; 15 months left of a 24-month term:
    # 10 % x $1,500,000 = $150,000. Exit assistance 6 months to 2027-09-30, data by
    # 30 days later.
    c = termination_cost(START, 24, "auto", 90, date(2027, 1, 1), 100_000,
                         fee_pct_of_remaining=10, min_notice_days=90,
                         exit_assistance_months=6, data_return_days=30)
    assert c.effective_date == date(2027, 4, 1)
    assert c.fee_usd == pytest.approx(150_000.0)
    assert c.exit_assistance_end == date(2027, 9, 30)
    assert c.data_return_by == date(2027, 10, 30)


def test_no_fee_after_a_failure_and_the_vendor_pays_the_exit():
    c = termination_cost(START, 24, "auto", 90, date(2027, 1, 1), 100_000,
                         fee_pct_of_remaining=10, min_notice_days=90, failure_right=True,
                         exit_assistance_months=6)
    assert (c.route, c.fee_usd, c.exit_assistance_payer) == ("failure", 0.0, "vendor")
    assert c.effective_date == date(2027, 1, 1)


def test_without_a_convenience_clause_the_contract_runs_to_a_terms_end():
    before = termination_cost(START, 24, "auto", 90, date(2027, 1, 1), 100_000,
                              fee_pct_of_remaining=None)
    assert (before.route, before.fee_usd) == ("expiry", 0.0)
    assert before.effective_date == date(2028, 7, 1)
    late = termination_cost(START, 24, "auto", 90, date(2028, 5, 1), 100_000,
                            fee_pct_of_remaining=None)
    assert late.effective_date == date(2030, 7, 1)  # deadline 2028-04-02 missed: renewed
