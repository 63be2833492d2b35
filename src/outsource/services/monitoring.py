"""Monitoring use cases: KPIs from a vendor's own logs, Parquet export, trends, warnings.

:func:`monitor` is the one entry point of the KPI pipeline: it opens the
source (the DuckDB workspace or a Parquet dataset, on DuckDB or Spark), builds
the time-zone steps and the business calendar the log's span needs, runs
:func:`outsource.data.analytics.kpis.kpi_rows` and returns a
:class:`~outsource.schemas.monitoring.KpiResult`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from outsource.core.business_time import (
    DAY_S,
    business_calendar,
    holiday_dates,
    offset_steps,
)
from outsource.core.hours import HoursOfOperation
from outsource.errors import InvalidInput, NotFound
from outsource.schemas.monitoring import KpiResult, MonitorOptions


def _calendar(opts: MonitorOptions, first_s: int, last_s: int):
    hours = HoursOfOperation.parse(opts.business_hours, field="business_hours")
    steps = offset_steps(hours.tz, first_s, last_s)
    first_day = int(steps.local(first_s) // DAY_S) - 1
    last_day = int(steps.local(last_s) // DAY_S) + 1
    y0 = datetime.fromtimestamp(first_s, UTC).year - 1
    y1 = datetime.fromtimestamp(last_s, UTC).year + 1
    closed = holiday_dates(opts.holidays, range(y0, y1 + 1))
    return business_calendar(hours, closed, first_day, last_day)


def compute_kpis(table: Any, opts: MonitorOptions) -> tuple[Any, int, int]:
    """KPI rows of an Ibis table of canonical interactions (any backend).

    Returns the Arrow table of rows and the first and last arrival of the
    table [s since the epoch]. This is the engine-neutral core of
    :func:`monitor`, for callers holding their own Ibis table.
    """
    from outsource.data.analytics import kpis

    sp = kpis.span(table)
    if sp.first_arrival_s is None or sp.last_arrival_s is None or sp.last_instant_s is None:
        raise InvalidInput("the source holds no contacts", field="source")
    steps = offset_steps(opts.timezone, sp.first_arrival_s, sp.last_instant_s)
    cal = _calendar(opts, sp.first_arrival_s, sp.last_instant_s)
    rows = kpis.kpi_rows(table, opts, steps, cal, sp.last_arrival_s)
    return rows, sp.first_arrival_s, sp.last_arrival_s


def monitor(opts: MonitorOptions, *, workspace: Path | None = None, source: Path | None = None,
            engine: str = "duckdb", spark: Any = None,
            spark_master: str = "local[2]") -> KpiResult:
    """KPIs per vendor, queue, channel and period from the logs.

    Parameters
    ----------
    opts : MonitorOptions
        Thresholds, period, time zone, business calendar and vendor filter.
    workspace : Path, optional
        Workspace whose DuckDB ``interactions`` table is read (when no ``source``).
    source : Path, optional
        Parquet file or folder of canonical interactions.
    engine : ``"duckdb"`` (default) or ``"spark"``
        Engine running the same Ibis pipeline.
    spark : SparkSession, optional
        Session to use for ``engine="spark"`` (one is started and stopped otherwise).
    spark_master : str
        Master of the session started when ``spark`` is None.

    Raises
    ------
    NotFound
        No workspace data, no Parquet files, or no contact of ``opts.vendor``.
    InvalidInput
        A source without the required columns or contacts, a bad calendar.
    """
    from outsource.data.analytics.sources import interactions

    with interactions(engine, workspace, source, spark, spark_master) as (table, label):
        rows, first_s, last_s = compute_kpis(table, opts)
    if opts.vendor is not None and rows.num_rows == 0:
        raise NotFound(f"no contacts of vendor '{opts.vendor}' in {label}", field="vendor")
    return KpiResult(engine=engine, source=label, options=opts,
                     data_start=datetime.fromtimestamp(first_s, UTC),
                     data_end=datetime.fromtimestamp(last_s, UTC), rows=rows)


def export_parquet(workspace: Path, out: Path, *, overwrite: bool = False) -> dict[str, Any]:
    """Write the workspace's interactions as Parquet, partitioned by vendor and month.

    Returns ``{"path", "rows", "files"}``. Nothing is half-written: the dataset
    is written beside ``out`` and moved into place when complete.
    """
    from outsource.data.analytics.export import export_interactions

    return export_interactions(workspace, out, overwrite=overwrite)


def workspace_timezone(workspace: Path) -> str:
    """The workspace's time zone: the one zone its imports were mapped with, else UTC."""
    from outsource.data import store

    if not store.db_path(workspace).exists():
        return "UTC"
    with store.connect(workspace, create=False) as con:
        zones = store.timezones(con)
    return zones[0] if len(zones) == 1 else "UTC"


