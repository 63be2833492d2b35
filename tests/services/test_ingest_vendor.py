"""A vendor's import: rows get its vendor, rows naming another vendor are rejected."""

from __future__ import annotations

import duckdb

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
    con = duckdb.connect(str(tmp_path / "ws" / "outsource.duckdb"))
    rows = con.execute("SELECT id, vendor FROM interactions ORDER BY id").fetchall()
    assert rows == [("1", "acme-manila"), ("2", "acme-manila")]
    assert con.execute("SELECT file, vendor FROM imports").fetchall() == [("log.csv",
                                                                          "acme-manila")]
    con.close()


def test_a_log_without_a_vendor_column_gets_the_vendor(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("id,arrived_at,outcome\n1,2026-05-01T10:00:00Z,answered\n")
    import_file(path, tmp_path / "ws", vendor="acme-manila")
    con = duckdb.connect(str(tmp_path / "ws" / "outsource.duckdb"))
    assert con.execute("SELECT vendor FROM interactions").fetchall() == [("acme-manila",)]
    con.close()
