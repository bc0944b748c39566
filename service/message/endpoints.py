"""HTTP API of a request's thread: read, write (with attachments), mark read, download an attachment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse

from service.config import get_settings
from service.deps import CurrentUser, SessionDep
from service.kit.storage import get_store
from service.message import service as message_service
from service.message.schemas import MessageRead, ThreadRead
from service.message.thread import Upload
from service.models import MessageAttachment
from service.translation_request import service as request_service

router = APIRouter(prefix="/api/requests", tags=["messages"])


def uploads(files: list[UploadFile] | None) -> list[Upload]:
    """The uploaded files, each read up to one byte past the limit (the intake check then refuses it)."""
    limit = get_settings().max_upload_bytes
    return [Upload(data=f.file.read(limit + 1), filename=f.filename or "") for f in files or []]


def attachment_response(found: MessageAttachment) -> FileResponse:
    """The stored attachment as a download."""
    assert found.storage_key is not None
    return FileResponse(get_store().path(found.storage_key), media_type=found.mime_type,
                        filename=found.original_name)


@router.get("/{request_id}/messages", response_model=ThreadRead)
def list_messages(session: SessionDep, user: CurrentUser, request_id: int) -> ThreadRead:
    """The request's thread, oldest first, with who read what, your unread count and the waiting state."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    return message_service.read_thread(session, request, reader=user)


@router.post("/{request_id}/messages", response_model=MessageRead, status_code=201)
def post_message(
    session: SessionDep, user: CurrentUser, request_id: int, body: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File(description="Up to 5 files, checked like a submission")] = None,
    awaiting_submitter: Annotated[bool | None, Form(
        description="Staff: true marks the request as waiting for the submitter, false ends the wait")] = None,
) -> MessageRead:
    """Write on the request's thread (multipart: `body`, optional `files`); the other side is notified."""
    request = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    message = message_service.post(session, request, author=user, body=body, files=uploads(files),
                                   awaiting_submitter=awaiting_submitter)
    return message_service.mark_read(session, request, message_id=message.id, reader=user)


@router.post("/{request_id}/messages/{message_id}/read", response_model=MessageRead)
def mark_read(session: SessionDep, user: CurrentUser, request_id: int, message_id: int) -> MessageRead:
    """Mark one message as read by you (the first reading time is kept)."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    return message_service.mark_read(session, request, message_id=message_id, reader=user)


@router.get("/{request_id}/messages/{message_id}/attachments/{attachment_id}", response_class=FileResponse)
def download_attachment(session: SessionDep, user: CurrentUser, request_id: int, message_id: int,
                        attachment_id: int) -> FileResponse:
    """A file sent with a message of the request's thread."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    found = message_service.attachment(session, request, message_id=message_id, attachment_id=attachment_id)
    request_service.record_read(session, request, user=user, object_kind="message_attachment", ref=str(found.id),
                                purpose="download_attachment", channel="api")
    return attachment_response(found)
