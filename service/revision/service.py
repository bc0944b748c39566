"""Revision and delivery: take a request, edit and confirm segments, pass QA, deliver the document.

The web pages and the API call these same functions, so every rule (who may edit, what blocks
delivery) lives here. The caller owns the transaction; functions only flush.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import Levenshtein
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from service import engines
from service.db.base import utcnow
from service.kit.storage import put_in_transaction
from service.models import Document, Segment, TranslationRequest, User
from service.models.enums import DocumentRole, HandledBy, RequestStatus, Role, SegmentStatus, TranslatorStatus
from service.revision import delivery, qa
from service.revision.errors import (
    AlreadyTaken,
    NotAnExtract,
    NotDeliverable,
    NothingToDeliver,
    NothingToJustify,
    NotInRevision,
    NotStartable,
    NotYourRequest,
    PairNotCovered,
    QaBlocking,
    SegmentChanged,
    SegmentNotFound,
)
from service.revision.schemas import DeliveryFormat
from service.translation_request import intake, levels
from service.translation_request import service as request_service

MAX_PAGE_SIZE = 200
# One save never adds more active time than this: the editor sends what it measured since its last save,
# and an hour on one sentence without a pause of 2 minutes is not editing.
MAX_EDITING_SECONDS = 3600.0
# Where a revision can start from: routed to someone, still in the pool, or back from a vendor.
STARTABLE = (RequestStatus.ASSIGNED, RequestStatus.DRAFTED, RequestStatus.RETURNED)


@dataclass(frozen=True)
class SegmentView:
    """A segment with its current QA findings."""

    segment: Segment
    issues: list[qa.Issue]


@dataclass(frozen=True)
class SegmentListing:
    """One page of a request's segments."""

    items: list[SegmentView]
    total: int
    confirmed: int
    page: int
    page_size: int


def is_manager(user: User) -> bool:
    """Managers and admins may act on any request."""
    return user.role in (Role.MANAGER, Role.ADMIN)


def may_edit(request: TranslationRequest, user: User) -> bool:
    """Whether `user` may edit and deliver `request`: its assignee, or a manager."""
    return is_manager(user) or (user.role == Role.TRANSLATOR and request.assignee_id == user.id)


def require_editor(request: TranslationRequest, user: User) -> None:
    """Refuse (403) anyone but the assignee or a manager."""
    if not may_edit(request, user):
        raise NotYourRequest(request.reference)


def start(session: Session, request: TranslationRequest, *, actor: User) -> None:
    """Open the revision: the assignee (or a manager) moves the request to `in_revision`.

    A translator covering the pair may take a pool request that nobody is assigned to.
    """
    if request.status == RequestStatus.IN_REVISION:
        require_editor(request, actor)
        return  # a second click on "Commencer" changes nothing
    if request.status not in STARTABLE:
        raise NotStartable(request.reference, request.status)
    if request.assignee_id is None and actor.role == Role.TRANSLATOR:
        _take_from_pool(session, request, actor=actor)
    require_editor(request, actor)
    request_service.transition(session, request, to=RequestStatus.IN_REVISION, actor=actor,
                               action="revision.started")


def _take_from_pool(session: Session, request: TranslationRequest, *, actor: User) -> None:
    if not actor.covers(request.source_lang, request.target_lang):
        raise PairNotCovered(request.reference, f"{request.source_lang}>{request.target_lang}")
    # Conditional update: of two translators clicking at once, exactly one gets the request.
    unassigned = (TranslationRequest.id == request.id, TranslationRequest.assignee_id.is_(None))
    taken = session.execute(update(TranslationRequest).where(*unassigned).values(assignee_id=actor.id)
                            .execution_options(synchronize_session=False))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyTaken(request.reference)
    request.assignee_id = actor.id
    if request.handled_by != HandledBy.EXTERNAL:  # a vendor's return revised in-house stays external
        request.handled_by = handled_by_for(actor)
    if request.status == RequestStatus.DRAFTED:
        request_service.transition(session, request, to=RequestStatus.ASSIGNED, actor=actor,
                                   action="assignment.taken", detail={"assignee_id": actor.id})


def handled_by_for(user: User) -> HandledBy:
    """How a request handled by `user` counts in the indicators (trainees are set apart in IR.8.3)."""
    return HandledBy.TRAINEE if user.translator_status == TranslatorStatus.TRAINEE else HandledBy.INTERNAL


