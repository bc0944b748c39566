"""Waiting for the submitter ("en attente du demandeur"): periods recorded, totals kept on the request.

The time spent waiting is reported apart; the agreement's delay indicators stay calendar days from
receipt to delivery and never subtract it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db.base import utcnow
from service.models import RequestWait, TranslationRequest, User
from service.models.enums import RequestStatus
from service.translation_request.errors import IllegalTransition
from service.translation_request.state import OPEN_STATUSES


def start(session: Session, request: TranslationRequest, *, actor: User, message_id: int | None = None) -> bool:
    """Mark the request as waiting for its submitter; False when it already was."""
    if RequestStatus(request.status) not in OPEN_STATUSES:
        raise IllegalTransition(request.reference, request.status, "awaiting_submitter")
    if request.awaiting_submitter_since is not None:
        return False
    now = utcnow()
    request.awaiting_submitter_since = now
    session.add(RequestWait(request_id=request.id, started_at=now, started_by_id=actor.id, message_id=message_id))
    session.flush()
    return True


def stop(session: Session, request: TranslationRequest, *, actor: User | None) -> bool:
    """End the wait (the submitter answered, staff cleared it, or the request was closed); False if none."""
    if request.awaiting_submitter_since is None:
        return False
    wait = session.scalar(select(RequestWait).where(RequestWait.request_id == request.id,
                                                    RequestWait.ended_at.is_(None)).order_by(RequestWait.id.desc()))
    now = utcnow()
    started = _aware(request.awaiting_submitter_since)
    seconds = max(0, int((now - started).total_seconds()))
    if wait is not None:
        wait.ended_at, wait.ended_by_id, wait.seconds = now, actor.id if actor else None, seconds
    request.waiting_seconds = (request.waiting_seconds or 0) + seconds
    request.awaiting_submitter_since = None
    return True


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
