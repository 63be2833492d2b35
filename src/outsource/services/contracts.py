"""Contracts: check a contract file, assess its credits, explain and end it.

Use cases over the pure engines (``core.contract``, ``core.termination``,
``core.exit_plan``), taking a validated :class:`Contract` and returning
schemas. Storing contracts with their version history needs the application
database and comes with it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np

from outsource.core.contract import (
    CreditResult,
    CreditTerms,
    MetricRule,
)
from outsource.core.contract import (
    assess_credits as _assess,
)
from outsource.core.costs import InhouseInputs
from outsource.core.exit_plan import EXIT_DEFAULTS, RampInputs, ramp, ramp_cost, ramp_outlasts
from outsource.core.termination import add_months, contract_month, term_state, termination_cost
from outsource.data.contract_file import load_contract
from outsource.errors import InvalidInput
from outsource.schemas.contracts import (
    Contract,
    ContractCheck,
    CreditReport,
    ExampleLine,
    ExitPlan,
    MetricMonth,
    MonthCredits,
    MonthlyMetrics,
    RampWeek,
    TerminationTerms,
    TermStatus,
    WorkedExample,
)

#: Invoice total the worked example assumes when the contract has no fixed fee
#: (the Texas DIR clause's own example invoice) [USD].
EXAMPLE_INVOICE_USD = 100_000.0


def check_contract_file(src: str | Path | bytes, *, source: str | None = None,
                        known_vendors: Collection[str] | None = None) -> ContractCheck:
    """Validate a contract file: the contract, its end date, allocations and warnings."""
    return load_contract(src, source=source, known_vendors=known_vendors)


def credit_inputs(c: Contract) -> tuple[list[MetricRule], CreditTerms]:
    """The credit engine's view of a contract: its rules and terms."""
    rules = [MetricRule(m.metric, m.target, m.allocation_pct, m.minimum) for m in c.metrics]
    cf = c.chronic_failure
    terms = CreditTerms(c.at_risk_pct, c.baseline_months, c.earn_back_months,
                        cf.misses if cf else None, cf.of_months if cf else None,
                        c.fees_usd_per_month)
    return rules, terms


def month_label(c: Contract, index: int) -> str:
    """``YYYY-MM`` of contract month ``index + 1``."""
    d = add_months(date(c.start.year, c.start.month, 1), index)
    return f"{d.year:04d}-{d.month:02d}"


def _align(c: Contract, mm: MonthlyMetrics) -> tuple[np.ndarray, np.ndarray | None]:
    """Values (metrics x months from contract month 1) and invoices, gaps as NaN."""
    idx = []
    for i, text in enumerate(mm.months):
        k = contract_month(c.start, int(text[:4]), int(text[5:])) - 1
        if k < 0:
            raise InvalidInput(f"{text} is before the contract's start {c.start}",
                               loc=("months", i))
        if idx and k != idx[-1] + 1:
            raise InvalidInput(f"{text} does not follow {mm.months[i - 1]}: give consecutive "
                               "months", loc=("months", i))
        idx.append(k)
    if c.renewal == "none" and month_label(c, idx[-1]) > f"{c.end:%Y-%m}":
        raise InvalidInput(f"{mm.months[-1]} is after the contract's end {c.end}",
                           loc=("months", len(idx) - 1))
    names = [m.metric for m in c.metrics]
    for name in mm.values:
        if name not in names:
            raise InvalidInput(f"'{name}' is not a metric of this contract "
                               f"({', '.join(names)})", loc=("values", name))
    n = idx[-1] + 1
    values = np.full((len(names), n), np.nan)
    for r, name in enumerate(names):
        if name in mm.values:
            values[r, idx] = [np.nan if v is None else v for v in mm.values[name]]
    invoice = None
    if mm.invoice_usd is not None:
        invoice = np.full(n, np.nan)
        invoice[idx] = [np.nan if v is None else v for v in mm.invoice_usd]
    return values, invoice


def _money(x: float) -> str:
    return f"${x:,.2f}".replace(".00", "")


