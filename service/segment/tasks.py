"""Background work of the segment domain: `segment.draft`."""

from __future__ import annotations

from service import engines
from service.segment import drafting
from service.segment.errors import DRAFTING_FAILED, DRAFTING_FAILED_DETAIL, DraftingFailed
from service.translation_request import pipeline
from service.translation_request.step_task import step_task
from service.worker.task import Failure, task_session


@step_task(pipeline.DRAFT, known=(DraftingFailed,), unexpected=Failure(DRAFTING_FAILED, DRAFTING_FAILED_DETAIL),
           max_retries=5, retry_delay_s=1.0, retry_backoff=True)
def draft(request_id: int) -> None:
    """Draft a request's segments batch by batch, committing each batch; failures land on the request."""
    translator, termbase = engines.translator(), engines.termbase()
    more = True
    while more:
        with task_session() as session:
            more = drafting.draft_batch(session, request_id, translator=translator, termbase=termbase)
