"""The periodic sweep that re-enqueues requests stalled before review.

A task can be lost outside Celery's own redelivery: the broker was down when the request was
committed (`enqueue` logs and moves on), a message expired, or a worker died in a way the broker
did not notice. Requests still in received/extracting/extracted/drafting with no change for
`PASSERELLE_STALLED_AFTER_MINUTES` get their step queued again (the pipeline table says which). The
tasks are idempotent, so a spurious re-enqueue costs work, never a duplicate.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.config import get_settings
from service.db.base import utcnow
from service.models import TranslationRequest
from service.translation_request import offers, pipeline
from service.worker import names
from service.worker.task import background_task, task_session

logger = logging.getLogger(__name__)


def requeue_stalled(session: Session, *, older_than: timedelta, limit: int = 500) -> list[int]:
    """Queue again the step of requests unchanged for `older_than`; returns their ids."""
    now = utcnow()
    rows = session.scalars(
        select(TranslationRequest)
        .where(TranslationRequest.status.in_(pipeline.resumable_statuses()),
               TranslationRequest.updated_at < now - older_than,
               # Waiting for the agent's answer to an offer is not stalled: left out, so that such requests
               # never fill the batch and hide the stalled ones behind them.
               or_(TranslationRequest.offer_status.is_(None), TranslationRequest.offer_status != offers.PENDING))
        .order_by(TranslationRequest.updated_at)
        .limit(limit)
    ).all()
    requeued = []
    for request in rows:
        # A status two steps start from (drafted: routing, or a step for some requests only) is resumed
        # only when the request's own step is one to resume.
        step = pipeline.advance(session, request, resumable_only=True)
        if step is None:
            continue
        # Touching the row gives the re-queued task a full period before the next sweep looks again.
        request.updated_at = now
        requeued.append(request.id)
        logger.warning("request %s stalled in %s; re-queued %s", request.id, request.status, step.task)
    session.flush()
    return requeued


@background_task(names.SWEEP_STALLED)
def sweep_stalled() -> int:
    """Beat task: re-enqueue stalled requests; returns how many were re-queued."""
    minutes = get_settings().stalled_after_minutes
    with task_session() as session:
        return len(requeue_stalled(session, older_than=timedelta(minutes=minutes)))
