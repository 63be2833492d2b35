"""Rich tables for the vendor commands (imported inside the commands only)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from outsource.schemas.vendors import (
    MeanEstimate,
    QuotePricing,
    Scorecard,
    ShareEstimate,
    TestCallSummary,
    VendorDetail,
    VendorList,
)

_STATUS = {"ok": "[green]ok[/]", "missing": "[yellow]missing[/]", "problem": "[red]problem[/]"}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _j(items: list[str] | None, empty: str = "?") -> str:
    """Values joined by commas, escaped for rich (they come from files people wrote)."""
    return escape(", ".join(items or [empty]))


def _k(x: float | None) -> str:
    return "-" if x is None else f"{x / 1000:,.0f}k"


def _share(s: ShareEstimate) -> str:
    if s.n == 0:
        return "no calls"
    return f"{s.share:.0%} ({s.low:.0%}-{s.high:.0%}, n={s.n})"


def _mean(m: MeanEstimate, fmt: str = ".1f") -> str:
    if m.n == 0:
        return "not recorded"
    if m.low is None:
        return f"{m.mean:{fmt}} (n=1)"
    return f"{m.mean:{fmt}} ({m.low:{fmt}}-{m.high:{fmt}}, n={m.n})"


def print_list(r: VendorList) -> None:
    t = Table(title=f"Vendors (due diligence as of {r.as_of})")
    for col in ("vendor", "regions", "channels", "languages", "seats", "quotes", "test calls",
                "missing", "problems"):
        t.add_column(col, justify="right" if col in ("seats", "quotes", "test calls",
                                                      "missing", "problems") else "left")
    for v in r.vendors:
        t.add_row(escape(v.name), _j(v.regions), _j(v.channels),
                  _j(v.languages), "?" if v.seats is None else str(v.seats),
                  f"{v.current_quotes}/{v.quotes}", str(v.test_calls), str(v.missing),
                  f"[red]{v.problems}[/]" if v.problems else "0")
    _console().print(t)
    if not r.vendors:
        _console().print("no vendors yet: outsource vendor add NAME --region R")


def print_calls(s: TestCallSummary) -> None:
    c = _console()
    few = " [yellow]few calls: intervals are wide[/]" if s.few_calls else ""
    c.print(f"[bold]test calls[/] {s.n}{few} (95% intervals: Wilson for shares, t for means)")
    if not s.n:
        return
    c.print(f"  handled {_share(s.handled)}; resolved {_share(s.resolved)}; answered within "
            f"{s.target_wait_s:g} s {_share(s.within_target)}")
    c.print(f"  wait {_mean(s.wait_s, '.0f')} s; clarity {_mean(s.clarity)}; courtesy "
            f"{_mean(s.courtesy)}; accuracy {_mean(s.accuracy)} (1-5)")


def print_pricing(p: QuotePricing) -> None:
    t = Table(title=f"Quotes priced on '{escape(p.scenario)}' ({p.contacts_per_year:,.0f} "
                    f"contacts/year, {p.draws:,} draws, seed {p.seed}); USD/year",
              caption=f"in-house: {_k(p.inhouse_annual_cost_usd)} a year; "
                      "card: the rate card's option of the same region and model")
    for col in ("quote", "rate", "valid until", "P50", "P10-P90", "vs in-house", "card P50",
                "FTE"):
        t.add_column(col, justify="left" if col == "quote" else "right", no_wrap=col != "quote")
    for q in p.quotes:
        flag = " [red]EXPIRED[/]" if q.expired else ""
        t.add_row(f"#{q.id} {escape(q.vendor)} {escape(q.pricing_model)} ({escape(q.region)})"
                  f"{flag}", f"{q.rate:g} {escape(q.rate_unit)}", str(q.valid_until or "-"),
                  _k(q.annual_cost_usd),
                  f"{_k(q.p10_usd)}-{_k(q.p90_usd)}", _k(q.savings_vs_inhouse_usd),
                  _k(q.card_annual_cost_usd), f"{q.fte:.1f}" if q.fte is not None else "-")
    _console().print(t)


def print_detail(d: VendorDetail) -> None:
    c = _console()
    v = d.vendor
    c.print(f"[bold]{escape(v.name)}[/]: regions {_j(v.regions)}; channels "
            f"{_j(v.channels, '(not on file)')}; languages "
            f"{_j(v.languages, '(not on file)')}; seats "
            f"{'(not on file)' if v.seats is None else v.seats}; hours "
            f"{escape(v.hours_offered or '(not on file)')}")
    for s in v.sites:
        c.print(f"  site {escape(s.name)}: {escape(s.region)}, {escape(s.country or '?')}, "
                f"{escape(s.city or '?')}, {'?' if s.seats is None else s.seats} seats")
    t = Table(title=f"Due diligence as of {d.diligence.as_of}")
    t.add_column("item")
    t.add_column("status")
    t.add_column("fact")
    for i in d.diligence.items:
        t.add_row(escape(i.label), _STATUS[i.status], escape(i.detail))
    c.print(t)
    print_calls(d.test_calls)
    if d.pricing is not None:
        print_pricing(d.pricing)
    for n in d.notes:
        c.print(f"note: {escape(n)}")


def print_scorecard(s: Scorecard) -> None:
    c = _console()
    t = Table(title=f"Scorecard as of {s.as_of}" + (f" on '{escape(s.scenario)}'"
                                                    if s.scenario else ""),
              caption="score: weighted mean of the criteria on file (0-1); \\[low-high]: "
                      "missing criteria at 0 and at 1; win: share of Dirichlet weights "
                      "near yours under which it wins")
    t.add_column("rank", justify="right")
    t.add_column("vendor")
    t.add_column("score", justify="right")
    t.add_column("cost/year", justify="right")
    t.add_column("quality", justify="right")
    t.add_column("win", justify="right")
    t.add_column("missing")
    for r in s.rows:
        rng = "" if r.score is None or abs(r.score_high - r.score_low) < 5e-4 else \
            escape(f" [{r.score_low:.2f}-{r.score_high:.2f}]")
        t.add_row("-" if r.rank is None else str(r.rank), escape(r.vendor),
                  "-" if r.score is None else f"{r.score:.3f}{rng}", _k(r.annual_cost_usd),
                  "-" if r.quality is None else f"{r.quality:.3f}",
                  "-" if r.stability.win_share is None else f"{r.stability.win_share:.0%}",
                  escape(", ".join(r.missing)))
    c.print(t)
    crit = Table(title="Criterion scores (0-1; '-' = no fact on file)")
    crit.add_column("criterion")
    crit.add_column("weight", justify="right")
    for r in s.rows:
        crit.add_column(escape(r.vendor), justify="right")
    for info in s.criteria:
        crit.add_row(escape(info.label), f"{info.weight:.2f}", *(
            "-" if r.criteria[info.key] is None else f"{r.criteria[info.key]:.2f}"
            for r in s.rows))
    c.print(crit)
    for r in s.rows:
        st = r.stability
        if st.role == "unranked":
            continue
        verb = "loses the lead" if st.role == "winner" else "would win"
        one = st.one_weight
        if one is not None:
            change = f"{escape(one.criterion)} {one.delta:+.3f}"
            if one.relative is not None:
                change += f" ({one.relative:+.0%})"
            then = (f" (then {escape(one.new_winner)} wins or ties)" if st.role == "winner"
                    else " (or ties)")
            c.print(f"{escape(r.vendor)} {verb} if one weight changes by {change}{then}")
        allw = st.all_weights
        if allw is not None:
            how = "exact" if allw.exact else "numerical upper bound"
            c.print(f"  or if all weights move together by {allw.distance:.3f} "
                    f"(Euclidean, {how})")
        if one is None and allw is None:
            c.print(f"{escape(r.vendor)}: no change of the weights makes it win" if
                    st.role != "winner" else f"{escape(r.vendor)} wins under any weights")
    if s.frontier:
        c.print(f"cost-quality frontier (none is both cheaper and better): "
                f"{escape(', '.join(s.frontier))}")
    for n in s.notes:
        c.print(f"note: {escape(n)}")
