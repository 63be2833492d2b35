"""SLA results against the contract, service credits, and the failure right they give.

For each vendor with a contract covering the month asked for (``contract_in_force``:
the version in force and the contract month), every metric of the SLA schedule gets
its monthly value from the contacts, computed by the KPI pipeline
(``data.analytics.kpis`` through :func:`outsource.services.monitoring.compute_kpis`)
with **the metric's own parameters**: the service-level formula, answer threshold and
short-abandon timer; the repeat window of ``repeat_rate`` and ``fcr``; the e-mail
calendar (hours, time zone, holidays) and response hours of ``email_response``.
Calendar months are those of the contract's time zone (``Contract.months_timezone``).
A month's figure is computed from the month's contacts, never from interval
percentages. Metrics sharing parameters are computed in one pipeline run, and
vendors whose contracts need the same runs share them.

The values of every contract month up to the one asked for (the history earn-back
and chronic failure read) go to the credit engine
(:func:`outsource.services.contracts.assess_credits`). Figures the logs cannot give
(CSAT without a ``csat`` column, ...) are entered by hand in a figures file
(``data.figure_file``); a hand figure replaces the logs' value for its vendor, month
and metric and is marked ``value_source: hand``. For a contract without a fixed fee
the fees are the month's stored invoice total (``outsource invoice-check``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from outsource.errors import InvalidInput, NotFound
from outsource.schemas.contracts import Contract, ContractInForce, MetricTerm, MonthlyMetrics
from outsource.schemas.monitoring import MonitorOptions
from outsource.schemas.sla import CreditsResult, NotCovered, SlaRow, SlaTrend, VendorCredits
from outsource.schemas.users import Principal
from outsource.services.authz import authorize, scope_vendor
from outsource.services.workspace import Workspace

#: The KPI column giving each contract metric's monthly value (service level: per formula).
METRIC_KPI: dict[str, str] = {
    "asa_s": "asa_s", "abandon_rate": "abandon_rate", "repeat_rate": "repeat_rate",
    "fcr": "fcr", "csat": "csat", "email_response": "first_response_met_share",
    "aht_s": "aht_s",
}
#: Service-level formula of the contract file -> KPI column (docs/contracts.md).
SL_KPI: dict[str, str] = {
    "answered": "sl_answered", "offered": "sl_offered", "offered_excl_short": "sl_excl_short",
    "abandons_met": "sl_abandon_met", "ignore_abandons": "sl_ignore_abandons",
}
#: Short-abandon timer used when a service-level formula has none (it does not enter it) [s].
DEFAULT_SHORT_ABANDON_S = 5.0


def kpi_of(m: MetricTerm) -> str:
    """The KPI column (``docs/monitoring.md``) that gives metric ``m``'s value."""
    return SL_KPI[m.formula] if m.metric == "service_level" else METRIC_KPI[m.metric]


def metric_parameters(m: MetricTerm) -> dict[str, Any]:
    """The :class:`MonitorOptions` fields metric ``m`` sets (its own parameters)."""
    if m.metric == "service_level":
        return {"answer_within_s": float(m.answer_within_s),
                "short_abandon_s": float(m.short_abandon_s if m.short_abandon_s is not None
                                         else DEFAULT_SHORT_ABANDON_S)}
    if m.metric in ("repeat_rate", "fcr"):
        return {"repeat_window_days": float(m.window_days or 7)}
    if m.metric == "email_response":
        return {"business_hours": m.calendar.hours, "holidays": m.calendar.holidays,
                "first_response_within_h": float(m.within_business_hours)}
    return {}


def definition(m: MetricTerm) -> str:
    """The metric with the contract's parameters, in words."""
    if m.metric == "service_level":
        t = f"{m.answer_within_s:g} s"
        return {
            "answered": f"answered within {t} / answered",
            "offered": f"answered within {t} / offered",
            "offered_excl_short": (f"answered within {t} / (offered - abandons after less "
                                   f"than {m.short_abandon_s:g} s)"),
            "abandons_met": f"(answered + abandoned within {t}) / offered",
            "ignore_abandons": f"answered within {t} / (offered - abandoned within {t})",
        }[m.formula] + " (voice and chat)"
    if m.metric in ("repeat_rate", "fcr"):
        days = m.window_days or 7
        return ("answered contacts followed by another contact of the customer within "
                f"{days} days / answered contacts with the window in the log" if
                m.metric == "repeat_rate" else
                f"the resolved flag where logged, else no repeat within {days} days")
    if m.metric == "email_response":
        hol = f", {m.calendar.holidays.upper()} holidays closed" if m.calendar.holidays else ""
        return (f"e-mails first answered within {m.within_business_hours:g} business hours "
                f"of {m.calendar.hours}{hol} / e-mails")
    return {"asa_s": "mean wait of answered voice and chat contacts [s]",
            "abandon_rate": "abandoned / offered",
            "aht_s": "mean handle time of answered contacts [s]",
            "csat": "mean satisfaction score of the contacts with one"}[m.metric]


