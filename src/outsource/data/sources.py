"""Inputs given as a path or as bytes (an upload): one way to get their bytes and name.

Every reader in :mod:`outsource.data` takes a :data:`Source`: a file path
(``str`` or :class:`~pathlib.Path`) or the file's content as ``bytes`` (what a
web upload or a test hands over), with an optional display ``name`` used in
error messages. Readers return objects; services take those objects and never
read a file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from outsource.errors import InvalidInput, NotFound

Source = str | Path | bytes | bytearray | memoryview


@dataclass(frozen=True)
class Loaded:
    """A source's bytes and names.

    Attributes
    ----------
    data : bytes
        The whole content.
    name : str
        Short name for messages: the file name, or the given upload name.
    path : Path or None
        The file it came from (``None`` for bytes).
    """

    data: bytes
    name: str
    path: Path | None = None

    @property
    def full(self) -> str:
        """The full path (or the name, for bytes)."""
        return str(self.path) if self.path is not None else self.name


def decode_utf8(data: bytes, source: str) -> str:
    """``data`` as UTF-8 text (a byte-order mark dropped).

    Raises
    ------
    InvalidInput
        Bytes that are not UTF-8: the message names the byte, its offset and
        the line it is on (``source`` as the file).
    """
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = bytes(data).count(b"\n", 0, exc.start) + 1
        raise InvalidInput(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset "
                           f"{exc.start} cannot be decoded (save the file as UTF-8)",
                           source=source, line=line) from None
    return text[1:] if text.startswith("\ufeff") else text


def is_bytes(src: object) -> bool:
    """Whether ``src`` is content rather than a path."""
    return isinstance(src, bytes | bytearray | memoryview)


def load(src: Source, name: str | None = None, *, what: str = "file") -> Loaded:
    """Bytes and names of ``src``.

    Raises
    ------
    NotFound
        ``src`` is a path to no file (message ``"{what} not found: {path}"``).
    """
    if is_bytes(src):
        return Loaded(bytes(src), name or "upload")
    path = Path(src)  # type: ignore[arg-type]
    return Loaded(read_bytes(path, what), name or path.name, path)


def check_file(path: Path, what: str = "file") -> None:
    """Refuse a path that is no readable regular file, saying which way.

    Raises
    ------
    NotFound
        Nothing is at ``path`` (``"{what} not found: {path}"``).
    InvalidInput
        ``path`` is a folder (or another kind of non-file).
    """
    if path.is_file():
        return
    if path.is_dir():
        raise InvalidInput(f"{what} {path} is a folder, not a file", source=str(path))
    if path.exists():
        raise InvalidInput(f"{what} {path} is not a regular file", source=str(path))
    raise NotFound(f"{what} not found: {path}")


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The whole content of the file at ``path`` (errors as :func:`check_file`, and an
    unreadable file as :class:`InvalidInput` with the system's reason)."""
    check_file(path, what)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {what}: {exc.strerror or exc}",
                           source=str(path)) from None
