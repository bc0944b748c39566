"""Background work of routing: decide where a freshly drafted request goes."""

from __future__ import annotations

from service.assignment import service as assignment_service
from service.assignment.errors import ROUTING_FAILED, ROUTING_FAILED_DETAIL
from service.translation_request import pipeline
from service.translation_request.step_task import claim, step_task
from service.worker.task import Failure, task_session


@step_task(pipeline.ROUTE, unexpected=Failure(ROUTING_FAILED, ROUTING_FAILED_DETAIL))
def route(request_id: int) -> None:
    """Route a drafted request; a request already routed (or cancelled) is left alone."""
    with task_session() as session:
        # A redelivered task may run beside the first one: the row lock makes the second wait and
        # then see the request already routed (PostgreSQL; SQLite serialises writers anyway).
        request = claim(session, pipeline.ROUTE, request_id=request_id)
        if request is not None:
            assignment_service.route(session, request)
