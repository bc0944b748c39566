"""job_return_distance: how far a vendor's return is from the draft it was sent, for vendor performance

Revision ID: job_return_distance
Revises: segment_editing_time
Create Date: 2026-12-02 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "job_return_distance"
down_revision = "segment_editing_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outsourced_job", sa.Column("return_distance", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outsourced_job") as batch:
        batch.drop_column("return_distance")
