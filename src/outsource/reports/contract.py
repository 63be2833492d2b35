"""The contract rendered as the schedule people sign: Markdown or HTML (Jinja2).

Built from the :class:`~outsource.schemas.contracts.Contract` schema and the
worked example of :func:`outsource.services.contracts.worked_example`; the
two templates (``templates/contract.md.j2``, ``templates/contract.html.j2``)
render the same view, section by section, in plain words: the SLA schedule
with each metric's exact formula, the credit mechanism and a worked example
on the contract's own numbers, critical and chronic failure, governance,
termination and exit, and which figures the logs give and which are entered
by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from outsource.schemas.contracts import (
    Contract,
    ContractWarning,
    MetricTerm,
    WorkedExample,
    contract_warnings,
)
from outsource.services.contracts import (
    month_label,
    term_status,
    termination_example,
    worked_example,
)

Format = Literal["md", "html"]

_NAMES = {"service_level": "Service level", "asa_s": "Average speed of answer",
          "abandon_rate": "Abandonment rate", "repeat_rate": "Repeat-contact rate",
          "fcr": "First-contact resolution", "csat": "Customer satisfaction (CSAT)",
          "email_response": "E-mail response time", "aht_s": "Average handle time"}

#: Each service-level formula in words (issue 14's definitions; T = answer_within_s).
_SL_WORDS = {
    "answered": "contacts answered within {T} / contacts answered",
    "offered": "contacts answered within {T} / contacts offered (abandoned contacts count "
               "against the vendor; Cisco's 'negative')",
    "offered_excl_short": "contacts answered within {T} / (contacts offered - short "
                          "abandons), a short abandon being a contact abandoned after a "
                          "wait of less than {S}",
    "abandons_met": "(contacts answered within {T} + contacts abandoned within {T}) / "
                    "contacts offered (early abandons count for the vendor; Cisco's "
                    "'positive')",
    "ignore_abandons": "contacts answered within {T} / (contacts offered - contacts "
                       "abandoned within {T}) (early abandons left out; Cisco's 'ignore')",
}


def _secs(x: float) -> str:
    return f"{x:g} s"


def _money(x: float) -> str:
    return f"${x:,.2f}".replace(".00", "")


def _value(m: MetricTerm, x: float) -> str:
    if m.metric in ("service_level", "abandon_rate", "repeat_rate", "fcr", "email_response"):
        return f"{x * 100:g} %"
    if m.metric in ("asa_s", "aht_s"):
        return _secs(x)
    return f"{x:g}"


def definition(m: MetricTerm) -> str:
    """The metric's exact formula in words, for one calendar month."""
    if m.metric == "service_level":
        t = f"{m.answer_within_s:g} s"
        s = f"{m.short_abandon_s:g} s" if m.short_abandon_s is not None else ""
        words = _SL_WORDS[m.formula].format(T=t, S=s)
        return (f"formula {m.formula}: {words}; 'within {t}' means a wait of at most {t}; "
                "contacts offered are those that reached the vendor's queue")
    if m.metric == "asa_s":
        return "mean wait in queue of the contacts answered [s]"
    if m.metric == "abandon_rate":
        return "contacts abandoned / contacts offered"
    if m.metric == "repeat_rate":
        return (f"share of contacts followed by another contact of the same customer within "
                f"{m.window_days} days, on any channel and with any vendor")
    if m.metric == "fcr":
        return (f"share of contacts resolved at the first contact: the log's resolved flag "
                f"where it is logged, else 1 - the repeat-contact rate within "
                f"{m.window_days} days")
    if m.metric == "csat":
        return "mean satisfaction score of the surveyed contacts, on the survey's own scale"
    if m.metric == "email_response":
        cal = m.calendar
        hol = (f", public holidays of '{cal.holidays}' not counted" if cal.holidays
               else ", no public holidays")
        return (f"share of e-mails given a first response within "
                f"{m.within_business_hours:g} business hours, counting only the hours "
                f"{cal.hours}{hol}")
    return "mean handle time (talk + hold + after-contact work) of the contacts answered [s]"


def figure_source(m: MetricTerm) -> str:
    """Where the month's figure comes from: the vendor's logs, or entered by hand."""
    if m.metric == "csat":
        return ("the logs' csat column where the vendor logs survey scores; otherwise "
                "entered by hand each month from the survey results")
    if m.metric == "fcr":
        return "the logs (resolved flag, or repeat contacts where there is none)"
    if m.metric == "email_response":
        return "the logs (arrival and first-response times)"
    return "the logs (computed from every contact, never from interval averages)"


@dataclass
class MetricView:
    number: int
    name: str
    key: str
    definition: str
    target: str
    minimum: str
    allocation: str
    credit: str
    source: str


@dataclass
class View:
    """Everything the templates print, as text (Markdown- and HTML-neutral)."""

    title: str
    term: list[str]
    metrics: list[MetricView]
    credits: list[str]
    example: WorkedExample
    example_intro: str
    failures: list[str]
    governance: list[str]
    escalation: list[str]
    termination: list[str]
    figures: list[tuple[str, str]]
    warnings: list[ContractWarning] = field(default_factory=list)
    note: str | None = None


