"""Engine and unit of work: URL from settings, SQLite pragmas, commit and rollback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from outsource.data.db import database_url, make_engine, open_database
from outsource.data.db.engine import parse_url
from outsource.data.db.models.vendors import Vendor
from outsource.errors import InvalidInput
from outsource.settings import get_settings


def test_default_url_is_the_workspace_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTSOURCE_DATABASE_URL", raising=False)
    s = get_settings(workspace=tmp_path / "ws")
    url = database_url(s.workspace, s.database_url)
    assert url == f"sqlite:///{(tmp_path / 'ws' / 'outsource.db').resolve()}"


def test_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTSOURCE_DATABASE_URL", "postgresql://u:p@127.0.0.1:1/x")
    s = get_settings(workspace=tmp_path)
    assert database_url(s.workspace, s.database_url) == "postgresql://u:p@127.0.0.1:1/x"
    assert parse_url(s.database_url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("url", ["nonsense", "mysql://u@h/db"])
def test_bad_urls_name_the_setting(url):
    with pytest.raises(InvalidInput) as err:
        make_engine(url)
    assert err.value.field == "database_url"


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(InvalidInput, match="cannot open the database") as err:
        open_database("postgresql+psycopg://u:p@127.0.0.1:1/none?connect_timeout=2")
    assert err.value.field == "database_url"


def test_sqlite_is_wal_with_foreign_keys(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as con:
        assert con.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert con.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert Path(tmp_path / "x.db").exists()


def test_transaction_commits_and_rolls_back_everything(database):
    with database.transaction() as s:
        s.add(Vendor(name="kept", regions=["india"]))
    with pytest.raises(RuntimeError), database.transaction() as s:
        s.add(Vendor(name="gone-1", regions=["india"]))
        s.flush()
        s.add(Vendor(name="gone-2", regions=["india"]))
        s.flush()
        raise RuntimeError("boom")
    with database.transaction() as s:
        assert list(s.scalars(select(Vendor.name))) == ["kept"]


def test_foreign_keys_are_enforced(database):
    from outsource.data.db.models.vendors import Quote
    from outsource.data.db.repositories._base import Repository

    with pytest.raises(InvalidInput, match="refused"), database.transaction() as s:
        s.add(Quote(vendor_id=999, pricing_model="dedicated_hourly", region="india", rate=10,
                    received_on=__import__("datetime").date(2026, 1, 1)))
        Repository(s).flush("quote")


def test_open_twice_returns_the_same_database(database):
    assert open_database(database.url) is database
