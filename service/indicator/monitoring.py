"""Live watch over open requests: days elapsed, due date, projected delivery, and who is at risk.

Projection, by where the request stands:
- in a translator's hands (assigned / in revision): when that translator finishes their queue,
  from `service.assignment.service.projected_completion` (capacity and absences);
- at a vendor (outsourced): the job's contractual due date; back from the vendor: today;
- anywhere else (intake, OCR, drafting, failed), or when no projection is available: the due date.
A projection never lies in the past. A request is at risk when it is projected after its deadline,
the earlier of its due date and receipt + 21 days (IR.8.3's threshold).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.assignment.service import projected_completion
from service.indicator.schemas import OpenRequest
from service.indicator.sql import LATE_AFTER_DAYS, TR
from service.models import Caisse, OutsourcedJob, User
from service.models.enums import RequestStatus

logger = logging.getLogger(__name__)

CLOSED = (RequestStatus.DELIVERED, RequestStatus.CANCELLED)
IN_HOUSE = (RequestStatus.ASSIGNED, RequestStatus.IN_REVISION)
BACK_FROM_VENDOR = (RequestStatus.RETURNED, RequestStatus.CERTIFIED)
VENDOR_JOB_OPEN = ("pending", "sent")

Projector = Callable[[int], date | None]


def open_requests(session: Session, *, today: date | None = None, caisse_id: int | None = None,
                  limit: int | None = None) -> list[OpenRequest]:
    """Open requests (neither delivered nor cancelled), oldest first, with their projected delivery."""
    today = today or date.today()
    vendor_due = (select(func.max(OutsourcedJob.due_on))
                  .where(OutsourcedJob.request_id == TR.id, OutsourcedJob.status.in_(VENDOR_JOB_OPEN))
                  .scalar_subquery())
    stmt = (select(TR.id, TR.reference, Caisse.code, TR.source_lang, TR.target_lang, TR.pages, TR.status,
                   TR.handled_by, TR.assignee_id, TR.received_on, TR.due_on, vendor_due.label("vendor_due"))
            .join(Caisse, Caisse.id == TR.caisse_id)
            .where(TR.status.not_in(CLOSED))
            .order_by(TR.received_on, TR.id))
    if caisse_id is not None:
        stmt = stmt.where(TR.caisse_id == caisse_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    queue_end = _queue_projector(session, today)
    return [_watch(row, today, queue_end) for row in session.execute(stmt)]


def at_risk(session: Session, *, today: date | None = None, limit: int = 200) -> list[OpenRequest]:
    """Open requests projected past their deadline, most urgent (earliest deadline) first."""
    risky = [r for r in open_requests(session, today=today) if r.at_risk]
    risky.sort(key=lambda r: (r.deadline, -r.projected_delay_days, r.id))
    return risky[:limit]


def _watch(row: Any, today: date, queue_end: Projector) -> OpenRequest:
    deadline = min(row.due_on, row.received_on + timedelta(days=LATE_AFTER_DAYS))
    projected, how = _project(row, today, queue_end)
    projected = max(projected, today)
    return OpenRequest(
        id=row.id, reference=row.reference, caisse_code=row.code, source_lang=row.source_lang,
        target_lang=row.target_lang, pages=row.pages, status=row.status, handled_by=row.handled_by,
        assignee_id=row.assignee_id, received_on=row.received_on, due_on=row.due_on, deadline=deadline,
        days_elapsed=(today - row.received_on).days, days_left=(deadline - today).days,
        projected_on=projected, projection=how, projected_delay_days=(projected - row.received_on).days,
        at_risk=projected > deadline)


def _project(row: Any, today: date, queue_end: Projector) -> tuple[date, Any]:
    if row.status in BACK_FROM_VENDOR:
        return today, "vendor"
    if row.status == RequestStatus.OUTSOURCED and row.vendor_due is not None:
        return row.vendor_due, "vendor"
    if row.status in IN_HOUSE and row.assignee_id is not None:
        projected = queue_end(row.assignee_id)
        if projected is not None:
            return projected, "queue"
    return row.due_on, "due_date"


def _queue_projector(session: Session, today: date) -> Projector:
    """Each translator's queue end, computed once per translator; None when it cannot be known."""
    cache: dict[int, date | None] = {}

    def queue_end(translator_id: int) -> date | None:
        if translator_id not in cache:
            translator = session.get(User, translator_id)
            projected = projected_completion(session, translator=translator, today=today) \
                if translator is not None else None
            # No capacity gives date.max: no projection rather than a date nobody can read.
            cache[translator_id] = projected if projected is not None and projected != date.max else None
        return cache[translator_id]

    return queue_end
