"""disputes: a vendor's dispute of a month's SLA result or an invoice-check line, and the
buyer's decision.

Revision ID: 0006_disputes
Revises: 0003_users
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_disputes'
down_revision: str | Sequence[str] | None = '0003_users'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table('disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('vendor', sa.String(length=120), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=True),
    sa.Column('invoice_line_id', sa.Integer(), nullable=True),
    sa.Column('line_ref', sa.String(length=200), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='open', nullable=False),
    sa.Column('filed_by', sa.String(length=200), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('sla', 'invoice_line')", name=op.f('ck_disputes_kind')),
    sa.CheckConstraint("status IN ('open', 'accepted', 'rejected')",
                       name=op.f('ck_disputes_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes'))
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disputes_vendor'), ['vendor'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_invoice_line_id'), ['invoice_line_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_invoice_line_id'))
        batch_op.drop_index(batch_op.f('ix_disputes_vendor'))
    op.drop_table('disputes')
