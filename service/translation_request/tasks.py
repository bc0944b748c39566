"""Background work of the request domain: callback delivery."""

from __future__ import annotations

from service.translation_request import callbacks
from service.worker import names
from service.worker.enqueue import enqueue
from service.worker.task import background_task, task_session


@background_task(names.DELIVER_CALLBACK)
def deliver_callback(delivery_id: int) -> None:
    """POST one status notification; schedule the next try on failure."""
    with task_session() as session:
        notification = callbacks.prepare(session, delivery_id)
    if notification is None:
        return
    # No transaction is open while the caisse's server takes its time to answer.
    attempt = callbacks.post(notification)
    with task_session() as session:
        delay = callbacks.record(session, delivery_id, attempt)
        if delay is not None:
            enqueue(session, names.DELIVER_CALLBACK, delivery_id, countdown=delay)
