"""Translation requests: create, see, move through the lifecycle, fail and retry, cancel."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction, selectinload

from service.caisse import service as caisse_service
from service.config import get_settings
from service.db.base import utcnow
from service.errors import Forbidden
from service.kit.storage import put_in_transaction
from service.models import Caisse, Document, DocumentAccess, Event, Partner, TranslationRequest, User
from service.models.enums import DocumentRole, RequestStatus, Role
from service.translation_request import callbacks, offers, pipeline, references, waiting
from service.translation_request.errors import IllegalTransition, InvalidMetadata, RequestNotFound
from service.translation_request.intake import Submission, due_on
from service.translation_request.schemas import LANGUAGES, RequestFilters
from service.translation_request.state import can_transition


def create(session: Session, *, submitter: User, submission: Submission,
           received_on: date | None = None, caisse_id: int | None = None) -> TranslationRequest:
    """Store the document, create the request in `received` and queue its first step (text extraction).

    `caisse_id` defaults to the submitter's caisse; a partner's request names its partner's caisse.
    """
    caisse_id = caisse_id or submitter.caisse_id
    if caisse_id is None:
        raise Forbidden("Only accounts attached to a caisse can submit documents.")
    if submission.callback_url:
        caisse_service.check_callback_url(session, caisse_id=caisse_id, url=submission.callback_url)
    received = received_on or date.today()
    stored = put_in_transaction(session, submission.data)
    request = TranslationRequest(
        reference=f"pending-{uuid.uuid4().hex[:24]}", caisse_id=caisse_id, submitter_id=submitter.id,
        source_lang=submission.source_lang, target_lang=submission.target_lang,
        document_type=submission.document_type, channel=submission.channel, urgency=submission.urgency,
        received_on=received, due_on=due_on(received, submission.urgency, get_settings().default_delay_days,
                                            submission.service_level),
        status=RequestStatus.RECEIVED, external_reference=submission.external_reference,
        callback_url=submission.callback_url, subject_name=submission.subject_name,
        subject_birth_date=submission.subject_birth_date, country=submission.country, warnings=[],
        page_selection=submission.page_selection, scope=submission.scope, purpose=submission.purpose,
        service_level=submission.service_level, service_level_reason=submission.service_level_reason,
    )
    request.duplicate_of_id = _earlier_with_same_file(session, caisse_id, stored.sha256)
    request.reuse_of_id = offers.earlier_certified(session, caisse_id=caisse_id, sha256=stored.sha256,
                                                   target_lang=submission.target_lang,
                                                   page_selection=submission.page_selection)
    if request.reuse_of_id is not None:
        request.offer_status = offers.PENDING  # nothing is done until the agent answers the offer
    session.add(request)
    session.flush()
    request.reference = references.free_reference(session, received.year, request.id)
    session.add(Document(request_id=request.id, role=DocumentRole.ORIGINAL, storage_key=stored.key,
                         sha256=stored.sha256, size_bytes=stored.size_bytes, mime_type=submission.mime_type,
                         original_name=submission.filename))
    detail: dict[str, Any] = {"file": submission.filename, "mime_type": submission.mime_type}
    if request.duplicate_of_id:
        detail["duplicate_of"] = request.duplicate_of_id
    if request.reuse_of_id:
        detail["reuse_offered"] = request.reuse_of_id
    detail.update(service_level=request.service_level, service_level_reason=request.service_level_reason)
    if request.page_selection or request.scope != "full":
        detail.update(pages=request.page_selection, scope=request.scope)
    record_event(session, request, action="submitted", actor=submitter, to_status=RequestStatus.RECEIVED,
                 detail=detail)
    pipeline.advance(session, request)
    return request


def _earlier_with_same_file(session: Session, caisse_id: int, sha256: str) -> int | None:
    return session.scalar(
        select(TranslationRequest.id).join(Document, Document.request_id == TranslationRequest.id)
        .where(TranslationRequest.caisse_id == caisse_id, Document.sha256 == sha256,
               Document.role == DocumentRole.ORIGINAL)
        .order_by(TranslationRequest.id).limit(1)
    )


def visibility(user: User) -> ColumnElement[bool]:
    """A SQL condition selecting the requests `user` may see."""
    if user.role in (Role.MANAGER, Role.ADMIN):
        return true()
    if user.role == Role.SUBMITTER:
        return TranslationRequest.caisse_id == user.caisse_id if user.caisse_id else false()
    if user.role == Role.PARTNER:
        # A partner's requests (consultations converted) belong to its partner's own caisse row.
        return TranslationRequest.caisse_id == _partner_caisse(user)
    if user.role == Role.TRANSLATOR:
        # Need to know: the requests assigned to them, and the pool they may take (their pairs, nobody
        # assigned yet, ready for revision) - not every request of their pairs in every caisse.
        pairs = [p.split(">", 1) for p in (user.language_pairs or []) if ">" in p]
        covered = [and_(TranslationRequest.source_lang == s, TranslationRequest.target_lang == t)
                   for s, t in pairs]
        pool = and_(TranslationRequest.assignee_id.is_(None), TranslationRequest.status.in_(POOL_STATUSES),
                    or_(*covered)) if covered else false()
        return or_(TranslationRequest.assignee_id == user.id, pool)
    return false()


# What a translator of the pair may take from the pool (as `revision.start` allows), while nobody holds it.
POOL_STATUSES = (RequestStatus.DRAFTED, RequestStatus.ASSIGNED, RequestStatus.RETURNED)


def _partner_caisse(user: User) -> ColumnElement[int]:
    return select(Partner.caisse_id).where(Partner.id == user.partner_id).scalar_subquery()


def get_visible(session: Session, *, user: User, request_id: int, lock: bool = False) -> TranslationRequest:
    """The request if `user` may see it; 404 otherwise (never 403: existence is not disclosed).

    `lock` takes the row lock at once (see `lock`), for a caller that decides on the status before
    changing it; `transition` takes it anyway.
    """
    query = select(TranslationRequest).where(TranslationRequest.id == request_id, visibility(user))
    if lock:
        query = query.with_for_update(of=TranslationRequest).execution_options(populate_existing=True)
    request = session.scalar(query)
    if request is None:
        raise RequestNotFound(request_id)
    if lock:
        _locked(session).add(request.id)
    return request


def get(session: Session, request_id: int, *, lock: bool = False) -> TranslationRequest:
    """The request by id, for background work (no visibility rule); `lock` as in `get_visible`.

    `of=` locks only the request: FOR UPDATE may not reach the outer-joined caisse on PostgreSQL.
    """
    request = session.get(TranslationRequest, request_id, populate_existing=lock,
                          with_for_update={"of": TranslationRequest} if lock else None)
    if request is None:
        raise RequestNotFound(request_id)
    if lock:
        _locked(session).add(request.id)
    return request


def lock(session: Session, request: TranslationRequest) -> None:
    """Take the request's row lock (SELECT ... FOR UPDATE on PostgreSQL) and read its status again under it.

    Once per transaction: a change racing another one (a cancel and a delivery, a manager and a worker)
    waits for it to commit, then sees the status it left instead of overwriting it. `transition` calls
    this itself; call it first when a decision depends on the status (what to withdraw, whether to build
    a deliverable). Other pending changes of `request` are kept.
    """
    locked = _locked(session)
    if request.id in locked:
        return
    session.refresh(request, ["status", "failed_from"], with_for_update={"of": TranslationRequest})
    locked.add(request.id)


_LOCKED = "passerelle_locked_requests"


def _locked(session: Session) -> set[int]:
    locked: set[int] = session.info.setdefault(_LOCKED, set())
    return locked


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_locks(session: Session, transaction: SessionTransaction) -> None:
    # Row locks end with the database transaction, and so does what this session knows of them.
    if transaction.parent is None:
        session.info.pop(_LOCKED, None)


def list_visible(session: Session, *, user: User,
                 filters: RequestFilters) -> tuple[list[TranslationRequest], int]:
    """One page of the requests `user` may see, newest first, and the total count."""
    query = _filtered(select(TranslationRequest).where(visibility(user)), filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    size = max(1, min(filters.page_size, 100))
    rows = session.scalars(
        query.options(selectinload(TranslationRequest.documents))  # one query for the page, not one a row
        .order_by(TranslationRequest.received_on.desc(), TranslationRequest.id.desc())
        .offset((max(filters.page, 1) - 1) * size).limit(size)
    ).all()
    return list(rows), total


def _filtered(query: Select[Any], f: RequestFilters) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if f.status:
        conditions.append(TranslationRequest.status.in_(f.status.split(",")))
    if f.caisse:
        query = query.join(Caisse, Caisse.id == TranslationRequest.caisse_id)
        conditions.append(Caisse.code == f.caisse)
    for column, value in ((TranslationRequest.source_lang, f.source_lang),
                          (TranslationRequest.target_lang, f.target_lang),
                          (TranslationRequest.channel, f.channel),
                          (TranslationRequest.assignee_id, f.assignee_id)):
        if value is not None:
            conditions.append(column == value)
    if f.q:
        pattern = f"%{f.q.strip()}%"
        conditions.append(or_(TranslationRequest.reference.ilike(pattern),
                              TranslationRequest.external_reference.ilike(pattern)))
    if f.received_from:
        conditions.append(TranslationRequest.received_on >= f.received_from)
    if f.received_to:
        conditions.append(TranslationRequest.received_on <= f.received_to)
    return query.where(*conditions)


def transition(session: Session, request: TranslationRequest, *, to: RequestStatus, actor: User | None = None,
               action: str | None = None, detail: dict[str, Any] | None = None) -> None:
    """Move `request` to `to` under its row lock, recording the event (and its callback); an illegal move
    (from the status read under the lock) is a 409."""
    lock(session, request)
    current = RequestStatus(request.status)
    if not can_transition(current, to):
        raise IllegalTransition(request.reference, current, to)
    request.status = to
    if to != RequestStatus.FAILED:
        request.failure_code = request.failure_detail = request.failed_from = None
    if to == RequestStatus.DELIVERED:
        request.delivered_on = date.today()
    if to in (RequestStatus.DELIVERED, RequestStatus.CANCELLED):
        waiting.stop(session, request, actor=actor)
    record_event(session, request, action=action or f"status.{to}", actor=actor, from_status=current,
                 to_status=to, detail=detail)


def fail(session: Session, request: TranslationRequest, *, code: str, detail: str) -> None:
    """Record a failure the caisse and translators can read; the request can be retried later."""
    lock(session, request)
    failed_from = request.status
    transition(session, request, to=RequestStatus.FAILED, action="failed",
               detail={"code": code, "detail": detail})
    request.failed_from = failed_from
    request.failure_code = code
    request.failure_detail = detail
    clear_progress(request)


def retry(session: Session, request: TranslationRequest, *, actor: User | None) -> None:
    """Put a failed request back before the step that failed and queue that step again."""
    lock(session, request)
    if request.status != RequestStatus.FAILED:
        raise IllegalTransition(request.reference, request.status, "retry")
    transition(session, request, to=pipeline.retry_point(request.failed_from), actor=actor, action="retried")
    pipeline.advance(session, request)


# Where a wrongly declared source language can still be corrected: nobody has revised a segment yet.
LANGUAGE_CORRECTABLE = (RequestStatus.DRAFTED, RequestStatus.ASSIGNED, RequestStatus.FAILED)


def replace_original(session: Session, request: TranslationRequest, *, data: bytes, filename: str,
                     mime_type: str, actor: User) -> Document:
    """Give a failed request a new original (the caisse's better scan) and read it from the start.

    The earlier original stays in the request's documents (and its retention rules); the new one is the
    latest, which extraction reads. Only a failed request's file can be replaced: a request being worked
    on keeps the document its translator sees.
    """
    lock(session, request)
    if request.status != RequestStatus.FAILED:
        raise IllegalTransition(request.reference, request.status, "replace_original")
    stored = put_in_transaction(session, data)
    document = Document(request_id=request.id, role=DocumentRole.ORIGINAL, storage_key=stored.key,
                        sha256=stored.sha256, size_bytes=stored.size_bytes, mime_type=mime_type,
                        original_name=filename)
    session.add(document)
    request.documents.append(document)
    request.warnings = []
    transition(session, request, to=RequestStatus.RECEIVED, actor=actor, action="original_replaced",
               detail={"file": filename, "mime_type": mime_type, "failure_code": request.failure_code})
    pipeline.advance(session, request)
    return document


def correct_source_language(session: Session, request: TranslationRequest, *, source_lang: str,
                            actor: User) -> None:
    """Set the right source language and read and draft the request again from its original.

    Allowed until revision starts (drafted, assigned, failed): the text is extracted with the right OCR
    language and drafted by the right model, then routed anew (the assignee may not cover the new pair).
    """
    lock(session, request)
    if request.status not in LANGUAGE_CORRECTABLE:
        raise IllegalTransition(request.reference, request.status, "correct_source_language")
    if source_lang not in LANGUAGES or source_lang == request.target_lang:
        raise InvalidMetadata("source_lang", "Choose a supported source language, different from the target.")
    previous = request.source_lang
    request.source_lang = source_lang
    request.assignee_id = request.handled_by = None
    request.warnings = []
    transition(session, request, to=RequestStatus.RECEIVED, actor=actor, action="source_language_corrected",
               detail={"from": previous, "to": source_lang})
    pipeline.advance(session, request)


def set_progress(request: TranslationRequest, *, label: str, done: int, total: int) -> None:
    """Show how far the running background step is ("OCR page 3/12")."""
    request.progress_label, request.progress_done, request.progress_total = label, done, total


def clear_progress(request: TranslationRequest) -> None:
    """Forget the progress of a finished step."""
    request.progress_label = request.progress_done = request.progress_total = None


def record_event(session: Session, request: TranslationRequest, *, action: str, actor: User | None = None,
                 from_status: str | None = None, to_status: str | None = None,
                 detail: dict[str, Any] | None = None) -> Event:
    """Append an audit event; status changes are also sent to the caisse's callback URL."""
    event = Event(request_id=request.id, actor_id=actor.id if actor else None, at=utcnow(), action=action,
                  from_status=from_status, to_status=to_status, detail=detail or {})
    session.add(event)
    session.flush()
    if request.callback_url and to_status:
        callbacks.schedule(session, request, event)
    return event


def events(session: Session, request: TranslationRequest) -> list[Event]:
    """The request's audit trail, oldest first."""
    return list(session.scalars(select(Event).where(Event.request_id == request.id).order_by(Event.id)))


# What a caisse reads of its request's trail, as the portal shows it: the status changes, by whom only when
# it was one of its own agents, and no internal detail (vendor, translator, routing override, QA).
CAISSE_ACTIONS = frozenset({"submitted", "cancelled", "failed", "retried"})
CAISSE_DETAIL_KEYS = {"failed": ("code", "detail")}


def visible_events(session: Session, request: TranslationRequest, *, user: User) -> list[Event]:
    """The request's trail as `user` may read it: everything for staff; for a caisse, the status changes.

    A caisse's view is built of detached copies (never flushed): the stored trail stays whole.
    """
    trail = events(session, request)
    if user.role != Role.SUBMITTER:
        return trail
    actor_ids = {e.actor_id for e in trail if e.actor_id is not None}
    own = set(session.scalars(select(User.id).where(User.id.in_(actor_ids), User.caisse_id == request.caisse_id))) \
        if actor_ids else set()
    return [Event(id=e.id, request_id=e.request_id, at=e.at, from_status=e.from_status, to_status=e.to_status,
                  action=e.action if e.action in CAISSE_ACTIONS else f"status.{e.to_status}",
                  actor_id=e.actor_id if e.actor_id in own else None,
                  detail={k: e.detail[k] for k in CAISSE_DETAIL_KEYS.get(e.action, ()) if k in (e.detail or {})})
            for e in trail if e.to_status]


def document(request: TranslationRequest, role: DocumentRole) -> Document | None:
    """The request's latest live document of `role` (original or deliverable)."""
    live = [d for d in request.documents if d.role == role and d.purged_at is None and d.storage_key]
    return live[-1] if live else None


def record_read(session: Session, request: TranslationRequest, *, user: User | None, object_kind: str,
                purpose: str, channel: str, ref: str | None = None, doc: Document | None = None) -> None:
    """Log one read of the request's content: who, when, which object (`doc`, else the original whose text it
    is), why and through what (api, portal, editor). Each route that shows content calls this once."""
    doc = doc or document(request, DocumentRole.ORIGINAL)
    session.add(DocumentAccess(document_id=doc.id if doc else None, request_id=request.id,
                               user_id=user.id if user else None, at=utcnow(), purpose=purpose,
                               object_kind=object_kind, object_ref=ref, channel=channel))
