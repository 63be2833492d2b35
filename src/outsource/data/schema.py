"""The canonical interaction schema: one row per customer contact.

Every reader maps its source onto these columns (see ``docs/ingest.md``).
Only ``id``, ``arrived_at`` and ``outcome`` are required; ``channel``
defaults to ``voice``; every other column may be absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "timestamp", "seconds", "number", "bool", "outcome", "channel"]

OUTCOMES: tuple[str, ...] = ("answered", "abandoned", "blocked", "other")
CHANNELS: tuple[str, ...] = ("voice", "chat", "email", "social")
DEFAULT_CHANNEL = "voice"


@dataclass(frozen=True)
class Column:
    """One canonical column.

    Attributes
    ----------
    name : str
        Column name, exactly as in a canonical file's header.
    kind : Kind
        How values are parsed and validated.
    required : bool
        Whether an import without it is refused.
    sql_type : str
        DuckDB type of the stored column.
    doc : str
        One-line meaning, with units.
    """

    name: str
    kind: Kind
    required: bool
    sql_type: str
    doc: str


COLUMNS: tuple[Column, ...] = (
    Column("id", "text", True, "VARCHAR", "contact id, unique within the workspace"),
    Column("channel", "channel", False, "VARCHAR", "voice, chat, email or social"),
    Column("queue", "text", False, "VARCHAR", "queue, skill or service type"),
    Column("vendor", "text", False, "VARCHAR", "vendor (outsourcer) that handled it"),
    Column("arrived_at", "timestamp", True, "TIMESTAMPTZ", "arrival in the queue (ISO 8601)"),
    Column("answered_at", "timestamp", False, "TIMESTAMPTZ", "answer time; gives wait_s"),
    Column("wait_s", "seconds", False, "DOUBLE", "time in queue [s]"),
    Column("handle_s", "seconds", False, "DOUBLE", "talk + hold + wrap-up [s]"),
    Column("outcome", "outcome", True, "VARCHAR", "answered, abandoned, blocked or other"),
    Column("customer_id", "text", False, "VARCHAR", "customer, for repeat contacts"),
    Column("agent_id", "text", False, "VARCHAR", "agent who handled it"),
    Column("transferred", "bool", False, "BOOLEAN", "transferred to another agent/queue"),
    Column("resolved", "bool", False, "BOOLEAN", "resolved (first contact or ticket)"),
    Column("csat", "number", False, "DOUBLE", "customer satisfaction score"),
    Column("first_response_at", "timestamp", False, "TIMESTAMPTZ", "ticket first response"),
    Column("resolved_at", "timestamp", False, "TIMESTAMPTZ", "ticket resolution"),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)


def interactions_ddl(table: str = "interactions") -> str:
    """SQL that creates the interactions table (idempotent)."""
    cols = ",\n  ".join(f"{c.name} {c.sql_type}" for c in COLUMNS)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {cols},\n  import_id INTEGER\n)"
