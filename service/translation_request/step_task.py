"""The task wrapper of the pipeline's steps: a failure lands on the request, once, and each phase claims the
request under its row lock only where the step has work to do (the run-twice guard)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from service.models import TranslationRequest
from service.translation_request import service as request_service
from service.translation_request.errors import RequestNotFound
from service.translation_request.pipeline import Step
from service.worker.task import Failure, background_task, task_session

logger = logging.getLogger(__name__)


def step_task(step: Step, *, unexpected: Failure, known: tuple[type[Exception], ...] = (),
              transient: tuple[type[Exception], ...] = (), max_retries: int = 3, retry_delay_s: float = 30.0,
              retry_backoff: bool = False) -> Callable[[Callable[[int], None]], Any]:
    """`background_task` for `step`'s task (one argument: the request id); a failure fails the request."""

    def record(args: tuple[Any, ...], failure: Failure) -> None:
        with task_session() as session:
            record_failure(session, step, request_id=args[0], failure=failure)

    return background_task(step.task, unexpected=unexpected, on_failure=record, known=known, transient=transient,
                           max_retries=max_retries, retry_delay_s=retry_delay_s, retry_backoff=retry_backoff)


def claim(session: Session, step: Step, *, request_id: int) -> TranslationRequest | None:
    """The request, row-locked, when it is in one of `step`'s statuses; None when the step has nothing to do.

    A duplicate delivery, a run after a cancel or a failure, or a request deleted since: the lock makes a
    second run wait for the first and then see the status it left.
    """
    try:
        request = request_service.get(session, request_id, lock=True)
    except RequestNotFound:
        logger.info("request %s is gone: nothing to %s", request_id, step.name)
        return None
    if request.status not in step.statuses:
        logger.info("request %s is %s: nothing to %s", request.reference, request.status, step.name)
        return None
    return request


def record_failure(session: Session, step: Step, *, request_id: int, failure: Failure) -> bool:
    """Fail the request with the failure's code if it is still in `step`; False when it moved on meanwhile."""
    request = claim(session, step, request_id=request_id)
    if request is None:
        return False
    request_service.fail(session, request, code=failure.code, detail=failure.detail)
    return True
