"""HTTP API of revision: segments, QA, justification and delivery of a request."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response

from service import engines
from service.deps import SessionDep, StaffUser
from service.errors import InvalidInput
from service.memory import diff as memory_diff
from service.models import Segment, TranslationRequest, User
from service.revision import qa
from service.revision import service as revision_service
from service.revision.schemas import (
    DeliverBody,
    DraftNoteRead,
    EntityRead,
    ExtractMark,
    GlossaryHitRead,
    Justification,
    QaIssueRead,
    QaReport,
    SegmentConfirm,
    SegmentPage,
    SegmentRead,
    SegmentSave,
    SpanRead,
)
from service.translation_request import service as request_service
from service.translation_request.schemas import RequestRead

router = APIRouter(prefix="/api/requests", tags=["revision"])


@router.post("/{request_id}/revision/start", response_model=RequestRead)
def start_revision(session: SessionDep, user: StaffUser, request_id: int) -> RequestRead:
    """Open the revision of a request assigned to you (or take it from the pool of your language pairs)."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    revision_service.start(session, request, actor=user)
    return RequestRead.of(request)


@router.get("/{request_id}/segments", response_model=SegmentPage)
def list_segments(session: SessionDep, user: StaffUser, request_id: int,
                  page: Annotated[int, Query(ge=1)] = 1,
                  page_size: Annotated[int, Query(ge=1, le=200)] = 50) -> SegmentPage:
    """One page of segments in reading order: source, draft and its origin, final text, glossary, QA."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    listing = revision_service.list_segments(session, request, page=page, page_size=page_size)
    request_service.record_read(session, request, user=user, object_kind="segments", ref=f"page {page}",
                                purpose="read_segments", channel="api")
    with_time = revision_service.is_manager(user)
    return SegmentPage(items=[segment_read(v.segment, v.issues, with_time=with_time) for v in listing.items],
                       total=listing.total,
                       confirmed=listing.confirmed, page=listing.page, page_size=listing.page_size)


IfMatch = Annotated[str | None, Header(description="The segment's ETag (its `version`, quoted) as last read: a save "
                                                  "made meanwhile answers 409 with the current text. Without it, "
                                                  "the last save wins.")]
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "Saved meanwhile by someone else: the current text and version are in the answer"}}


@router.get("/{request_id}/segments/{position}", response_model=SegmentRead)
def get_segment(session: SessionDep, user: StaffUser, request_id: int, position: int,
                response: Response) -> SegmentRead:
    """One segment with its QA findings; the `ETag` header is its version, for `If-Match` on the next save."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    segment = revision_service.get_segment(session, request, position=position)
    _log_read(session, request, segment, user=user, purpose="read_segment")
    return _with_etag(response, segment, request.target_lang, user=user)


@router.put("/{request_id}/segments/{position}", response_model=SegmentRead, responses=CONFLICT)
def save_segment(session: SessionDep, user: StaffUser, request_id: int, position: int,
                 body: SegmentSave, response: Response, if_match: IfMatch = None) -> SegmentRead:
    """Autosave a segment's final text (the assignee or a manager, while in revision)."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    segment = revision_service.save(session, request, position=position, final_text=body.final_text,
                                    actor=user, expected_version=expected_version(if_match),
                                    editing_seconds=body.editing_seconds)
    _log_read(session, request, segment, user=user, purpose="save_segment")
    return _with_etag(response, segment, request.target_lang, user=user)


@router.post("/{request_id}/segments/{position}/confirm", response_model=SegmentRead, responses=CONFLICT)
def confirm_segment(session: SessionDep, user: StaffUser, request_id: int, position: int, response: Response,
                    body: SegmentConfirm | None = None, if_match: IfMatch = None) -> SegmentRead:
    """Confirm a segment; its final text goes into the translation memory."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    segment = revision_service.confirm(session, request, position=position, actor=user,
                                       final_text=body.final_text if body else None,
                                       expected_version=expected_version(if_match),
                                       editing_seconds=body.editing_seconds if body else None)
    _log_read(session, request, segment, user=user, purpose="confirm_segment")
    return _with_etag(response, segment, request.target_lang, user=user)


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names (`"3"`, `W/"3"` or `3`); None for none or `*`."""
    if if_match is None or if_match.strip() in ("", "*"):
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidInput(f"If-Match '{if_match}' is not a segment version: send the ETag of the segment as "
                           'read (such as "3"), or no If-Match to save whatever changed meanwhile.',
                           field="If-Match")
    return int(value)


def _with_etag(response: Response, segment: Segment, target_lang: str, *, user: User) -> SegmentRead:
    response.headers["ETag"] = f'"{segment.version}"'
    return segment_read(segment, revision_service.segment_issues(segment, target_lang=target_lang),
                        with_time=revision_service.is_manager(user))


@router.post("/{request_id}/segments/{position}/justify", response_model=SegmentRead)
def justify_issue(session: SessionDep, user: StaffUser, request_id: int, position: int,
                  body: Justification) -> SegmentRead:
    """Accept a QA finding with a reason (it lapses when the segment's text changes)."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    segment = revision_service.justify(session, request, position=position, code=body.code,
                                       reason=body.reason, actor=user)
    return _shown(session, request, segment, user=user, purpose="justify_segment")