def _columns(table: Any) -> dict[str, list[Any]]:
    return {name: table.column(name).to_pylist() for name in table.column_names}


def _level(rows: Any, queue_all: bool, channel_all: bool) -> Any:
    import pyarrow.compute as pc

    q = pc.is_null(rows["queue"]) if queue_all else pc.is_valid(rows["queue"])
    c = pc.is_null(rows["channel"]) if channel_all else pc.is_valid(rows["channel"])
    return rows.filter(pc.and_(q, c))


#: Monthly KPIs whose trend and forecast the SLA results show.
TREND_METRICS: tuple[str, ...] = (
    "sl_answered", "sl_offered", "sl_excl_short", "sl_abandon_met", "sl_ignore_abandons",
    "asa_s", "abandon_rate", "aht_s", "repeat_rate", "fcr", "transfer_rate", "csat",
    "first_response_met_share", "resolution_met_share",
)


def warnings_from_kpis(result: KpiResult, thresholds: Any = None,
                       test_calls: Any = None) -> Any:
    """Warnings of monthly KPI rows (``result.options.period == "month"``).

    Parameters
    ----------
    result : KpiResult
        Monthly KPI rows (every vendor or one).
    thresholds : outsource.core.warnings.Thresholds, optional
        Rule thresholds (the defaults when None).
    test_calls : mapping of vendor -> outsource.core.warnings.TestCalls, optional
        The vendors' test calls (:func:`vendor_test_calls`): adds the test-call
        comparison, at the result's answer threshold.
    """
    from dataclasses import asdict

    from outsource.core import warnings as rules
    from outsource.schemas.monitoring import KpiWarning, WarningsResult

    if result.options.period != "month":
        raise InvalidInput("warnings compare months: compute the KPIs with period month",
                           field="period")
    th = thresholds or rules.Thresholds()
    vendor_rows = _columns(_level(result.rows, True, True))
    queue_rows = _columns(_level(result.rows, False, True))
    found = rules.all_warnings(vendor_rows, queue_rows, th, test_calls,
                               result.options.answer_within_s)
    found.sort(key=lambda f: (f.vendor, f.period_start, f.kind, f.queue or ""))
    return WarningsResult(
        timezone=result.options.timezone, source=result.source,
        thresholds={k: float(v) for k, v in asdict(th).items()},
        warnings=[KpiWarning(kind=f.kind, vendor=f.vendor, queue=f.queue,
                             period_start=f.period_start, message=f.message, test=f.test,
                             evidence={k: _finite(v) for k, v in f.evidence.items()})
                  for f in found])


def _finite(v: float) -> float | None:
    import math

    v = float(v)
    return v if math.isfinite(v) else None


def monitoring_warnings(opts: MonitorOptions, thresholds: Any = None, test_calls: Any = None,
                        **source: Any) -> Any:
    """Compute monthly KPIs (``source`` as for :func:`monitor`) and their warnings
    (with ``test_calls``, the test-call comparison too)."""
    result = monitor(opts.model_copy(update={"period": "month"}), **source)
    return warnings_from_kpis(result, thresholds, test_calls)


