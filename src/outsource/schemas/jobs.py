"""Background jobs as pages and the API show them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from outsource.schemas.base import Schema
from outsource.schemas.time import Instant

JobStatus = Literal["queued", "running", "succeeded", "failed"]


class JobPublic(Schema):
    """One background job and how far it got."""

    id: int = Field(description="Job number.")
    kind: str = Field(description="What it does: ``import`` (later ``plan``, ``simulate``).")
    title: str = Field(description="One line naming the work, e.g. ``import calls.csv``.")
    status: JobStatus = Field(description="queued, running, succeeded or failed.")
    progress_share: float = Field(ge=0, le=1, description="Share of the work done [0, 1].")
    message: str | None = Field(description="What it is doing now, or how it ended.")
    result_ref: str | None = Field(description="What it produced, as ``kind:id`` (``import:3``).")
    error: dict[str, Any] | None = Field(description="The failure, in the one error shape.")
    owner: str = Field(description="User who started it.")
    vendor: str | None = Field(description="Vendor the job's data belongs to (scopes who sees it).")
    created_at: Instant | None = Field(description="When it was queued [UTC].")
    started_at: Instant | None = Field(description="When it started running [UTC].")
    finished_at: Instant | None = Field(description="When it ended [UTC].")

    @property
    def done(self) -> bool:
        """Whether the job has ended (succeeded or failed)."""
        return self.status in ("succeeded", "failed")
