"""Threads of messages: on a translation request (caisse and staff) or on a partner's consultation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, utcnow


class Message(IdMixin, Base):
    """One message of a thread; exactly one of `request_id` and `consultation_id` says whose thread it is."""

    __tablename__ = "message"
    __table_args__ = (
        CheckConstraint("(request_id IS NULL) != (consultation_id IS NULL)", name="one_thread"),
        Index("ix_message_request_id", "request_id", "id"),
        Index("ix_message_consultation_id", "consultation_id", "id"),
    )

    request_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # "message", or on a consultation "question" (the first one) and "answer" (the expert's answers).
    kind: Mapped[str] = mapped_column(String(16), default="message")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set by the e-mail task once the notice went out (it is then not sent again).
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    attachments: Mapped[list[MessageAttachment]] = relationship(
        cascade="all, delete-orphan", order_by="MessageAttachment.id", lazy="selectin"
    )


class MessageAttachment(IdMixin, Base):
    """A file sent with a message, checked like an intake upload and stored the same way."""

    __tablename__ = "message_attachment"

    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MessageReceipt(Base):
    """When one reader read one message (absent: unread for that reader)."""

    __tablename__ = "message_receipt"

    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RequestWait(IdMixin, Base):
    """A period when a request waited for its submitter's answer ("en attente du demandeur")."""

    __tablename__ = "request_wait"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("translation_request.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The message that asked (and the one that answered, when an answer ended the wait).
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    seconds: Mapped[int] = mapped_column(Integer, default=0)
