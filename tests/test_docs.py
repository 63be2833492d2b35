"""Docs cannot drift: every CLI option is documented, every --json field described.

Walks the Typer app itself, so commands other engineers add later are
checked too, and every schema module under ``outsource.schemas``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import typer

import outsource.schemas
from outsource.cli import app
from outsource.schemas.base import Schema

DOCS = Path(__file__).parents[1] / "docs"
GROUP = typer.main.get_command(app)


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


def _commands(group=GROUP, prefix: str = ""):
    """Every command, sub-commands of groups included (``vendor add``)."""
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield f"{prefix}{name}", command
        yield from _commands(command, f"{prefix}{name} ")


def _options():
    for name, command in _commands():
        for param in command.params:
            if getattr(param, "hidden", False) or not getattr(param, "opts", None):
                continue
            for opt in (*param.opts, *getattr(param, "secondary_opts", ())):
                if opt.startswith("--") and opt != "--help":
                    yield name, param, opt


def test_there_are_commands_to_check():
    assert {"staff", "simulate", "plan", "advise", "import", "profile"} <= set(GROUP.commands)


def test_every_option_appears_in_the_docs():
    text = _docs_text()
    missing = sorted({f"{cmd} {opt}" for cmd, _, opt in _options() if opt not in text})
    assert missing == [], f"document these options under docs/: {missing}"


def test_json_flag_is_json_out_everywhere():
    wrong = [(cmd, p.name) for cmd, p, opt in _options() if opt == "--json"
             and p.name != "json_out"]
    assert wrong == []


def test_one_flag_per_parameter_name_across_commands():
    """A concept keeps one spelling: the same Python name never has two different flags."""
    seen: dict[str, set[str]] = {}
    for _, p, opt in _options():
        if opt in p.opts:  # not the negative twin of a boolean flag (--serve/--no-serve)
            seen.setdefault(p.name, set()).add(opt)
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def _schemas() -> list[type[Schema]]:
    found = []
    for info in pkgutil.iter_modules(outsource.schemas.__path__):
        module = importlib.import_module(f"outsource.schemas.{info.name}")
        found += [c for _, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, Schema) and c.__module__ == module.__name__]
    return found


def test_there_are_schemas_to_check():
    names = {c.__name__ for c in _schemas()}
    assert {"IntervalStaffing", "WorkloadStaffing", "SimulationReport", "PlanResult",
            "AdviceResult", "ImportResult", "WorkloadProfile"} <= names


@pytest.mark.parametrize("schema", _schemas(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_schema_field_is_described(schema):
    bare = [name for name, f in schema.model_fields.items()
            if not (f.description and f.description.strip())]
    assert bare == [], f"{schema.__name__}: give Field(description=...) to {bare}"
