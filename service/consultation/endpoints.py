"""HTTP API of consultations: ask, list, read, discuss, answer, close, reopen, convert."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import FileResponse

from service.consultation import presenter
from service.consultation import service as consultation_service
from service.consultation.schemas import ConsultationFilters, ConsultationPage, ConsultationRead, ConvertBody
from service.deps import CurrentUser, SessionDep, require_roles
from service.message import thread as message_thread
from service.message.endpoints import attachment_response, uploads
from service.message.schemas import MessageRead, ThreadRead
from service.models import User
from service.models.enums import Role
from service.translation_request.schemas import RequestRead

router = APIRouter(prefix="/api/consultations", tags=["consultations"])

Files = Annotated[list[UploadFile] | None, File(description="Up to 5 files, checked like a submission")]


PartnerUser = Annotated[User, Depends(require_roles(Role.PARTNER), scope="function")]


@router.post("", response_model=ConsultationRead, status_code=201)
def ask(session: SessionDep, user: PartnerUser, country: Annotated[str, Form()],
        document_type: Annotated[str, Form()], question: Annotated[str, Form()],
        subject: Annotated[str, Form(max_length=200)] = "", language: Annotated[str, Form()] = "",
        files: Files = None) -> ConsultationRead:
    """Ask the experts about a foreign document (partners): country, type, question, optionally the document."""
    consultation = consultation_service.create(session, author=user, country=country, document_type=document_type,
                                               question=question, subject=subject, language=language or None,
                                               files=uploads(files))
    return presenter.to_read(session, consultation, reader=user, with_suggestions=True)


@router.get("", response_model=ConsultationPage)
def list_consultations(session: SessionDep, user: CurrentUser,
                       filters: Annotated[ConsultationFilters, Depends()]) -> ConsultationPage:
    """The consultations you may see: your organisation's (partners), yours to answer (experts), all (managers)."""
    rows, total = consultation_service.list_visible(session, user=user, filters=filters)
    return ConsultationPage(items=[presenter.to_read(session, c, reader=user) for c in rows], total=total)


@router.get("/{consultation_id}", response_model=ConsultationRead)
def get_consultation(session: SessionDep, user: CurrentUser, consultation_id: int) -> ConsultationRead:
    """One consultation, with the published answers about documents of the same country and type."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id)
    return presenter.to_read(session, consultation, reader=user, with_suggestions=True)


@router.get("/{consultation_id}/messages", response_model=ThreadRead)
def list_messages(session: SessionDep, user: CurrentUser, consultation_id: int) -> ThreadRead:
    """The consultation's thread: the question, the discussion and the answers, oldest first."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id)
    items, unread = message_thread.listing(session, consultation_service.consultation_thread(consultation),
                                           reader=user)
    return ThreadRead(items=items, unread=unread)


@router.post("/{consultation_id}/messages", response_model=MessageRead, status_code=201)
def post_message(session: SessionDep, user: CurrentUser, consultation_id: int,
                 body: Annotated[str, Form()] = "", files: Files = None) -> MessageRead:
    """Write on the consultation's thread (multipart: `body`, optional `files`)."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id, lock=True)
    message = consultation_service.post(session, consultation, author=user, body=body, files=uploads(files))
    return _view(session, consultation, message.id, user)


@router.post("/{consultation_id}/messages/{message_id}/read", response_model=MessageRead)
def mark_read(session: SessionDep, user: CurrentUser, consultation_id: int, message_id: int) -> MessageRead:
    """Mark one message (the answer, typically) as read by you."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id)
    return _view(session, consultation, message_id, user)


@router.get("/{consultation_id}/messages/{message_id}/attachments/{attachment_id}", response_class=FileResponse)
def download_attachment(session: SessionDep, user: CurrentUser, consultation_id: int, message_id: int,
                        attachment_id: int) -> FileResponse:
    """A file of the consultation's thread (the document asked about, typically)."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id)
    return attachment_response(message_thread.attachment(
        session, consultation_service.consultation_thread(consultation), message_id=message_id,
        attachment_id=attachment_id))


@router.post("/{consultation_id}/answer", response_model=MessageRead, status_code=201)
def answer(session: SessionDep, user: CurrentUser, consultation_id: int, body: Annotated[str, Form()] = "",
           files: Files = None) -> MessageRead:
    """The expert's answer (multipart: `body`, optional `files`); the consultation becomes `answered`."""
    consultation = consultation_service.get_for_staff_action(session, user=user, consultation_id=consultation_id)
    message = consultation_service.answer(session, consultation, actor=user, body=body, files=uploads(files))
    return _view(session, consultation, message.id, user)


@router.post("/{consultation_id}/close", response_model=ConsultationRead)
def close(session: SessionDep, user: CurrentUser, consultation_id: int) -> ConsultationRead:
    """Close the consultation (its partner or its expert)."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id, lock=True)
    consultation_service.close(session, consultation, actor=user)
    return presenter.to_read(session, consultation, reader=user)


@router.post("/{consultation_id}/reopen", response_model=ConsultationRead)
def reopen(session: SessionDep, user: CurrentUser, consultation_id: int) -> ConsultationRead:
    """Open an answered or closed consultation again."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id, lock=True)
    consultation_service.reopen(session, consultation, actor=user)
    return presenter.to_read(session, consultation, reader=user)


@router.post("/{consultation_id}/convert", response_model=RequestRead, status_code=201)
def convert(session: SessionDep, user: CurrentUser, consultation_id: int,
            body: ConvertBody | None = None) -> RequestRead:
    """Turn the consultation into a translation request of its document (for the partner's organisation)."""
    consultation = consultation_service.get_visible(session, user=user, consultation_id=consultation_id, lock=True)
    request = consultation_service.convert(session, consultation, actor=user, body=body or ConvertBody())
    return RequestRead.of(request)


def _view(session: SessionDep, consultation, message_id: int, user) -> MessageRead:  # type: ignore[no-untyped-def]
    return message_thread.mark_read(session, consultation_service.consultation_thread(consultation),
                                    message_id=message_id, reader=user)