@dataclass
class _Assessed:
    """A vendor to assess: its contract in force, months, zone and values found."""

    cif: ContractInForce
    zone: str
    zone_source: str
    months: list[str]
    values: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)


def _months(c: Contract, k: int) -> list[str]:
    from outsource.services.contracts import month_label

    return [month_label(c, i) for i in range(k)]


def _plan(vendors: list[_Assessed]) -> list[tuple[MonitorOptions, list[tuple[_Assessed, int]]]]:
    """Pipeline runs: per vendor, metrics whose parameters do not clash share a run; vendors
    needing the same run share it."""
    runs: dict[str, tuple[MonitorOptions, list[tuple[_Assessed, int]]]] = {}
    for a in vendors:
        sets: list[tuple[dict[str, Any], list[int]]] = []
        for i, m in enumerate(a.cif.contract.metrics):
            params = metric_parameters(m)
            for have, idx in sets:
                if all(have.get(k, v) == v for k, v in params.items()):
                    have.update(params)
                    idx.append(i)
                    break
            else:
                sets.append((dict(params), [i]))
        for params, idx in sets:
            opts = MonitorOptions(period="month", timezone=a.zone, **params)
            key = opts.model_dump_json()
            runs.setdefault(key, (opts, []))[1].extend((a, i) for i in idx)
    out = []
    for opts, targets in runs.values():
        names = {a.cif.vendor for a, _ in targets}
        if len(names) == 1:
            opts = opts.model_copy(update={"vendor": next(iter(names))})
        out.append((opts, targets))
    return out


