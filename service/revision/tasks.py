"""Background work of delivery: the `information` level's unrevised machine translation."""

from __future__ import annotations

from service.revision import service as revision_service
from service.revision.errors import NothingToDeliver
from service.translation_request import pipeline
from service.translation_request.step_task import claim, step_task
from service.worker.task import Failure, task_session

DELIVERY_FAILED = "unrevised_delivery_failed"
DELIVERY_FAILED_DETAIL = ("The machine translation could not be delivered. Retry the request; if it fails "
                          "again, ask for a revised translation (light_revision) instead.")


@step_task(pipeline.DELIVER_UNREVISED, unexpected=Failure(DELIVERY_FAILED, DELIVERY_FAILED_DETAIL),
           known=(NothingToDeliver,))
def deliver_unrevised(request_id: int) -> None:
    """Deliver a drafted `information` request's machine drafts; a request already delivered is left alone."""
    with task_session() as session:
        request = claim(session, pipeline.DELIVER_UNREVISED, request_id=request_id)
        if request is not None:
            revision_service.deliver_unrevised(session, request)
