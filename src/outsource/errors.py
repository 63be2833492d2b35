"""One small error hierarchy, mapped to CLI exit codes and HTTP status codes.

Every error carries a one-line message that names what was wrong (the field,
file, row or column) and why. Adapters print the message, never a traceback.
"""

from __future__ import annotations


class OutsourceError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1
    http_status = 500


class InvalidInput(OutsourceError):
    """Input that cannot be used: names the field (or file/row/column) and the reason."""

    exit_code = 2
    http_status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


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
