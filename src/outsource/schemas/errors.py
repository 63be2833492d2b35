"""The one error shape as a schema, for the API's documented error responses."""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Schema


class ErrorBody(Schema):
    """Body of every 4xx/5xx API response: ``OutsourceError.to_dict()``."""

    error: str = Field(description="Kind: invalid_input, not_found, forbidden, conflict, "
                                   "unauthenticated, rate_limited, internal_error...")
    message: str = Field(description="The reason, in plain words.")
    location: list[str | int] = Field(description="Key path of the offending value.")
    source: str | None = Field(description="File or upload name the input came from.")
    line: int | None = Field(description="Line of ``source`` (1-based, header = 1).")
    column: str | None = Field(description="Column of ``source``.")
    detail: str = Field(description="Where and why, as one line.")