def list_segments(session: Session, request: TranslationRequest, *, page: int = 1,
                  page_size: int = 50) -> SegmentListing:
    """One page of segments in reading order, each with its QA findings."""
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    rows = session.scalars(select(Segment).where(Segment.request_id == request.id)
                           .order_by(Segment.position).offset((page - 1) * size).limit(size)).all()
    total, confirmed = session.execute(
        select(func.count(), func.count().filter(Segment.status == SegmentStatus.CONFIRMED))
        .where(Segment.request_id == request.id)).one()
    items = [SegmentView(s, segment_issues(s, target_lang=request.target_lang)) for s in rows]
    return SegmentListing(items=items, total=total, confirmed=confirmed, page=page, page_size=size)


def get_segment(session: Session, request: TranslationRequest, *, position: int, lock: bool = False) -> Segment:
    """The segment at `position`; 404 when there is none. `lock` takes its row lock (PostgreSQL) to change it."""
    query = select(Segment).where(Segment.request_id == request.id, Segment.position == position)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    segment = session.scalar(query)
    if segment is None:
        raise SegmentNotFound(request.reference, position)
    return segment


def _editable_segment(session: Session, request: TranslationRequest, *, position: int,
                      actor: User) -> Segment:
    require_editor(request, actor)
    if request.status != RequestStatus.IN_REVISION:
        raise NotInRevision(request.reference, request.status)
    return get_segment(session, request, position=position, lock=True)


def _require_version(segment: Segment, expected_version: int | None) -> None:
    """Refuse (409, with the current text) a change made from another version than the stored one."""
    if expected_version is not None and segment.version != expected_version:
        raise SegmentChanged(segment.position, current_text=segment.final_text, current_version=segment.version,
                             current_status=segment.status)


def _flush_versioned(session: Session, segment: Segment) -> None:
    """Flush a segment change; a save that raced it from the same version (SQLite has no row lock) is a 409."""
    position = segment.position  # read now: after a failed flush the session can load nothing
    try:
        session.flush()
    except StaleDataError as e:
        raise SegmentChanged(position, current_text=None, current_version=None, current_status=None) from e


def add_editing_time(session: Session, segment: Segment, seconds: float | None) -> None:
    """Add active editing time the editor measured to the segment.

    Written beside the ORM on purpose: time is not content, so it neither bumps the segment's version
    (a colleague's save made meanwhile still conflicts only over text) nor is refused by a stale one.
    """
    if seconds is None or seconds <= 0:
        return
    seconds = round(min(float(seconds), MAX_EDITING_SECONDS), 1)
    session.execute(update(Segment).where(Segment.id == segment.id)
                    .values(editing_seconds=func.coalesce(Segment.editing_seconds, 0.0) + seconds)
                    .execution_options(synchronize_session=False))
    set_committed_value(segment, "editing_seconds", round((segment.editing_seconds or 0.0) + seconds, 1))


def save(session: Session, request: TranslationRequest, *, position: int, final_text: str,
         actor: User, expected_version: int | None = None, editing_seconds: float | None = None) -> Segment:
    """Autosave a segment's final text; saving the same text again changes nothing.

    Only the segment's own row is written, so saves of different segments never overwrite each
    other. Editing a confirmed segment reopens it: the new text must be confirmed again. With
    `expected_version` (the API's If-Match, the editor's hidden version), a segment saved meanwhile by
    someone else is not overwritten: 409 with its current text. Without it, the last save wins.
    `editing_seconds`, the active time measured since the editor's last save, is added in any case.
    """
    segment = _editable_segment(session, request, position=position, actor=actor)
    add_editing_time(session, segment, editing_seconds)
    if segment.final_text == final_text:
        return segment
    _require_version(segment, expected_version)
    segment.final_text = final_text
    if segment.status == SegmentStatus.CONFIRMED:
        segment.status = SegmentStatus.DRAFTED if segment.draft_text is not None else SegmentStatus.PENDING
        segment.confirmed_by_id = segment.confirmed_at = segment.edit_distance = None
    _flush_versioned(session, segment)
    return segment


