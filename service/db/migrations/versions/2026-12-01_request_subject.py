"""request_subject: who the document is about (name, birth date), hints for the entity detector

Revision ID: request_subject
Revises: 0002
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "request_subject"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translation_request") as batch:
        batch.add_column(sa.Column("subject_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("subject_birth_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translation_request") as batch:
        batch.drop_column("subject_birth_date")
        batch.drop_column("subject_name")
