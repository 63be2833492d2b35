"""workspace: the buyer's scenario and the decision rights it grants agents.

Revision ID: 0001_workspace
Revises: (none: the root of every area)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_workspace"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("base_dir", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenarios")),
    )
    op.create_table(
        "decision_rights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("agent_decides", sa.Boolean(), nullable=False),
        sa.Column("limit_usd", sa.Float(), nullable=True),
        sa.Column("escalate_to", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("limit_usd IS NULL OR limit_usd >= 0",
                           name=op.f("ck_decision_rights_limit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_rights")),
        sa.UniqueConstraint("action", name=op.f("uq_decision_rights_action")),
    )


def downgrade() -> None:
    op.drop_table("decision_rights")
    op.drop_table("scenarios")
