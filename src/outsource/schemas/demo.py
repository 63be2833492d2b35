"""``outsource demo``: what each seed step did."""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Schema


class StepResult(Schema):
    """What one seed step did."""

    step: str = Field(description="Step name.")
    what: str = Field(description="What the step seeds.")
    result: str = Field(description="What it did this run ('already there' on a re-run).")


class DemoResult(Schema):
    """The seeded workspace."""

    workspace: str = Field(description="The workspace folder.")
    steps: list[StepResult] = Field(description="The seed steps, in order.")


class DemoLogin(Schema):
    """A demo user and its password (made by ``outsource demo``; printed only by it)."""

    name: str = Field(description="User name.")
    role: str = Field(description="admin, analyst, viewer or vendor.")
    vendor: str | None = Field(description="The vendor of a vendor user.")
    password: str = Field(description="The password (random, made for this workspace).")
