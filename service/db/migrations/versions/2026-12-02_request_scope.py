"""request_scope: pages and extract scope, purpose and service level, standard forms and reuse, avoided work

Revision ID: request_scope
Revises: data_subject_rights
Create Date: 2026-12-02 04:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "request_scope"
down_revision = "data_subject_rights"
branch_labels = None
depends_on = None

_REQUEST_COLUMNS = (
    sa.Column("page_selection", sa.String(200), nullable=True),
    sa.Column("document_pages", sa.Integer(), nullable=True),
    sa.Column("scope", sa.String(16), nullable=False, server_default="full"),
    sa.Column("purpose", sa.String(32), nullable=True),
    sa.Column("service_level", sa.String(16), nullable=False, server_default="full_revision"),
    sa.Column("service_level_reason", sa.String(500), nullable=True),
    sa.Column("standard_form", sa.String(64), nullable=True),
    sa.Column("reuse_of_id", sa.Integer(), nullable=True),
    sa.Column("offer_status", sa.String(16), nullable=True),
)


def upgrade() -> None:
    with op.batch_alter_table("translation_request") as batch:
        for column in _REQUEST_COLUMNS:
            batch.add_column(column.copy())
        batch.create_foreign_key(op.f("fk_translation_request_reuse_of_id_translation_request"),
                                 "translation_request", ["reuse_of_id"], ["id"])
    op.add_column("segment", sa.Column("in_extract", sa.Boolean(), nullable=True))
    op.create_table(
        "avoided_work",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=True),
        sa.Column("cost_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False, server_default="EUR"),
        sa.Column("earlier_request_id", sa.Integer(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["translation_request.id"], ondelete="CASCADE",
                                name=op.f("fk_avoided_work_request_id_translation_request")),
        sa.ForeignKeyConstraint(["earlier_request_id"], ["translation_request.id"],
                                name=op.f("fk_avoided_work_earlier_request_id_translation_request")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_avoided_work")),
    )
    op.create_index("uq_avoided_work_request_kind", "avoided_work", ["request_id", "kind"], unique=True)
    op.create_index(op.f("ix_avoided_work_recorded_on"), "avoided_work", ["recorded_on"])


def downgrade() -> None:
    op.drop_index(op.f("ix_avoided_work_recorded_on"), table_name="avoided_work")
    op.drop_index("uq_avoided_work_request_kind", table_name="avoided_work")
    op.drop_table("avoided_work")
    with op.batch_alter_table("segment") as batch:
        batch.drop_column("in_extract")
    with op.batch_alter_table("translation_request") as batch:
        batch.drop_constraint(op.f("fk_translation_request_reuse_of_id_translation_request"), type_="foreignkey")
        for column in reversed(_REQUEST_COLUMNS):
            batch.drop_column(column.name)
