"""data_subject_rights: the log of searches, exports and erasures done for a person (GDPR art. 15, 17)

Revision ID: data_subject_rights
Revises: privacy_access
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "data_subject_rights"
down_revision = "privacy_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_subject_action",
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("criteria_digest", sa.String(length=64), nullable=False),
        sa.Column("criteria_kinds", sa.JSON(), nullable=False),
        sa.Column("request_ids", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], name=op.f("fk_data_subject_action_actor_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_subject_action")),
    )
    op.create_index("ix_data_subject_action_at", "data_subject_action", ["at"])
    op.create_index("ix_data_subject_action_criteria_digest", "data_subject_action", ["criteria_digest"])


def downgrade() -> None:
    op.drop_index("ix_data_subject_action_criteria_digest", table_name="data_subject_action")
    op.drop_index("ix_data_subject_action_at", table_name="data_subject_action")
    op.drop_table("data_subject_action")
