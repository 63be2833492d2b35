"""Fixtures of the hostile-input tests (helpers: ``hostile_helpers``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_helpers import invoke, write


@pytest.fixture(scope="session")
def ws_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding one good import, made once (tests get a copy)."""
    root = tmp_path_factory.mktemp("hostile")
    good = write(root / "good.csv", "id,arrived_at,outcome,handle_s\n"
                 "g1,2024-01-01T09:00:00Z,answered,200\ng2,2024-01-01T09:10:00Z,abandoned,\n")
    code, out = invoke("import", good, "--workspace", root / "ws")
    assert code == 0, out
    return root / "ws"


@pytest.fixture
def ws(ws_template: Path, tmp_path: Path) -> Path:
    """A workspace holding one good import (so an unchanged store is not an empty one)."""
    dest = tmp_path / "ws"
    shutil.copytree(ws_template, dest)
    return dest
