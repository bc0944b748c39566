"""The end of an outsourced job: "service done" certified, then the translation delivered."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.models import OutsourcedJob, User
from service.revision import service as revision_service
from service.vendor import jobs as vendor_jobs


def certify_service_done(session: Session, job: OutsourcedJob, *, actor: User, remarks: str = "",
                         certified_translation: bool = False) -> None:
    """Certify "service done": record it, cost the job on the request, then deliver the translation.

    When the return was already taken into in-house revision, only the job is certified and costed:
    the revision delivers the request.
    """
    request = vendor_jobs.record_service_done(session, job, actor=actor, remarks=remarks)
    if request is not None:
        revision_service.deliver(session, request, actor=actor, certified=certified_translation)