def _cell_note(c: Contract, res: CreditResult, i: int, t: int) -> str:
    m = c.metrics[i]
    status = res.status[i, t]
    if res.baseline[t]:
        return f"{status.replace('_', ' ')}; baseline month: measured, no credit"
    if status == "met":
        return "met"
    if status == "no_data" and not res.missed[i, t]:
        return "no value: not assessed, no credit"
    head = "no value: deemed missed" if status == "no_data" else "missed"
    if res.fees_source[t] == "none":
        return f"{head}; no fees known (no fixed fee, no invoice total): no credit"
    if m.allocation_pct == 0:
        return f"{head}; 0 % allocation (a key measurement): reported, no credit"
    fees = res.fees_usd[t]
    text = (f"{head}: {_money(fees)} x {c.at_risk_pct:g} % x {m.allocation_pct:g} % = "
            f"{_money(res.uncapped_credit_usd[i, t])}")
    if res.capped[t]:
        text += f", cut pro rata to {_money(res.credit_usd[i, t])} by the monthly cap"
    return text


def _month_note(c: Contract, res: CreditResult, t: int) -> str:
    if res.baseline[t]:
        return "baseline month: no credit"
    if res.fees_source[t] == "none":
        return "no fees known for the month: no credit"
    credits, cap = res.credits_usd[t], res.cap_usd[t]
    if res.capped[t]:
        text = (f"credits {_money(res.uncapped_credits_usd[t])} exceed the cap "
                f"{_money(cap)} ({c.at_risk_pct:g} % of {_money(res.fees_usd[t])}): "
                f"{_money(credits)} owed")
    else:
        text = f"credits {_money(credits)} of a cap of {_money(cap)}"
    back = res.earned_back_month_usd[t]
    if back > 0:
        text += f"; {_money(back)} of earlier credits earned back"
    return text


def report(c: Contract, res: CreditResult, missing: str = "no_data") -> CreditReport:
    """A :class:`CreditReport` of an engine result on contract ``c``."""
    labels = [month_label(c, t) for t in range(res.months)]
    rows, months = [], []
    for t, label in enumerate(labels):
        for i, m in enumerate(c.metrics):
            v = res.values[i, t]
            st = str(res.status[i, t])
            back = int(res.returned_in[i, t])
            rows.append(MetricMonth(
                month=label, metric=m.metric, value=None if np.isnan(v) else float(v),
                target=m.target, direction=">=" if m.higher_is_better else "<=", status=st,
                met=None if st == "no_data" else st == "met",
                critical=bool(res.critical[i, t]), chronic=bool(res.chronic[i, t]),
                allocation_pct=m.allocation_pct,
                uncapped_credit_usd=float(res.uncapped_credit_usd[i, t]),
                credit_usd=float(res.credit_usd[i, t]), note=_cell_note(c, res, i, t),
                earn_back=str(res.earn_back[i, t]),
                returned_in=labels[back] if back >= 0 else None,
                earned_back_usd=float(res.earned_back_usd[i, t])))
        fees = res.fees_usd[t]
        months.append(MonthCredits(
            month=label, contract_month=t + 1, baseline=bool(res.baseline[t]),
            fees_usd=None if np.isnan(fees) else float(fees),
            fees_source=str(res.fees_source[t]), cap_usd=float(res.cap_usd[t]),
            uncapped_credits_usd=float(res.uncapped_credits_usd[t]),
            credits_usd=float(res.credits_usd[t]), capped=bool(res.capped[t]),
            earned_back_usd=float(res.earned_back_month_usd[t]),
            net_usd=float(res.net_usd[t]),
            cumulative_net_usd=max(0.0, float(res.cumulative_net_usd[t])),
            missing_metrics=[m.metric for i, m in enumerate(c.metrics)
                             if res.status[i, t] == "no_data"],
            chronic_failures=[m.metric for i, m in enumerate(c.metrics) if res.chronic[i, t]],
            critical_failures=[m.metric for i, m in enumerate(c.metrics)
                               if res.critical[i, t]],
            termination_right=bool(res.termination_right[t]), note=_month_note(c, res, t)))
    first = res.termination_from
    reasons = [r.replace(f"month {first + 1}", labels[first]) for r in res.reasons()] \
        if first is not None else []
    credits = float(res.credit_usd.sum())
    earned = float(res.earned_back_usd.sum())
    return CreditReport(vendor=c.vendor, missing=missing, rows=rows, months=months,
                        credits_usd=credits, earned_back_usd=earned,
                        net_usd=max(0.0, credits - earned),
                        pending_earn_back_usd=res.pending_usd,
                        termination_right_from=None if first is None else labels[first],
                        termination_reasons=reasons)


