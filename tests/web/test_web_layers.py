"""The web face reaches core and data only through services and schemas."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).parents[2] / "src" / "outsource" / "web"
SERVICES = Path(__file__).parents[2] / "src" / "outsource" / "services"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_web_imports_no_core_or_data():
    bad = [(p.name, n) for p in WEB.rglob("*.py") for n in _imports(p)
           if n.startswith(("outsource.core", "outsource.data", "outsource.cli"))]
    assert bad == []


def test_services_import_no_faces():
    bad = [(p.name, n) for p in SERVICES.rglob("*.py") for n in _imports(p)
           if n.startswith(("outsource.web", "outsource.cli", "outsource.reports"))]
    assert bad == []