def confirm(session: Session, request: TranslationRequest, *, position: int, actor: User,
            final_text: str | None = None, expected_version: int | None = None,
            editing_seconds: float | None = None) -> Segment:
    """Confirm a segment: record its final text and post-editing effort, and feed the translation memory.

    Without `final_text`, the saved text is confirmed, else the draft as it stands if it is shown (a draft
    held back as unreliable is never confirmed unseen: the text is then empty, which QA stops).
    `expected_version` and `editing_seconds` as in `save`.
    """
    segment = _editable_segment(session, request, position=position, actor=actor)
    _require_version(segment, expected_version)
    add_editing_time(session, segment, editing_seconds)
    if final_text is None:
        shown = segment.draft_text if segment.draft_shown else None
        final_text = segment.final_text if segment.final_text is not None else shown or ""
    segment.final_text = final_text
    segment.status = SegmentStatus.CONFIRMED
    segment.confirmed_by_id = actor.id
    segment.confirmed_at = utcnow()
    segment.edit_distance = round(Levenshtein.normalized_distance(segment.draft_text or "", final_text), 4)
    _flush_versioned(session, segment)
    if final_text.strip():
        _remember(session, request, segment, actor)
    return segment


def _remember(session: Session, request: TranslationRequest, segment: Segment, actor: User) -> None:
    # Imported lazily: the memory domain loads its own dependencies, needed only once a segment is confirmed.
    from service.memory import service as memory_service

    memory_service.remember(session, source_lang=request.source_lang, target_lang=request.target_lang,
                            source_text=segment.source_text, target_text=segment.final_text or "",
                            origin="revision", request_id=request.id, user_id=actor.id,
                            subject=engines.Subject(request.subject_name, request.subject_birth_date))


def segment_issues(segment: Segment, *, target_lang: str = "fr") -> list[qa.Issue]:
    """The QA findings of one segment (into `target_lang`, the request's), with the justifications given
    for its current text."""
    text = qa.SegmentText(position=segment.position, source=segment.source_text, final=segment.final_text,
                          confirmed=segment.status == SegmentStatus.CONFIRMED,
                          protected=list(segment.protected or []), glossary=list(segment.glossary or []),
                          draft=segment.draft_text, target_lang=target_lang,
                          draft_names=[n for note in segment.draft_notes or [] for n in note.get("names", [])])
    issues = qa.check_segment(text)
    return qa.apply_justifications(issues, segment.qa or [], segment.final_text)


def qa_report(session: Session, request: TranslationRequest) -> list[qa.Issue]:
    """Every QA finding of the request, in reading order."""
    query = select(Segment).where(Segment.request_id == request.id)
    if request.scope == "extract":
        query = query.where(Segment.in_extract.is_(True))  # the rest is not translated, by design
    segments = session.scalars(query.order_by(Segment.position))
    return [issue for s in segments for issue in segment_issues(s, target_lang=request.target_lang)]


def mark_extract(session: Session, request: TranslationRequest, *, position: int, in_extract: bool,
                 actor: User) -> Segment:
    """In an extract translation, mark whether a segment carries the facts asked for (only those are delivered)."""
    if request.scope != "extract":
        raise NotAnExtract(request.reference)
    segment = _editable_segment(session, request, position=position, actor=actor)
    segment.in_extract = in_extract
    _flush_versioned(session, segment)
    return segment


def justify(session: Session, request: TranslationRequest, *, position: int, code: str, reason: str,
            actor: User) -> Segment:
    """Accept an open QA finding with a reason; it holds until the segment's text changes."""
    segment = _editable_segment(session, request, position=position, actor=actor)
    reason = reason.strip()
    found = [i for i in segment_issues(segment, target_lang=request.target_lang)
             if i.code == code and i.justifiable]
    if not found or len(reason) < 3:
        raise NothingToJustify(position, code)
    kept = [entry for entry in (segment.qa or [])
            if not (entry.get("justified") and entry.get("code") == code)]
    # A new list: JSON columns only notice reassignment.
    segment.qa = [*kept, {"code": code, "justified": True, "reason": reason[:1000], "by": actor.id,
                          "at": utcnow().isoformat(), "text_key": qa.text_key(segment.final_text)}]
    request_service.record_event(session, request, action="qa.justified", actor=actor,
                                 detail={"position": position, "code": code})
    session.flush()
    return segment


