"""Shared by the state commands (vendor, score, brief, scenario, demo): lazily imported.

Maps domain fields in errors to the command's flags, parses dates, prints JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import typer

from outsource.errors import InvalidInput, OutsourceError


@contextmanager
def flag_errors(flags: Mapping[str, str]) -> Iterator[None]:
    """Errors on a domain field given by a flag (no source file) are renamed to the flag."""
    try:
        yield
    except OutsourceError as exc:
        if exc.source is None and exc.loc and exc.loc[0] in flags:
            raise type(exc)(exc.message, loc=(flags[str(exc.loc[0])],), line=exc.line,
                            column=exc.column) from None
        raise


def parse_date(text: str | None, flag: str) -> date | None:
    """An ISO date from a flag's value (``None`` stays ``None``)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date (YYYY-MM-DD)", loc=(flag,)) from None


def echo_json(result: Any) -> None:
    """Print a schema as indented JSON (orjson; NaN -> null)."""
    from outsource.schemas.base import dumps

    typer.echo(dumps(result, indent=True).decode())


def workspace(path):  # type: ignore[no-untyped-def]
    """Open the workspace (folder from ``--workspace`` or settings; its database migrated)."""
    from outsource.services.workspace import open_workspace

    return open_workspace(path)


#: Suffixes ``--out`` accepts for a document, and the format each means.
DOCUMENT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def document_kind(out: Path | None) -> str:
    """``md`` or ``html`` from ``--out``'s suffix (``md`` without ``--out``); other
    suffixes are refused naming the flag."""
    if out is None:
        return "md"
    kind = DOCUMENT_SUFFIXES.get(out.suffix.lower())
    if kind is None:
        raise InvalidInput("write a .md or .html file", loc=("--out",))
    return kind


def write_document(out: Path, text: str) -> None:
    """Write ``text`` to ``out`` whole or not at all (a ``.part`` file renamed)."""
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write: {exc.strerror}", loc=("--out",)) from None
