"""Every Celery task's name and queue, written once; task modules, `enqueue` callers and the beat use these.

Three queues keep one kind of work from starving another: OCR (minutes per long scan), MT (drafting) and
light tasks (routing, callbacks, the sweep, the purge). `passerelle worker` consumes all three unless told
otherwise (`--queues ocr`), so a machine can give OCR its own processes.
"""

from __future__ import annotations

from enum import StrEnum


class Queue(StrEnum):
    OCR = "ocr"
    MT = "mt"
    LIGHT = "light"


EXTRACT_TEXT = "document.extract_text"
DRAFT = "segment.draft"
ROUTE = "assignment.route"
DELIVER_UNREVISED = "revision.deliver_unrevised"
DELIVER_CALLBACK = "callback.deliver"
SWEEP_STALLED = "request.sweep_stalled"
PURGE = "retention.purge"
SEND_EMAIL = "message.send_email"
PREPARE_PACKAGE = "vendor.prepare_package"

QUEUES: dict[str, Queue] = {
    EXTRACT_TEXT: Queue.OCR,
    DRAFT: Queue.MT,
    ROUTE: Queue.LIGHT,
    DELIVER_UNREVISED: Queue.LIGHT,
    DELIVER_CALLBACK: Queue.LIGHT,
    SWEEP_STALLED: Queue.LIGHT,
    PURGE: Queue.LIGHT,
    SEND_EMAIL: Queue.LIGHT,
    PREPARE_PACKAGE: Queue.OCR,  # redacting the original reads every page with tesseract
}


def queue_of(task_name: str) -> Queue:
    """The queue `task_name` is sent to (light work unless listed)."""
    return QUEUES.get(task_name, Queue.LIGHT)
