"""The translator workspace: the queue, the segment editor, QA with fix or justify, delivery."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service import engines
from service.deps import SessionDep
from service.document import page_images
from service.errors import ServiceError
from service.kit.storage import get_store
from service.knowledge import service as knowledge_service
from service.models import Segment, TranslationRequest, User
from service.models.enums import RequestStatus
from service.revision import qa
from service.revision import service as revision_service
from service.revision.errors import SegmentChanged
from service.revision.schemas import DeliveryFormat
from service.translation_request import service as request_service
from service.translation_request.schemas import RequestFilters, RequestRead
from service.web import labels, risk
from service.web.common import Csrf, Refused, TranslatorPage, french_error, render
from service.web.dialogue import request_thread_context
from service.web.highlight import glossary_terms, mark_terms, memory_source
from service.web.labels import draft_note

router = APIRouter(prefix="/atelier", include_in_schema=False)

QUEUE_STATUSES = "drafted,assigned,in_revision,returned,certified"
PAGE_SIZE = 100
MAX_PAGES = 10
# Active time the editor measured since its last save of the segment (seconds; see app.js).
EditingSeconds = Annotated[float | None, Form(ge=0, le=3600)]
FORMAT_LABELS = {"docx": "Word (DOCX)", "pdf": "PDF", "txt": "Texte brut"}


def _queue(session: Session, user: User) -> tuple[list[TranslationRequest], list[TranslationRequest]]:
    """(mine, pool): my open requests and the unassigned ones of my language pairs, by due date."""
    rows: list[TranslationRequest] = []
    # list_visible pages newest first; the queue wants every open one, soonest due first.
    for page in range(1, MAX_PAGES + 1):
        batch, total = request_service.list_visible(
            session, user=user, filters=RequestFilters(status=QUEUE_STATUSES, page=page, page_size=PAGE_SIZE)
        )
        rows += batch
        if len(rows) >= total:
            break
    rows.sort(key=lambda r: (r.due_on, r.id))
    if revision_service.is_manager(user):
        mine = [r for r in rows if r.assignee_id is not None]
    else:
        mine = [r for r in rows if r.assignee_id == user.id]
    pool = [r for r in rows if r.assignee_id is None and r.status == RequestStatus.DRAFTED]
    return mine, pool


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request, session: SessionDep, user: TranslatorPage, livree: str | None = None,
    langue: str | None = None,
) -> HTMLResponse:
    """My queue and the pool of my language pairs, soonest due first; requests at risk highlighted."""
    mine, pool = _queue(session, user)
    flagged = risk.at_risk_ids(session, mine + pool)
    return render(
        request,
        "workspace/queue.html",
        user=user,
        mine=[RequestRead.of(r) for r in mine],
        pool=[RequestRead.of(r) for r in pool],
        at_risk=flagged,
        delivered=livree,
        relanguaged=langue,
    )


@router.post("/demandes/{request_id}/commencer", dependencies=[Csrf])
def start(request: Request, session: SessionDep, user: TranslatorPage, request_id: int) -> Response:
    """Open the revision (taking the request from the pool when it is unassigned)."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    revision_service.start(session, row, actor=user)
    return RedirectResponse(f"/atelier/demandes/{row.id}", status_code=303)


@router.post("/demandes/{request_id}/langue", dependencies=[Csrf])
def correct_language(request: Request, session: SessionDep, user: TranslatorPage, request_id: int,
                     source_lang: Annotated[str, Form(max_length=8)]) -> Response:
    """Correct a wrongly declared source language: the request is read, drafted and routed again."""
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    try:
        request_service.correct_source_language(session, row, source_lang=source_lang, actor=user)
    except ServiceError as exc:
        user_id, error, status_code = user.id, french_error(exc), exc.status_code
        raise Refused(lambda s: _editor_page(request, s, s.get_one(User, user_id), request_id=request_id,
                                             language_error=error, status_code=status_code)) from exc
    return RedirectResponse(f"/atelier?langue={row.reference}", status_code=303)


@router.get("/demandes/{request_id}", response_class=HTMLResponse)
def editor(
    request: Request, session: SessionDep, user: TranslatorPage, request_id: int, page: int = 1,
    erreur_message: str | None = None,
) -> HTMLResponse:
    """The segment editor: source with glossary terms, draft with its origin, final text."""
    return _editor_page(request, session, user, request_id=request_id, page=page, erreur_message=erreur_message)