def _term_lines(c: Contract) -> list[str]:
    st = term_status(c, c.start)
    lines = [f"Vendor: {c.vendor}.",
             f"Term: {c.term_months} months from {c.start:%Y-%m-%d} to {c.end:%Y-%m-%d}."]
    if c.renewal == "auto":
        lines.append(f"Renewal: renews automatically for further terms of {c.term_months} "
                     f"months unless either party gives notice at least {c.notice_days} "
                     f"days before a term ends (for the initial term, no later than "
                     f"{st.notice_deadline:%Y-%m-%d}).")
    else:
        lines.append(f"Renewal: none; the contract ends on {c.end:%Y-%m-%d}. Notice to end "
                     f"or not renew: {c.notice_days} days.")
    if c.fees_usd_per_month is not None:
        lines.append(f"Fees: {_money(c.fees_usd_per_month)} a month, the basis of every "
                     "service credit.")
    else:
        lines.append("Fees: no fixed monthly fee; each month's service credits are computed "
                     "on that month's invoice total.")
    return lines


def _credit_lines(c: Contract) -> list[str]:
    total = sum(m.allocation_pct for m in c.metrics)
    b, e = c.baseline_months, c.earn_back_months
    lines = [
        f"At-risk amount: {c.at_risk_pct:g} % of the month's fees. It is the most the vendor "
        "owes in service credits for one calendar month (the monthly cap).",
        "A metric is missed in a calendar month when its monthly value is on the wrong side "
        "of its target (below it where higher is better, above it where lower is better); "
        "a value exactly at the target is met.",
        "The credit for a missed metric = the month's fees x the at-risk percentage x the "
        "metric's allocation percentage / 10,000 (both percentages as plain numbers, e.g. "
        "12 and 50: $100,000 x 12 x 50 / 10,000 = $6,000).",
        f"The allocations add up to {total:g} % of the at-risk amount."
        + (" That is more than 100 %, which gives the buyer room; the monthly cap still "
           "holds: when a month's credits exceed it, every credit of that month is reduced "
           "by the same factor so that together they equal the cap." if total > 100 else
           " The month's credits never exceed the cap."),
    ]
    if b:
        last = month_label(c, b - 1)
        lines.append(f"Baseline: no credit is owed for the first {b} months "
                     f"({month_label(c, 0)} to {last}); results are measured and reported.")
    if e:
        lines.append(f"Earn-back: a credit for a metric is returned to the vendor when that "
                     f"metric is met in each of the {e} months after the month of the credit. "
                     "What is returned is the credit as owed (after the cap), in the last of "
                     "those months; a miss in any of them means the credit stays with the "
                     "buyer.")
    else:
        lines.append("Earn-back: none; credits are final.")
    lines.append("A metric without a figure for a month is never taken as met: it is "
                 "reported as 'no data', owes no credit until the figure is supplied, does "
                 "not count as a miss, and keeps open any earn-back that depends on it.")
    if c.fees_usd_per_month is None:
        lines.append("A month without an invoice owes no credit; the results say so.")
    return lines


def _failure_lines(c: Contract) -> list[str]:
    out = []
    floors = [m for m in c.metrics if m.minimum is not None]
    for m in floors:
        side = "below" if m.higher_is_better else "above"
        out.append(f"Critical failure: a month with {_NAMES[m.metric].lower()} {side} "
                   f"{_value(m, m.minimum)} gives the buyer the right to terminate from that "
                   "month on.")
    if not floors:
        out.append("Critical failure: no metric has a minimum level.")
    cf = c.chronic_failure
    if cf is not None:
        out.append(f"Chronic failure: the same metric missed in at least {cf.misses} of the "
                   f"last {cf.of_months} months gives the buyer the right to terminate from "
                   "that month on.")
    else:
        out.append("Chronic failure: no chronic-failure clause.")
    if c.baseline_months:
        out.append("Baseline months count toward neither critical nor chronic failure.")
    out.append("A termination right from a critical or chronic failure carries no "
               "termination fee, and the vendor pays for exit assistance.")
    return out


def _governance_lines(c: Contract) -> tuple[list[str], list[str]]:
    g = c.governance
    if g is None:
        return ["No governance terms: no liaison, meetings or escalation path named."], []
    lines = [f"Liaison: {g.liaison}." if g.liaison else "Liaison: none named."]
    for kind in ("operational", "governance", "executive"):
        cadence = getattr(g.meetings, kind)
        if cadence:
            lines.append(f"{kind.capitalize()} meetings: {cadence}.")
    return lines, list(g.escalation)


