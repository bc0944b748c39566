"""Queries of the message domain."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from service.models import Message, MessageAttachment, MessageReceipt, User
from service.models.enums import Role


def in_thread(*, request_id: int | None = None, consultation_id: int | None = None) -> ColumnElement[bool]:
    """The SQL condition selecting one thread's messages."""
    if request_id is not None:
        return Message.request_id == request_id
    return Message.consultation_id == consultation_id


def messages(session: Session, thread: ColumnElement[bool]) -> list[Message]:
    """A thread's messages, oldest first, with their attachments."""
    return list(session.scalars(select(Message).where(thread).order_by(Message.id)))


def message(session: Session, thread: ColumnElement[bool], message_id: int) -> Message | None:
    """One message of the thread, or None."""
    return session.scalar(select(Message).where(thread, Message.id == message_id))


def attachment(session: Session, message_id: int, attachment_id: int) -> MessageAttachment | None:
    """One attachment of a message, or None."""
    return session.scalar(select(MessageAttachment).where(MessageAttachment.id == attachment_id,
                                                          MessageAttachment.message_id == message_id))


def receipts(session: Session, message_ids: Iterable[int]) -> list[MessageReceipt]:
    """The read receipts of these messages, oldest first."""
    ids = list(message_ids)
    if not ids:
        return []
    return list(session.scalars(select(MessageReceipt).where(MessageReceipt.message_id.in_(ids))
                                .order_by(MessageReceipt.read_at)))


def receipt(session: Session, message_id: int, user_id: int) -> MessageReceipt | None:
    """The reader's receipt of a message, or None while unread."""
    return session.get(MessageReceipt, (message_id, user_id))


def users(session: Session, ids: Iterable[int]) -> dict[int, User]:
    """Users by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}


def authors(session: Session, thread: ColumnElement[bool]) -> set[int]:
    """Who wrote in the thread."""
    return set(session.scalars(select(Message.author_id).where(thread).distinct()))


def unread_count(session: Session, thread: ColumnElement[bool], reader: User) -> int:
    """Messages of the thread written by others that `reader` has not read."""
    read = select(MessageReceipt.message_id).where(MessageReceipt.user_id == reader.id)
    return session.scalar(select(func.count()).select_from(Message).where(
        and_(thread, Message.author_id != reader.id, Message.id.not_in(read)))) or 0


def active_managers(session: Session) -> list[User]:
    """Managers who receive the notices no assigned person would."""
    return list(session.scalars(select(User).where(User.role == Role.MANAGER, User.is_active.is_(True))))
