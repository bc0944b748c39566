"""Why a request went where it went, and the thresholds that class jobs by draft quality."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, TimestampMixin, utcnow


class RoutingDecision(IdMixin, Base):
    """One routing decision (automatic or a manager's override) with what was considered."""

    __tablename__ = "routing_decision"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("translation_request.id", ondelete="CASCADE"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # internal | trainee | external | blocked
    outcome: Mapped[str] = mapped_column(String(16))
    job_class: Mapped[str] = mapped_column(String(16))
    quality: Mapped[float | None] = mapped_column(Float)
    effort: Mapped[float | None] = mapped_column(Float)
    billed_pages: Mapped[float] = mapped_column(Float, default=0.0)
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendor.id"))
    considered: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_override: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class JobClassThreshold(IdMixin, TimestampMixin, Base):
    """Manager-set thresholds, per pair ("de>fr") or for every pair ("*")."""

    __tablename__ = "job_class_threshold"

    pair: Mapped[str] = mapped_column(String(8), unique=True)
    light_min_quality: Mapped[float] = mapped_column(Float)
    full_min_quality: Mapped[float] = mapped_column(Float)
    light_max_effort: Mapped[float] = mapped_column(Float)
    full_max_effort: Mapped[float] = mapped_column(Float)
    min_effort_segments: Mapped[int] = mapped_column(Integer)
