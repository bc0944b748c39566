"""Helpers for thin tasks: an id in, their own session, one service call, committed at the end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from service.db.session import session_scope


@contextmanager
def task_session() -> Iterator[Session]:
    """A session owned by the task: committed on success, rolled back on error."""
    with session_scope() as session:
        yield session