def deliver(session: Session, request: TranslationRequest, *, actor: User, certified: bool = False,
            file_format: DeliveryFormat = DeliveryFormat.DOCX) -> Document:
    """Build the translated document, store it as the deliverable and move the request to `delivered`.

    In-house work is delivered from `in_revision` once QA passes; outsourced work from `certified`
    (after "service done"), where drafts stand in for segments whose target was not imported.
    The row lock comes first: a cancel racing the delivery either waits for it or is seen here.
    """
    request_service.lock(session, request)
    require_editor(request, actor)
    if request.status == RequestStatus.IN_REVISION:
        blocking = [i.as_dict() for i in qa_report(session, request) if i.open]
        if blocking:
            raise QaBlocking(request.reference, blocking)
    elif request.status != RequestStatus.CERTIFIED:
        raise NotDeliverable(request.reference, request.status)
    fmt = DeliveryFormat(file_format)
    certified = certified or request.service_level == levels.CERTIFIED  # the level asked for it
    certifier = _certifier(session, request, actor) if certified else None
    model = deliverable(session, request, certified_by=certifier)
    if not model.pages:
        raise NothingToDeliver(request.reference)
    document = _store(session, request, delivery.build(model, fmt), fmt)
    if request.handled_by is None:
        request.handled_by = handled_by_for(actor)
    request_service.transition(session, request, to=RequestStatus.DELIVERED, actor=actor, action="delivered",
                               detail={"document": document.original_name, "format": fmt.value,
                                       "certified": certified})
    return document


def deliver_unrevised(session: Session, request: TranslationRequest, *,
                      file_format: DeliveryFormat = DeliveryFormat.DOCX) -> Document | None:
    """The `information` level: deliver the machine drafts at once, unrevised, marked as such.

    Run by the pipeline's `deliver_unrevised` step on a drafted request; None when it is not one (delivered
    already, cancelled, or not of that level).
    """
    request_service.lock(session, request)
    if request.status != RequestStatus.DRAFTED or not levels.is_information(request.service_level):
        return None
    fmt = DeliveryFormat(file_format)
    model = deliverable(session, request)
    if not model.pages:
        raise NothingToDeliver(request.reference)
    document = _store(session, request, delivery.build(model, fmt), fmt)
    request.handled_by, request.assignee_id, request.external_cost_cents = HandledBy.MACHINE, None, None
    request_service.transition(session, request, to=RequestStatus.DELIVERED, action="delivered_unrevised",
                               detail={"document": document.original_name, "format": fmt.value,
                                       "service_level": request.service_level})
    return document


def deliverable(session: Session, request: TranslationRequest, *,
                certified_by: str | None = None) -> delivery.Deliverable:
    """The request's translated text laid out like the source (also used to preview it)."""
    # Outsourced jobs may lack imported targets for some segments; the draft is the best text there.
    # The `information` level delivers the machine drafts themselves.
    unrevised = levels.is_information(request.service_level)
    use_drafts = request.status == RequestStatus.CERTIFIED or unrevised
    query = select(Segment).where(Segment.request_id == request.id)
    if request.scope == "extract":
        query = query.where(Segment.in_extract.is_(True))  # the passages the translator marked
    segments = session.scalars(query.order_by(Segment.position))
    pages = delivery.layout((s.page, s.paragraph, _text(s, use_drafts)) for s in segments)
    certification = delivery.Certification(translator=certified_by, on=date.today()) if certified_by else None
    selection = intake.parse_pages(request.page_selection, max_page=10**6) if request.page_selection else None
    scope = delivery.Scope(unrevised=unrevised, extract=request.scope == "extract", pages=selection,
                           document_pages=request.document_pages)
    return delivery.Deliverable(reference=request.reference, source_lang=request.source_lang,
                                target_lang=request.target_lang, pages=pages, certification=certification,
                                scope=scope)


def _text(segment: Segment, use_drafts: bool) -> str:
    if segment.final_text is not None:
        return segment.final_text
    return (segment.draft_text or "") if use_drafts else ""


def _certifier(session: Session, request: TranslationRequest, actor: User) -> str:
    """The translator who answers for the translation: the assignee, else whoever delivers."""
    assignee = session.get(User, request.assignee_id) if request.assignee_id else None
    return (assignee or actor).full_name


def _store(session: Session, request: TranslationRequest, data: bytes, fmt: DeliveryFormat) -> Document:
    stored = put_in_transaction(session, data)
    document = Document(role=DocumentRole.DELIVERABLE, storage_key=stored.key, sha256=stored.sha256,
                        size_bytes=stored.size_bytes, mime_type=delivery.MIME_TYPES[fmt],
                        original_name=f"{request.reference}_{request.target_lang}.{fmt.value}")
    request.documents.append(document)
    session.flush()
    return document