def vendor_test_calls(workspace: Path, vendor: str | None = None) -> dict[str, Any]:
    """The test calls on file per vendor (``core.warnings.TestCalls``), from the workspace's
    application database; empty when the workspace has no database yet."""
    import numpy as np

    from outsource.core.warnings import TestCalls
    from outsource.settings import get_settings

    settings = get_settings(workspace=workspace)
    if settings.database_url is None and not (settings.workspace / "outsource.db").exists():
        return {}
    from outsource.data.db.repositories import VendorRepository
    from outsource.services.workspace import open_workspace

    out: dict[str, Any] = {}
    with open_workspace(workspace).transaction() as session:
        for v in VendorRepository(session).list():
            if (vendor is not None and v.name != vendor) or not v.test_calls:
                continue
            calls = v.test_calls
            out[v.name] = TestCalls(
                month=tuple(f"{c.called_on:%Y-%m}" for c in calls),
                live=np.array([c.channel != "email" for c in calls], dtype=bool),
                handled=np.array([bool(c.handled) for c in calls], dtype=bool),
                wait_s=np.array([np.nan if c.wait_s is None else c.wait_s for c in calls],
                                dtype=float),
                resolved=np.array([np.nan if c.resolved is None else float(c.resolved)
                                   for c in calls], dtype=float))
    return out


def kpi_trends(result: KpiResult, metrics: tuple[str, ...] = TREND_METRICS,
               level: int = 80) -> Any:
    """Trend and next-month forecast of each monthly KPI per vendor.

    Parameters
    ----------
    result : KpiResult
        Monthly KPI rows; the vendor totals (queue and channel "all") are used.
    metrics : tuple of str
        KPI columns to trend.
    level : int
        Prediction-interval level [%].
    """
    from outsource.core.trend import trend
    from outsource.schemas.monitoring import KPI_NAMES, KpiTrend, KpiTrends

    if result.options.period != "month":
        raise InvalidInput("trends are monthly: compute the KPIs with period month",
                           field="period")
    for m in metrics:
        if m not in KPI_NAMES:
            raise InvalidInput(f"unknown KPI '{m}'", field="metrics")
    rows = _columns(_level(result.rows, True, True))
    out = []
    for vendor in dict.fromkeys(rows["vendor"]):
        idx = [i for i, v in enumerate(rows["vendor"]) if v == vendor]
        periods = [rows["period_start"][i] for i in idx]
        nxt = rows["period_end"][idx[-1]]
        for m in metrics:
            values = [rows[m][i] for i in idx]
            bounded = m.startswith("sl_") or m.endswith(("_rate", "_share")) or m == "fcr"
            tr = trend([float("nan") if v is None else v for v in values], level, bounded)
            out.append(KpiTrend(
                vendor=vendor, metric=m, periods=periods, values=values,
                slope_per_month=_finite(tr.slope_per_period), trend_p=_finite(tr.trend_p),
                forecast_period_start=nxt, forecast=_finite(tr.forecast),
                forecast_lo=_finite(tr.lo), forecast_hi=_finite(tr.hi),
                interval_level_share=level / 100, model=tr.model))
    return KpiTrends(timezone=result.options.timezone, trends=out)


