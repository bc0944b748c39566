"""Partner organisations, their consultations of the body's experts, and the knowledge base built from them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, FetchedValue, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, TimestampMixin, utcnow


class Partner(IdMixin, TimestampMixin, Base):
    """A body outside the caisses that consults the experts (the SANDIA first).

    Its translation requests (a consultation converted) belong to its own caisse row of kind "other",
    as an external client's do: the indicators and request screens then work unchanged.
    """

    __tablename__ = "partner"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    caisse_id: Mapped[int] = mapped_column(ForeignKey("caisse.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Consultation(IdMixin, TimestampMixin, Base):
    """A partner's question about a foreign document, answered by an expert: open -> answered -> closed."""

    __tablename__ = "consultation"
    __table_args__ = (
        Index("ix_consultation_partner_status", "partner_id", "status"),
        Index("ix_consultation_country_type", "country", "document_type"),
    )

    reference: Mapped[str] = mapped_column(String(32), unique=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    document_type: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    # The first answer decides the answer time and "on time"; later answers (after a reopening) do not.
    first_answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id", ondelete="SET NULL"))

    partner: Mapped[Partner] = relationship(lazy="joined")


class KnowledgeEntry(IdMixin, TimestampMixin, Base):
    """A published answer, with personal data removed, searchable by words, country and document type."""

    __tablename__ = "knowledge_entry"
    __table_args__ = (Index("ix_knowledge_entry_country_type", "country", "document_type"),)

    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), unique=True
    )
    country: Mapped[str] = mapped_column(String(2))
    document_type: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[str] = mapped_column(Text, default="")
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The words searched, lower-cased and without accents (title, answer, sources, country and type names).
    search_text: Mapped[str] = mapped_column(Text, default="")
    # What the engine's full-text index reads. PostgreSQL: a tsvector generated from search_text with the
    # French and simple configurations (never written here). SQLite: the Snowball French stems of
    # search_text, written by the service and indexed by FTS5 through triggers.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR().with_variant(Text(), "sqlite"), deferred=True,
        # The server fills it on PostgreSQL: the ORM then leaves it out of INSERT and UPDATE unless set.
        server_default=FetchedValue(), server_onupdate=FetchedValue(),
    )
