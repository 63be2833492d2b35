"""Disputes: a vendor contests a month's SLA result or an invoice-check line; the buyer
accepts or rejects it (docs/web.md, "Disputes")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from outsource.schemas.base import Schema
from outsource.schemas.time import Instant

DisputeKind = Literal["sla", "invoice_line"]
DisputeStatus = Literal["open", "accepted", "rejected"]
Decision = Literal["accepted", "rejected"]
#: Longest comment kept [characters].
MAX_COMMENT = 4000
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _comment(v: str) -> str:
    v = v.strip()
    if not v:
        raise ValueError("say why (a comment is required)")
    return v


class DisputeIn(Schema):
    """A new dispute: of an SLA result (vendor, month, metric) or of an invoice-check line."""

    kind: DisputeKind = Field(description="sla (a month's SLA result of one metric) or "
                                          "invoice_line (a line of a checked invoice).")
    vendor: str = Field(min_length=1, max_length=120, description="The vendor disputing "
                        "(a vendor user: its own).")
    period: str | None = Field(default=None, pattern=MONTH_PATTERN, description="The month "
                               "'YYYY-MM' (required for sla; for invoice_line the invoice's "
                               "month is taken).")
    metric: str | None = Field(default=None, min_length=1, max_length=40, description="The "
                               "contract metric disputed (sla only), e.g. service_level.")
    invoice_line_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="Stored "
                                        "id of the invoice line disputed (invoice_line only).")
    comment: str = Field(max_length=MAX_COMMENT, description="Why the vendor disputes it.")

    @field_validator("comment")
    @classmethod
    def _strip(cls, v: str) -> str:
        return _comment(v)

    @model_validator(mode="after")
    def _subject(self) -> DisputeIn:
        if self.kind == "sla":
            if self.period is None:
                raise ValueError("period: an SLA dispute names its month (YYYY-MM)")
            if self.metric is None:
                raise ValueError("metric: an SLA dispute names the contract metric")
            if self.invoice_line_id is not None:
                raise ValueError("invoice_line_id: only for an invoice-line dispute")
        else:
            if self.invoice_line_id is None:
                raise ValueError("invoice_line_id: an invoice-line dispute names the line")
            if self.metric is not None:
                raise ValueError("metric: only for an SLA dispute")
        return self


class DisputeDecisionIn(Schema):
    """The buyer's decision on an open dispute."""

    decision: Decision = Field(description="accepted or rejected.")
    comment: str = Field(max_length=MAX_COMMENT, description="Why, in the buyer's words.")

    @field_validator("comment")
    @classmethod
    def _strip(cls, v: str) -> str:
        return _comment(v)


class DisputePublic(Schema):
    """A dispute as pages and the API show it."""

    id: int = Field(description="Dispute number.")
    kind: DisputeKind = Field(description="sla or invoice_line.")
    vendor: str = Field(description="The vendor that filed it.")
    period: str = Field(description="The month disputed 'YYYY-MM'.")
    metric: str | None = Field(description="The contract metric (sla); null for a line.")
    invoice_line_id: int | None = Field(description="Stored invoice line id (invoice_line).")
    line_ref: str | None = Field(description="The invoice's own reference of the line.")
    comment: str = Field(description="The vendor's comment.")
    status: DisputeStatus = Field(description="open, accepted or rejected.")
    filed_by: str = Field(description="User who filed it.")
    filed_at: Instant = Field(description="When it was filed [UTC].")
    decided_by: str | None = Field(description="Buyer user who decided it; null while open.")
    decided_at: Instant | None = Field(description="When it was decided [UTC].")
    decision_comment: str | None = Field(description="The buyer's comment on the decision.")


class DisputeList(Schema):
    """Disputes, newest first."""

    disputes: list[DisputePublic] = Field(description="The disputes the user may see.")
    open: int = Field(description="How many of them are open.")
