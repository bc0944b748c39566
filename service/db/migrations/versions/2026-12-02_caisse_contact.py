"""caisse_contact: who the translation unit calls at a caisse (name, e-mail, telephone)

Revision ID: caisse_contact
Revises: job_return_distance
Create Date: 2026-12-02 04:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "caisse_contact"
down_revision = "job_return_distance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("caisse") as batch:
        batch.add_column(sa.Column("contact_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("contact_email", sa.String(320), nullable=False, server_default=""))
        batch.add_column(sa.Column("contact_phone", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("callback_secret_rotated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("caisse") as batch:
        batch.drop_column("callback_secret_rotated_at")
        batch.drop_column("contact_phone")
        batch.drop_column("contact_email")
        batch.drop_column("contact_name")
