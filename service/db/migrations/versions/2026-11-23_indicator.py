"""indicator: yearly targets table and a covering index for the delivered-in-period aggregates

Revision ID: indicator
Revises: 0001
Create Date: 2026-11-23 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "indicator"
down_revision = "0001"
branch_labels = None
depends_on = None

# Every column the yearly aggregates read, so both engines answer from the index alone.
COVERING_COLUMNS = ["status", "delivered_on", "received_on", "handled_by", "pages", "external_cost_cents"]


def upgrade() -> None:
    op.create_table(
        "indicator_target",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("average_delay_days", sa.Float(), nullable=False),
        sa.Column("late_share", sa.Float(), nullable=False),
        sa.Column("external_cost_change", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_indicator_target")),
    )
    op.create_index("ix_translation_request_indicator", "translation_request", COVERING_COLUMNS)
    # Without it, deleting N requests checks the self-reference with N full scans (SQLite has no
    # implicit index on a foreign key): purging or re-seeding a 50,000-row year took minutes.
    op.create_index("ix_translation_request_duplicate_of_id", "translation_request", ["duplicate_of_id"])


def downgrade() -> None:
    op.drop_index("ix_translation_request_duplicate_of_id", table_name="translation_request")
    op.drop_index("ix_translation_request_indicator", table_name="translation_request")
    op.drop_table("indicator_target")
