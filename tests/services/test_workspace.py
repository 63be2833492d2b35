"""open_workspace: folder and database from settings, one transaction per call."""

from __future__ import annotations

import pytest

from outsource.data.db import close_all
from outsource.errors import InvalidInput
from outsource.services.workspace import open_workspace


def test_workspace_holds_the_sqlite_database(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTSOURCE_DATABASE_URL", raising=False)
    ws = open_workspace(tmp_path / "ws")
    assert ws.db.backend == "sqlite" and (tmp_path / "ws" / "outsource.db").exists()
    close_all()


def test_database_url_from_environment(tmp_path, monkeypatch, postgres):
    postgres.admin("CREATE DATABASE ws_env")
    monkeypatch.setenv("OUTSOURCE_DATABASE_URL", postgres.url("ws_env"))
    ws = open_workspace(tmp_path / "ws")
    assert ws.db.backend == "postgresql" and not (tmp_path / "ws" / "outsource.db").exists()
    close_all()
    postgres.admin("DROP DATABASE ws_env WITH (FORCE)")


def test_a_file_is_not_a_workspace(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(InvalidInput) as err:
        open_workspace(tmp_path / "f")
    assert err.value.field == "workspace"
