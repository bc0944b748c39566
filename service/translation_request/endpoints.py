"""HTTP API of translation requests."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import FileResponse

from service.config import get_settings
from service.deps import CurrentUser, SessionDep, StaffUser, require_roles
from service.kit.storage import get_store
from service.models import User
from service.models.enums import DocumentRole, Role
from service.translation_request import callbacks, intake
from service.translation_request import service as request_service
from service.translation_request.errors import DocumentUnavailable
from service.translation_request.schemas import (
    CallbackRead,
    CancelBody,
    EventRead,
    OfferAnswer,
    RequestFilters,
    RequestPage,
    RequestRead,
)
from service.workflow import cancellation, offers

router = APIRouter(prefix="/api/requests", tags=["requests"])

Submitter = Annotated[User, Depends(require_roles(Role.SUBMITTER), scope="function")]


@router.post("", response_model=RequestRead, status_code=201)
def submit(
    session: SessionDep, user: Submitter, file: Annotated[UploadFile, File()],
    source_lang: Annotated[str, Form()], target_lang: Annotated[str, Form()],
    document_type: Annotated[str, Form()], channel: Annotated[str | None, Form()] = None,
    urgency: Annotated[str | None, Form()] = None, external_reference: Annotated[str | None, Form()] = None,
    callback_url: Annotated[str | None, Form()] = None,
    subject_name: Annotated[str | None, Form(description="The person the document is about, if known "
                                              "(kept verbatim in drafts, masked before outsourcing).")] = None,
    subject_birth_date: Annotated[str | None, Form(description="Their birth date, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, Form(description="The country that issued the document (ISO 3166, e.g. MA); "
                                         "staff then see the knowledge entries about such documents")] = None,
    pages: Annotated[str | None, Form(description="The pages to translate, e.g. `1,3-4`; empty: every page. "
                                       "Only these are extracted, drafted, counted and billed.")] = None,
    scope: Annotated[str | None, Form(description="`full` (default) or `extract`: for civil-status records and "
                                       "insurance certificates, only the passages carrying the facts asked "
                                       "for are translated (\"traduction par extrait\").")] = None,
    purpose: Annotated[str | None, Form(description="What the translation is for: information, triage, "
                                         "control, rights_decision, recovery, litigation, civil_status. It "
                                         "proposes the service level.")] = None,
    service_level: Annotated[str | None, Form(description="information, light_revision, full_revision or "
                                               "certified; empty: the level the purpose calls for. A lower "
                                               "level than the purpose's is refused.")] = None,
) -> RequestRead:
    """Submit a document for translation; text extraction starts in the background."""
    # A plain (threaded) endpoint: the database work below must never block the event loop.
    limit = get_settings().max_upload_bytes
    data = file.file.read(limit + 1)
    submission = intake.validate(
        data=data, filename=file.filename or "document", source_lang=source_lang, target_lang=target_lang,
        document_type=document_type, channel=channel, urgency=urgency,
        external_reference=external_reference, callback_url=callback_url, max_bytes=limit,
        subject_name=subject_name, subject_birth_date=subject_birth_date, country=country, pages=pages,
        scope=scope, purpose=purpose, service_level=service_level)
    request = request_service.create(session, submitter=user, submission=submission)
    return RequestRead.of(request)


@router.get("", response_model=RequestPage)
def list_requests(session: SessionDep, user: CurrentUser,
                  filters: Annotated[RequestFilters, Depends()]) -> RequestPage:
    """The requests the caller may see, newest first, filtered and paginated."""
    rows, total = request_service.list_visible(session, user=user, filters=filters)
    return RequestPage(items=[RequestRead.of(r) for r in rows], total=total, page=filters.page,
                       page_size=max(1, min(filters.page_size, 100)))


@router.get("/{request_id}", response_model=RequestRead)
def get_request(session: SessionDep, user: CurrentUser, request_id: int) -> RequestRead:
    """One request, with its documents, progress and failure if any."""
    return RequestRead.of(request_service.get_visible(session, user=user, request_id=request_id))


@router.get("/{request_id}/events", response_model=list[EventRead])
def list_events(session: SessionDep, user: CurrentUser, request_id: int) -> list[EventRead]:
    """The request's audit trail, oldest first; a caisse reads its status changes, as its portal shows them."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    return [EventRead.model_validate(e) for e in request_service.visible_events(session, request, user=user)]


@router.get("/{request_id}/callbacks", response_model=list[CallbackRead])
def list_callbacks(session: SessionDep, user: CurrentUser, request_id: int) -> list[CallbackRead]:
    """Status notifications sent (or being retried) to the caisse's callback URL."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    rows = callbacks.deliveries(session, request)
    return [CallbackRead(id=r.id, event_id=r.event_id, url=r.url, status=r.status, attempts=r.attempts,
                         last_status_class=callbacks.status_class(r.last_status_code), last_error=r.last_error,
                         next_attempt_at=r.next_attempt_at, delivered_at=r.delivered_at) for r in rows]


@router.post("/{request_id}/cancel", response_model=RequestRead)
def cancel(session: SessionDep, user: CurrentUser, request_id: int, body: CancelBody | None = None) -> RequestRead:
    """Cancel a request that is not delivered yet (its caisse, a manager or an admin)."""
    request = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    cancellation.cancel(session, request, actor=user, reason=body.reason if body else "")
    return RequestRead.of(request)


@router.post("/{request_id}/offer", response_model=RequestRead)
def answer_offer(session: SessionDep, user: CurrentUser, request_id: int, body: OfferAnswer) -> RequestRead:
    """Accept (no new translation: the avoided cost is recorded) or decline the offer made at intake: an
    earlier certified translation of the same file, or a multilingual standard form's French key."""
    request = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    offers.answer(session, request, actor=user, accept=body.accept)
    return RequestRead.of(request)


@router.post("/{request_id}/retry", response_model=RequestRead)
def retry(session: SessionDep, user: StaffUser, request_id: int) -> RequestRead:
    """Run the failed step of a failed request again."""
    request = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    request_service.retry(session, request, actor=user)
    return RequestRead.of(request)


@router.get("/{request_id}/original", response_class=FileResponse)
def download_original(session: SessionDep, user: CurrentUser, request_id: int) -> FileResponse:
    """The document as it was submitted."""
    return _download(session, user, request_id, DocumentRole.ORIGINAL)


@router.get("/{request_id}/deliverable", response_class=FileResponse)
def download_deliverable(session: SessionDep, user: CurrentUser, request_id: int) -> FileResponse:
    """The delivered translation."""
    return _download(session, user, request_id, DocumentRole.DELIVERABLE)


def _download(session: SessionDep, user: User, request_id: int, role: DocumentRole) -> FileResponse:
    request = request_service.get_visible(session, user=user, request_id=request_id)
    doc = request_service.document(request, role)
    if doc is None or doc.storage_key is None:
        what = "original was purged under the retention policy" if role == DocumentRole.ORIGINAL \
            else "translation is not delivered yet"
        raise DocumentUnavailable(f"The {what} for {request.reference}.")
    request_service.record_read(session, request, user=user, object_kind=str(role), purpose=f"download_{role}",
                                channel="api", doc=doc)
    return FileResponse(get_store().path(doc.storage_key), media_type=doc.mime_type,
                        filename=doc.original_name)
