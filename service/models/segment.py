"""A sentence of the source text with its draft and its revised (final) translation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, TimestampMixin


class Segment(IdMixin, TimestampMixin, Base):
    __tablename__ = "segment"
    # One row per position: re-running a draft can never duplicate segments.
    __table_args__ = (UniqueConstraint("request_id", "position", name="uq_segment_request_position"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("translation_request.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer, default=1)
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    # Where the sentence stands on its page image: [x0, y0, x1, y1] as fractions of the page's width and
    # height, origin top left (None: not located, e.g. a Word file); tesseract's mean word confidence.
    bbox: Mapped[list[float] | None] = mapped_column(JSON)
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    source_text: Mapped[str] = mapped_column(Text)
    draft_text: Mapped[str | None] = mapped_column(Text)
    draft_origin: Mapped[str | None] = mapped_column(String(16))
    draft_score: Mapped[float | None] = mapped_column(Float)
    draft_model: Mapped[str | None] = mapped_column(String(100))
    tm_score: Mapped[float | None] = mapped_column(Float)
    # How far a machine draft can be trusted (0-1), and whether the editor pre-fills it (False: held back
    # as an unreliable suggestion, or no draft at all). Decided once, at drafting time.
    draft_confidence: Mapped[float | None] = mapped_column(Float)
    draft_shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The memory's source sentence behind a fuzzy or adapted draft (placeholders for personal values).
    tm_source: Mapped[str | None] = mapped_column(Text)
    # What the detector found in the source: [{text, kind, start, end}], and what drafting did about it
    # ([{code, ...}]: an exonym used, values adapted from memory, values to check).
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    draft_notes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    final_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    glossary: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    protected: Mapped[list[str]] = mapped_column(JSON, default=list)
    qa: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    edit_distance: Mapped[float | None] = mapped_column(Float)
    # In an extract translation (scope `extract`), whether the translator marked the segment as carrying
    # the requested facts: only marked segments are translated and delivered. None: not decided.
    in_extract: Mapped[bool | None] = mapped_column(Boolean)
    # Active editing time (seconds) the editor measured: focus and typing, pauses over 2 minutes left out.
    # Null: never measured (outsourced, imported, or edited before the editor measured time).
    editing_seconds: Mapped[float | None] = mapped_column(Float)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Optimistic locking: the ORM adds `WHERE version = <the one read>` to every UPDATE of the row and
    # increments it, so of two saves made from the same version the second fails instead of overwriting.
    # The API exposes it as the segment's ETag; a save sent with `If-Match` checks it first.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
