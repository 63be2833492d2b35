"""vendors: registry, due-diligence facts, quotes, test calls.

Revision ID: 0002_vendors
Revises: 0001_workspace
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_vendors"
down_revision: str | Sequence[str] | None = "0001_workspace"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")
CHILDREN = ("vendor_sites", "vendor_certifications", "vendor_labour_checks",
            "vendor_references", "vendor_reviews", "vendor_quotes", "vendor_test_calls")


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _vendor_fk(table: str) -> list:
    return [sa.Column("vendor_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["vendor_id"], ["vendors.id"], ondelete="CASCADE",
                                    name=op.f(f"fk_{table}_vendor_id_vendors")),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))]


def _check(table: str, name: str, sql: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(sql, name=op.f(f"ck_{table}_{name}"))


def _text(name: str, length: int | None = None, nullable: bool = True) -> sa.Column:
    kind = sa.String(length=length) if length else sa.Text()
    return sa.Column(name, kind, nullable=nullable)


def _num(name: str, kind: type = sa.Float, nullable: bool = True) -> sa.Column:
    return sa.Column(name, kind(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "vendors", _id(), _text("name", 120, False),
        sa.Column("regions", _json(), nullable=False),
        sa.Column("channels", _json(), nullable=True),
        sa.Column("languages", _json(), nullable=True),
        _num("seats", sa.Integer), _text("hours_offered", 200),
        _text("dp_recording"), _num("dp_retention_days", sa.Integer),
        _num("dp_encryption_at_rest", sa.Boolean), _num("dp_encryption_in_transit", sa.Boolean),
        _text("dp_data_access"), _num("dp_access_need_to_know", sa.Boolean),
        _num("incentive_tiered_bonuses", sa.Boolean),
        _num("incentive_target_bonuses", sa.Boolean),
        _num("incentive_competition", sa.Boolean), _text("incentive_note"),
        _text("recording", 20), _num("qa_reviews_per_agent_per_month"),
        _num("qa_feedback_to_agents", sa.Boolean), _text("qa_note"),
        _num("attrition_per_year"), _text("notes"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        _check("vendors", "attrition", "attrition_per_year IS NULL OR attrition_per_year >= 0"),
        _check("vendors", "seats", "seats IS NULL OR seats >= 0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendors")),
        sa.UniqueConstraint("name", name=op.f("uq_vendors_name")),
    )
    op.create_table(
        "vendor_sites", _id(), *_vendor_fk("vendor_sites"),
        _text("name", 120, False), _text("region", 60, False), _text("country", 2),
        _text("city", 120), _num("seats", sa.Integer),
        sa.UniqueConstraint("vendor_id", "name", name=op.f("uq_vendor_sites_vendor_id_name")),
    )
    op.create_table(
        "vendor_certifications", _id(), *_vendor_fk("vendor_certifications"),
        _text("kind", 40, False), _num("issued_on", sa.Date), _num("expires_on", sa.Date),
        _text("evidence"),
        sa.UniqueConstraint("vendor_id", "kind",
                            name=op.f("uq_vendor_certifications_vendor_id_kind")),
    )
    op.create_table(
        "vendor_labour_checks", _id(), *_vendor_fk("vendor_labour_checks"),
        _text("country", 2, False), _text("evidence", None, False),
        _num("checked_on", sa.Date, False), _text("reviewer", 120, False),
        _text("finding", 20, False), _text("note"),
    )
    op.create_table(
        "vendor_references", _id(), *_vendor_fk("vendor_references"),
        _text("client", 200, False), _text("contact", 200),
        _num("contacted_on", sa.Date, False), _text("said", None, False),
        _num("rating", sa.Integer),
        _check("vendor_references", "rating", "rating IS NULL OR rating BETWEEN 1 AND 5"),
    )
    op.create_table(
        "vendor_reviews", _id(), *_vendor_fk("vendor_reviews"),
        _text("source", 200, False), _num("rating", sa.Float, False),
        _num("scale", sa.Float, False), _text("note"), _num("seen_on", sa.Date),
        _check("vendor_reviews", "rating", "rating >= 0 AND rating <= scale AND scale > 0"),
    )
    op.create_table(
        "vendor_quotes", _id(), *_vendor_fk("vendor_quotes"),
        _text("pricing_model", 40, False), _text("region", 60, False),
        _text("tier", 40, False), _num("rate", sa.Float, False),
        _num("billing_increment_s", sa.Float, False), _text("bill_on", 20, False),
        _num("paid_hours_per_month"), _num("vendor_shrinkage"), _num("base_share"),
        _num("commission_usd_per_sale"), _num("conversion_rate"),
        _num("valid_from", sa.Date), _num("valid_until", sa.Date),
        _num("received_on", sa.Date, False), _text("source"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        _check("vendor_quotes", "rate", "rate >= 0"),
        _check("vendor_quotes", "validity",
               "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from"),
    )
    op.create_table(
        "test_call_imports", _id(), _text("file", None, False), _text("sha256", 64, False),
        _num("rows", sa.Integer, False),
        sa.Column("imported_at", sa.DateTime(timezone=True), server_default=NOW,
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_test_call_imports")),
        sa.UniqueConstraint("sha256", name=op.f("uq_test_call_imports_sha256")),
    )
    op.create_table(
        "vendor_test_calls", _id(), *_vendor_fk("vendor_test_calls"),
        _num("called_on", sa.Date, False), _text("scenario", None, False),
        _text("channel", 20, False), _num("wait_s"), _num("handled", sa.Boolean, False),
        _num("resolved", sa.Boolean), _num("clarity", sa.Integer),
        _num("courtesy", sa.Integer), _num("accuracy", sa.Integer), _text("notes"),
        _num("import_id", sa.Integer), _num("line", sa.Integer),
        _check("vendor_test_calls", "accuracy", "accuracy IS NULL OR accuracy BETWEEN 1 AND 5"),
        _check("vendor_test_calls", "clarity", "clarity IS NULL OR clarity BETWEEN 1 AND 5"),
        _check("vendor_test_calls", "courtesy", "courtesy IS NULL OR courtesy BETWEEN 1 AND 5"),
        _check("vendor_test_calls", "wait", "wait_s IS NULL OR wait_s >= 0"),
        sa.ForeignKeyConstraint(["import_id"], ["test_call_imports.id"], ondelete="CASCADE",
                                name=op.f("fk_vendor_test_calls_import_id_test_call_imports")),
        sa.UniqueConstraint("import_id", "line",
                            name=op.f("uq_vendor_test_calls_import_id_line")),
    )
    for table in CHILDREN:
        op.create_index(op.f(f"ix_{table}_vendor_id"), table, ["vendor_id"])
    op.create_index(op.f("ix_vendor_test_calls_import_id"), "vendor_test_calls", ["import_id"])


def downgrade() -> None:
    for table in ("vendor_test_calls", "test_call_imports", *CHILDREN[:-1][::-1], "vendors"):
        op.drop_table(table)