@router.put("/{request_id}/segments/{position}/extract", response_model=SegmentRead)
def mark_extract(session: SessionDep, user: StaffUser, request_id: int, position: int,
                 body: ExtractMark) -> SegmentRead:
    """In an extract translation, mark (or unmark) a segment as carrying the facts the caisse asked for."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    segment = revision_service.mark_extract(session, request, position=position, in_extract=body.in_extract,
                                            actor=user)
    return _shown(session, request, segment, user=user, purpose="mark_extract")


@router.get("/{request_id}/qa", response_model=QaReport)
def qa_report(session: SessionDep, user: StaffUser, request_id: int) -> QaReport:
    """Every QA finding of the request; delivery needs `open_blocking` at 0."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    issues = revision_service.qa_report(session, request)
    open_blocking = sum(1 for i in issues if i.open)
    return QaReport(issues=[QaIssueRead(**i.as_dict()) for i in issues], open_blocking=open_blocking,
                    can_deliver=open_blocking == 0)


@router.post("/{request_id}/deliver", response_model=RequestRead)
def deliver(session: SessionDep, user: StaffUser, request_id: int,
            body: DeliverBody | None = None) -> RequestRead:
    """Build the translated document (DOCX, PDF or text; optionally certified) and deliver it.

    Refused with 409 and the list of open QA issues while any remains; download the result at
    GET /api/requests/{id}/deliverable.
    """
    body = body or DeliverBody()
    request = request_service.get_visible(session, user=user, request_id=request_id)
    revision_service.deliver(session, request, actor=user, certified=body.certified, file_format=body.format)
    return RequestRead.of(request)


def _log_read(session: SessionDep, request: TranslationRequest, segment: Segment, *, user: User,
              purpose: str) -> None:
    """The response carries the segment's text: the read is logged."""
    request_service.record_read(session, request, user=user, object_kind="segment", ref=str(segment.position),
                                purpose=purpose, channel="api")


def _shown(session: SessionDep, request: TranslationRequest, segment: Segment, *, user: User,
           purpose: str) -> SegmentRead:
    """A segment's API view, its read logged."""
    _log_read(session, request, segment, user=user, purpose=purpose)
    return segment_read(segment, revision_service.segment_issues(segment, target_lang=request.target_lang),
                        with_time=revision_service.is_manager(user))


def segment_read(segment: Segment, issues: list[qa.Issue], *, with_time: bool = False) -> SegmentRead:
    """The API view of a segment; its editing time only `with_time` (managers: a workload figure, not a
    translator's own screen)."""
    return SegmentRead(
        position=segment.position, page=segment.page, paragraph=segment.paragraph,
        source_text=segment.source_text, bbox=segment.bbox, ocr_confidence=segment.ocr_confidence,
        low_confidence=engines.likely_misread(segment.ocr_confidence),
        draft_text=segment.draft_text, draft_origin=segment.draft_origin,
        draft_score=segment.draft_score, tm_score=segment.tm_score,
        draft_confidence=segment.draft_confidence, draft_shown=segment.draft_shown, tm_source=segment.tm_source,
        tm_differences=[SpanRead(start=a, end=b) for a, b in memory_diff.differing_spans(
            segment.source_text, segment.tm_source, segment.entities or [])] if segment.tm_source else [],
        entities=[EntityRead(**{k: e[k] for k in ("text", "kind", "start", "end")}) for e in segment.entities or []],
        draft_notes=[DraftNoteRead(code=n["code"], detail={k: v for k, v in n.items() if k != "code"})
                     for n in segment.draft_notes or []],
        final_text=segment.final_text,
        status=segment.status,
        glossary=[GlossaryHitRead(source=qa.source_term(h), required=qa.required_targets(h),
                                  start=h.get("start"), end=h.get("end"), note=h.get("note") or None)
                  for h in segment.glossary or []],
        protected=list(segment.protected or []), qa=[QaIssueRead(**i.as_dict()) for i in issues],
        edit_distance=segment.edit_distance, confirmed_by_id=segment.confirmed_by_id,
        confirmed_at=segment.confirmed_at, version=segment.version,
        editing_seconds=segment.editing_seconds if with_time else None,
        in_extract=segment.in_extract,
    )
