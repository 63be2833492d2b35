"""A vendor's import: rows get its vendor, rows naming another vendor are rejected."""

from __future__ import annotations

import duckdb

from outsource.data import store
from outsource.services.ingest import import_file


def test_rows_are_forced_to_the_vendor(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("id,arrived_at,outcome,vendor\n"
                    "1,2026-05-01T10:00:00Z,answered,\n"
                    "2,2026-05-01T10:01:00Z,answered,acme-manila\n"
                    "3,2026-05-01T10:02:00Z,answered,andes-bogota\n")
    res = import_file(path, tmp_path / "ws", vendor="acme-manila", label="log.csv")
    assert (res.imported, res.rejected, res.vendor) == (2, 1, "acme-manila")
    assert [(r.line, r.column) for r in res.rejects] == [(4, "vendor")]
    assert "andes-bogota" in res.rejects[0].reason
    with store.connect(tmp_path / "ws", create=False) as con:
        rows = con.execute("SELECT id, vendor FROM interactions ORDER BY id").fetchall()
        assert rows == [("1", "acme-manila"), ("2", "acme-manila")]
        assert con.execute("SELECT file, vendor FROM imports").fetchall() == [
            ("log.csv", "acme-manila")]


def test_a_log_without_a_vendor_column_gets_the_vendor(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("id,arrived_at,outcome\n1,2026-05-01T10:00:00Z,answered\n")
    import_file(path, tmp_path / "ws", vendor="acme-manila")
    with store.connect(tmp_path / "ws", create=False) as con:
        assert con.execute("SELECT vendor FROM interactions").fetchall() == [("acme-manila",)]


def test_imports_of_a_workspace_made_before_the_vendor_column_still_list(tmp_path):
    con = duckdb.connect(str(tmp_path / "outsource.duckdb"))
    con.execute("CREATE TABLE imports (import_id INTEGER PRIMARY KEY, file VARCHAR, "
                "sha256 VARCHAR UNIQUE, mapping VARCHAR, timezone VARCHAR, imported_at "
                "TIMESTAMPTZ DEFAULT current_timestamp, rows_read BIGINT, imported BIGINT, "
                "rejected BIGINT, dropped BIGINT, duplicates_skipped BIGINT)")
    con.execute("INSERT INTO imports (import_id, file, sha256, rows_read, imported, rejected, "
                "dropped, duplicates_skipped) VALUES (1, 'old.csv', 'x', 3, 3, 0, 0, 0)")
    con.close()
    with store.connect(tmp_path, create=False) as con:
        rows = store.list_imports(con)
        assert [(r["file"], r["vendor"], r["dropped_reasons"]) for r in rows] == [
            ("old.csv", None, {})]
        assert store.get_import(con, 1)["rows_read"] == 3