def assess_credits(c: Contract, metrics: MonthlyMetrics, *,
                   missing: Literal["no_data", "missed"] = "no_data") -> CreditReport:
    """SLA results of ``c`` over the given months: met/missed, credits, cap, earn-back,
    chronic and critical failure, termination rights.

    Months before the first given one (back to the contract's first month) are
    reported as having no data, since earn-back and chronic failure read the
    history; a metric of the contract absent from ``metrics.values`` has no
    data in any month.
    """
    values, invoice = _align(c, metrics)
    rules, terms = credit_inputs(c)
    return report(c, _assess(rules, values, terms, invoice, missing=missing), missing)


# --- the worked example -----------------------------------------------------------------

def _missed_value(m) -> float:  # noqa: ANN001 - a MetricTerm
    """A value that misses the target (just beyond it, above any minimum)."""
    t = m.target
    if m.higher_is_better:
        low = t * 0.95 if t > 0 else 0.0
        return max(low, m.minimum) if m.minimum is not None else low
    high = t * 1.05 if t > 0 else 0.01
    return min(high, m.minimum) if m.minimum is not None else high


def worked_example(c: Contract) -> WorkedExample:
    """The credit mechanism on the contract's own numbers, computed by the engine."""
    fees = c.fees_usd_per_month or EXAMPLE_INVOICE_USD
    at_risk = fees * c.at_risk_pct / 100.0
    rules, terms = credit_inputs(c)
    b = c.baseline_months
    invoice = None if c.fees_usd_per_month else np.full(b + 1, fees)

    def one_month(missed: set[int]) -> CreditResult:
        v = np.array([[m.target] * (b + 1) for m in c.metrics], dtype=float)
        for i in missed:
            v[i, b] = _missed_value(c.metrics[i])
        return _assess(rules, v, terms, invoice)

    per_metric = []
    for i, m in enumerate(c.metrics):
        res = one_month({i})
        per_metric.append(ExampleLine(
            text=(f"{m.metric} missed alone: {_money(fees)} x {c.at_risk_pct:g} % x "
                  f"{m.allocation_pct:g} % = {_money(res.credit_usd[i, b])}"
                  + (" (0 % allocation: reported, no credit)" if m.allocation_pct == 0
                     else "")),
            amount_usd=float(res.credit_usd[i, b])))
    carrying = {i for i, m in enumerate(c.metrics) if m.allocation_pct > 0}
    all_lines = []
    if carrying:
        res = one_month(carrying)
        total_pct = sum(c.metrics[i].allocation_pct for i in carrying)
        raw, owed = res.uncapped_credits_usd[b], res.credits_usd[b]
        all_lines.append(ExampleLine(
            text=(f"every metric with an allocation missed in the same month: allocations "
                  f"{total_pct:g} % of the at-risk amount give {_money(raw)}"),
            amount_usd=float(raw)))
        if res.capped[b]:
            all_lines.append(ExampleLine(
                text=(f"the monthly cap ({c.at_risk_pct:g} % of {_money(fees)} = "
                      f"{_money(at_risk)}) cuts every credit by the same factor "
                      f"{owed / raw:.3f}: {_money(owed)} owed"), amount_usd=float(owed)))
        else:
            all_lines.append(ExampleLine(
                text=(f"within the monthly cap of {_money(at_risk)}: {_money(owed)} owed"),
                amount_usd=float(owed)))
    earn = []
    e = c.earn_back_months
    top = max(carrying, key=lambda i: c.metrics[i].allocation_pct) if carrying else None
    if e > 0 and top is not None:
        m = c.metrics[top]
        n = b + 1 + e
        v = np.array([[x.target] * n for x in c.metrics], dtype=float)
        v[top, b] = _missed_value(m)
        inv = None if c.fees_usd_per_month else np.full(n, fees)
        res = _assess(rules, v, terms, inv)
        credit = float(res.credit_usd[top, b])
        earn.append(ExampleLine(text=(f"{m.metric} missed in contract month {b + 1}: credit "
                                      f"{_money(credit)}"), amount_usd=credit))
        earn.append(ExampleLine(text=(
            f"{m.metric} met in each of the {e} months after (months {b + 2} to {b + 1 + e}): "
            f"the {_money(credit)} is returned to the vendor in month {b + 1 + e}"),
            amount_usd=float(res.earned_back_usd[top, b + e])))
        earn.append(ExampleLine(text=(
            f"had {m.metric} been missed in any of those months, the credit would stay "
            "with the buyer")))
    chronic = []
    cf = c.chronic_failure
    if cf is not None:
        first = b + 1
        chronic.append(ExampleLine(text=(
            f"the same metric missed in {cf.misses} of the last {cf.of_months} months (e.g. "
            f"missed in months {', '.join(str(first + k) for k in range(cf.misses))}) is a "
            f"chronic failure from month {first + cf.misses - 1}: the buyer may terminate "
            "without a termination fee, and the vendor pays for exit assistance")))
    return WorkedExample(month=b + 1, fees_usd=fees, fees_assumed=c.fees_usd_per_month is None,
                         at_risk_usd=at_risk, per_metric=per_metric, all_missed=all_lines,
                         earn_back=earn, chronic=chronic)


