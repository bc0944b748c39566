"""Cancelling a request: the request domain's status move, then whatever other domains hold for it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.errors import Forbidden
from service.models import TranslationRequest, User
from service.models.enums import RequestStatus, Role
from service.translation_request import service as request_service
from service.vendor import jobs as vendor_jobs

# A vendor holds the work in these statuses: its open job is withdrawn with the request.
WITH_VENDOR = (RequestStatus.OUTSOURCED, RequestStatus.RETURNED)


def cancel(session: Session, request: TranslationRequest, *, actor: User | None, reason: str) -> None:
    """Cancel the request (its caisse, a manager or an admin: never a translator); a delivered or already
    cancelled one answers 409. A vendor job is withdrawn."""
    if actor is not None and actor.role == Role.TRANSLATOR:
        raise Forbidden("Translators cannot cancel requests; ask a manager.")
    request_service.lock(session, request)  # what to withdraw depends on the status, read under the lock
    was_outsourced = request.status in WITH_VENDOR
    request_service.transition(session, request, to=RequestStatus.CANCELLED, actor=actor, action="cancelled",
                               detail={"reason": reason[:500]})
    if was_outsourced:
        vendor_jobs.withdraw_open(session, request)
