"""segment.bbox and segment.ocr_confidence: where a segment stands on its page image, and how well OCR read
it; document.page: which page a stored page image shows.

Revision ID: segment_box
Revises: caisse_contact
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "segment_box"
down_revision = "caisse_contact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bbox", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("page")
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.drop_column("ocr_confidence")
        batch_op.drop_column("bbox")
