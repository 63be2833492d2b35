"""A secret kept in a file readable by its owner only (mode 0600)."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from outsource.errors import InvalidInput

log = logging.getLogger(__name__)


def read_or_create(path: Path, nbytes: int = 32) -> str:
    """The secret in ``path``; a new random one (``nbytes`` bytes, hex) written there if absent.

    The file is created atomically with mode 0600 (``O_CREAT | O_EXCL``), so two
    processes starting at once agree on one key. An existing file readable by
    group or others is narrowed to 0600 (with a warning).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _existing(path)
    value = secrets.token_hex(nbytes)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    return value


def _existing(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was readable by others (mode %o); narrowed to 0600", path, mode)
        path.chmod(0o600)
    value = path.read_text(encoding="ascii").strip()
    if len(value) < 32:
        raise InvalidInput(f"{path} holds no usable secret (under 32 characters); "
                           "delete it to have a new one generated", field="secret_key")
    return value


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (mode 0600), replacing it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def read_private(path: Path) -> str | None:
    """The text of a private file (``None`` when there is none)."""
    if not path.is_file():
        return None
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)
    return path.read_text(encoding="utf-8")