def capacity(opts: Any, commitments: Path | bytes, agent_states: Path | bytes | None = None,
             **source: Any) -> Any:
    """Hours required, committed and delivered per vendor and interval.

    Parameters
    ----------
    opts : CapacityOptions
        Vendor filter, time zone, interval, service-level target of the hours required.
    commitments : path or bytes
        Commitments CSV (``vendor,interval_start,hours``).
    agent_states : path or bytes, optional
        Agent-state log CSV (``agent,vendor,state,start,end``).
    source : workspace / source / engine / spark, as for :func:`monitor`.
    """
    import numpy as np
    import pyarrow as pa

    from outsource.core import capacity as cap
    from outsource.core.business_time import offset_steps as steps_of
    from outsource.core.staffing import Targets
    from outsource.data.capacity_files import read_agent_states, read_commitments
    from outsource.schemas.monitoring import CapacityResult, CapacityTotals, capacity_arrow_schema

    interval_s = opts.interval_minutes * 60
    kpis = monitor(MonitorOptions(vendor=opts.vendor, period="interval",
                                  timezone=opts.timezone,
                                  interval_minutes=opts.interval_minutes), **source)
    data_start = int(kpis.data_start.timestamp()) if kpis.data_start else 0
    # intervals start on local clock multiples: utc = k x interval - offset
    align = (-int(steps_of(opts.timezone, data_start, data_start).at(data_start))) % interval_s
    fine = _columns(_level(kpis.rows, False, False))
    volume = _required(fine, interval_s, Targets(service_level=opts.service_level,
                                                 answer_within_s=opts.answer_within_s))
    known = set(fine["vendor"])
    com = read_commitments(commitments, opts.timezone, interval_s, align,
                           name="commitments.csv")
    committed: dict[tuple[str, int], float] = {}
    for v, s, h, line in zip(com.vendor, com.interval_start_s, com.hours, com.line,
                             strict=True):
        if opts.vendor is not None and v != opts.vendor:
            continue
        if v not in known:
            raise InvalidInput(f"unknown vendor '{v}': no contacts of it in {kpis.source}",
                               source=_label(commitments, "commitments.csv"), line=int(line),
                               column="vendor")
        committed[(v, int(s))] = float(h)
    delivered: dict[tuple[str, int], float] | None = None
    if agent_states is not None:
        st = read_agent_states(agent_states, opts.timezone, name="agent-states.csv")
        keep = [i for i, v in enumerate(st.vendor) if opts.vendor is None or v == opts.vendor]
        for i in keep:
            if st.vendor[i] not in known:
                raise InvalidInput(f"unknown vendor '{st.vendor[i]}': no contacts of it in "
                                   f"{kpis.source}",
                                   source=_label(agent_states, "agent-states.csv"),
                                   line=int(st.line[i]), column="vendor")
        use = np.array([i for i in keep if st.delivered[i]], dtype=np.int64)
        names = sorted(known)
        gidx = np.array([names.index(st.vendor[i]) for i in use], dtype=np.int64)
        g, k, h = cap.hours_by_interval(gidx, st.start_s[use], st.end_s[use], interval_s, align)
        delivered = {(names[int(a)], int(b)): float(c) for a, b, c in zip(g, k, h, strict=True)}
    keys = sorted(set(volume) | set(committed) | set(delivered or {}))
    vendor = [key[0] for key in keys]
    start = np.array([key[1] for key in keys], dtype=np.int64)
    offered = np.array([volume.get(key, (0, 0.0))[0] for key in keys], dtype=np.int64)
    req = np.array([volume.get(key, (0, 0.0))[1] for key in keys], dtype=float)
    comm = np.array([committed.get(key, 0.0) for key in keys], dtype=float)
    dlv = (np.array([delivered.get(key, 0.0) for key in keys], dtype=float)
           if delivered is not None else np.full(len(keys), np.nan))
    flags = cap.compare(req, comm, dlv)
    schema = capacity_arrow_schema(opts.timezone)
    no_log = delivered is None
    ts = schema.field("interval_start").type
    table = pa.table({
        "vendor": pa.array(vendor, pa.string()),
        "interval_start": pa.array(start, pa.int64()).cast(ts),
        "interval_end": pa.array(start + interval_s, pa.int64()).cast(ts),
        "offered": pa.array(offered, pa.int64()),
        "required_h": pa.array(req, pa.float64()),
        "committed_h": pa.array(comm, pa.float64()),
        "delivered_h": pa.array(dlv, pa.float64(), from_pandas=True),
        "shortfall_h": pa.array(flags.shortfall_h, pa.float64(), from_pandas=True),
        "under_delivered": pa.array(flags.under_delivered, pa.bool_(),
                                    mask=np.full(len(keys), no_log)),
        "understaffed": pa.array(flags.understaffed, pa.bool_()),
    }, schema=schema)
    totals = []
    for v in sorted(set(vendor)):
        sel = np.array([x == v for x in vendor])
        totals.append(CapacityTotals(
            vendor=v, required_h=float(req[sel].sum()), committed_h=float(comm[sel].sum()),
            delivered_h=None if no_log else float(dlv[sel].sum()),
            under_delivered_h=None if no_log else float(
                np.clip(flags.shortfall_h[sel], 0, None).sum()),
            under_delivered_intervals=None if no_log else int(flags.under_delivered[sel].sum()),
            understaffed_intervals=int(flags.understaffed[sel].sum())))
    return CapacityResult(timezone=opts.timezone, source=kpis.source, options=opts,
                          delivered_states=list(cap.DELIVERED_STATES), rows=table,
                          vendors=totals)


