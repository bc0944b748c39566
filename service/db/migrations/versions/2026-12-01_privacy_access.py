"""privacy_access: where a vendor package's placeholders stand, the state of a package with a redacted
original, and an access log of every read of a document's content (object, channel)

Revision ID: privacy_access
Revises: indicator_rollup
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "privacy_access"
down_revision = "indicator_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outsourced_job") as batch:
        batch.add_column(sa.Column("mask_occurrences", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("package_state", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("package_error", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("original_included", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Packages sent before: built and stored, with the old "[PII-n]" placeholders (rebuilt on return).
    op.execute("UPDATE outsourced_job SET package_state = 'ready' WHERE package_key IS NOT NULL")
    with op.batch_alter_table("document_access") as batch:
        batch.alter_column("document_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("object_kind", sa.String(length=32), nullable=False, server_default="document"))
        batch.add_column(sa.Column("object_ref", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(length=16), nullable=True))
    op.create_index("ix_document_access_request_id", "document_access", ["request_id"])
    op.create_index("ix_document_access_at", "document_access", ["at"])
    # The reads logged before this revision were downloads of a document or reads of the original's text.
    op.execute("UPDATE document_access SET object_kind = CASE purpose WHEN 'download_original' THEN 'original' "
               "WHEN 'download_deliverable' THEN 'deliverable' WHEN 'read_extracted_text' THEN 'extracted_text' "
               "WHEN 'read_segments' THEN 'segments' ELSE 'document' END")


def downgrade() -> None:
    op.drop_index("ix_document_access_at", table_name="document_access")
    op.drop_index("ix_document_access_request_id", table_name="document_access")
    with op.batch_alter_table("document_access") as batch:
        batch.drop_column("channel")
        batch.drop_column("object_ref")
        batch.drop_column("object_kind")
    with op.batch_alter_table("outsourced_job") as batch:
        batch.drop_column("original_included")
        batch.drop_column("package_error")
        batch.drop_column("package_state")
        batch.drop_column("mask_occurrences")
