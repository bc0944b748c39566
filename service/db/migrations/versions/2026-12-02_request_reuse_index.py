"""request_reuse_index: index the foreign keys that point at translation_request from the scope work

Deleting a request makes the database look for rows referring to it; without an index on `reuse_of_id`
and `avoided_work.earlier_request_id` each deletion scans those tables (quadratic on a year's purge).

Revision ID: request_reuse_index
Revises: segment_box
Create Date: 2026-12-02 05:40:00
"""

from __future__ import annotations

from alembic import op

revision = "request_reuse_index"
down_revision = "segment_box"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_translation_request_reuse_of_id", "translation_request", ["reuse_of_id"])
    op.create_index("ix_avoided_work_earlier_request_id", "avoided_work", ["earlier_request_id"])


def downgrade() -> None:
    op.drop_index("ix_avoided_work_earlier_request_id", table_name="avoided_work")
    op.drop_index("ix_translation_request_reuse_of_id", table_name="translation_request")
