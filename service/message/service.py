"""The thread of a translation request: the caisse's agents and the staff (assigned translator, managers)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.message import notify, thread
from service.message.errors import NotInThread, WaitNotAllowed
from service.message.schemas import MessageRead, ThreadRead
from service.message.thread import Thread, Upload
from service.models import Message, MessageAttachment, TranslationRequest, User
from service.models.enums import Role
from service.translation_request import waiting


def request_thread(request: TranslationRequest) -> Thread:
    """The thread of `request` (visibility is checked by whoever fetched the request)."""
    return Thread(request_id=request.id, base_path=f"/api/requests/{request.id}/messages")


def may_write(request: TranslationRequest, user: User) -> bool:
    """Whether `user`, who may see `request`, may write in its thread."""
    if user.role in (Role.SUBMITTER, Role.PARTNER, Role.MANAGER, Role.ADMIN):
        return True
    return user.role == Role.TRANSLATOR and request.assignee_id == user.id


def post(session: Session, request: TranslationRequest, *, author: User, body: str, files: list[Upload],
         awaiting_submitter: bool | None = None) -> Message:
    """Write on the request's thread; staff may mark it as waiting for the submitter (or end the wait).

    The submitter's message ends a wait. The caisse's system is notified (`message.created`), and the
    other side by e-mail when SMTP is configured, both after commit.
    """
    if not may_write(request, author):
        raise NotInThread()
    requester = thread.side(author) == "requester"
    if requester and awaiting_submitter is not None:
        raise WaitNotAllowed()
    message = thread.post(session, request_thread(request), author=author, body=body, files=files)
    if requester:
        waiting.stop(session, request, actor=author)
    elif awaiting_submitter:
        waiting.start(session, request, actor=author, message_id=message.id)
    elif awaiting_submitter is False:
        waiting.stop(session, request, actor=author)
    notify.message_created(session, message, request=request, author=author)
    return message


def read_thread(session: Session, request: TranslationRequest, *, reader: User) -> ThreadRead:
    """The request's thread as `reader` sees it, with the waiting state."""
    items, unread = thread.listing(session, request_thread(request), reader=reader)
    return ThreadRead(items=items, unread=unread, awaiting_submitter=request.awaiting_submitter_since is not None,
                      waiting_days=round(request.waited_seconds / 86400, 2))


def mark_read(session: Session, request: TranslationRequest, *, message_id: int, reader: User) -> MessageRead:
    """Record that `reader` read one message of the request's thread."""
    return thread.mark_read(session, request_thread(request), message_id=message_id, reader=reader)


def attachment(session: Session, request: TranslationRequest, *, message_id: int,
               attachment_id: int) -> MessageAttachment:
    """An attachment of the request's thread."""
    return thread.attachment(session, request_thread(request), message_id=message_id, attachment_id=attachment_id)
