"""The same SLA results, credits and billable minutes on Spark (PySpark local mode, the
suite's one session) as on DuckDB, for the same logs (``sla_fixtures``)."""

from __future__ import annotations

import math

import pytest
from sla_fixtures import BILLABLE_MIN, make_workspace

from outsource.services.invoices import check_invoice
from outsource.services.monitoring import export_parquet
from outsource.services.sla import sla_results


@pytest.fixture(scope="module")
def ws_and_parquet(tmp_path_factory):
    root = tmp_path_factory.mktemp("sla-spark")
    ws = make_workspace(root / "ws")
    export_parquet(ws.path, root / "pq")
    return ws, root / "pq"


def _close(a, b) -> bool:
    return (a is None and b is None) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def test_credits_equal_on_spark(ws_and_parquet, spark):
    ws, pq = ws_and_parquet
    duck = sla_results(ws, "2026-10")
    on_spark = sla_results(ws, "2026-10", engine="spark", source=pq, spark=spark)
    assert on_spark.engine == "spark"
    assert len(duck.history) == len(on_spark.history) == 4
    for a, b in zip(duck.history, on_spark.history, strict=True):
        assert (a.month, a.metric, a.met, a.status) == (b.month, b.metric, b.met, b.status)
        for f in ("value", "numerator", "denominator", "credit_usd", "earned_back_usd"):
            assert _close(getattr(a, f), getattr(b, f)), f
    for a, b in zip(duck.vendors, on_spark.vendors, strict=True):
        for f in ("credits_usd", "cap_usd", "net_usd"):
            assert _close(getattr(a, f), getattr(b, f)), f
        assert (a.chronic_failure, a.termination_right) == (b.chronic_failure,
                                                            b.termination_right)
    assert math.isclose(on_spark.vendors[0].credits_usd, 600.0)


def test_billable_minutes_equal_on_spark(ws_and_parquet, spark):
    ws, pq = ws_and_parquet
    text = b"vendor,period,line,quantity,unit,unit_price\nacme-manila,2026-10,M1,14,minute,0.5\n"
    res = check_invoice(ws, text, name="inv.csv", engine="spark", source=pq, spark=spark,
                        store=False)
    line = res.invoices[0].lines[0]
    assert math.isclose(line.supported_quantity, BILLABLE_MIN)
    assert line.status == "overbilled" and math.isclose(line.difference_usd, 0.25)
