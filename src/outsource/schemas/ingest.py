"""Results of ``outsource import`` and ``outsource profile``.

Times are seconds (``_s``), shares in [0, 1]; the profile's grids are
weekday (Monday first) x interval of the day.
"""

from __future__ import annotations

from pydantic import Field

from outsource.schemas.base import Column, Rows, Schema


class Rejects(Rows):
    """Rejected rows (columnar; JSON: one object per reject)."""

    line: Column = Field(description="Editor line number in the file (header = line 1; for "
                                     "Parquet, the 1-based row).")
    column: Column = Field(description="Canonical column (or source column) at fault.")
    reason: Column = Field(description="Why the row was refused, in plain words.")


class ImportResult(Schema):
    """Outcome of one import."""

    file: str = Field(description="The file imported.")
    imported: int = Field(description="Rows added to the workspace [rows].")
    rejected: int = Field(description="Rows refused, kept in the rejects table [rows].")
    duplicates_skipped: int = Field(description="Rows not added because their id was already "
                                                "present (or, for a file imported before, "
                                                "every row of that import) [rows].")
    replaced: int = Field(default=0, description="Rows of earlier imports replaced by a later "
                                                 "event of the same id (keep: last) [rows].")
    rows_read: int = Field(description="Data rows in the file [rows].")
    dropped: dict[str, int] = Field(description="Rows dropped on purpose by the mapping's "
                                                "rules, by reason [rows].")
    rejects: Rejects = Field(description="Every rejected row with line, column and reason.")
    already_imported: bool = Field(description="True when a file with the same content hash "
                                               "was imported before (nothing changed).")
    import_id: int = Field(description="Id of the import in the workspace.")
    mapping: str = Field(description="Name of the mapping used (canonical: none given).")
    vendor: str | None = Field(default=None, description="The vendor the file was restricted "
                                                         "to (a vendor's upload), else null.")


class WorkloadProfile(Schema):
    """A workload profile of the imported contacts."""

    interval: int = Field(description="Interval length of the grids [min].")
    timezone: str = Field(description="IANA time zone of the grids.")
    first_day: str = Field(description="First local day with contacts, YYYY-MM-DD.")
    last_day: str = Field(description="Last local day with contacts, YYYY-MM-DD.")
    offered: int = Field(description="Contacts offered [contacts].")
    answered: int = Field(description="Contacts answered [contacts].")
    abandoned: int = Field(description="Contacts abandoned [contacts].")
    abandon_rate: float = Field(description="abandoned / offered [share].")
    mean_handle_s: float | None = Field(description="Mean handle time of answered contacts "
                                                    "[s].")
    patience_s: float | None = Field(description="Mean patience, abandoned-wait estimator "
                                                  "(Brown et al. 2005) [s].")
    patience_km_median_s: float | None = Field(description="Median patience, Kaplan-Meier "
                                                           "over waits [s].")
    after_hours_share: float | None = Field(description="Share of contacts outside the "
                                                        "business hours [share].")
    long_contact_share: float | None = Field(description="Share of handled contacts longer "
                                                         "than 15 minutes [share].")
    transfer_share: float | None = Field(description="Share of contacts transferred [share].")
    repeat_7d_share: float | None = Field(description="Share of contacts followed by another "
                                                      "from the same customer within 7 days "
                                                      "[share].")
    channel_mix: dict[str, float] = Field(description="Share of contacts per channel [share].")
    calls_by_hour: dict[str, list[float]] = Field(description="Mean contacts per clock hour, "
                                                              "24 values per weekday "
                                                              "[contacts/h].")
    calls: list[list[float]] = Field(description="Mean contacts per interval, weekday x "
                                                 "interval [contacts].")
    aht_s: list[list[float]] = Field(description="Mean handle time per interval, weekday x "
                                                 "interval [s].")
    planning_percentile: float | None = Field(description="Percentile of contacts exported "
                                                          "instead of the mean [percent].")
    calls_high: list[list[float]] = Field(description="That percentile of contacts per "
                                                      "interval (90th by default), weekday x "
                                                      "interval [contacts].")
