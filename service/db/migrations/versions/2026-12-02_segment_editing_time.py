"""segment.editing_seconds: active editing time the editor measured on the segment (MT experiment, E.8.3).

Revision ID: segment_editing_time
Revises: request_scope
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "segment_editing_time"
down_revision = "request_scope"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("editing_seconds", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.drop_column("editing_seconds")
