"""core/ stays pure: it imports nothing from data/, services/, web/ or I/O libraries."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).parents[1] / "src" / "outsource" / "core"
FORBIDDEN = ("outsource.data", "outsource.services", "outsource.web", "outsource.cli",
             "outsource.settings", "duckdb", "sqlalchemy", "fastapi", "ibis", "pandas")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_imports_nothing_impure():
    offenders = [(p.name, name) for p in CORE.glob("*.py") for name in _imports(p)
                 if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    assert offenders == []


SRC = CORE.parent


def test_web_reaches_core_and_data_only_through_services():
    offenders = [(p.name, n) for p in (SRC / "web").rglob("*.py") for n in _imports(p)
                 if n.startswith(("outsource.core", "outsource.data", "outsource.cli"))]
    assert offenders == []


def test_services_import_no_faces():
    offenders = [(p.name, n) for p in (SRC / "services").rglob("*.py") for n in _imports(p)
                 if n.startswith(("outsource.web", "outsource.cli", "outsource.reports"))]
    assert offenders == []
