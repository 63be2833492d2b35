"""Untrusted text in Markdown documents: every value is escaped where it is written.

Values in a brief or a contract schedule come from files and uploads people
wrote (queue names in a vendor's log, vendor names, decision-rights notes).
HTML documents escape them by Jinja's autoescape; Markdown documents have no
such layer, and a Markdown viewer renders ``<img onerror=...>`` or
``[x](javascript:...)`` in a value as HTML and links. :func:`finalize` is the
Jinja ``finalize`` hook of the report environments: in a template without
autoescape (Markdown) every ``{{ value }}`` is backslash-escaped
(CommonMark, section 2.4: any ASCII punctuation may be escaped), unless the
template marks it :class:`Verbatim` (the ``verbatim`` filter, for code spans).
"""

from __future__ import annotations

import re

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext

#: Characters that start HTML, links, images, code spans, emphasis or table cells inside a
#: line (an underscore inside a word is no emphasis in CommonMark: left as written).
_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


class Verbatim(str):
    """Text a Markdown template writes as is (a code span's content, already safe)."""


def md_escape(text: object) -> str:
    """``text`` with Markdown/HTML syntax characters backslash-escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


@pass_eval_context
def finalize(ctx: EvalContext, value: object) -> object:
    """Escape values in Markdown templates (autoescape off); leave HTML to autoescape."""
    if ctx.autoescape or value is None or isinstance(value, Verbatim | int | float):
        return value
    return md_escape(value)


def md(value: object) -> Verbatim:
    """Jinja filter: ``value`` escaped now (to join escaped items with template text)."""
    return Verbatim(md_escape(value))


def verbatim(value: object) -> Verbatim:
    """Jinja filter: write ``value`` unescaped (identifiers in code spans only)."""
    return Verbatim(str(value).replace("`", "'"))
