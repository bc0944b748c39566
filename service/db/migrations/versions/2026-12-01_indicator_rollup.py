"""indicator_rollup: the monthly rollup of the indicators (filled from the requests delivered), an index of the open ones

Revision ID: indicator_rollup
Revises: request_country
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "indicator_rollup"
down_revision = "request_country"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_rollup",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("k0", sa.String(length=64), nullable=False),
        sa.Column("k1", sa.String(length=64), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.Column("delay_sum", sa.BigInteger(), nullable=False),
        sa.Column("late_count", sa.Integer(), nullable=False),
        sa.Column("late_all", sa.Integer(), nullable=False),
        sa.Column("external_cost_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month", "dimension", "k0", "k1", name=op.f("pk_indicator_rollup")),
    )
    with op.batch_alter_table("translation_request") as batch_op:
        batch_op.create_index("ix_translation_request_open", ["received_on"],
                              postgresql_where=sa.text("status NOT IN ('delivered', 'cancelled')"),
                              sqlite_where=sa.text("status NOT IN ('delivered', 'cancelled')"))
    # Imported here: filling it runs the indicators' own statements, which the other migrations never load.
    from service.indicator import rollup

    rollup.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    with op.batch_alter_table("translation_request") as batch_op:
        batch_op.drop_index("ix_translation_request_open")
    op.drop_table("indicator_rollup")