def _label(src: Path | bytes, default: str) -> str:
    return default if isinstance(src, bytes) else str(src)


def _required(fine: dict[str, list[Any]], interval_s: int, targets: Any,
              by_channel: bool = False) -> dict[tuple, tuple[int, float]]:
    """(offered, hours required) per (vendor, interval start [s]) from the finest KPI rows;
    per (vendor, channel, interval start) with ``by_channel``."""
    import numpy as np

    from outsource.core import capacity as cap
    from outsource.core.kpi import QUEUED_CHANNELS

    n = len(fine["vendor"])
    if n == 0:
        return {}
    offered = np.array(fine["offered"], dtype=float)
    handled = np.array(fine["handled"], dtype=float)
    aht = np.array([np.nan if a is None else a for a in fine["aht_s"]], dtype=float)
    group = [(v, q, c) for v, q, c in zip(fine["vendor"], fine["queue"], fine["channel"],
                                          strict=True)]
    sums: dict[tuple, list[float]] = {}
    for g, a, h in zip(group, aht, handled, strict=True):
        if h > 0:
            acc = sums.setdefault(g, [0.0, 0.0])
            acc[0] += a * h
            acc[1] += h
    span_aht = np.array([sums[g][0] / sums[g][1] if g in sums else np.nan for g in group])
    use = np.where(handled >= cap.MIN_CALLS_FOR_AHT, aht, span_aht)
    use = np.where(np.isfinite(use), use, 0.0)
    queued = np.array([c in QUEUED_CHANNELS for c in fine["channel"]])
    hours = cap.required_hours(offered, use, float(interval_s), targets, queued)
    starts = [int(t.timestamp()) for t in fine["period_start"]]
    out: dict[tuple, tuple[int, float]] = {}
    for v, c, s, o, h in zip(fine["vendor"], fine["channel"], starts, offered, hours,
                             strict=True):
        key = (v, c, s) if by_channel else (v, s)
        prev = out.get(key, (0, 0.0))
        out[key] = (prev[0] + int(o), prev[1] + float(h))
    return out


def required_hours_by_channel(table: Any, vendor: str, timezone: str, targets: Any,
                              interval_minutes: int = 30) -> dict[tuple[str, int], float]:
    """Hours the logged volume of ``vendor`` required, per (channel, interval start [s]),
    by the staffing engine exactly as :func:`capacity` computes them (Erlang C at
    ``targets`` for voice and chat, handle hours for e-mail and social).

    ``table``: an Ibis table of canonical interactions (as :func:`compute_kpis`).
    """
    opts = MonitorOptions(vendor=vendor, period="interval", timezone=timezone,
                          interval_minutes=interval_minutes,
                          answer_within_s=targets.answer_within_s)
    rows, _first, _last = compute_kpis(table, opts)
    fine = _columns(_level(rows, False, False))
    need = _required(fine, interval_minutes * 60, targets, by_channel=True)
    return {(c, s): h for (_v, c, s), (_o, h) in need.items()}


def rule_thresholds(**overrides: Any) -> Any:
    """The warning rules' thresholds (:class:`outsource.core.warnings.Thresholds`),
    defaults overridden by keyword (``alpha=0.05``); ``None`` values keep the default."""
    from outsource.core.warnings import Thresholds

    return Thresholds(**{k: v for k, v in overrides.items() if v is not None})
