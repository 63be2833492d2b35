"""The Ibis KPI pipeline on DuckDB: every KPI on tiny logs whose answers are worked by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from outsource.data import synthetic
from outsource.errors import InvalidInput, NotFound
from outsource.schemas.monitoring import KPI_NAMES, MonitorOptions
from outsource.services.monitoring import export_parquet, monitor

# T = 20 s, short-abandon timer 5 s, repeat window 7 days. The log ends on 2026-05-31 10:00Z,
# so contacts up to 2026-05-24 10:00Z have a fully observed repeat window.
LOG = [
    dict(id="a1", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-04T10:00:00Z",
         outcome="answered", wait_s=5, handle_s=100, customer_id="c1", transferred=False,
         csat=4.0),
    dict(id="a2", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-05T10:00:00Z",
         outcome="answered", wait_s=20, handle_s=200, customer_id="c1", transferred=True),
    dict(id="a3", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-06T10:00:00Z",
         outcome="answered", wait_s=21, handle_s=300, customer_id="c2", csat=2.0),
    dict(id="a4", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-06T11:00:00Z",
         outcome="abandoned", wait_s=4.9, customer_id="c3"),
    dict(id="a5", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-07T10:00:00Z",
         outcome="abandoned", wait_s=5, customer_id="c2"),
    dict(id="a6", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-07T11:00:00Z",
         outcome="abandoned", wait_s=30),
    dict(id="a7", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-08T10:00:00Z",
         outcome="blocked"),
    dict(id="a8", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-08T11:00:00Z",
         outcome="other", wait_s=1, handle_s=10),
    dict(id="a9", vendor="v1", queue="q2", channel="chat", arrived_at="2026-05-09T10:00:00Z",
         outcome="answered", wait_s=10, handle_s=50, customer_id="c4"),
    dict(id="a10", vendor="v1", queue="q1", channel="voice", arrived_at="2026-05-10T10:00:00Z",
         outcome="answered", wait_s=0, handle_s=3),
    dict(id="b1", vendor="v2", queue="q1", channel="email", arrived_at="2026-05-12T10:00:00Z",
         outcome="answered", handle_s=600, customer_id="c4", resolved=True,
         first_response_at="2026-05-12T14:00:00Z", resolved_at="2026-05-14T10:00:00Z"),
    dict(id="b2", vendor="v2", queue="q1", channel="voice", arrived_at="2026-05-31T10:00:00Z",
         outcome="answered", wait_s=1, handle_s=60, customer_id="c9"),
]


def _workspace(tmp_path: Path, records: list[dict], name: str = "ws") -> Path:
    ws = tmp_path / name
    synthetic.store(ws, iter([synthetic.from_records(records)]), name)
    return ws


def _row(result, vendor: str, queue: str | None = None, channel: str | None = None,
         index: int = 0) -> dict:
    rows = [r for r in result.rows.to_pylist()
            if r["vendor"] == vendor and r["queue"] == queue and r["channel"] == channel]
    return rows[index]


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> object:
    ws = _workspace(tmp_path_factory.mktemp("kpi"), LOG)
    return monitor(MonitorOptions(period="month"), workspace=ws)


def test_counts_by_hand(month) -> None:
    r = _row(month, "v1")
    # a8 ("other") is not load; a1-a7, a9, a10 are offered
    assert (r["offered"], r["answered"], r["abandoned"], r["blocked"]) == (9, 5, 3, 1)
    assert r["short_abandoned"] == 1  # a4 (4.9 s); a5 waited exactly 5 s: not short
    assert (r["answered_within"], r["abandoned_within"]) == (4, 2)  # a1, a2 (= T), a9, a10
    assert r["queued"] == 9 and r["queued_answered"] == 5


def test_five_service_levels_by_hand(month) -> None:
    r = _row(month, "v1")
    assert r["sl_answered"] == pytest.approx(4 / 5)
    assert r["sl_offered"] == pytest.approx(4 / 9)
    assert r["sl_excl_short"] == pytest.approx(4 / (9 - 1))
    assert r["sl_abandon_met"] == pytest.approx((4 + 2) / 9)
    assert r["sl_ignore_abandons"] == pytest.approx(4 / (9 - 2))


def test_asa_aht_abandon_transfer_csat_by_hand(month) -> None:
    r = _row(month, "v1")
    assert r["asa_s"] == pytest.approx((5 + 20 + 21 + 10 + 0) / 5)
    assert r["aht_s"] == pytest.approx((100 + 200 + 300 + 50 + 3) / 5)
    assert r["handled"] == 5
    assert r["abandon_rate"] == pytest.approx(3 / 9)
    assert (r["transferred"], r["transfer_eligible"]) == (1, 2)  # a2 of a1, a2 (flags logged)
    assert r["transfer_rate"] == pytest.approx(0.5)
    assert r["csat"] == pytest.approx(3.0) and r["csat_responses"] == 2
    assert r["near_zero_handle"] == 1  # a10, 3 s


def test_repeats_across_vendors_and_channels_and_fcr(month) -> None:
    r = _row(month, "v1")
    # eligible: answered with a customer, a1 a2 a3 a9; repeated: a1 (a2 next day), a3 (a5),
    # a9 (c4 writes an e-mail to v2 three days later); a2 has no later contact of c1
    assert (r["repeats"], r["repeat_eligible"]) == (3, 4)
    assert r["repeat_rate"] == pytest.approx(0.75)
    assert r["fcr"] == pytest.approx(0.25) and (r["fcr_resolved"], r["fcr_eligible"]) == (1, 4)
    v2 = _row(month, "v2")
    # b1 logs resolved=True; b2 arrives on the log's last day: its window is not observed
    assert v2["fcr"] == pytest.approx(1.0) and v2["fcr_eligible"] == 1
    assert v2["repeat_eligible"] == 1 and v2["repeats"] == 0


def test_email_response_in_clock_hours_by_default(month) -> None:
    r = _row(month, "v2", "q1", "email")
    assert r["deferred"] == 1
    assert r["first_response_business_h"] == pytest.approx(4.0)
    assert r["resolution_business_h"] == pytest.approx(48.0)
    assert r["first_response_met_share"] == 1.0 and r["resolution_met_share"] == 1.0
    # service level is a queue measure: none for e-mail
    assert r["sl_offered"] is None and r["asa_s"] is None
    assert _row(month, "v1")["deferred"] == 0
    assert _row(month, "v1")["first_response_met_share"] is None


def test_rollups_are_sums_of_their_parts(month) -> None:
    rows = month.rows.to_pylist()
    v1 = [r for r in rows if r["vendor"] == "v1"]
    by_queue = [r for r in v1 if r["queue"] is not None and r["channel"] is None]
    by_channel = [r for r in v1 if r["queue"] is None and r["channel"] is not None]
    total = _row(month, "v1")
    for name in ("offered", "answered", "abandoned", "answered_within", "repeats", "handled"):
        assert sum(r[name] for r in by_queue) == total[name]
        assert sum(r[name] for r in by_channel) == total[name]
    assert {r["queue"] for r in by_queue} == {"q1", "q2"}
    assert len(v1) == 1 + 2 + 2 + 2  # all, per queue, per channel, per queue x channel
    assert set(month.rows.column_names) == set(KPI_NAMES)
    assert month.rows.column_names[:5] == ["vendor", "queue", "channel", "period",
                                           "period_start"]


def test_cisco_published_example_through_the_pipeline(tmp_path: Path) -> None:
    """70 answered within T, 10 abandoned within T, 20 answered after it (Cisco UCCE)."""
    recs = []
    for i in range(100):
        kind = "in" if i < 70 else "ab" if i < 80 else "late"
        recs.append(dict(id=f"c{i}", vendor="v", channel="voice",
                         arrived_at=f"2026-05-04T10:{i % 60:02d}:00Z",
                         outcome="abandoned" if kind == "ab" else "answered",
                         wait_s={"in": 10, "ab": 17, "late": 40}[kind],
                         handle_s=None if kind == "ab" else 120))
    r = _row(monitor(MonitorOptions(period="month"), workspace=_workspace(tmp_path, recs)), "v")
    assert r["sl_ignore_abandons"] == pytest.approx(0.778, abs=5e-4)
    assert r["sl_offered"] == pytest.approx(0.70)  # Cisco "negative"
    assert r["sl_abandon_met"] == pytest.approx(0.80)  # Cisco "positive"
    assert r["abandoned_before_t"] == 10  # 15 < 17 <= 20


def test_month_is_computed_from_contacts_not_a_mean_of_intervals(tmp_path: Path) -> None:
    # interval 10:00: 1 call, answered within T (100 %); 10:30: 9 calls, none within (0 %)
    recs = [dict(id="x0", vendor="v", arrived_at="2026-05-04T10:05:00Z", outcome="answered",
                 wait_s=3, handle_s=60)]
    recs += [dict(id=f"y{i}", vendor="v", arrived_at=f"2026-05-04T10:{31 + i}:00Z",
                  outcome="answered", wait_s=60, handle_s=60) for i in range(9)]
    ws = _workspace(tmp_path, recs)
    intervals = monitor(MonitorOptions(period="interval"), workspace=ws)
    sls = [r["sl_offered"] for r in intervals.rows.to_pylist()
           if r["queue"] is None and r["channel"] is None]
    assert sls == [1.0, 0.0]
    month = _row(monitor(MonitorOptions(period="month"), workspace=ws), "v")
    assert month["sl_offered"] == pytest.approx(0.1)
    assert month["sl_offered"] != pytest.approx(sum(sls) / len(sls))


def test_periods_follow_the_time_zone_and_dst(tmp_path: Path) -> None:
    ny = ZoneInfo("America/New_York")
    recs = [
        # 2026-06-01 03:30Z is 2026-05-31 23:30 in New York: May there, June in UTC
        dict(id="m", vendor="v", arrived_at="2026-06-01T03:30:00Z", outcome="answered",
             wait_s=1, handle_s=60),
        # the fall-back hour 01:00-02:00 happens twice on 2026-11-01 (EDT, then EST)
        dict(id="d1", vendor="v", arrived_at="2026-11-01T05:10:00Z", outcome="answered",
             wait_s=1, handle_s=60),
        dict(id="d2", vendor="v", arrived_at="2026-11-01T06:10:00Z", outcome="answered",
             wait_s=1, handle_s=60),
        # Sunday 2026-05-10 belongs to the ISO week starting Monday 2026-05-04
        dict(id="w", vendor="v", arrived_at="2026-05-10T18:00:00Z", outcome="answered",
             wait_s=1, handle_s=60),
    ]
    ws = _workspace(tmp_path, recs)

    def starts(period: str, zone: str) -> list[datetime]:
        res = monitor(MonitorOptions(period=period, timezone=zone), workspace=ws)
        return [r["period_start"] for r in res.rows.to_pylist()
                if r["queue"] is None and r["channel"] is None]

    ny_months = starts("month", "America/New_York")
    assert [(d.year, d.month) for d in ny_months] == [(2026, 5), (2026, 11)]
    assert ny_months[0].utcoffset().total_seconds() == -4 * 3600
    assert [(d.year, d.month) for d in starts("month", "UTC")] == [(2026, 5), (2026, 6),
                                                                 (2026, 11)]
    fall = [d for d in starts("interval", "America/New_York") if d.month == 11]
    assert [d.astimezone(ny).strftime("%H:%M %Z") for d in fall] == ["01:00 EDT", "01:00 EST"]
    days = starts("day", "America/New_York")
    assert [d.strftime("%Y-%m-%d") for d in days] == ["2026-05-10", "2026-05-31", "2026-11-01"]
    res = monitor(MonitorOptions(period="day", timezone="America/New_York"), workspace=ws)
    nov = [r for r in res.rows.to_pylist() if r["period_start"].month == 11][0]
    assert nov["period_end"].timestamp() - nov["period_start"].timestamp() == 25 * 3600
    weeks = starts("week", "UTC")
    assert weeks[0] == datetime(2026, 5, 4, tzinfo=ZoneInfo("UTC"))


def test_business_hours_skip_weekend_and_us_holiday(tmp_path: Path) -> None:
    # Thu 2026-07-02 19:00 EDT -> Mon 2026-07-06 09:00 EDT; Fri 3 July (Independence Day
    # observed) and Sat 4 July (the holiday) are closed, Sunday too: 1 h Thu + 1 h Mon
    recs = [dict(id="e1", vendor="v", channel="email", arrived_at="2026-07-02T23:00:00Z",
                 outcome="answered", handle_s=300, first_response_at="2026-07-06T13:00:00Z",
                 resolved_at="2026-07-07T13:00:00Z")]
    ws = _workspace(tmp_path, recs)
    hours = "Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York"
    opts = MonitorOptions(period="month", business_hours=hours, holidays="US",
                          first_response_within_h=2, resolution_within_h=14)
    r = _row(monitor(opts, workspace=ws), "v")
    assert r["first_response_business_h"] == pytest.approx(2.0)
    assert r["resolution_business_h"] == pytest.approx(14.0)  # Thu 1 h + Mon 12 h + Tue 1 h
    assert r["first_response_met_share"] == 1.0 and r["resolution_met_share"] == 1.0
    plain = MonitorOptions(period="month", business_hours=hours)
    r = _row(monitor(plain, workspace=ws), "v")
    # without holidays: Thu 1 h + Fri 12 h + Sat 8 h + Mon 1 h
    assert r["first_response_business_h"] == pytest.approx(22.0)


def test_vendor_filter_keeps_repeats_at_other_vendors(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, LOG)
    res = monitor(MonitorOptions(period="month", vendor="v1"), workspace=ws)
    assert {r["vendor"] for r in res.rows.to_pylist()} == {"v1"}
    assert _row(res, "v1")["repeats"] == 3
    with pytest.raises(NotFound, match="no contacts of vendor 'nobody'"):
        monitor(MonitorOptions(period="month", vendor="nobody"), workspace=ws)


def test_missing_vendor_and_queue_become_none_label(tmp_path: Path) -> None:
    recs = [dict(id="n1", arrived_at="2026-05-04T10:00:00Z", outcome="answered", wait_s=1,
                 handle_s=30)]
    res = monitor(MonitorOptions(period="day"), workspace=_workspace(tmp_path, recs))
    rows = res.rows.to_pylist()
    assert {r["vendor"] for r in rows} == {"(none)"}
    assert {r["queue"] for r in rows} == {None, "(none)"}
    assert {r["channel"] for r in rows} == {None, "voice"}  # the import default


def test_parquet_export_reads_back_identically(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, LOG)
    report = export_parquet(ws, tmp_path / "pq")
    assert report["rows"] == len(LOG)
    assert "vendor=v1/month=2026-05/data_0.parquet" in report["files"]
    opts = MonitorOptions(period="week", timezone="America/New_York")
    a = monitor(opts, workspace=ws)
    b = monitor(opts, source=tmp_path / "pq")
    assert a.rows.equals(b.rows)
    assert b.engine == "duckdb" and b.source == str(tmp_path / "pq")


def test_parquet_with_few_columns_gives_null_kpis(tmp_path: Path) -> None:
    t = pa.table({"id": ["1", "2"], "outcome": ["answered", "abandoned"],
                  "arrived_at": pa.array([1777888800, 1777888900],
                                         pa.timestamp("s", tz="UTC")),
                  "wait_s": [3.0, 8.0]})
    pq.write_table(t, tmp_path / "log.parquet")
    r = _row(monitor(MonitorOptions(period="month"), source=tmp_path / "log.parquet"),
             "(none)")
    assert r["offered"] == 2 and r["sl_offered"] == 0.5
    assert r["csat"] is None and r["aht_s"] is None and r["repeat_rate"] is None
    assert r["transfer_rate"] is None


def test_bad_sources_are_clear_errors(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["1"], "outcome": ["answered"]}), tmp_path / "bad.parquet")
    with pytest.raises(InvalidInput, match="required column 'arrived_at' is missing"):
        monitor(MonitorOptions(), source=tmp_path / "bad.parquet")
    with pytest.raises(NotFound, match="no Parquet dataset"):
        monitor(MonitorOptions(), source=tmp_path / "nowhere")
    with pytest.raises(NotFound, match="run `outsource import` first"):
        monitor(MonitorOptions(), workspace=tmp_path / "empty-ws")
    with pytest.raises(InvalidInput, match="unknown holiday calendar"):
        monitor(MonitorOptions(holidays="XX"), workspace=_workspace(tmp_path, LOG))
    with pytest.raises(InvalidInput, match="Spark engine reads a Parquet dataset"):
        monitor(MonitorOptions(), workspace=tmp_path, engine="spark")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "outsource.duckdb").write_bytes(b"not a database" * 100)
    with pytest.raises(InvalidInput, match="cannot open .* for reading"):
        monitor(MonitorOptions(), workspace=tmp_path / "junk")


def test_json_rows_shape(month) -> None:
    import orjson

    from outsource.schemas.base import dumps

    data = orjson.loads(dumps(month.to_json_dict()))
    assert set(data) >= {"rows"}
    row = data["rows"][0]
    for key in ("vendor", "queue", "channel", "period_start", "offered", "answered",
                "abandoned", "short_abandoned", "blocked", "sl_answered", "sl_offered",
                "sl_excl_short", "sl_abandon_met", "sl_ignore_abandons", "asa_s",
                "abandon_rate", "aht_s", "repeat_rate", "transfer_rate", "csat"):
        assert key in row
    assert row["period_start"] == "2026-05-01T00:00:00+00:00"
    assert pc.sum(month.rows["offered"]).as_py() > 0


def test_unanswered_email_counts_as_missed_and_one_contact_has_no_spread(tmp_path: Path) -> None:
    recs = [dict(id="e1", vendor="v", channel="email", arrived_at="2026-05-04T10:00:00Z",
                 outcome="answered", handle_s=100, first_response_at="2026-05-04T11:00:00Z"),
            dict(id="e2", vendor="v", channel="email", arrived_at="2026-05-04T10:00:00Z",
                 outcome="answered", handle_s=300)]
    r = _row(monitor(MonitorOptions(period="month"), workspace=_workspace(tmp_path, recs)),
             "v", "(none)", "email")
    assert (r["deferred"], r["first_response_met_share"]) == (2, 0.5)
    assert r["first_response_business_h"] == pytest.approx(1.0)  # of the one responded
    assert r["resolution_met_share"] == 0.0 and r["resolution_business_h"] is None
    assert r["handle_sd_s"] == pytest.approx(141.4213562)  # sd of 100 and 300
    one = [dict(id="x", vendor="w", arrived_at="2026-05-04T10:00:00Z", outcome="answered",
                wait_s=1, handle_s=60)]
    r = _row(monitor(MonitorOptions(period="month"), workspace=_workspace(tmp_path, one, "w")),
             "w")
    assert r["aht_s"] == 60 and r["handle_sd_s"] is None
