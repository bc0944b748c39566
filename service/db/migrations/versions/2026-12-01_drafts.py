"""drafts: draft confidence and whether it is shown, the memory source of a match, entities, notes

Revision ID: drafts
Revises: callback_host
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "drafts"
down_revision = "callback_host"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segment") as batch:
        batch.add_column(sa.Column("draft_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("draft_shown", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.add_column(sa.Column("tm_source", sa.Text(), nullable=True))
        batch.add_column(sa.Column("entities", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("draft_notes", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("segment") as batch:
        for column in ("draft_notes", "entities", "tm_source", "draft_shown", "draft_confidence"):
            batch.drop_column(column)
