"""The store: committed manifest, immutable segments, one writer, readers without locks."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from outsource.data import loader, store
from outsource.data.mapping import identity_mapping
from outsource.errors import InvalidInput
from outsource.services.ingest import import_file


def _log(path: Path, ids: range) -> Path:
    path.write_text("id,arrived_at,outcome\n" + "".join(
        f"c{i},2024-01-01T{i % 24:02d}:00:00Z,answered\n" for i in ids))
    return path


def _ids(ws: Path) -> list[str]:
    with store.connect(ws, create=False) as con:
        return [r[0] for r in con.execute("SELECT id FROM interactions ORDER BY id").fetchall()]


def test_a_crash_before_the_commit_leaves_only_orphans_that_the_next_writer_removes(tmp_path):
    ws = tmp_path / "ws"
    import_file(_log(tmp_path / "a.csv", range(3)), ws)
    committed = json.loads((ws / "store" / "manifest.json").read_text())
    orphan = ws / "store" / "segments" / "000009-deadbeef.parquet"
    orphan.write_bytes(b"half-written")  # as a kill -9 between rename and commit would leave
    (ws / "store" / "tmp" / "x.parquet").write_bytes(b"partial")
    assert _ids(ws) == ["c0", "c1", "c2"]  # readers see only what the manifest names
    import_file(_log(tmp_path / "b.csv", range(3, 5)), ws)
    assert not orphan.exists() and not list((ws / "store" / "tmp").iterdir())
    assert json.loads((ws / "store" / "manifest.json").read_text())["version"] == \
        committed["version"] + 1
    assert _ids(ws) == ["c0", "c1", "c2", "c3", "c4"]


def test_many_segments_are_merged_and_retired_files_kept_for_readers(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_SEGMENTS", 3)
    ws = tmp_path / "ws"
    for k in range(5):
        import_file(_log(tmp_path / f"{k}.csv", range(10 * k, 10 * k + 10)), ws)
    m = store.read_manifest(ws)
    assert len(m.segments) <= 3 and m.retired
    assert all((ws / "store" / r["file"]).exists() for r in m.retired)  # grace period
    assert len(_ids(ws)) == 50
    monkeypatch.setattr(store, "RETIRE_AFTER_S", -1)
    import_file(_log(tmp_path / "last.csv", range(50, 51)), ws)
    m = store.read_manifest(ws)
    assert not any((ws / "store" / r["file"]).exists() for r in m.retired)
    assert len(_ids(ws)) == 51


def test_a_workspace_of_the_earlier_version_is_read_then_converted(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    con = duckdb.connect(str(ws / store.DB_NAME))
    con.execute("SET TimeZone = 'UTC'")
    from outsource.data.schema import interactions_ddl

    con.execute(interactions_ddl())
    con.execute("INSERT INTO interactions (id, channel, arrived_at, outcome, import_id) VALUES "
                "('old1', 'voice', TIMESTAMPTZ '2024-01-01 08:00:00+00', 'answered', 1)")
    con.execute("CREATE TABLE imports (import_id INTEGER, file VARCHAR, sha256 VARCHAR, "
                "mapping VARCHAR, timezone VARCHAR, imported_at TIMESTAMPTZ, rows_read BIGINT, "
                "imported BIGINT, rejected BIGINT, dropped BIGINT, duplicates_skipped BIGINT)")
    con.execute("INSERT INTO imports VALUES (1, 'old.csv', 'abc', 'canonical', 'UTC', "
                "TIMESTAMPTZ '2024-02-01 00:00:00+00', 1, 1, 0, 0, 0)")
    con.execute('CREATE TABLE rejects (import_id INTEGER, file VARCHAR, line BIGINT, '
                '"column" VARCHAR, reason VARCHAR)')
    con.close()
    assert _ids(ws) == ["old1"]
    res = import_file(_log(tmp_path / "new.csv", range(2)), ws)
    assert res.import_id == 2
    assert not (ws / store.DB_NAME).exists() and (ws / "outsource.duckdb.converted").exists()
    assert _ids(ws) == ["c0", "c1", "old1"]
    with store.connect(ws, create=False) as con:
        assert [r["file"] for r in store.list_imports(con)] == [str(tmp_path / "new.csv"),
                                                               "old.csv"]


def test_a_damaged_manifest_is_named_not_a_traceback(tmp_path):
    ws = tmp_path / "ws"
    import_file(_log(tmp_path / "a.csv", range(2)), ws)
    (ws / "store" / "manifest.json").write_text("{not json")
    with pytest.raises(InvalidInput, match="manifest is damaged"):
        _ids(ws)


def test_the_stage_query_has_no_join(tmp_path):
    """File order is what line numbers rest on: DuckDB keeps it unless a join (such as a long
    IN list planned as one) comes in between."""
    from outsource.data.mapping import load_mapping

    examples = Path(__file__).parents[2] / "docs" / "examples"
    src = _log(tmp_path / "a.csv", range(3))
    for mapping in (identity_mapping(["id", "arrived_at", "outcome"]),
                    load_mapping(examples / "anonymous-bank-1999.yaml"),
                    load_mapping(examples / "servicenow-incidents.yaml")):
        con = duckdb.connect()
        cols = sorted(mapping.source_columns())
        nulls = ", ".join(f'NULL::VARCHAR AS "{c}"' for c in cols)
        con.execute(f"CREATE TEMP VIEW src AS SELECT {nulls}")
        for setting in loader.STAGE_SETTINGS:
            con.execute(setting)
        plan = con.execute("EXPLAIN " + loader.stage_sql(mapping, None,
                                                        loader.time_rules(con, mapping)))
        text = plan.fetchall()[0][1]
        assert "JOIN" not in text.upper() and "Join Type" not in text, mapping.name
        con.close()
    assert src.exists()
