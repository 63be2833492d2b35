"""The same Ibis KPI pipeline on Spark (PySpark local mode) gives DuckDB's results."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pytest
from test_monitor_kpis import LOG  # the hand-worked log

from outsource.data import synthetic
from outsource.schemas.monitoring import MonitorOptions
from outsource.services.monitoring import export_parquet, monitor

EXTRA = [
    # e-mail across a weekend and the US Independence Day holiday (observed Fri 3 July)
    dict(id="e1", vendor="v1", channel="email", queue="q1", arrived_at="2026-07-02T23:00:00Z",
         outcome="answered", handle_s=300, first_response_at="2026-07-06T13:00:00Z",
         resolved_at="2026-07-07T13:00:00Z", customer_id="c1"),
    # the fall-back hour in New York, twice
    dict(id="d1", vendor="v2", arrived_at="2026-11-01T05:10:00Z", outcome="answered",
         wait_s=12.5, handle_s=61.25, transferred=True, customer_id="c7"),
    dict(id="d2", vendor="v2", arrived_at="2026-11-01T06:10:00Z", outcome="answered",
         wait_s=18, handle_s=90, transferred=True, customer_id="c7", csat=5.0),
    dict(id="d3", vendor="v2", arrived_at="2026-11-01T06:20:00Z", outcome="abandoned",
         wait_s=19.5, customer_id="c8"),
]


def _same(a, b) -> None:
    """Equal tables: integers, strings and timestamps exactly, floats to 1e-9 relative."""
    assert a.schema.equals(b.schema)
    assert a.num_rows == b.num_rows
    for name in a.column_names:
        x, y = a.column(name).to_pylist(), b.column(name).to_pylist()
        if not pa.types.is_floating(a.schema.field(name).type):
            assert x == y, name
            continue
        for u, v in zip(x, y, strict=True):
            assert (u is None and v is None) or math.isclose(u, v, rel_tol=1e-9,
                                                             abs_tol=1e-12), name


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("spark")
    ws = root / "ws"
    synthetic.store(ws, iter([synthetic.from_records(LOG + EXTRA)]), "log")
    export_parquet(ws, root / "pq")
    return root / "pq"


@pytest.mark.parametrize("opts", [
    MonitorOptions(period="month", timezone="America/New_York", holidays="US",
                   business_hours="Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York"),
    MonitorOptions(period="interval", timezone="America/New_York", interval_minutes=15),
], ids=["month-ny-calendar", "interval-15"])
def test_spark_equals_duckdb(dataset: Path, spark, opts: MonitorOptions) -> None:
    on_duckdb = monitor(opts, source=dataset)
    on_spark = monitor(opts, source=dataset, engine="spark", spark=spark)
    assert on_spark.engine == "spark"
    _same(on_duckdb.rows, on_spark.rows)
    assert on_duckdb.data_end == on_spark.data_end
    assert on_duckdb.rows.num_rows > 10