def _editor_page(request: Request, session: Session, user: User, *, request_id: int, page: int = 1,
                 erreur_message: str | None = None, language_error: str | None = None,
                 status_code: int = 200) -> HTMLResponse:
    row = request_service.get_visible(session, user=user, request_id=request_id)
    listing = revision_service.list_segments(
        session, row, page=page, page_size=revision_service.MAX_PAGE_SIZE
    )
    request_service.record_read(session, row, user=user, object_kind="segments", ref=f"page {page}",
                                purpose="read_segments", channel="editor")
    editable = row.status == RequestStatus.IN_REVISION and revision_service.may_edit(row, user)
    return render(
        request,
        "workspace/editor.html",
        user=user,
        status_code=status_code,
        language_error=language_error,
        r=RequestRead.of(row),
        listing=listing,
        editable=editable,
        mark_terms=mark_terms,
        glossary_terms=glossary_terms,
        memory_source=memory_source,
        draft_note=draft_note,
        misread=engines.likely_misread,
        can_start=row.status in revision_service.STARTABLE,
        can_correct_language=row.status in request_service.LANGUAGE_CORRECTABLE,
        page_numbers=page_images.numbers(row),
        suggestions=knowledge_service.suggestions(session, country=row.country, document_type=row.document_type),
        **request_thread_context(session, row, user, base="/atelier", error=_message_error(erreur_message)),
    )


@router.get("/demandes/{request_id}/pages/{number}/image")
def page_image(session: SessionDep, user: TranslatorPage, request_id: int, number: int) -> FileResponse:
    """The image of one page of the original, shown beside the segments (the API's page image, for the editor)."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    doc = page_images.image(row, number)
    request_service.record_read(session, row, user=user, object_kind="page_image", purpose="read_page_image",
                                channel="editor", ref=str(number), doc=doc)
    return FileResponse(get_store().path(doc.storage_key or ""), media_type=doc.mime_type,
                        headers={"Cache-Control": "private, no-store"})


def _message_error(code: str | None) -> str | None:
    return labels.error_message(code) if code else None


def _segment_json(segment: Segment, target_lang: str) -> JSONResponse:
    issues = revision_service.segment_issues(segment, target_lang=target_lang)
    return JSONResponse(
        {
            "position": segment.position,
            "status": segment.status,
            "final_text": segment.final_text,
            "version": segment.version,
            "issues": [i.as_dict() for i in issues if i.code != qa.NOT_CONFIRMED],
        }
    )


def _edited_from(request: Request, version: int | None) -> int | None:
    """The version the translator edited: the editor sends `If-Match`, a form without script its hidden field."""
    header = request.headers.get("if-match", "").strip().strip('"')
    return int(header) if header.isdigit() else version


def _changed_meanwhile(request: Request, exc: SegmentChanged) -> Response:
    """The editor shows the text saved meanwhile beside the translator's own; a plain form gets the page."""
    if request.headers.get("x-requested-with") != "fetch":
        raise exc
    return JSONResponse({"code": exc.code, "message": french_error(exc), **exc.extra}, status_code=409)


def _answer(request: Request, session: Session, user: User, segment: Segment, row: TranslationRequest,
            purpose: str) -> Response:
    if request.headers.get("x-requested-with") == "fetch":
        # The answer carries the segment's text: a read like any other.
        request_service.record_read(session, row, user=user, object_kind="segment", ref=str(segment.position),
                                    purpose=purpose, channel="editor")
        return _segment_json(segment, row.target_lang)
    return RedirectResponse(f"/atelier/demandes/{row.id}#segment-{segment.position}", status_code=303)


