"""Purging personal data past its retention period, while keeping what the indicators count.

What goes: the files (original, and the translation when the policy says so), the extracted page
texts, and the segments' texts (source, draft, final, glossary hits, protected tokens, QA notes).
What stays: the request row with its dates, pages, words, handled_by and cost, the segment rows
with their edit distance, the documents' metadata (name, size, hash) and the audit trail, so the
delay and cost indicators and the post-editing statistics read the same after a purge.
Files are deleted only once the database change is committed: a rollback never leaves a request
pointing at a missing file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, false, or_, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from service.db.base import utcnow
from service.kit.storage import get_store
from service.models import Document, ExtractedPage, Segment, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus
from service.retention.policy import RetentionPolicy
from service.translation_request import service as request_service

_FILES_TO_DELETE = "passerelle_retention_files"


@dataclass
class PurgeItem:
    """What a purge removes (or would remove) from one request."""

    request_id: int
    reference: str
    originals: bool
    translations: bool
    files: list[str] = field(default_factory=list)


@dataclass
class PurgeReport:
    """The outcome of one purge batch."""

    items: list[PurgeItem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def files(self) -> int:
        """How many stored files go."""
        return sum(len(i.files) for i in self.items)


def plan(
    session: Session, *, policy: RetentionPolicy, today: date | None = None, limit: int | None = None
) -> list[PurgeItem]:
    """The requests whose originals or translations are due for purging, oldest first."""
    today = today or date.today()
    originals_due = _originals_due(policy.originals_cutoff(today))
    translations_due = _translations_due(policy.translations_cutoff(today))
    query = (
        select(TranslationRequest).where(or_(originals_due, translations_due)).order_by(TranslationRequest.id)
    )
    if limit:
        query = query.limit(limit)
    items = []
    for request in session.scalars(query):
        item = PurgeItem(
            request_id=request.id,
            reference=request.reference,
            originals=_matches(session, request, originals_due),
            translations=_matches(session, request, translations_due),
        )
        for doc in request.documents:
            if doc.purged_at is None and doc.storage_key and _doc_due(doc, item):
                item.files.append(doc.storage_key)
        items.append(item)
    return items


def purge(
    session: Session,
    *,
    policy: RetentionPolicy,
    today: date | None = None,
    limit: int | None = 500,
    dry_run: bool = False,
) -> PurgeReport:
    """Purge one batch of due requests (flushes; files go once the caller commits)."""
    items = plan(session, policy=policy, today=today, limit=limit)
    if dry_run:
        return PurgeReport(items=items, dry_run=True)
    now = utcnow()
    for item in items:
        request = session.get(TranslationRequest, item.request_id)
        assert request is not None
        gone = _purge_documents(session, request, item, now)
        if item.originals:
            _purge_texts(session, request.id)
        request_service.record_event(
            session,
            request,
            action="retention.purged",
            detail={"originals": item.originals, "translations": item.translations, "documents": gone},
        )
    session.flush()
    return PurgeReport(items=items)


def _purge_documents(session: Session, request: TranslationRequest, item: PurgeItem, now: datetime) -> int:
    gone = 0
    for doc in request.documents:
        if doc.purged_at is None and _doc_due(doc, item):
            if doc.storage_key:
                _delete_after_commit(session, doc.storage_key)
            doc.storage_key = None
            doc.purged_at = now
            gone += 1
    return gone


def _purge_texts(session: Session, request_id: int) -> None:
    session.execute(delete(ExtractedPage).where(ExtractedPage.request_id == request_id))
    session.execute(
        update(Segment)
        .where(Segment.request_id == request_id)
        .values(source_text="", draft_text=None, final_text=None, glossary=[], protected=[], qa=[], entities=[],
                draft_notes=[], tm_source=None)
        .execution_options(synchronize_session=False)
    )


def _doc_due(doc: Document, item: PurgeItem) -> bool:
    return (item.originals and doc.role == DocumentRole.ORIGINAL) or (
        item.translations and doc.role == DocumentRole.DELIVERABLE
    )


def _closed_on_or_before(cutoff: date) -> ColumnElement[bool]:
    # Cancelled requests have no delivery date: the last change (the cancellation) dates them.
    end_of_cutoff = datetime.combine(cutoff + timedelta(days=1), time.min)
    return or_(
        and_(TranslationRequest.status == RequestStatus.DELIVERED, TranslationRequest.delivered_on <= cutoff),
        and_(
            TranslationRequest.status == RequestStatus.CANCELLED,
            TranslationRequest.updated_at < end_of_cutoff,
        ),
    )


def _originals_due(cutoff: date | None) -> ColumnElement[bool]:
    if cutoff is None:
        return false()
    rid = TranslationRequest.id
    has_data = or_(
        exists().where(
            Document.request_id == rid, Document.role == DocumentRole.ORIGINAL, Document.purged_at.is_(None)
        ),
        exists().where(ExtractedPage.request_id == rid),
        exists().where(
            Segment.request_id == rid,
            or_(Segment.source_text != "", Segment.draft_text.is_not(None), Segment.final_text.is_not(None)),
        ),
    )
    return and_(_closed_on_or_before(cutoff), has_data)


def _translations_due(cutoff: date | None) -> ColumnElement[bool]:
    if cutoff is None:
        return false()
    return and_(
        TranslationRequest.status == RequestStatus.DELIVERED,
        TranslationRequest.delivered_on <= cutoff,
        exists().where(
            Document.request_id == TranslationRequest.id,
            Document.role == DocumentRole.DELIVERABLE,
            Document.purged_at.is_(None),
        ),
    )


def _matches(session: Session, request: TranslationRequest, condition: ColumnElement[bool]) -> bool:
    return (
        session.scalar(select(TranslationRequest.id).where(TranslationRequest.id == request.id, condition))
        is not None
    )


def _delete_after_commit(session: Session, key: str) -> None:
    session.info.setdefault(_FILES_TO_DELETE, []).append(key)


@sa_event.listens_for(Session, "after_commit")
def _delete_files(session: Session) -> None:
    keys = session.info.pop(_FILES_TO_DELETE, [])
    if keys:
        store = get_store()
        for key in keys:
            store.delete(key)


@sa_event.listens_for(Session, "after_rollback")
def _keep_files(session: Session) -> None:
    session.info.pop(_FILES_TO_DELETE, None)