def _vendor_month_rows(rows: Any, vendors: set[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Vendor totals (queue and channel 'all') per vendor and month label."""
    import pyarrow.compute as pc

    tot = rows.filter(pc.and_(pc.is_null(rows["queue"]), pc.is_null(rows["channel"])))
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for r in tot.to_pylist():
        if r["vendor"] in vendors:
            out.setdefault(r["vendor"], {})[r["period_start"].strftime("%Y-%m")] = r
    return out


def _run_pipeline(vendors: list[_Assessed], source: dict[str, Any],
                  seen: set[str] | None = None) -> str:
    """Fill each vendor's values from the logs; return the source's label. With ``seen``,
    add to it every vendor named in the logs (to list those without a contract)."""
    from outsource.data.analytics.sources import interactions
    from outsource.services.monitoring import compute_kpis

    plan = _plan(vendors)
    with interactions(source.get("engine", "duckdb"), source.get("workspace"),
                      source.get("source"), source.get("spark"),
                      source.get("spark_master", "local[2]")) as (table, label):
        if seen is not None:
            names = table.select("vendor").distinct().to_pyarrow()["vendor"].to_pylist()
            seen.update(n for n in names if n is not None)
        for opts, targets in plan:
            rows, _first, _last = compute_kpis(table, opts)
            by_vendor = _vendor_month_rows(rows, {a.cif.vendor for a, _ in targets})
            for a, i in targets:
                a.values[i] = by_vendor.get(a.cif.vendor, {})
    return label


def _ratio_parts(kpi: str, row: dict[str, Any]) -> tuple[float | None, float | None]:
    """Numerator and denominator of a KPI from a row's counts, where they are columns."""
    from outsource.core.kpi import BY_NAME

    r = BY_NAME.get(kpi)
    if r is None or any(n not in row for n in r.numerator) or any(
            n not in row for _, n in r.denominator):
        return None, None
    num = float(sum(row[n] for n in r.numerator))
    den = float(sum(s * row[n] for s, n in r.denominator))
    return num, den


def _month_bounds(label: str, zone: str) -> tuple[datetime, datetime]:
    y, m = int(label[:4]), int(label[5:])
    tz = ZoneInfo(zone)
    nxt = (y + 1, 1) if m == 12 else (y, m + 1)
    return datetime(y, m, 1, tzinfo=tz), datetime(*nxt, 1, tzinfo=tz)


def _next_label(label: str) -> str:
    y, m = int(label[:4]), int(label[5:])
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def _finite(v: float) -> float | None:
    return v if v is not None and math.isfinite(v) else None


def _trend(vendor: str, m: MetricTerm, kpi: str | None, months: list[str],
           values: list[float | None], met: list[bool | None], level: int) -> SlaTrend:
    """Trend and next month's forecast of one metric (``core.trend``, statsforecast), the
    machinery of :func:`outsource.services.monitoring.kpi_trends`."""
    from outsource.core.contract import RATE_METRICS
    from outsource.core.trend import trend

    tr = trend([math.nan if v is None else v for v in values], level, m.metric in RATE_METRICS)
    forecast = _finite(tr.forecast)
    misses = None
    if forecast is not None:
        misses = forecast < m.target if m.higher_is_better else forecast > m.target
    return SlaTrend(vendor=vendor, metric=m.metric, kpi=kpi, target=m.target,
                    direction=">=" if m.higher_is_better else "<=", months=months,
                    values=values, met=met, slope_per_month=_finite(tr.slope_per_period),
                    trend_p=_finite(tr.trend_p), forecast_month=_next_label(months[-1]),
                    forecast=forecast, forecast_lo=_finite(tr.lo), forecast_hi=_finite(tr.hi),
                    interval_level_share=level / 100, model=tr.model,
                    forecast_misses_target=misses)


def _hand_figures(figures: Any, assessed: dict[str, _Assessed], known: set[str],
                  period: str) -> dict[tuple[str, str, str], tuple[float, int]]:
    """(vendor, month, metric) -> (value, line) of the figures that apply; errors name the
    line and column."""
    out: dict[tuple[str, str, str], tuple[float, int]] = {}
    for f in figures.figures:
        if f.vendor not in known:
            raise InvalidInput(f"'{f.vendor}' has no stored contract", source=figures.source,
                               line=f.line, column="vendor")
        a = assessed.get(f.vendor)
        if a is None or f.month > period:
            continue  # another vendor's, or a later month: not part of this assessment
        c = a.cif.contract
        if f.metric not in [m.metric for m in c.metrics]:
            raise InvalidInput(f"'{f.metric}' is not a metric of the contract with "
                               f"{f.vendor} ({', '.join(m.metric for m in c.metrics)})",
                               source=figures.source, line=f.line, column="metric")
        if f.month < a.months[0]:
            raise InvalidInput(f"{f.month} is before the contract with {f.vendor} starts "
                               f"({c.start})", source=figures.source, line=f.line,
                               column="month")
        out[(f.vendor, f.month, f.metric)] = (f.value, f.line)
    return out


def _window_misses(c: Contract, report: Any) -> tuple[dict[str, int], str | None]:
    cf = c.chronic_failure
    if cf is None:
        return {}, None
    months = report.months
    last = months[-cf.of_months:]
    labels = {mc.month for mc in last if not mc.baseline}
    counts = {m.metric: 0 for m in c.metrics}
    for r in report.rows:
        if r.month in labels and r.status == "missed":
            counts[r.metric] += 1
    return counts, f"{cf.misses} of {cf.of_months} months"


def _assess_one(a: _Assessed, hand: dict, invoices: dict[str, float], level: int
                ) -> tuple[list[SlaRow], VendorCredits, list[SlaTrend]]:
    from outsource.services.contracts import assess_credits

    c = a.cif.contract
    vendor = a.cif.vendor
    values: dict[str, list[float | None]] = {}
    meta: dict[tuple[str, str], tuple[str, str | None, float | None, float | None]] = {}
    for i, m in enumerate(c.metrics):
        kpi = kpi_of(m)
        series = []
        for month in a.months:
            row = a.values.get(i, {}).get(month)
            v = None if row is None else row.get(kpi)
            num, den = (None, None) if row is None else _ratio_parts(kpi, row)
            src = "none" if v is None else "logs"
            got = hand.get((vendor, month, m.metric))
            if got is not None:
                v, src, num, den = got[0], "hand", None, None
            series.append(None if v is None else float(v))
            meta[(month, m.metric)] = (src, kpi if src == "logs" else None, num, den)
        values[m.metric] = series
    invoice = None
    if c.fees_usd_per_month is None:
        invoice = [invoices.get(month) for month in a.months]
    report = assess_credits(c, MonthlyMetrics(months=a.months, values=values,
                                              invoice_usd=invoice))
    defs = {m.metric: definition(m) for m in c.metrics}
    rows = []
    for r in report.rows:
        src, kpi, num, den = meta[(r.month, r.metric)]
        rows.append(SlaRow(
            vendor=vendor, metric=r.metric, value=r.value, target=r.target, met=r.met,
            credit_usd=r.credit_usd, earned_back_usd=r.earned_back_usd, month=r.month,
            direction=r.direction, status=r.status, value_source=src, kpi=kpi,
            definition=defs[r.metric], numerator=num, denominator=den, critical=r.critical,
            chronic=r.chronic, allocation_pct=r.allocation_pct,
            uncapped_credit_usd=r.uncapped_credit_usd, earn_back=r.earn_back,
            returned_in=r.returned_in, note=r.note))
    last = report.months[-1]
    start, end = _month_bounds(last.month, a.zone)
    counts, rule = _window_misses(c, report)
    this = [r for r in rows if r.month == last.month]
    right_from = report.termination_right_from
    vc = VendorCredits(
        vendor=vendor, credits_usd=last.credits_usd, cap_usd=last.cap_usd, net_usd=last.net_usd,
        chronic_failure=bool(last.chronic_failures), termination_right=last.termination_right,
        period=last.month, period_start=start, period_end=end, timezone=a.zone,
        timezone_source=a.zone_source, contract_version=a.cif.version,
        contract_month=a.cif.contract_month, baseline=last.baseline, fees_usd=last.fees_usd,
        fees_source=last.fees_source, uncapped_credits_usd=last.uncapped_credits_usd,
        capped=last.capped, earned_back_usd=last.earned_back_usd,
        cumulative_net_usd=last.cumulative_net_usd,
        pending_earn_back_usd=report.pending_earn_back_usd,
        missed_metrics=[r.metric for r in this if r.status == "missed"],
        missing_metrics=last.missing_metrics, chronic_failures=last.chronic_failures,
        critical_failures=last.critical_failures, misses_in_window=counts, chronic_rule=rule,
        termination_right_from=right_from if last.termination_right else None,
        termination_reasons=report.termination_reasons if last.termination_right else [],
        note=last.note, months=report.months)
    trends = []
    for m in c.metrics:
        mine = [r for r in rows if r.metric == m.metric]
        by_hand = any(r.value_source == "hand" for r in mine)
        trends.append(_trend(vendor, m, None if by_hand else kpi_of(m), a.months,
                             [r.value for r in mine], [r.met for r in mine], level))
    return rows, vc, trends


def _period_label(period: str | date) -> str:
    if isinstance(period, date):
        return f"{period.year:04d}-{period.month:02d}"
    text = str(period)
    if len(text) != 7 or text[4] != "-" or not text[:4].isdigit() or not text[5:].isdigit() \
            or not 1 <= int(text[5:]) <= 12:
        raise InvalidInput(f"'{text}' is not a month (YYYY-MM)", field="period")
    return text


def sla_results(ws: Workspace, period: str | date, *, vendor: str | None = None,
                figures: Path | bytes | None = None, engine: str = "duckdb",
                source: Path | None = None, spark: Any = None, spark_master: str = "local[2]",
                level: int = 80, actor: Principal | None = None) -> CreditsResult:
    """SLA results and credits of ``period`` for ``vendor`` or every vendor with a contract.

    Parameters
    ----------
    ws : the workspace (contracts, invoices; its DuckDB logs unless ``source``).
    period : the month ``YYYY-MM`` (or a date in it), in each contract's time zone.
    vendor : one vendor (a month its contract does not cover is ``NotFound``); default
        every vendor with a stored contract (those not covering the month are listed in
        ``not_covered``).
    figures : a figures file entered by hand (``vendor,month,metric,value[,note]``).
    engine, source, spark, spark_master : where the KPI pipeline runs (as ``monitor``).
    level : prediction-interval level of the forecasts [%].
    actor : who asks (permission ``monitoring.read``; a vendor user sees its own vendor).

    Raises
    ------
    NotFound : the vendor, its contract, a month the contract does not cover, no logs.
    InvalidInput : a malformed month, a bad figures file (line and column named).
    """
    from outsource.data.db.repositories import (
        ContractRepository,
        InvoiceRepository,
        VendorRepository,
    )
    from outsource.services.stored_contracts import contract_in_force
    from outsource.services.users import cli_principal

    actor = actor or cli_principal()
    authorize(actor, "monitoring.read")
    vendor = scope_vendor(actor, vendor)
    label = _period_label(period)
    hand_file = None
    if figures is not None:
        from outsource.data.figure_file import read_figures

        hand_file = read_figures(figures)
    assessed: list[_Assessed] = []
    not_covered: list[NotCovered] = []
    invoices: dict[str, dict[str, float]] = {}
    with ws.transaction() as session:
        known = set(ContractRepository(session).vendors_with_contracts())
        names = [vendor] if vendor is not None else sorted(known)
        if not names:
            raise NotFound("no contract stored yet (outsource contract add)", field="vendor")
        for name in names:
            try:
                cif = contract_in_force(session, name, label)
            except NotFound as exc:
                if vendor is not None:
                    raise
                not_covered.append(NotCovered(vendor=name, reason=exc.message))
                continue
            c = cif.contract
            zone, zsrc = c.months_timezone()
            assessed.append(_Assessed(cif, zone, zsrc, _months(c, cif.contract_month)))
            if c.fees_usd_per_month is None:
                invoices[name] = InvoiceRepository(session).billed_by_period(
                    VendorRepository(session).require(name), _months(c, cif.contract_month))
    hand = ({} if hand_file is None else
            _hand_figures(hand_file, {a.cif.vendor: a for a in assessed}, known, label))
    src = {"engine": engine, "workspace": ws.path, "source": source, "spark": spark,
           "spark_master": spark_master}
    seen: set[str] | None = set() if vendor is None else None
    label_src = _run_pipeline(assessed, src, seen) if assessed else (
        str(source) if source is not None else str(ws.path))
    rows, vendors, history, trends = [], [], [], []
    for a in assessed:
        all_rows, vc, tr = _assess_one(a, hand, invoices.get(a.cif.vendor, {}), level)
        rows += [r for r in all_rows if r.month == label]
        history += all_rows
        vendors.append(vc)
        trends += tr
    return CreditsResult(period=label, rows=rows, vendors=vendors, history=history,
                         trends=trends, not_covered=not_covered,
                         uncontracted_vendors=sorted((seen or set()) - known),
                         engine=engine,
                         source=label_src,
                         figures_source=None if hand_file is None else hand_file.source)


def termination_rights(ws: Workspace, on: date, *, vendors: list[str] | None = None,
                       **source: Any) -> dict[str, tuple[bool, str]]:
    """Per vendor with a contract: whether monitoring gives the buyer a termination right
    in the month of ``on`` (a chronic or critical failure in it or earlier), and why.

    A vendor whose contract does not cover the month, or a workspace without logs, has
    no right from monitoring; the reason says so. ``source``: as for :func:`sla_results`.
    """
    try:
        res = sla_results(ws, on, **source)
    except NotFound as exc:
        return {v: (False, f"no failure right from monitoring: {exc.message}")
                for v in (vendors or [])}
    out: dict[str, tuple[bool, str]] = {}
    for vc in res.vendors:
        if vc.termination_right:
            why = "; ".join(vc.termination_reasons) or "a failure gave the right"
            out[vc.vendor] = (True, f"monitoring, {vc.period}: {why} (from "
                                    f"{vc.termination_right_from})")
        else:
            rule = f" ({vc.chronic_rule} makes a chronic failure)" if vc.chronic_rule else ""
            out[vc.vendor] = (False, f"monitoring, {vc.period}: no chronic or critical "
                                     f"failure{rule}")
    for nc in res.not_covered:
        out[nc.vendor] = (False, f"no failure right from monitoring: {nc.reason}")
    return out


__all__ = ["METRIC_KPI", "SL_KPI", "definition", "kpi_of", "metric_parameters", "sla_results",
           "termination_rights"]
