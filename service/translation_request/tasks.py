"""Background work of the request domain: callback delivery."""

from __future__ import annotations

from service.translation_request import callbacks
from service.worker import names
from service.worker.app import celery_app
from service.worker.task import task_session


@celery_app.task(name=names.DELIVER_CALLBACK, acks_late=True)
def deliver_callback(delivery_id: int) -> None:
    """POST one status notification; schedule the next try on failure."""
    with task_session() as session:
        delay = callbacks.deliver(session, delivery_id)
    if delay is not None:
        deliver_callback.apply_async(args=(delivery_id,), countdown=delay)
