"""memory: translation memory entries and the word index of the fuzzy lookup

Revision ID: memory
Revises: 0001
Create Date: 2026-11-23 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "memory"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memory_entry",
        sa.Column("source_lang", sa.String(length=2), nullable=False),
        sa.Column("target_lang", sa.String(length=2), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=40), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["translation_request.id"],
                                name=op.f("fk_memory_entry_request_id_translation_request"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_memory_entry_user_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory_entry")),
        sa.UniqueConstraint("source_lang", "target_lang", "source_hash", name="uq_memory_entry_source"),
    )
    op.create_table(
        "memory_word",
        sa.Column("gram", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["memory_entry.id"],
                                name=op.f("fk_memory_word_entry_id_memory_entry"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("gram", "length", "entry_id", name=op.f("pk_memory_word")),
    )


def downgrade() -> None:
    op.drop_table("memory_word")
    op.drop_table("memory_entry")