# --- dates, termination and the exit plan ---------------------------------------------------

def term_status(c: Contract, day: date) -> TermStatus:
    """The term ``day`` falls in, its end, and the last day to give notice."""
    st = term_state(c.start, c.term_months, c.renewal, c.notice_days, day)
    return TermStatus(day=day, term_number=st.term_number, term_start=st.term_start,
                      term_end=st.term_end, notice_deadline=st.notice_deadline,
                      renews=st.renews, next_term_end=st.next_term_end, ended=st.ended)


def termination_terms(c: Contract, notice_date: date, *,
                      monthly_fees_usd: float | None = None,
                      failure_right: bool = False) -> TerminationTerms:
    """The fee and exit terms of ending ``c`` with notice on ``notice_date``.

    ``monthly_fees_usd`` values the remaining term: the contract's fixed fee by
    default; required when the contract has none (e.g. the mean recent invoice).
    ``failure_right``: a chronic or critical failure gave the buyer the right.
    """
    fees = monthly_fees_usd if monthly_fees_usd is not None else c.fees_usd_per_month
    if fees is None:
        raise InvalidInput("the contract has no fixed monthly fee: give the monthly fees to "
                           "value the remaining term at", field="monthly_fees_usd")
    tc = c.termination_for_convenience
    cost = termination_cost(
        c.start, c.term_months, c.renewal, c.notice_days, notice_date, fees,
        fee_pct_of_remaining=None if tc is None else tc.fee_pct_of_remaining,
        min_notice_days=0 if tc is None else tc.min_notice_days, failure_right=failure_right,
        exit_assistance_months=c.exit_assistance_months, data_return_days=c.data_return_days)
    return TerminationTerms(
        route=cost.route, notice_date=cost.notice_date, effective_date=cost.effective_date,
        contract_year=cost.contract_year, fee_pct=cost.fee_pct,
        remaining_months=cost.remaining_months, monthly_fees_usd=fees,
        remaining_fees_usd=cost.remaining_fees_usd, termination_fee_usd=cost.fee_usd,
        exit_assistance_payer=cost.exit_assistance_payer,
        exit_assistance_end=cost.exit_assistance_end, data_return_by=cost.data_return_by)


