"""The shape to keep: every layer's imports, written as data (docs: DEVELOPERS.md).

``RULES`` maps each layer (a subpackage of ``outsource``) to the imports it
must never make. Faces (cli, web, reports) and layers that do not exist yet
are listed too, so a new ``web/`` or ``reports/`` is guarded the day it
appears; a subpackage missing from ``RULES`` fails :func:`test_every_layer_has_a_rule`.
Imports inside functions count as much as module-level ones.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "outsource"
#: Libraries that do input/output or serve faces: never in core/.
IO_LIBS = ("duckdb", "sqlalchemy", "alembic", "psycopg", "fastapi", "uvicorn", "starlette",
           "httpx", "ibis", "pyspark", "pandas", "pyarrow", "yaml", "orjson", "jinja2",
           "openpyxl", "xlsxwriter", "weasyprint", "vl_convert", "typer", "rich",
           "pydantic_settings", "tomllib", "csv", "sqlite3")
FACES = ("cli", "web", "reports")
_ALL = ("core", "schemas", "data", "services", *FACES)


def _layers(*names: str) -> tuple[str, ...]:
    return tuple(f"outsource.{n}" for n in names)


#: Per layer: import prefixes it must not use.
RULES: dict[str, tuple[str, ...]] = {
    "core": _layers(*(n for n in _ALL if n != "core"), "settings") + IO_LIBS,
    "schemas": _layers("services", *FACES),
    "data": _layers("services", *FACES),
    "services": _layers(*FACES),
    **{face: _layers("core") for face in FACES},
    # the web app reaches data only through services (authorization lives there)
    "web": _layers("core", "data", "cli"),
}
#: Top-level modules of the package that are not layers (shared by all).
SHARED = ("__init__", "errors", "settings", "_arrow", "crashlog")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    package = _module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.append((module, id(node) in top))
            # ``from outsource.cli import staff`` imports the module outsource.cli.staff
            names += [(f"{module}.{a.name}", id(node) in top) for a in node.names]
    return names


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _files(layer: str) -> list[Path]:
    root = PACKAGE / layer
    return sorted(root.rglob("*.py")) if root.is_dir() else []


def test_every_layer_has_a_rule():
    present = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert present <= set(RULES), f"classify the new layer(s) in RULES: {present - set(RULES)}"
    assert modules <= set(SHARED), f"top-level modules outside a layer: {modules - set(SHARED)}"


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports(layer):
    offenders = [(str(p.relative_to(PACKAGE)), name) for p in _files(layer)
                 for name, _ in _imports(p) if any(_matches(name, f) for f in RULES[layer])]
    assert offenders == [], f"{layer} must not import {RULES[layer]}"


def test_rules_cover_faces_that_do_not_exist_yet():
    for face in FACES:
        assert "outsource.core" in RULES[face]
    assert all(_layers(face)[0] in RULES["services"] for face in FACES)


#: What a CLI module may import at module level (the rest goes inside the command).
CLI_TOP_LEVEL = ("typer", "typing", "outsource.cli", "outsource.errors", "__future__")


def _loaded_by_cli() -> list[Path]:
    """``cli/__init__.py`` and every cli module it imports at module level, transitively
    (the command modules; helpers imported inside a command are not loaded by --help)."""
    todo, seen = [PACKAGE / "cli" / "__init__.py"], []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        for name, top in _imports(path):
            if top and _matches(name, "outsource.cli"):
                rel = name.split(".")[2:]
                for cand in (PACKAGE.joinpath("cli", *rel).with_suffix(".py"),
                             PACKAGE.joinpath("cli", *rel, "__init__.py")):
                    if rel and cand.exists():
                        todo.append(cand)
    return seen


def test_cli_modules_import_only_light_modules_at_top_level():
    stdlib = sys.stdlib_module_names
    offenders = [(p.name, name) for p in _loaded_by_cli() for name, top in _imports(p)
                 if top and name.split(".")[0] not in stdlib
                 and not any(_matches(name, a) for a in CLI_TOP_LEVEL)]
    assert len(_loaded_by_cli()) > 3 and offenders == []


HEAVY = ("numpy", "scipy", "numba", "duckdb", "pyarrow", "pandas", "sqlalchemy", "rich")


def _loaded_after(code: str) -> set[str]:
    probe = (f"import sys\n{code}\n"
             "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_help_imports_no_heavy_library():
    """``outsource --help`` parses its flags before any numeric or data library loads."""
    loaded = _loaded_after("import outsource.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_one_staffing_answer_imports_neither_stats_nor_numba_nor_data_engines():
    code = ("import contextlib, io\nfrom outsource.cli import app\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    app(['staff', '--calls', '250', '--aht-s', '240'], standalone_mode=False)\n"
            "print(int('scipy.stats' in sys.modules))")
    probe = subprocess.run([sys.executable, "-c", f"import sys\n{code}"], capture_output=True,
                           text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().endswith("0"), "scipy.stats imported"
    loaded = _loaded_after(code.rsplit("\n", 1)[0])
    assert not loaded & {"numba", "duckdb", "pyarrow", "pandas", "sqlalchemy"}
