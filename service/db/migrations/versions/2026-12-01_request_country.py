"""request_country: the country that issued a request's document, when the caisse gives it

Revision ID: request_country
Revises: segment_version
Create Date: 2026-12-01 23:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "request_country"
down_revision = "segment_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("translation_request", sa.Column("country", sa.String(2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translation_request") as batch:
        batch.drop_column("country")
