"""Invoice check: each billed line against what the vendor's own logs support.

``outsource invoice-check INVOICE.csv --json`` prints :class:`InvoiceCheckResult`;
the stored invoices (``services.invoices.list_invoices``) are :class:`InvoiceCheck`
objects whose ``id`` and line ``id`` a dispute references.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from outsource.schemas.base import Schema

LineStatus = Literal["ok", "overbilled", "underbilled", "not_in_contract", "unverified"]


class InvoiceLineCheck(Schema):
    """One billed line: as billed, what the logs support, and the difference in money."""

    id: int | None = Field(description="Stored line id (what a dispute references); null "
                           "when not stored.")
    file_line: int = Field(description="Line of the invoice file (header = 1).")
    line: str = Field(description="The invoice's own line reference.")
    description: str | None = Field(description="The line's description, if given.")
    channel: str | None = Field(description="Channel the line bills (null: every channel).")
    quantity: float = Field(description="Quantity billed [unit].")
    unit: str = Field(description="Unit billed: minute, hour, agent_month or month.")
    unit_price: float = Field(description="Price billed per unit [USD/unit].")
    billed_usd: float = Field(description="quantity x unit_price [USD].")
    pricing_model: str | None = Field(description="Pricing model the unit bills "
                                      "(shared_per_minute, dedicated_hourly, ...); fixed_monthly "
                                      "for a month line.")
    pricing_source: Literal["contract", "quote", "contract_fee"] | None = Field(
        description="Where the rate comes from: the contract's pricing block, the vendor's "
                    "quote valid in the period, or the contract's fixed monthly fee.")
    contract_rate: float | None = Field(description="The agreed rate [USD/unit]; null when "
                                        "the contract lacks the model.")
    billing_increment_s: float | None = Field(description="Per-contact rounding of per-minute "
                                              "billing [s].")
    supported_quantity: float | None = Field(description="Quantity the logs support [unit]; "
                                             "null when they cannot tell.")
    supported_usd: float | None = Field(description="supported_quantity x contract_rate [USD]; "
                                        "0 for a model the contract lacks.")
    quantity_difference: float | None = Field(description="quantity - supported_quantity "
                                              "[unit].")
    difference_usd: float = Field(description="billed_usd - supported_usd [USD]: positive = "
                                  "billed more than the logs support (0 when unverified).")
    overbilled: bool = Field(description="Billed more than the logs support (by more than "
                             "half a cent), or for a model the contract lacks.")
    status: LineStatus = Field(description="ok, overbilled, underbilled, not_in_contract or "
                               "unverified.")
    reason: str = Field(description="Why, in words, with the numbers.")
    basis: str | None = Field(description="How the supported quantity was computed.")


class InvoiceCheck(Schema):
    """One vendor's invoice for one month, checked against its logs."""

    id: int | None = Field(description="Stored invoice id; null when not stored.")
    vendor: str = Field(description="The vendor billing.")
    period: str = Field(description="The month billed 'YYYY-MM'.")
    source: str = Field(description="The invoice file.")
    sha256: str = Field(description="SHA-256 of the file's bytes (the same file again is a "
                        "no-op).")
    stored: bool = Field(description="Stored by this call (false: already stored, or a "
                         "dry run).")
    already_imported: bool = Field(description="The same file was imported before: the stored "
                                   "check is returned (unless re-checked).")
    contract_version: int | None = Field(description="Contract version in force in the month.")
    timezone: str = Field(description="IANA time zone of the month's boundaries (the "
                          "contract's).")
    period_start: datetime = Field(description="First instant of the month (ISO 8601 with "
                                   "offset).")
    period_end: datetime = Field(description="First instant after the month.")
    hours_basis: Literal["agent_states", "required"] = Field(description="What supports "
                                                             "billed hours: the agent-state "
                                                             "log, or the hours the logged "
                                                             "workload required.")
    billed_usd: float = Field(description="Invoice total [USD].")
    supported_usd: float = Field(description="What the logs support for the verified lines "
                                 "[USD] (unverified lines count as billed).")
    difference_usd: float = Field(description="billed_usd - supported_usd [USD].")
    overbilled_usd: float = Field(description="Sum of the overbilled lines' differences [USD]: "
                                  "the amount to dispute.")
    overbilled_lines: int = Field(description="Lines flagged overbilled.")
    lines: list[InvoiceLineCheck] = Field(description="Every line, in file order.")
    notes: list[str] = Field(description="How the check was made (sources, bases).")
    checked_at: datetime | None = Field(description="When the stored check was made [UTC].")


class InvoiceCheckResult(Schema):
    """The check of one invoice file (one invoice per vendor and month in it)."""

    source: str = Field(description="The invoice file.")
    sha256: str = Field(description="SHA-256 of its bytes.")
    engine: str = Field(description="Engine of the log queries: duckdb or spark.")
    logs_source: str = Field(description="Workspace database or Parquet folder read.")
    invoices: list[InvoiceCheck] = Field(description="One per vendor and month in the file.")
    billed_usd: float = Field(description="Total billed in the file [USD].")
    overbilled_usd: float = Field(description="Total of overbilled differences [USD].")
    overbilled_lines: int = Field(description="Lines flagged overbilled.")


class InvoiceList(Schema):
    """Stored invoices with their checks (newest month first)."""

    invoices: list[InvoiceCheck] = Field(description="Stored invoices and their lines.")
