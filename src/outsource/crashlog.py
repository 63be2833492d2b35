"""Unexpected errors: the details go to a log file, the user gets one line.

The CLI's top-level guard (:mod:`outsource.cli.app`), the web app's 500
handler and the background-job runner call :func:`record` for any exception
that is not an :class:`~outsource.errors.OutsourceError`: it writes the
traceback, the command line (or request), the versions and the time to a new
file and returns its path, which the one-line message names.

Logs go to ``$OUTSOURCE_LOG_DIR`` when set, else to ``outsource-logs`` in the
system's temporary folder (``tempfile.gettempdir()``: it exists on every
machine, and the workspace may be the very thing that cannot be written).
Each file is created with mode 0600 (tracebacks can hold values from the input).
This module imports only the standard library (it runs when others have failed).
"""

from __future__ import annotations

import os
import platform
import secrets
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

#: Environment variable naming the folder for error logs.
ENV = "OUTSOURCE_LOG_DIR"


def log_dir() -> Path:
    """Where error logs are written (``$OUTSOURCE_LOG_DIR``, else TMP/outsource-logs)."""
    given = os.environ.get(ENV, "").strip()
    return Path(given) if given else Path(tempfile.gettempdir()) / "outsource-logs"


def _version() -> str:
    try:
        from outsource import __version__
    except Exception:  # noqa: BLE001 - reporting must not fail
        return "?"
    return str(__version__)


def record(exc: BaseException, context: str = "") -> Path | None:
    """Write ``exc`` (with its traceback) and ``context`` to a new log file.

    Returns the file's path, or ``None`` when no log folder could be written
    (the caller still prints its one line).
    """
    now = datetime.now(UTC)
    name = f"error-{now:%Y%m%d-%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}.log"
    lines = [f"time: {now.isoformat()}", f"outsource: {_version()}",
             f"python: {sys.version.split()[0]} on {platform.platform()}",
             f"command: {' '.join(sys.argv)}"]
    if context:
        lines.append(f"context: {context}")
    lines.append("")
    lines += traceback.format_exception(type(exc), exc, exc.__traceback__)
    text = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = folder / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
                fh.write(text)
            return path
        except OSError:
            continue
    return None


def summary(exc: BaseException, limit: int = 160) -> str:
    """``ValueError: the first line of its message`` (one line, at most ``limit`` chars)."""
    first = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."
