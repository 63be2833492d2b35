"""Command-line interface: thin Typer adapters over ``outsource.services``.

Each command lives in its own module and registers itself on :data:`app`;
errors from the hierarchy in :mod:`outsource.errors` become one-line messages
and exit codes, never tracebacks.
"""

from __future__ import annotations

from outsource.cli import advise as _advise  # noqa: E402,F401
from outsource.cli import ingest as _ingest  # noqa: E402,F401
from outsource.cli import monitor as _monitor  # noqa: E402,F401
from outsource.cli import plan as _plan  # noqa: E402,F401
from outsource.cli import simulate as _simulate  # noqa: E402,F401
from outsource.cli import staff as _staff  # noqa: E402,F401

# Importing a command module registers its commands on ``app``.
from outsource.cli.app import app, main

__all__ = ["app", "main"]
