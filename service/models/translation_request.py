"""A translation request and what hangs off it: documents, extracted pages, events, callbacks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, TimestampMixin, utcnow
from service.models.caisse import Caisse

# Neither delivered nor cancelled: the requests still to be done.
OPEN_CONDITION = text("status NOT IN ('delivered', 'cancelled')")


class TranslationRequest(IdMixin, TimestampMixin, Base):
    __tablename__ = "translation_request"
    __table_args__ = (
        Index("ix_translation_request_delivered_on_status", "delivered_on", "status"),
        Index("ix_translation_request_caisse_status", "caisse_id", "status"),
        # Covers every column the yearly indicators read (migration "indicator").
        Index("ix_translation_request_indicator", "status", "delivered_on", "received_on", "handled_by",
              "pages", "external_cost_cents"),
        Index("ix_translation_request_duplicate_of_id", "duplicate_of_id"),
        # Deleting a request looks for the rows referring to it (migration "request_reuse_index").
        Index("ix_translation_request_reuse_of_id", "reuse_of_id"),
        # The open requests (the backlog) alone, a few thousand among years of history (migration
        # "indicator_rollup").
        Index("ix_translation_request_open", "received_on", postgresql_where=OPEN_CONDITION,
              sqlite_where=OPEN_CONDITION),
    )

    reference: Mapped[str] = mapped_column(String(32), unique=True)
    caisse_id: Mapped[int] = mapped_column(ForeignKey("caisse.id"), index=True)
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    source_lang: Mapped[str] = mapped_column(String(2))
    target_lang: Mapped[str] = mapped_column(String(2))
    document_type: Mapped[str] = mapped_column(String(64), default="other")
    channel: Mapped[str] = mapped_column(String(32), default="standard")
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    received_on: Mapped[date] = mapped_column(Date, index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    pages: Mapped[int | None] = mapped_column(Integer)
    words: Mapped[int | None] = mapped_column(Integer)
    characters: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Failure bookkeeping: which state failed, a stable code, and words for people.
    failed_from: Mapped[str | None] = mapped_column(String(16))
    failure_code: Mapped[str | None] = mapped_column(String(64))
    failure_detail: Mapped[str | None] = mapped_column(Text)
    # Progress of the running background step ("OCR page 3/12").
    progress_label: Mapped[str | None] = mapped_column(String(200))
    progress_done: Mapped[int | None] = mapped_column(Integer)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    detected_lang: Mapped[str | None] = mapped_column(String(2))
    # Integration with the caisse's own system.
    external_reference: Mapped[str | None] = mapped_column(String(128))
    callback_url: Mapped[str | None] = mapped_column(String(2000))
    # Who the document is about, as the caisse gave it: hints for the entity detector (never in callbacks).
    subject_name: Mapped[str | None] = mapped_column(String(200))
    subject_birth_date: Mapped[date | None] = mapped_column(Date)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id"))
    # Who handled it (feeds IR.8.3's trainee exclusion) and what it cost outside (IR.8.1).
    handled_by: Mapped[str | None] = mapped_column(String(16))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    external_cost_cents: Mapped[int | None] = mapped_column(BigInteger)
    imported: Mapped[bool] = mapped_column(default=False)
    # The country that issued the document (ISO 3166 alpha-2), when known: knowledge entries are suggested.
    country: Mapped[str | None] = mapped_column(String(2))
    # Waiting for the submitter's answer to a question (see RequestWait): since when, and the total of the
    # closed waits. Reported apart; the delay indicators stay calendar days from receipt to delivery.
    awaiting_submitter_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    waiting_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Scope (A.8.4): the pages the caisse asked for ("1,3-4"; None: all) out of the original's
    # `document_pages`; `pages` counts only the pages translated and billed. `scope` is `full`, or `extract`
    # when only the segments carrying the requested facts are translated ("traduction par extrait").
    page_selection: Mapped[str | None] = mapped_column(String(200))
    document_pages: Mapped[int | None] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(16), default="full", server_default="full")
    # What the translation is for, and the service level it calls for (information, light_revision,
    # full_revision, certified: see service/translation_request/levels.py), with why that level was chosen.
    purpose: Mapped[str | None] = mapped_column(String(32))
    service_level: Mapped[str] = mapped_column(String(16), default="full_revision", server_default="full_revision")
    service_level_reason: Mapped[str | None] = mapped_column(String(500))
    # No translation when none is needed: a multilingual standard form recognised in the text, or an earlier
    # certified translation of the same file for the same caisse; the offer made to the agent waits for
    # their answer (`offer_status` pending, then accepted or declined) before any further work.
    standard_form: Mapped[str | None] = mapped_column(String(64))
    reuse_of_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id"))
    offer_status: Mapped[str | None] = mapped_column(String(16))

    caisse: Mapped[Caisse] = relationship(lazy="joined")

    @property
    def waited_seconds(self) -> int:
        """Seconds the request has waited for its submitter, the running wait included."""
        running = 0
        if self.awaiting_submitter_since is not None:
            since = self.awaiting_submitter_since
            since = since if since.tzinfo else since.replace(tzinfo=UTC)  # SQLite reads naive UTC
            running = max(0, int((utcnow() - since).total_seconds()))
        return (self.waiting_seconds or 0) + running

    documents: Mapped[list[Document]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Document.id"
    )


class AvoidedWork(IdMixin, Base):
    """Translation not done, and what it would have cost: pages left out by scope, an earlier certified
    translation reused, a standard form that needs none. One row per request and kind (re-runs replace it)."""

    __tablename__ = "avoided_work"
    __table_args__ = (Index("uq_avoided_work_request_kind", "request_id", "kind", unique=True),
                      Index("ix_avoided_work_earlier_request_id", "earlier_request_id"))

    request_id: Mapped[int] = mapped_column(ForeignKey("translation_request.id", ondelete="CASCADE"))
    # scope, reuse or standard_form
    kind: Mapped[str] = mapped_column(String(16))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    words: Mapped[int | None] = mapped_column(Integer)
    # At the contract rate the request would have been outsourced at (the cheapest covering vendor).
    cost_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    earlier_request_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id"))
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Document(IdMixin, Base):
    """A stored file: the original as submitted, a deliverable, or the image of one page of the original
    (role `page_image`, `page` its number: what OCR read, turned and straightened, shown in the editor)."""

    __tablename__ = "document"
    __table_args__ = (Index("ix_document_sha256", "sha256"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("translation_request.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    storage_key: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(255))
    page: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    request: Mapped[TranslationRequest] = relationship(back_populates="documents")


class ExtractedPage(IdMixin, Base):
    """The text of one page of the original, as extraction found it."""

    __tablename__ = "extracted_page"
    __table_args__ = (Index("uq_extracted_page_request_number", "request_id", "number", unique=True),)

    request_id: Mapped[int] = mapped_column(ForeignKey("translation_request.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float | None]
    language: Mapped[str | None] = mapped_column(String(2))


class Event(IdMixin, Base):
    """One line of a request's audit trail."""

    __tablename__ = "event"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("translation_request.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CallbackDelivery(IdMixin, TimestampMixin, Base):
    """A signed status notification to the caisse's system, retried with backoff."""

    __tablename__ = "callback_delivery"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("translation_request.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DocumentAccess(IdMixin, Base):
    """Every read of a document's content: who, when, which request, which object, why and through what.

    `object_kind`: original, deliverable, extracted_text, segments (a page of them), segment, page_image,
    vendor_package, message_attachment; `object_ref` names it within the request (a segment's position, a
    page number, a job id); `channel`: api, portal or editor. `document_id` is the file read, or the original
    whose text was read (None once purged, or for a vendor package).
    """

    __tablename__ = "document_access"

    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("translation_request.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    object_kind: Mapped[str] = mapped_column(String(32), default="document", server_default="document")
    object_ref: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(16))
