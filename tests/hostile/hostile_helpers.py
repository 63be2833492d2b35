"""Helpers of the hostile-input tests (used by the tests and conftest.py).

Run the real CLI, and prove nothing changed:

- :func:`cli` runs ``outsource ARGS`` in a real process (the console script's
  entry point, as a user runs it) and returns (exit code, stdout, stderr);
- :func:`invoke` runs it in-process with Typer's runner (fast; same guard);
- :func:`snapshot` is every data file of a workspace (store files by content,
  the application database by its rows), so a test can assert that a refused
  input changed nothing;
- :func:`in_namespace` runs a shell script in a private mount namespace
  (``unshare``), where a test may mount a tiny tmpfs (a full disk) or a
  read-only bind mount (an unwritable workspace) without touching the machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY = [sys.executable, "-c", "from outsource.cli import main; main()"]
TRACEBACK = "Traceback (most recent call last)"


def cli(*args: object, env: dict[str, str] | None = None, timeout: float = 120,
        stdin: str | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``outsource ARGS`` in a new process."""
    full = {**os.environ, "COLUMNS": "200", **(env or {})}
    out = subprocess.run([*ENTRY, *map(str, args)], capture_output=True, text=True,
                         timeout=timeout, env=full, input=stdin)
    assert TRACEBACK not in out.stderr + out.stdout, out.stderr
    return out.returncode, out.stdout, out.stderr


def invoke(*args: object, env: dict[str, str] | None = None) -> tuple[int, str]:
    """(exit code, stdout + stderr) of ``outsource ARGS`` run in this process."""
    from typer.testing import CliRunner

    from outsource.cli import app

    res = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", **(env or {})})
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {res.exception!r}") from res.exception
    text = res.output  # standard output and standard error, as a terminal shows them
    assert TRACEBACK not in text, text
    return res.exit_code, text


def _app_rows(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' "
            "ORDER BY name")]
        rows = {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        return {t: r for t, r in rows.items() if r}
    finally:
        con.close()


def snapshot(ws: Path) -> dict[str, object]:
    """Every data file of workspace ``ws``: store files by SHA-256, the app DB by its rows.

    The writer's lock file and its scratch folder are left out (they hold no data), and so
    is an application database without rows (opening a workspace migrates it: its schema
    is made, no data is written).
    """
    out: dict[str, object] = {}
    if not ws.exists():
        return out
    for path in sorted(p for p in ws.rglob("*") if p.is_file()):
        rel = str(path.relative_to(ws))
        if rel in ("store/writer.lock", "secret.key") or rel.startswith("store/tmp/") \
                or rel.endswith(("-wal", "-shm", "-journal")):
            continue
        if rel == "outsource.db":
            rows = _app_rows(path)
            if rows:
                out[rel] = rows
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def unshare_prefix() -> list[str]:
    """``unshare`` arguments for a private mount namespace (as root, or a user namespace)."""
    if shutil.which("unshare") is None:
        pytest.fail("the `unshare` tool (util-linux) is needed for the disk and permission "
                    "tests")
    return ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]


def in_namespace(script: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``sh -c script`` in a private mount namespace; fail the test if that is refused."""
    out = subprocess.run([*unshare_prefix(), "sh", "-ec", script], capture_output=True,
                         text=True, timeout=timeout)
    if "unshare failed" in out.stderr or "Operation not permitted" in out.stderr[:200]:
        pytest.fail(f"cannot make a mount namespace here: {out.stderr.strip()}")
    return out


def write(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (str as UTF-8) to ``path``, making its folder; the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def stored(ws: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` over the workspace's committed views (``interactions``, ...)."""
    from outsource.data import store

    with store.connect(ws, create=False) as con:
        return con.execute(sql).fetchall()
