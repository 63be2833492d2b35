"""Imports of contact logs: the list of past imports and one import's report with its rejects."""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Schema
from outsource.schemas.time import Instant


class ImportSummary(Schema):
    """One imported file: counts of what happened to its rows."""

    import_id: int = Field(description="Import number in the workspace.")
    file: str = Field(description="File name as uploaded (or path, for CLI imports).")
    imported_at: Instant | None = Field(description="When [UTC].")
    mapping: str | None = Field(description="Name of the mapping used (``canonical``: none).")
    timezone: str | None = Field(description="Zone naive timestamps were read in.")
    vendor: str | None = Field(description="Vendor the rows were forced to (vendor uploads), "
                                           "None for the buyer's own imports.")
    rows_read: int = Field(description="Data rows in the file.")
    imported: int = Field(description="Rows added to the workspace.")
    rejected: int = Field(description="Rows refused (see the rejects).")
    dropped: int = Field(description="Rows dropped on purpose by the mapping's rules.")
    duplicates_skipped: int = Field(description="Rows whose id was already present.")


class RejectRows(Schema):
    """Rejected rows, columnar: ``line[i]``, ``column[i]``, ``reason[i]`` belong together."""

    line: list[int] = Field(description="Line as an editor shows it (header = line 1).")
    column: list[str] = Field(description="Column whose value was refused (``(row)``: the row).")
    reason: list[str] = Field(description="Why, in plain words.")


class ImportReport(Schema):
    """One import: its summary and a page of its rejects."""

    summary: ImportSummary = Field(description="Counts.")
    dropped_by_reason: dict[str, int] = Field(description="Rows dropped per mapping rule reason.")
    rejects_by_column: dict[str, int] = Field(description="Rejected values per column.")
    rejects_total: int = Field(description="Rejects in all (rows may have one each).")
    rejects_offset: int = Field(description="Index of the first reject in ``rejects``.")
    rejects: RejectRows = Field(description="A page of the rejects, by line.")