def _termination_lines(c: Contract) -> list[str]:
    tc = c.termination_for_convenience
    lines = []
    if tc is None:
        lines.append("Termination for convenience: not provided; without cause the contract "
                     "ends only at a term's end, with notice.")
    else:
        pct = tc.fee_pct_of_remaining
        if isinstance(pct, list):
            scale = ", ".join(f"year {k + 1}: {p:g} %" for k, p in enumerate(pct))
            fee = (f"a percentage of the fees for the rest of the term that falls with the "
                   f"contract year in which the termination takes effect ({scale}; later "
                   f"years: {pct[-1]:g} %)")
        else:
            fee = f"{pct:g} % of the fees for the rest of the term"
        lines.append(f"Termination for convenience: the buyer may end the contract with at "
                     f"least {tc.min_notice_days} days' notice, for a fee of {fee}.")
        t = termination_example(c)
        if t is not None:
            lines.append(f"For example, notice given on {t.notice_date:%Y-%m-%d} takes effect "
                         f"on {t.effective_date:%Y-%m-%d}, {t.remaining_months:.1f} months "
                         f"before the term ends: {t.fee_pct:g} % x "
                         f"{_money(t.remaining_fees_usd)} = {_money(t.termination_fee_usd)}.")
    lines.append("After a critical or chronic failure the buyer may terminate without a "
                 "fee.")
    if c.exit_assistance_months:
        lines.append(f"Exit assistance: the vendor helps hand the work over for "
                     f"{c.exit_assistance_months} months after the termination takes effect; "
                     "the vendor pays for it when its own failure caused the exit, the buyer "
                     "otherwise.")
    else:
        lines.append("Exit assistance: none agreed.")
    if c.data_return_days:
        lines.append(f"Data return: the vendor returns the buyer's data within "
                     f"{c.data_return_days} days after exit assistance ends.")
    return lines


def build_view(c: Contract, warnings: list[ContractWarning] | None = None,
               note: str | None = None) -> View:
    """The rendered text of every section, from the contract schema; ``note`` is printed
    under the title (e.g. which stored version this is)."""
    ex = worked_example(c)
    metrics = []
    for k, m in enumerate(c.metrics, 1):
        word = "at least" if m.higher_is_better else "at most"
        if m.metric == "csat":
            target = f"{word} {m.target:g} (met when >= target)"
        else:
            target = f"{word} {_value(m, m.target)}"
        minimum = "-" if m.minimum is None else (
            f"{'below' if m.higher_is_better else 'above'} {_value(m, m.minimum)}")
        credit = _money(ex.per_metric[k - 1].amount_usd or 0.0)
        if m.allocation_pct == 0:
            credit = "none (reported only)"
        elif ex.fees_assumed:
            credit += f" on a {_money(ex.fees_usd)} invoice"
        metrics.append(MetricView(k, _NAMES[m.metric], m.metric, definition(m), target,
                                  minimum, f"{m.allocation_pct:g} %", credit,
                                  figure_source(m)))
    intro = (f"On the contract's fees of {_money(ex.fees_usd)} a month"
             if not ex.fees_assumed else
             f"On an assumed invoice of {_money(ex.fees_usd)} (the contract has no fixed fee)")
    intro += (f", the at-risk amount is {c.at_risk_pct:g} % = {_money(ex.at_risk_usd)}. "
              f"Say it is contract month {ex.month} ({month_label(c, ex.month - 1)}"
              + (", the first after the baseline" if c.baseline_months else "") + ").")
    gov, esc = _governance_lines(c)
    figures = [(f"{_NAMES[m.metric]} ({m.metric})", figure_source(m)) for m in c.metrics]
    figures.append(("Fees", "the contract (fixed monthly fee)" if c.fees_usd_per_month
                    else "entered from each month's invoice total"))
    return View(title=f"SLA schedule and contract terms: {c.vendor}", term=_term_lines(c),
                metrics=metrics, credits=_credit_lines(c), example=ex, example_intro=intro,
                failures=_failure_lines(c), governance=gov, escalation=esc,
                termination=_termination_lines(c), figures=figures,
                warnings=contract_warnings(c) if warnings is None else warnings, note=note)


@cache
def _env():  # noqa: ANN202 - a jinja2 Environment, imported only when rendering
    import jinja2

    from outsource.reports.escape import finalize, md, verbatim

    env = jinja2.Environment(loader=jinja2.PackageLoader("outsource.reports", "templates"),
                             autoescape=jinja2.select_autoescape(("html.j2",)),
                             trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             finalize=finalize)
    env.filters["verbatim"] = verbatim
    env.filters["md"] = md
    return env


def _cell(text: object) -> str:
    """A Markdown table cell: one line (the environment's finalize escapes the pipes)."""
    return str(text).replace("\n", " ")


def render_contract(c: Contract, fmt: Format = "md", *,
                    warnings: list[ContractWarning] | None = None,
                    note: str | None = None) -> str:
    """The contract as Markdown (``fmt="md"``) or a standalone HTML page (``"html"``);
    ``note`` is a line under the title (the stored version it renders)."""
    if fmt not in ("md", "html"):
        from outsource.errors import InvalidInput

        raise InvalidInput("must be 'md' or 'html'", field="format")
    env = _env()
    env.filters["cell"] = _cell
    return env.get_template(f"contract.{fmt}.j2").render(v=build_view(c, warnings, note))
