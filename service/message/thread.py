"""One thread, whoever it belongs to: post with attachments, list with read state, mark read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from service.config import get_settings
from service.db.base import utcnow
from service.kit.storage import put_in_transaction
from service.message import repository
from service.message.errors import (
    AttachmentNotFound,
    EmptyMessage,
    MessageNotFound,
    MessageTooLong,
    TooManyAttachments,
)
from service.message.schemas import AttachmentRead, AuthorRead, MessageRead, ReceiptRead, Side
from service.models import Message, MessageAttachment, MessageReceipt, User
from service.models.enums import Role
from service.translation_request import intake

MAX_BODY = 10_000
MAX_FILES = 5


@dataclass(frozen=True)
class Upload:
    """A file as received, before the intake checks."""

    data: bytes
    filename: str


@dataclass(frozen=True)
class Thread:
    """Whose thread: a request's or a consultation's, and where its routes live."""

    request_id: int | None = None
    consultation_id: int | None = None
    base_path: str = ""

    @property
    def condition(self) -> ColumnElement[bool]:
        """The SQL condition selecting the thread's messages."""
        return repository.in_thread(request_id=self.request_id, consultation_id=self.consultation_id)


def side(user: User) -> Side:
    """Which side of a thread `user` writes from: the requester's (caisse, partner) or the staff's."""
    return "requester" if user.role in (Role.SUBMITTER, Role.PARTNER) else "staff"


def post(session: Session, thread: Thread, *, author: User, body: str, files: list[Upload],
         kind: str = "message") -> Message:
    """Add a message (files checked like an intake upload, stored with the transaction)."""
    text = (body or "").strip()
    if len(text) > MAX_BODY:
        raise MessageTooLong(MAX_BODY)
    files = [f for f in files if f.data or f.filename]
    if not text and not files:
        raise EmptyMessage()
    if len(files) > MAX_FILES:
        raise TooManyAttachments(MAX_FILES)
    limit = get_settings().max_upload_bytes
    checked = [(f.data, *intake.check_upload(f.data, f.filename or "piece-jointe", limit)) for f in files]
    message = Message(request_id=thread.request_id, consultation_id=thread.consultation_id, author_id=author.id,
                      kind=kind, body=text, created_at=utcnow())
    for data, mime, name in checked:
        stored = put_in_transaction(session, data)
        message.attachments.append(MessageAttachment(storage_key=stored.key, sha256=stored.sha256,
                                                     size_bytes=stored.size_bytes, mime_type=mime,
                                                     original_name=name))
    session.add(message)
    session.flush()
    # Writing a message is reading the thread up to it.
    session.add(MessageReceipt(message_id=message.id, user_id=author.id, read_at=message.created_at))
    session.flush()
    return message


def listing(session: Session, thread: Thread, *, reader: User) -> tuple[list[MessageRead], int]:
    """The thread for `reader`, oldest first, and how many of its messages `reader` has not read."""
    rows = repository.messages(session, thread.condition)
    receipts = repository.receipts(session, (m.id for m in rows))
    people = repository.users(session, {m.author_id for m in rows} | {r.user_id for r in receipts})
    views = [_view(thread, m, [r for r in receipts if r.message_id == m.id], people, reader) for m in rows]
    return views, sum(1 for v in views if not v.read)


def mark_read(session: Session, thread: Thread, *, message_id: int, reader: User) -> MessageRead:
    """Record that `reader` read the message (once; reading again keeps the first time)."""
    message = get(session, thread, message_id)
    if repository.receipt(session, message.id, reader.id) is None:
        session.add(MessageReceipt(message_id=message.id, user_id=reader.id, read_at=utcnow()))
        session.flush()
    receipts = repository.receipts(session, [message.id])
    people = repository.users(session, {message.author_id} | {r.user_id for r in receipts})
    return _view(thread, message, receipts, people, reader)


def mark_all_read(session: Session, thread: Thread, *, reader: User) -> int:
    """Mark every message of the thread read by `reader` (the page showed them); how many were unread."""
    rows = repository.messages(session, thread.condition)
    done = {r.message_id for r in repository.receipts(session, (m.id for m in rows)) if r.user_id == reader.id}
    now = utcnow()
    fresh = [MessageReceipt(message_id=m.id, user_id=reader.id, read_at=now) for m in rows if m.id not in done]
    session.add_all(fresh)
    session.flush()
    return len(fresh)


def get(session: Session, thread: Thread, message_id: int) -> Message:
    """One message of the thread; 404 when it is another thread's."""
    message = repository.message(session, thread.condition, message_id)
    if message is None:
        raise MessageNotFound(message_id)
    return message


def attachment(session: Session, thread: Thread, *, message_id: int, attachment_id: int) -> MessageAttachment:
    """A stored attachment of one of the thread's messages; 404 when absent or purged."""
    message = get(session, thread, message_id)
    found = repository.attachment(session, message.id, attachment_id)
    if found is None or found.storage_key is None or found.purged_at is not None:
        raise AttachmentNotFound(attachment_id)
    return found


def _view(thread: Thread, message: Message, receipts: list[MessageReceipt], people: dict[int, User],
          reader: User) -> MessageRead:
    author = people[message.author_id]
    mine = next((r for r in receipts if r.user_id == reader.id), None)
    return MessageRead(
        id=message.id, kind=message.kind, body=message.body, created_at=message.created_at,
        author=AuthorRead(id=author.id, name=author.full_name, role=author.role, side=side(author)),
        attachments=[AttachmentRead(id=a.id, original_name=a.original_name, mime_type=a.mime_type,
                                    size_bytes=a.size_bytes, sha256=a.sha256,
                                    available=a.storage_key is not None and a.purged_at is None,
                                    url=f"{thread.base_path}/{message.id}/attachments/{a.id}")
                     for a in message.attachments],
        read=mine is not None or message.author_id == reader.id, read_at=mine.read_at if mine else None,
        read_by=[ReceiptRead(user_id=r.user_id, name=people[r.user_id].full_name, side=side(people[r.user_id]),
                             read_at=r.read_at) for r in receipts if r.user_id != message.author_id],
    )
