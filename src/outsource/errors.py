"""One small error hierarchy, mapped to CLI exit codes and HTTP status codes.

Every error carries a one-line ``message`` (the reason) and where it applies:

- ``loc``: a key path into a structured input, e.g. ``("hybrids", 0,
  "inhouse_hours", 0)``, rendered ``hybrids[0].inhouse_hours[0]``;
- ``source``: the file (or upload) name;
- ``line`` and ``column``: a row (1-based, header = line 1) and a column name.

Services, data and core name *domain* fields (``agents``, ``channel``);
only the CLI maps them to its flags (``--agents``) and only the web app to
form fields or 422 bodies (:meth:`OutsourceError.to_dict` is the one error
shape). Adapters print ``str(error)``, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import ValidationError

Loc = tuple[str | int, ...]


def render_loc(loc: Loc) -> str:
    """A key path as text: ``("hybrids", 0, "hours")`` -> ``hybrids[0].hours``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class OutsourceError(Exception):
    """Base of every error this package raises on purpose.

    Parameters
    ----------
    message : str
        The reason, in plain words.
    loc : tuple of str and int, optional
        Key path of the offending value inside a structured input.
    source : str, optional
        File or upload name the input came from.
    line : int, optional
        Line (row) of ``source``, 1-based, the header being line 1.
    column : str, optional
        Column of ``source``.
    field : str, optional
        Shorthand for a one-element ``loc`` given as already rendered text.
    """

    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, loc: Loc = (), source: str | None = None,
                 line: int | None = None, column: str | None = None,
                 field: str | None = None) -> None:
        self.message = str(message)
        self.loc: Loc = tuple(loc) if loc else ((field,) if field else ())
        self.source = None if source is None else str(source)
        self.line = line
        self.column = column
        super().__init__(self.message)

    @property
    def field(self) -> str | None:
        """The rendered key path (``None`` when there is none)."""
        return render_loc(self.loc) or None

    @property
    def where(self) -> str:
        """Where the error applies, e.g. ``calls.csv line 7, column 'wait_s'``."""
        parts = []
        if self.source:
            parts.append(self.source)
        if self.line is not None:
            parts.append(f"line {self.line}")
        head = " ".join(parts)
        if self.column is not None:
            head = f"{head}, column '{self.column}'" if head else f"column '{self.column}'"
        key = render_loc(self.loc)
        if key:
            head = f"{head} {key}" if head else key
        return head

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message

    def prefixed(self, *prefix: str | int, source: str | None = None) -> OutsourceError:
        """A copy located under ``prefix`` (and in ``source`` when it had none)."""
        return type(self)(self.message, loc=tuple(prefix) + self.loc,
                          source=self.source if self.source is not None else source,
                          line=self.line, column=self.column)

    @property
    def kind(self) -> str:
        """Snake-case class name: ``invalid_input``, ``not_found``, ..."""
        name = type(self).__name__
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")

    def to_dict(self) -> dict[str, Any]:
        """The one error shape of ``--json`` output and of API error bodies."""
        return {"error": self.kind, "message": self.message, "location": list(self.loc),
                "source": self.source, "line": self.line, "column": self.column,
                "detail": str(self)}


class InvalidInput(OutsourceError):
    """Input that cannot be used: names the field (or file/row/column) and the reason."""

    exit_code = 2
    http_status = 422


class Infeasible(InvalidInput):
    """A target that cannot be met within the allowed limits (e.g. 50,000 agents)."""


class NotFound(OutsourceError):
    """A named thing (file, workspace, vendor, plan) does not exist."""

    exit_code = 3
    http_status = 404


class Forbidden(OutsourceError):
    """The caller may not see or change this resource."""

    exit_code = 4
    http_status = 403


class Unauthenticated(OutsourceError):
    """No valid login (or API token) came with the request, or the login failed."""

    exit_code = 4
    http_status = 401


class RateLimited(OutsourceError):
    """Too many attempts (e.g. failed logins); ``retry_after_s`` says when to try again."""

    exit_code = 4
    http_status = 429

    def __init__(self, message: str, *, retry_after_s: int = 60, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after_s = int(retry_after_s)


class Conflict(OutsourceError):
    """The change clashes with what is stored (a duplicate name, a stale version)."""

    exit_code = 5
    http_status = 409


#: Parts of pydantic's error locations that name a validator or a union member,
#: not a key of the input; dropped from the rendered path.
_PYDANTIC_NOISE = ("function-after", "function-before", "function-wrap", "function-plain")


def from_validation_error(exc: ValidationError, *, source: str | None = None,
                          prefix: Loc = (), skip: tuple[str, ...] = ()) -> InvalidInput:
    """The first error of a pydantic ``ValidationError`` as :class:`InvalidInput`.

    The one translator of pydantic errors: the key path comes from the error's
    ``loc`` (union tags, validator names and anything in ``skip`` dropped), the
    message from its ``msg`` without pydantic's "Value error, " prefix;
    unknown keys read "unknown key", missing ones "is required".
    """
    err = exc.errors()[0]
    loc = tuple(p for p in err.get("loc", ()) if p not in _PYDANTIC_NOISE and p not in skip
                and not (isinstance(p, str) and p.startswith(("tagged-union[", "union["))))
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        msg = "unknown key"
    elif kind == "missing":
        msg = "is required"
    else:
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        msg = msg.removeprefix("Assertion failed, ")
    return InvalidInput(msg, loc=tuple(prefix) + loc, source=source)
