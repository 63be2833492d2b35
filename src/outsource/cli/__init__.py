"""Command-line interface: thin Typer adapters over ``outsource.services``.

Each command lives in its own module and registers itself on :data:`app`;
errors from the hierarchy in :mod:`outsource.errors` become one-line messages
and exit codes, never tracebacks.
"""

from __future__ import annotations

from outsource.cli import advise as _advise  # noqa: E402,F401
from outsource.cli import brief as _brief  # noqa: E402,F401
from outsource.cli import contract as _contract  # noqa: E402,F401
from outsource.cli import credits as _credits  # noqa: E402,F401
from outsource.cli import demo as _demo  # noqa: E402,F401
from outsource.cli import disputes as _disputes  # noqa: E402,F401
from outsource.cli import exit_plan as _exit_plan  # noqa: E402,F401
from outsource.cli import ingest as _ingest  # noqa: E402,F401
from outsource.cli import monitor as _monitor  # noqa: E402,F401
from outsource.cli import plan as _plan  # noqa: E402,F401
from outsource.cli import report as _report  # noqa: E402,F401
from outsource.cli import scenario as _scenario  # noqa: E402,F401
from outsource.cli import score as _score  # noqa: E402,F401
from outsource.cli import serve as _serve  # noqa: E402,F401
from outsource.cli import simulate as _simulate  # noqa: E402,F401
from outsource.cli import staff as _staff  # noqa: E402,F401
from outsource.cli import users as _users  # noqa: E402,F401
from outsource.cli import vendors as _vendors  # noqa: E402,F401

# Importing a command module registers its commands on ``app``.
from outsource.cli.app import app, main

__all__ = ["app", "main"]
