"""Enqueue work after the surrounding transaction commits, and drop it on rollback.

A task sent before commit could run before its rows are visible, or run for rows that were
rolled back; binding the send to the session's commit avoids both.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

_KEY = "passerelle_pending_tasks"


def enqueue(session: Session, task_name: str, *args: Any, countdown: float | None = None) -> None:
    """Send `task_name(*args)` once `session` commits."""
    _register_tasks()
    pending: list[tuple[str, tuple[Any, ...], float | None]] = session.info.setdefault(_KEY, [])
    pending.append((task_name, args, countdown))


_registered = False


def _register_tasks() -> None:
    # Import the task modules here, not inside the commit hook: importing them registers
    # session listeners, which must not happen while SQLAlchemy iterates over listeners.
    global _registered
    if not _registered:
        from service.worker.app import celery_app

        celery_app.loader.import_default_modules()
        _registered = True


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    pending = session.info.pop(_KEY, [])
    if not pending:
        return
    from service.worker.app import celery_app

    for task_name, args, countdown in pending:
        # The data is committed: a broker hiccup must not turn the caller's success into an error.
        # Work left unsent is picked up again by the periodic sweep of stalled requests.
        try:
            celery_app.tasks[task_name].apply_async(args=args, countdown=countdown)
        except Exception:
            logger.exception("could not enqueue %s%s; the sweep will retry it", task_name, args)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_KEY, None)
