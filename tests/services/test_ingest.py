"""Import and profile use cases on small fixtures (malformed rows, real excerpt, formats)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from outsource.data import store
from outsource.data.mapping import load_mapping
from outsource.errors import InvalidInput, NotFound
from outsource.services.ingest import import_file
from outsource.services.profile import ProfileOptions, build_profile, export_workload

DATA = Path(__file__).parents[1] / "data" / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
MALFORMED = DATA / "canonical_malformed.csv"
BANK = DATA / "anonymous_bank_excerpt.txt"

EXPECTED_REJECTS = [
    (5, "arrived_at"), (6, "outcome"), (8, "wait_s"), (9, "handle_s"), (10, "id"),
    (11, "(row)"), (12, "arrived_at"), (13, "transferred"), (15, "channel"), (17, "csat"),
]


def _rows(ws: Path, sql: str) -> list[tuple]:
    with store.connect(ws, create=False) as con:
        return con.execute(sql).fetchall()


def test_malformed_rows_are_rejected_with_line_and_column(tmp_path: Path) -> None:
    res = import_file(MALFORMED, tmp_path)
    assert (res.imported, res.rejected, res.duplicates_skipped) == (4, 10, 1)
    assert [(r.line, r.column) for r in res.rejects] == EXPECTED_REJECTS
    reasons = {r.line: r.reason for r in res.rejects}
    assert reasons[11] == "too many fields (expected 10, found 11)"
    assert reasons[12] == "too few fields (expected 10, found 3)"
    stored = _rows(tmp_path, 'SELECT line, "column", file FROM rejects ORDER BY line')
    assert [(a, b) for a, b, _ in stored] == EXPECTED_REJECTS
    got = _rows(tmp_path, "SELECT id, arrived_at::VARCHAR FROM interactions ORDER BY arrived_at")
    assert got[:3] == [("c3", "2024-01-01 08:20:00+00"), ("c1", "2024-01-01 09:00:00+00"),
                       ("c2", "2024-01-01 09:10:00+00")]


def test_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    import_file(MALFORMED, tmp_path)
    again = import_file(MALFORMED, tmp_path)
    assert again.already_imported and again.imported == 0
    assert again.duplicates_skipped == 15
    assert _rows(tmp_path, "SELECT count(*) FROM interactions") == [(4,)]
    assert _rows(tmp_path, "SELECT count(*) FROM rejects") == [(10,)]


def test_crlf_gzip_and_parquet(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.csv.gz"
    crlf.write_bytes(gzip.compress(MALFORMED.read_bytes().replace(b"\n", b"\r\n")))
    res = import_file(crlf, tmp_path / "ws1")
    assert [(r.line, r.column) for r in res.rejects] == EXPECTED_REJECTS
    table = pa.table({"id": ["p1", "p2"], "arrived_at": ["2024-01-01T08:00:00Z", "bad"],
                      "outcome": ["answered", "abandoned"], "wait_s": [3.0, 4.0]})
    pq.write_table(table, tmp_path / "x.parquet")
    res = import_file(tmp_path / "x.parquet", tmp_path / "ws2")
    assert res.imported == 1 and [(r.line, r.column) for r in res.rejects] == [(2, "arrived_at")]


def test_bank_excerpt_with_example_mapping(tmp_path: Path) -> None:
    res = import_file(BANK, tmp_path, load_mapping(EXAMPLES / "anonymous-bank-1999.yaml"))
    assert res.rows_read == 40 and res.rejected == 0
    assert res.dropped == {"phantom call (a virtual call, not a customer)": 2,
                           "never reached the agent queue (ended in the VRU)": 4}
    assert res.imported == 34
    first = _rows(tmp_path, "SELECT arrived_at::VARCHAR, wait_s, outcome, customer_id "
                            "FROM interactions WHERE id = 'AA0101-33116'")
    assert first == [("1998-12-31 22:00:36+00", 153.0, "abandoned", "9664491")]
    unqueued = _rows(tmp_path, "SELECT arrived_at::VARCHAR, agent_id, customer_id "
                               "FROM interactions WHERE id = 'AA0101-33119'")
    assert unqueued == [("1999-01-01 05:41:26+00", "BASCH", None)]


def test_date_time_columns_derived_wait_and_drop_rule(tmp_path: Path) -> None:
    src = tmp_path / "log.tsv"
    src.write_text("day\tstart\tq_in\tq_out\tres\tsecs\n"
                   "02/01/2024\t9:00:00\t9:00:05\t9:01:05\tOK\t0:02:00\n"
                   "02/01/2024\t23:59:00\t23:59:30\t0:00:10\tGONE\t\n"
                   "02/01/2024\t10:00:00\t\t\tTEST\t\n")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "timezone: Europe/Paris\ncolumns:\n"
        "  id: {concat: [day, start]}\n"
        "  arrived_at: {date: day, date_format: '%d/%m/%Y', time: [q_in, start]}\n"
        "  wait_s: {from: q_in, to: q_out}\n"
        "  handle_s: {source: secs, unit: hms}\n"
        "  outcome: {source: res, map: {OK: answered, GONE: abandoned}, default: other}\n"
        "drop:\n  - reason: test call\n    when: {res: TEST}\n")
    res = import_file(src, tmp_path / "ws", load_mapping(mapping))
    assert res.imported == 2 and res.dropped == {"test call": 1}
    got = _rows(tmp_path / "ws", "SELECT arrived_at::VARCHAR, wait_s, handle_s, outcome "
                                 "FROM interactions ORDER BY arrived_at")
    assert got == [("2024-01-02 08:00:05+00", 60.0, 120.0, "answered"),
                   ("2024-01-02 22:59:30+00", 40.0, None, "abandoned")]


def test_answered_at_gives_wait(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("id;arrived_at;answered_at;outcome\n"
                   "a;2024-01-01T08:00:00Z;2024-01-01T08:00:30Z;answered\n")
    import_file(src, tmp_path / "ws")
    assert _rows(tmp_path / "ws", "SELECT wait_s FROM interactions") == [(30.0,)]


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        import_file(tmp_path / "missing.csv", tmp_path)
    src = tmp_path / "x.csv"
    src.write_text("call,when\n1,2\n")
    with pytest.raises(InvalidInput, match="--mapping"):
        import_file(src, tmp_path / "ws")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns: {id: call, arrived_at: nope, outcome: when}\n")
    with pytest.raises(InvalidInput, match="nope"):
        import_file(src, tmp_path / "ws", load_mapping(mapping))


def test_profile_and_workload_export(tmp_path: Path) -> None:
    import_file(MALFORMED, tmp_path)
    opts = ProfileOptions(interval=60, business_hours="Mon-Fri 09:30-17:00 UTC")
    prof = build_profile(tmp_path, opts)
    assert (prof.offered, prof.answered, prof.abandoned) == (4, 2, 1)
    assert prof.abandon_rate == pytest.approx(0.25)
    assert prof.mean_handle_s == pytest.approx(250.0)
    assert prof.patience_s == pytest.approx((10 + 20 + 5) / 1)
    assert prof.after_hours_share == pytest.approx(3 / 4)
    assert prof.transfer_share == pytest.approx(0.5)
    assert prof.repeat_7d_share == pytest.approx(1 / 3)
    assert prof.calls_by_hour["Mon"][8] == 1.0 and prof.calls_by_hour["Mon"][9] == 2.0
    out = tmp_path / "w.csv"
    assert export_workload(prof, out) == 168
    lines = out.read_text().splitlines()
    assert lines[0] == "interval_start,calls,aht_s,patience_s,period_minutes"
    assert lines[10].startswith("2024-01-01T09:00:00+00:00,2.0,250.0,35.0,60")


def test_profile_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        build_profile(tmp_path / "none", ProfileOptions())
    import_file(MALFORMED, tmp_path)
    with pytest.raises(InvalidInput, match="interval"):
        build_profile(tmp_path, ProfileOptions(interval=20))
    with pytest.raises(InvalidInput, match="percentile"):
        build_profile(tmp_path, ProfileOptions(percentile=100))


def _big_csv(path: Path, n: int, bad: set[int], blank_after: int) -> None:
    """``n`` canonical records; records in ``bad`` (1-based) have a bad timestamp;
    record ``n - 1`` repeats the id of record 8 (wait 999 instead of 8)."""
    lines = ["id,arrived_at,wait_s,outcome"]
    for rec in range(1, n + 1):
        when = "never" if rec in bad else f"2024-01-0{rec % 7 + 1}T{rec % 24:02d}:00:00Z"
        ident, wait = (8, 999) if rec == n - 1 else (rec, rec)
        lines.append(f"c{ident},{when},{wait},answered")
        if rec == blank_after:
            lines.append("")
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("keep", ["first", "last"])
def test_large_file_read_in_parallel_keeps_record_order(tmp_path: Path, keep: str) -> None:
    n, bad = 700_000, {5, 123_456, 699_998}
    src = tmp_path / "big.csv"
    _big_csv(src, n, bad, blank_after=400_000)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(f"keep: {keep}\ncolumns: {{id: id, arrived_at: arrived_at, "
                       "wait_s: wait_s, outcome: outcome}\n")
    res = import_file(src, tmp_path / "ws", load_mapping(mapping))
    assert (res.rows_read, res.rejected, res.duplicates_skipped) == (n, 3, 1)
    assert res.imported == n - 4
    # header is line 1; the blank line after record 400,000 shifts later records by one
    assert [(r.line, r.column) for r in res.rejects] == [
        (6, "arrived_at"), (123_457, "arrived_at"), (700_000, "arrived_at")]
    assert res.rejects[0].reason == "cannot parse 'never' as an ISO 8601 timestamp"
    wait = _rows(tmp_path / "ws", "SELECT wait_s FROM interactions WHERE id = 'c8'")
    assert wait == [(8.0 if keep == "first" else 999.0,)]
    stored = _rows(tmp_path / "ws", "SELECT line FROM rejects ORDER BY line")
    assert [r[0] for r in stored] == [r.line for r in res.rejects]


def test_repeat_contacts_within_exactly_seven_days(tmp_path: Path) -> None:
    src = tmp_path / "r.csv"
    src.write_text("id,arrived_at,outcome,customer_id\n"
                   "a,2024-01-01T08:00:00Z,answered,k1\n"
                   "b,2024-01-08T08:00:00Z,answered,k1\n"
                   "c,2024-01-15T08:00:01Z,answered,k1\n"
                   "d,2024-01-15T09:00:00Z,abandoned,k2\n"
                   "e,2024-01-15T09:30:00Z,answered,\n")
    import_file(src, tmp_path / "ws")
    prof = build_profile(tmp_path / "ws", ProfileOptions())
    assert prof.repeat_7d_share == pytest.approx(1 / 4)


def test_utc_shortcut_matches_the_time_zone_conversion(tmp_path: Path) -> None:
    import_file(MALFORMED, tmp_path)
    fast, slow = (
        build_profile(tmp_path, ProfileOptions(
            interval=15, timezone=zone, business_hours=f"Mon-Fri 09:30-17:00 {zone}"))
        for zone in ("UTC", "Etc/UTC")
    )
    assert fast.calls == slow.calls and fast.aht_s == slow.aht_s
    assert (fast.first_day, fast.last_day) == (slow.first_day, slow.last_day) == (
        "2024-01-01", "2024-01-02")
    assert fast.after_hours_share == slow.after_hours_share == pytest.approx(3 / 4)
    assert sum(map(sum, fast.calls)) == pytest.approx(4.0)