@router.post("/demandes/{request_id}/segments/{position}", dependencies=[Csrf])
def save(
    request: Request,
    session: SessionDep,
    user: TranslatorPage,
    request_id: int,
    position: int,
    final_text: Annotated[str, Form(max_length=20_000)] = "",
    version: Annotated[int | None, Form()] = None,
    editing_seconds: EditingSeconds = None,
) -> Response:
    """Autosave a segment's final text (the revision service's save), refused if it changed meanwhile."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    try:
        segment = revision_service.save(session, row, position=position, final_text=final_text, actor=user,
                                        expected_version=_edited_from(request, version),
                                        editing_seconds=editing_seconds)
    except SegmentChanged as exc:
        return _changed_meanwhile(request, exc)
    return _answer(request, session, user, segment, row, "save_segment")


@router.post("/demandes/{request_id}/segments/{position}/valider", dependencies=[Csrf])
def confirm(
    request: Request,
    session: SessionDep,
    user: TranslatorPage,
    request_id: int,
    position: int,
    final_text: Annotated[str | None, Form(max_length=20_000)] = None,
    version: Annotated[int | None, Form()] = None,
    editing_seconds: EditingSeconds = None,
) -> Response:
    """Confirm a segment; its final text feeds the translation memory (refused if it changed meanwhile)."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    try:
        segment = revision_service.confirm(session, row, position=position, actor=user, final_text=final_text,
                                           expected_version=_edited_from(request, version),
                                           editing_seconds=editing_seconds)
    except SegmentChanged as exc:
        return _changed_meanwhile(request, exc)
    return _answer(request, session, user, segment, row, "confirm_segment")


@router.post("/demandes/{request_id}/segments/{position}/extrait", dependencies=[Csrf])
def mark_extract(session: SessionDep, user: TranslatorPage, request_id: int, position: int,
                 in_extract: Annotated[str, Form()] = "1") -> Response:
    """In an extract translation, put a segment in the extract or take it out (the revision service's mark)."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    revision_service.mark_extract(session, row, position=position, in_extract=in_extract == "1", actor=user)
    return RedirectResponse(f"/atelier/demandes/{request_id}#segment-{position}", status_code=303)


def _qa_page(
    request: Request,
    session: Session,
    user: User,
    row: TranslationRequest,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    issues = revision_service.qa_report(session, row)
    shown = [i for i in issues if i.code != qa.NOT_CONFIRMED]
    unconfirmed = [i.position for i in issues if i.code == qa.NOT_CONFIRMED]
    open_blocking = sum(1 for i in issues if i.open)
    return render(
        request,
        "workspace/qa.html",
        user=user,
        r=RequestRead.of(row),
        issues=shown,
        unconfirmed=unconfirmed,
        open_blocking=open_blocking,
        error=error,
        status_code=status_code,
        formats=FORMAT_LABELS,
        editable=revision_service.may_edit(row, user),
    )


@router.get("/demandes/{request_id}/controle", response_class=HTMLResponse)
def qa_page(request: Request, session: SessionDep, user: TranslatorPage, request_id: int) -> HTMLResponse:
    """Quality checks before delivery: fix (back to the segment) or justify each finding; then deliver."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    return _qa_page(request, session, user, row)


@router.post("/demandes/{request_id}/justifier", dependencies=[Csrf])
def justify(
    request: Request,
    session: SessionDep,
    user: TranslatorPage,
    request_id: int,
    position: Annotated[int, Form()],
    code: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Accept a QA finding with a reason; back to the QA page."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    try:
        revision_service.justify(session, row, position=position, code=code, reason=reason, actor=user)
    except ServiceError as exc:
        return _qa_page(request, session, user, row, error=french_error(exc), status_code=exc.status_code)
    return RedirectResponse(f"/atelier/demandes/{row.id}/controle", status_code=303)


@router.post("/demandes/{request_id}/livrer", dependencies=[Csrf])
def deliver(
    request: Request,
    session: SessionDep,
    user: TranslatorPage,
    request_id: int,
    file_format: Annotated[str, Form(alias="format")] = "docx",
    certified: Annotated[bool, Form()] = False,
) -> Response:
    """Build the translated document and deliver it; open QA findings keep it here with the list."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    fmt = file_format if file_format in FORMAT_LABELS else "docx"
    try:
        revision_service.deliver(
            session, row, actor=user, certified=certified, file_format=DeliveryFormat(fmt)
        )
    except ServiceError as exc:
        error, status_code, user_id, row_id = french_error(exc), exc.status_code, user.id, row.id
        raise Refused(lambda s: _qa_page(request, s, s.get_one(User, user_id), s.get_one(TranslationRequest, row_id),
                                         error=error, status_code=status_code)) from exc
    return RedirectResponse(f"/atelier?livree={row.reference}", status_code=303)

