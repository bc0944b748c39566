"""Background work of routing: decide where a freshly drafted request goes."""

from __future__ import annotations

import logging

from service.assignment import service as assignment_service
from service.models.enums import RequestStatus
from service.translation_request import service as request_service
from service.translation_request.errors import RequestNotFound
from service.worker import names
from service.worker.app import celery_app
from service.worker.task import task_session

logger = logging.getLogger(__name__)

@celery_app.task(name=names.ROUTE, acks_late=True)
def route(request_id: int) -> None:
    """Route a drafted request; a request already routed (or cancelled) is left alone."""
    with task_session() as session:
        # A redelivered task may run beside the first one: the row lock makes the second wait and
        # then see the request already routed (PostgreSQL; SQLite serialises writers anyway).
        try:
            request = request_service.get(session, request_id, lock=True)
        except RequestNotFound:
            logger.info("request %s is gone: nothing to route", request_id)
            return
        if request.status != RequestStatus.DRAFTED:
            logger.info("request %s is %s: nothing to route", request.reference, request.status)
            return
        assignment_service.route(session, request)
