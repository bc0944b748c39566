"""Merge the domain branches (indicator, memory, routing) into one line of history.

Revision ID: 0002
Revises: indicator, memory, routing
Create Date: 2026-11-23 19:46:04.661944
"""

from __future__ import annotations

revision = '0002'
down_revision = ('indicator', 'memory', 'routing')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
