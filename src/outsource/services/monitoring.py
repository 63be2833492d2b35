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
