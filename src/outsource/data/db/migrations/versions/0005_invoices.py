"""invoices: vendors' invoices (one per vendor, month and file) and their checked lines.

Revision ID: 0005_invoices
Revises: 0003_contracts
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_invoices"
down_revision: str | Sequence[str] | None = "0003_contracts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")


JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("contract_version", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("billed_usd", sa.Float(), nullable=False),
        sa.Column("supported_usd", sa.Float(), nullable=False),
        sa.Column("difference_usd", sa.Float(), nullable=False),
        sa.Column("overbilled_usd", sa.Float(), nullable=False),
        sa.Column("overbilled_lines", sa.Integer(), nullable=False),
        sa.Column("check_details", JSON, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendors.id"], ondelete="RESTRICT",
                                name=op.f("fk_invoices_vendor_id_vendors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("sha256", "vendor_id", "period",
                            name=op.f("uq_invoices_sha256_vendor_id_period")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoices_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "invoice_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("file_line", sa.Integer(), nullable=False),
        sa.Column("line", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_price", sa.Float(), nullable=False),
        sa.Column("billed_usd", sa.Float(), nullable=False),
        sa.Column("pricing_model", sa.String(length=40), nullable=True),
        sa.Column("pricing_source", sa.String(length=20), nullable=True),
        sa.Column("contract_rate", sa.Float(), nullable=True),
        sa.Column("billing_increment_s", sa.Float(), nullable=True),
        sa.Column("supported_quantity", sa.Float(), nullable=True),
        sa.Column("supported_usd", sa.Float(), nullable=True),
        sa.Column("difference_usd", sa.Float(), nullable=False),
        sa.Column("overbilled", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_invoice_lines_quantity")),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_invoice_lines_unit_price")),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], ondelete="CASCADE",
                                name=op.f("fk_invoice_lines_invoice_id_invoices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
        sa.UniqueConstraint("invoice_id", "line",
                            name=op.f("uq_invoice_lines_invoice_id_line")),
    )
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_lines_invoice_id"), ["invoice_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_lines_invoice_id"))
    op.drop_table("invoice_lines")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_vendor_id"))
    op.drop_table("invoices")
