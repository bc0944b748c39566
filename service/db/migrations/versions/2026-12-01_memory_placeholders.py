"""memory_placeholders: memory entries keep sentences, not people (values become typed placeholders)

Revision ID: memory_placeholders
Revises: drafts
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import logging

from alembic import op

revision = "memory_placeholders"
down_revision = "drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Imported here: the scrub needs the detector, which the other migrations never load.
    from service.memory.scrub import scrub

    report = scrub(op.get_bind())
    logging.getLogger("alembic").info("memory entries: %s rewritten with placeholders, %s merged, %s deleted",
                                      report.rewritten, report.merged, report.deleted)


def downgrade() -> None:
    pass  # the values are gone on purpose: there is nothing to put back
