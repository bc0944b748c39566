"""Background work of outsourcing: `vendor.prepare_package`, the package whose original goes redacted."""

from __future__ import annotations

from typing import Any

from ocr import OcrError
from service.vendor import jobs, redaction
from service.vendor.errors import OriginalNotRedactable, RedactionIncomplete
from service.worker import names
from service.worker.task import Failure, background_task, task_session

UNEXPECTED = Failure("redaction_failed", "The redacted original could not be drawn; send the package without it.")


def _record_failure(args: tuple[Any, ...], failure: Failure) -> None:
    with task_session() as session:
        jobs.record_package_failure(session, job_id=int(args[0]), code=failure.code, detail=failure.detail)


@background_task(names.PREPARE_PACKAGE, known=(OcrError, OriginalNotRedactable, RedactionIncomplete),
                 unexpected=UNEXPECTED, on_failure=_record_failure)
def prepare_package(job_id: int, actor_id: int | None) -> None:
    """Redact the job's original, build its package and send it (idempotent; no transaction open during OCR)."""
    with task_session() as session:
        work = jobs.redaction_work(session, job_id=job_id)
    if work is None:
        return
    redacted = redaction.draw(work)
    with task_session() as session:
        jobs.send_with_original(session, job_id=job_id, actor_id=actor_id, redacted=redacted)
