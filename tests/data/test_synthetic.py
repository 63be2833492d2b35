"""The synthetic interaction generator: seeded, canonical, with drift and gaming."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pytest

from outsource.data import synthetic
from outsource.data.schema import NAMES
from outsource.schemas.monitoring import MonitorOptions
from outsource.services.monitoring import monitor


def test_seeded_and_canonical() -> None:
    a = list(synthetic.generate(np.random.default_rng(5), total=6_000))
    b = list(synthetic.generate(np.random.default_rng(5), total=6_000))
    assert all(x.equals(y) for x, y in zip(a, b, strict=True))
    assert len(a) == 18  # 3 vendors x 6 months
    t = a[0]
    assert t.column_names == list(NAMES)
    assert pc.count_distinct(t["id"]).as_py() == t.num_rows
    assert set(pc.unique(t["outcome"]).to_pylist()) <= {"answered", "abandoned", "blocked"}
    c = list(synthetic.generate(np.random.default_rng(6), total=6_000))
    assert not c[0].equals(a[0])
    ends = max(pc.max(x["arrived_at"]).value for x in a)
    assert ends < 1_793_505_600 * 1_000_000 + 4 * 3600 * 1_000_000  # before 2026-11-01 NY


@pytest.fixture(scope="module")
def demo_months(tmp_path_factory):
    ws = tmp_path_factory.mktemp("syn") / "ws"
    synthetic.store(ws, synthetic.generate(np.random.default_rng(11), total=90_000), "demo")
    res = monitor(MonitorOptions(period="month", timezone="America/New_York"), workspace=ws)
    rows = [r for r in res.rows.to_pylist() if r["queue"] is None and r["channel"] is None]
    return {v: [r for r in rows if r["vendor"] == v] for v in {r["vendor"] for r in rows}}


def test_drift_makes_service_level_fall(demo_months) -> None:
    andes = demo_months["andes-bogota"]
    assert len(andes) == 6
    assert andes[0]["sl_offered"] - andes[-1]["sl_offered"] > 0.2
    prairie = demo_months["prairie-ohio"]
    assert abs(prairie[0]["sl_offered"] - prairie[-1]["sl_offered"]) < 0.03


def test_gaming_makes_aht_fall_while_repeats_rise(demo_months) -> None:
    acme = demo_months["acme-manila"]
    assert acme[-1]["aht_s"] < 0.75 * acme[0]["aht_s"]
    # the last month's repeats are censored by the log's end: compare the first five
    assert acme[4]["repeat_rate"] > acme[0]["repeat_rate"] + 0.1
    assert acme[0]["near_zero_handle"] > 0 and acme[0]["abandoned_before_t"] > 3 * max(
        acme[0]["abandoned_after_t"], 1)
    assert demo_months["prairie-ohio"][0]["fcr_eligible"] > 0


def test_store_is_idempotent(tmp_path: Path) -> None:
    chunks = list(synthetic.generate(np.random.default_rng(1), total=900))
    n = sum(c.num_rows for c in chunks)
    assert synthetic.store(tmp_path / "ws", iter(chunks), "x") == n
    assert synthetic.store(tmp_path / "ws", iter(chunks), "x") == 0


def test_from_records_refuses_unknown_columns() -> None:
    with pytest.raises(ValueError, match="unknown columns"):
        synthetic.from_records([{"id": "1", "arrived": "2026-05-01T00:00:00Z"}])
