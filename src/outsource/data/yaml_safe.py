"""The one YAML loader: safe, bounded, and exact about where a file is wrong.

Every YAML file the product reads (mappings, scenarios, contracts, vendor,
weights and decision-rights files, stored scenarios) goes through
:func:`load_yaml`. On top of PyYAML's ``SafeLoader`` (no Python tags), it

* decodes the bytes as UTF-8 (a byte-order mark allowed); other bytes are an
  error naming the file, the byte offset and the line;
* refuses a file larger than :data:`MAX_BYTES`;
* walks PyYAML's *event stream* (the parser's output, before any node or
  Python object is built) and refuses, before building anything:

  - nesting deeper than :data:`MAX_DEPTH` levels,
  - more than :data:`MAX_ALIASES` aliases (``*name``), and a document whose
    aliases would expand it beyond :data:`MAX_NODES` values (the "billion
    laughs" bomb: 700 bytes that expand to 10^9 strings),
  - a key given twice in one mapping (YAML says keys are unique; PyYAML
    would keep the last one without a word);

* turns every YAML error into :class:`~outsource.errors.InvalidInput` with
  the file, the line and the reason.

Reference: YAML 1.1/1.2 specification, section 3.2.2.2 (anchors and aliases)
and 3.2.1.3 (mapping keys are unique); the alias-expansion attack is CVE-2003-1564
in its XML form ("billion laughs").
"""

from __future__ import annotations

from typing import Any

import yaml

from outsource.data.sources import decode_utf8
from outsource.errors import InvalidInput

#: Largest YAML file read [bytes]; configuration files are kilobytes.
MAX_BYTES = 8 * 1024 * 1024
#: Deepest nesting of mappings and sequences [levels].
MAX_DEPTH = 40
#: Most aliases (``*name``) in one document.
MAX_ALIASES = 100
#: Most values (scalars, mappings, sequences) a document may stand for once its
#: aliases are expanded.
MAX_NODES = 200_000

_BOM = "\ufeff"
#: libyaml's parser where PyYAML was built with it (the same events, faster).
_PARSER = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


decode_text = decode_utf8


def _line(mark: Any) -> int | None:
    return None if mark is None else int(mark.line) + 1


class _Frame:
    """An open collection while walking events: its anchor, its expanded size, and for a
    mapping the keys seen and whether the next child is a key."""

    __slots__ = ("anchor", "size", "keys", "expect_key")

    def __init__(self, anchor: str | None, is_map: bool) -> None:
        self.anchor = anchor
        self.size = 1
        self.keys: set[str] | None = set() if is_map else None
        self.expect_key = True


def _check_events(text: str, source: str) -> None:
    """Walk the event stream once: depth, aliases, expanded size, repeated keys."""
    stack: list[_Frame] = []
    sizes: dict[str, int] = {}
    aliases = 0
    total = 0

    def child(n: int, key_text: str | None, line: int | None) -> None:
        """Count a child of ``n`` expanded values; check it as a key of its mapping."""
        nonlocal total
        total += n
        if total > MAX_NODES:
            raise InvalidInput(f"the YAML stands for more than {MAX_NODES:,} values once its "
                               "aliases are expanded (an alias bomb?); write the values out",
                               source=source, line=line)
        if not stack:
            return
        top = stack[-1]
        if top.keys is not None:
            if top.expect_key and key_text is not None:
                if key_text in top.keys:
                    raise InvalidInput(f"key '{key_text[:80]}' appears twice in this mapping",
                                       source=source, line=line)
                top.keys.add(key_text)
            top.expect_key = not top.expect_key

    for event in yaml.parse(text, Loader=_PARSER):
        line = _line(getattr(event, "start_mark", None))
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise InvalidInput(f"more than {MAX_ALIASES} aliases (*name); write the "
                                   "values out", source=source, line=line)
            if event.anchor not in sizes:
                raise InvalidInput(f"alias *{event.anchor} names no anchor defined before it "
                                   "(or one still open)", source=source, line=line)
            n = sizes[event.anchor]
            child(n, None, line)
            if stack:
                stack[-1].size += n
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            child(1, event.value, line)
            if stack:
                stack[-1].size += 1
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise InvalidInput(f"nested more than {MAX_DEPTH} levels deep", source=source,
                                   line=line)
            child(1, None, line)
            stack.append(_Frame(event.anchor, isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            done = stack.pop()
            if done.anchor:
                sizes[done.anchor] = done.size
            if stack:
                stack[-1].size += done.size
        elif isinstance(event, yaml.DocumentStartEvent):
            stack.clear()
            sizes.clear()


def _error(exc: yaml.YAMLError, source: str) -> InvalidInput:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            reason = f"{exc.problem} ({exc.context})"
        return InvalidInput(f"not valid YAML: {reason}", source=source, line=_line(mark))
    text = str(exc).strip().splitlines()
    return InvalidInput(f"not valid YAML: {text[0] if text else type(exc).__name__}",
                        source=source)


def load_yaml(src: bytes | str, source: str) -> Any:
    """Parse one YAML document safely (see the module docstring).

    Parameters
    ----------
    src : bytes or str
        The file's content.
    source : str
        The file (or upload) name errors report.

    Returns
    -------
    object
        What ``yaml.safe_load`` returns (``None`` for an empty document).

    Raises
    ------
    InvalidInput
        Not UTF-8, too large, too deep, too many aliases, a repeated key, more
        than one document, or not valid YAML: with the line where known.
    """
    size = len(src)
    if size > MAX_BYTES:
        raise InvalidInput(f"larger than {MAX_BYTES // (1024 * 1024)} MB: not a configuration "
                           "file", source=source)
    text = decode_text(src, source) if isinstance(src, bytes | bytearray) else str(src)
    if text.startswith(_BOM):
        text = text[1:]
    if "\x00" in text:
        at = text.index("\x00")
        raise InvalidInput(f"not a text file: a NUL character at offset {at}", source=source,
                           line=text.count("\n", 0, at) + 1)
    try:
        _check_events(text, source)
        docs = list(yaml.load_all(text, Loader=_PARSER))
    except yaml.YAMLError as exc:
        raise _error(exc, source) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise InvalidInput(f"nested more than {MAX_DEPTH} levels deep", source=source) from None
    if len(docs) > 1:
        raise InvalidInput("holds more than one YAML document (---); give one", source=source)
    return docs[0] if docs else None