def termination_example(c: Contract) -> TerminationTerms | None:
    """Termination for convenience taking effect on the first day of contract year 2 (at
    the start for a term of a year or less); ``None`` without the clause or a fixed fee."""
    tc = c.termination_for_convenience
    if tc is None or c.fees_usd_per_month is None:
        return None
    effect = c.start if c.term_months <= 12 else add_months(c.start, 12)
    return termination_terms(c, max(c.start, effect - timedelta(days=tc.min_notice_days)))


def exit_plan(c: Contract, fte: float, notice_date: date, *, agents: float | None = None,
              failure_right: bool = False, monthly_fees_usd: float | None = None,
              ramp_inputs: dict[str, float] | None = None,
              inhouse: InhouseInputs | None = None) -> ExitPlan:
    """Taking ``c``'s work back in-house: the ramp, its cost, the termination cost, the flag.

    Parameters
    ----------
    c : the contract.
    fte : full-time people the workload needs in-house [FTE] (the staffing engine's).
    notice_date : the day notice would be given (the ramp starts then).
    agents : agents on contacts the workload needs [agents], reported as given.
    failure_right : a chronic or critical failure gave the buyer the right.
    monthly_fees_usd : values the remaining term when the contract has no fixed fee.
    ramp_inputs : overrides of :data:`outsource.core.exit_plan.EXIT_DEFAULTS`.
    inhouse : in-house cost inputs; default the cost model's central values.
    """
    overrides = dict(ramp_inputs or {})
    unknown = set(overrides) - set(EXIT_DEFAULTS)
    if unknown:
        raise InvalidInput(f"unknown ramp input '{sorted(unknown)[0]}' (one of "
                           f"{', '.join(EXIT_DEFAULTS)})", field="ramp_inputs")
    values = {k: overrides.get(k, v[0]) for k, v in EXIT_DEFAULTS.items()}
    x = RampInputs(fte_needed=fte, **values)
    r = ramp(x)
    cost = ramp_cost(r, inhouse or InhouseInputs.defaults())
    term = termination_terms(c, notice_date, monthly_fees_usd=monthly_fees_usd,
                             failure_right=failure_right)
    notice_days = (term.effective_date - notice_date).days
    notice_w, exit_w, flag = ramp_outlasts(r.ramp_weeks, notice_days, c.exit_assistance_months)
    weekly = list(cost.weekly_usd) + [0.0] * (r.weeks - len(cost.weekly_usd))
    weeks = [RampWeek(week=w + 1, hired=float(r.hired[w]), in_training=float(r.in_training[w]),
                      ramping=float(r.ramping[w]), proficient=float(r.proficient[w]),
                      headcount=float(r.headcount[w]), capacity_fte=float(r.capacity_fte[w]),
                      cost_usd=float(weekly[w])) for w in range(r.weeks)]
    return ExitPlan(
        vendor=c.vendor, agents=agents, fte=fte, total_hires=r.total_hires,
        ready_week=r.ready_week, parallel_run_weeks=int(x.parallel_run_weeks),
        ramp_weeks=r.ramp_weeks, notice_weeks=notice_w, exit_assistance_weeks=exit_w,
        ramp_outlasts_notice=flag, transition_cost_usd=cost.total_usd,
        transition_cost_components_usd=cost.components,
        termination_fee_usd=term.termination_fee_usd, termination=term,
        inputs={k: float(v) for k, v in values.items()},
        sources={k: ("override" if k in overrides else v[1]) for k, v in EXIT_DEFAULTS.items()},
        weeks=weeks, failure_right_given=failure_right)


__all__ = ["EXAMPLE_INVOICE_USD", "assess_credits", "check_contract_file", "credit_inputs",
           "exit_plan", "month_label", "report", "term_status", "termination_example",
           "termination_terms", "worked_example"]
