"""Purging personal data past its retention period, while keeping what the indicators count.

What goes with the original (PASSERELLE_RETENTION_ORIGINALS_DAYS after delivery or cancellation): every
stored file of the request but its translation (the original, page images), the extracted page texts, the
segments' texts (source, draft, final, memory sentence, glossary hits, protected tokens, entities, QA and
drafting notes), the vendor packages (masked text, redacted original) with where their placeholders stood,
the translation-memory entries the request's segments made, the thread's message bodies and attachments,
the subject's name and birth date, and the file names (they may carry a name) in the documents and the
trail. The translation (PASSERELLE_RETENTION_TRANSLATIONS_DAYS after delivery) goes on its own schedule.
What stays: the request row with its dates, pages, words, handled_by and cost, the segment rows with their
edit distance, the jobs' costs and invoices, the documents' metadata (role, size, hash, `purged_at`), the
access log and the audit trail, so the delay and cost indicators and the post-editing statistics read the
same after a purge.
Files are deleted only once the database change is committed: a rollback never leaves a request pointing
at a missing file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePosixPath

from sqlalchemy import ColumnElement, and_, delete, exists, false, func, or_, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from service.db.base import utcnow
from service.kit.storage import get_store
from service.models import (
    Base,
    Document,
    Event,
    ExtractedPage,
    MemoryEntry,
    Message,
    MessageAttachment,
    OutsourcedJob,
    Segment,
    TranslationRequest,
)
from service.models.enums import DocumentRole, RequestStatus
from service.retention.policy import RetentionPolicy
from service.translation_request import service as request_service

_FILES_TO_DELETE = "passerelle_retention_files"
# Every kind of object a purge removes, as the dry run and the report count them.
KINDS = ("original", "page_image", "other_file", "deliverable", "extracted_page", "segment_text", "vendor_package",
         "memory_entry", "message_body", "message_attachment", "subject")
PURGED_PACKAGE = "purged"  # service.vendor.jobs.PURGED: the retention domain does not import outsourcing


@dataclass
class PurgeItem:
    """What a purge removes (or would remove) from one request: objects counted by kind, and the files."""

    request_id: int
    reference: str
    originals: bool
    translations: bool
    files: list[str] = field(default_factory=list)
    objects: dict[str, int] = field(default_factory=dict)


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
    """The requests whose originals or translations are due for purging, oldest first, with what would go."""
    today = today or date.today()
    originals_due = _originals_due(policy.originals_cutoff(today))
    translations_due = _translations_due(policy.translations_cutoff(today))
    query = (
        select(TranslationRequest).where(or_(originals_due, translations_due)).order_by(TranslationRequest.id)
    )
    if limit:
        query = query.limit(limit)
    return [
        inventory(session, request, originals=_matches(session, request, originals_due),
                  translations=_matches(session, request, translations_due))
        for request in session.scalars(query)
    ]


def inventory(session: Session, request: TranslationRequest, *, originals: bool, translations: bool) -> PurgeItem:
    """Every object of `request` a purge of its originals and/or translation removes, counted by kind."""
    item = PurgeItem(request_id=request.id, reference=request.reference, originals=originals,
                     translations=translations, objects=dict.fromkeys(KINDS, 0))
    for doc in request.documents:
        if doc.purged_at is None and doc.storage_key and _doc_due(doc, item):
            item.files.append(doc.storage_key)
            item.objects[_file_kind(doc)] += 1
    if originals:
        rid = request.id
        item.objects["extracted_page"] = _count(session, ExtractedPage, ExtractedPage.request_id == rid)
        item.objects["segment_text"] = _count(session, Segment, Segment.request_id == rid, _has_text())
        item.objects["memory_entry"] = _count(session, MemoryEntry, MemoryEntry.request_id == rid)
        item.objects["message_body"] = _count(session, Message, Message.request_id == rid, Message.body != "")
        packages = list(session.scalars(select(OutsourcedJob.package_key).where(
            OutsourcedJob.request_id == rid, OutsourcedJob.package_key.is_not(None))))
        attachments = list(session.scalars(select(MessageAttachment.storage_key).join(Message).where(
            Message.request_id == rid, MessageAttachment.storage_key.is_not(None))))
        item.objects["vendor_package"], item.objects["message_attachment"] = len(packages), len(attachments)
        item.files += [k for k in packages + attachments if k]
        item.objects["subject"] = int(bool(request.subject_name or request.subject_birth_date))
    return item


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
    for item in items:
        request = session.get(TranslationRequest, item.request_id)
        assert request is not None
        apply(session, request, item)
        request_service.record_event(session, request, action="retention.purged", detail={
            "originals": item.originals, "translations": item.translations,
            "documents": sum(item.objects[k] for k in ("original", "page_image", "other_file", "deliverable")),
            "objects": {k: n for k, n in item.objects.items() if n}})
    session.flush()
    return PurgeReport(items=items)


def apply(session: Session, request: TranslationRequest, item: PurgeItem) -> None:
    """Remove what `item` lists from `request` (flushes; files go once the caller commits)."""
    now = utcnow()
    for doc in request.documents:
        if doc.purged_at is None and _doc_due(doc, item):
            if doc.storage_key:
                _delete_after_commit(session, doc.storage_key)
            doc.storage_key, doc.purged_at = None, now
            doc.original_name = f"{doc.role}{PurePosixPath(doc.original_name).suffix[:10]}"
    if item.originals:
        _purge_texts(session, request, now)


def _purge_texts(session: Session, request: TranslationRequest, now: datetime) -> None:
    rid = request.id
    session.execute(delete(ExtractedPage).where(ExtractedPage.request_id == rid))
    session.execute(
        update(Segment)
        .where(Segment.request_id == rid)
        .values(source_text="", draft_text=None, final_text=None, glossary=[], protected=[], qa=[], entities=[],
                draft_notes=[], tm_source=None)
        .execution_options(synchronize_session=False)
    )
    # Memory entries hold placeholders, not values; still, they are sentences of this document.
    session.execute(delete(MemoryEntry).where(MemoryEntry.request_id == rid))
    for job in session.scalars(select(OutsourcedJob).where(OutsourcedJob.request_id == rid,
                                                           OutsourcedJob.package_key.is_not(None))):
        assert job.package_key is not None
        _delete_after_commit(session, job.package_key)
        job.package_key, job.package_state, job.mask_occurrences = None, PURGED_PACKAGE, []
    for message in session.scalars(select(Message).where(Message.request_id == rid)):
        message.body = ""
        for attachment in message.attachments:
            if attachment.storage_key:
                _delete_after_commit(session, attachment.storage_key)
            attachment.storage_key, attachment.purged_at = None, attachment.purged_at or now
            attachment.original_name = f"piece{PurePosixPath(attachment.original_name).suffix[:10]}"
    request.subject_name = request.subject_birth_date = None
    for event in session.scalars(select(Event).where(Event.request_id == rid)):
        if "file" in (event.detail or {}):  # the submitted file's name may carry a person's name
            event.detail = {**event.detail, "file": "original"}


def _file_kind(doc: Document) -> str:
    if doc.role == DocumentRole.ORIGINAL:
        return "original"
    if doc.role == DocumentRole.DELIVERABLE:
        return "deliverable"
    return "page_image" if doc.role == "page_image" else "other_file"


def _doc_due(doc: Document, item: PurgeItem) -> bool:
    # Every file of the request but its translation goes with the original (page images included).
    if doc.role == DocumentRole.DELIVERABLE:
        return item.translations
    return item.originals


def _has_text() -> ColumnElement[bool]:
    return or_(Segment.source_text != "", Segment.draft_text.is_not(None), Segment.final_text.is_not(None))


def _count(session: Session, model: type[Base], *conditions: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


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
        exists().where(Document.request_id == rid, Document.role != DocumentRole.DELIVERABLE,
                       Document.purged_at.is_(None)),
        exists().where(ExtractedPage.request_id == rid),
        exists().where(Segment.request_id == rid, _has_text()),
        exists().where(OutsourcedJob.request_id == rid, OutsourcedJob.package_key.is_not(None)),
        exists().where(MemoryEntry.request_id == rid),
        exists().where(Message.request_id == rid, Message.body != ""),
        TranslationRequest.subject_name.is_not(None),
        TranslationRequest.subject_birth_date.is_not(None),
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
