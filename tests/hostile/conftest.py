"""Fixtures of the hostile-input tests (helpers: ``hostile_helpers``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import invoke, write


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace holding one good import (so an unchanged store is not an empty one)."""
    good = write(tmp_path / "good.csv", "id,arrived_at,outcome,handle_s\n"
                 "g1,2024-01-01T09:00:00Z,answered,200\ng2,2024-01-01T09:10:00Z,abandoned,\n")
    code, out = invoke("import", good, "--workspace", tmp_path / "ws")
    assert code == 0, out
    return tmp_path / "ws"
