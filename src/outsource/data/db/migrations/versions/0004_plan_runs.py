"""plans: finished plan runs (the web's background Monte Carlo) with their results.

Revision ID: 0004_plan_runs
Revises: 0003_users
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0004_plan_runs'
down_revision: str | Sequence[str] | None = '0003_users'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table('plan_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('scenario', sa.String(length=200), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('scenario_yaml', sa.Text(), nullable=False),
    sa.Column('base_dir', sa.Text(), nullable=True),
    sa.Column('draws', sa.Integer(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'),
              nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_plan_runs_job_id_jobs'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_runs'))
    )
    with op.batch_alter_table('plan_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_runs_job_id'), ['job_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_runs_job_id'))
    op.drop_table('plan_runs')
