"""Background work of the segment domain: `segment.draft`."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from service import engines
from service.segment import drafting
from service.segment.errors import DraftingFailed
from service.translation_request.errors import RequestNotFound
from service.worker import names
from service.worker.app import celery_app
from service.worker.task import task_session

logger = logging.getLogger(__name__)

@celery_app.task(name=names.DRAFT, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
                 max_retries=5)
def draft(request_id: int) -> None:
    """Draft a request's segments batch by batch, committing each batch; failures land on the request."""
    translator, termbase = engines.translator(), engines.termbase()
    more = True
    while more:
        try:
            with task_session() as session:
                more = drafting.draft_batch(session, request_id, translator=translator, termbase=termbase)
        except RequestNotFound:
            logger.warning("request %s vanished before drafting", request_id)
            return
        except DraftingFailed as e:
            with task_session() as session:
                drafting.record_failure(session, request_id, e)
            return
