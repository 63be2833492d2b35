"""Docs cannot drift: every setting and every option of `user` and `serve` is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from outsource.cli import app
from outsource.settings import Settings

ROOT = Path(__file__).parents[1]


def _docs() -> str:
    return "\n".join(p.read_text() for p in (ROOT / "docs").rglob("*.md"))


def test_every_setting_is_documented():
    docs = _docs()
    missing = [f"OUTSOURCE_{name.upper()}" for name in Settings.model_fields
               if f"OUTSOURCE_{name.upper()}" not in docs]
    assert missing == []


def test_user_and_serve_options_are_documented():
    web = (ROOT / "docs" / "web.md").read_text()
    group = typer.main.get_command(app)
    commands = [group.commands["serve"], *group.commands["user"].commands.values()]
    missing = [f"{cmd.name} {opt}" for cmd in commands for p in cmd.params
               for opt in getattr(p, "opts", []) if opt.startswith("--")
               and not re.search(re.escape(opt) + r"(?![\w-])", web)]
    assert missing == []
