"""callback_host: hosts an administrator lets a caisse's callbacks reach despite a non-public address.

Revision ID: callback_host
Revises: request_subject
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "callback_host"
down_revision = "request_subject"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "callback_host",
        sa.Column("caisse_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.ForeignKeyConstraint(["caisse_id"], ["caisse.id"], name=op.f("fk_callback_host_caisse_id_caisse"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["added_by_id"], ["user.id"], name=op.f("fk_callback_host_added_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_host")),
        sa.UniqueConstraint("caisse_id", "host", name="uq_callback_host_caisse_id_host"),
    )
    with op.batch_alter_table("callback_host", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_callback_host_caisse_id"), ["caisse_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callback_host", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_host_caisse_id"))
    op.drop_table("callback_host")
