"""People and systems that call the service, and their credentials."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, TimestampMixin
from service.models.caisse import Caisse
from service.models.consultation import Partner


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "user"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), index=True)
    caisse_id: Mapped[int | None] = mapped_column(ForeignKey("caisse.id"), index=True)
    # Translators only: "staff" or "trainee", and pairs like ["de>fr", "en>fr"].
    translator_status: Mapped[str | None] = mapped_column(String(16))
    language_pairs: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity_pages_per_day: Mapped[float] = mapped_column(Float, default=0.0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the account last signed in: that address is spared the account-wide sign-in delays.
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sign_in_client: Mapped[str | None] = mapped_column(String(64))
    # Partners only: the organisation they act for.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    # Experts and translators: the countries (ISO 3166 alpha-2) and languages whose documents they explain.
    expert_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    expert_languages: Mapped[list[str]] = mapped_column(JSON, default=list)

    caisse: Mapped[Caisse | None] = relationship(lazy="joined")
    partner: Mapped[Partner | None] = relationship(lazy="joined")

    def covers(self, source: str, target: str) -> bool:
        """Whether this translator works from `source` into `target`."""
        return f"{source}>{target}" in (self.language_pairs or [])


class AccessToken(IdMixin, Base):
    """An issued bearer token, stored as its SHA-256 so a database leak reveals no usable token."""

    __tablename__ = "access_token"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiKey(IdMixin, TimestampMixin, Base):
    """A long-lived key for a caisse's own system; it acts as its (submitter) service user."""

    __tablename__ = "api_key"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """A sign-in counter: failed checks in its window and the delay before the next (service.auth.throttle).

    Times are epoch seconds so that one UPDATE can compute the new values on SQLite and PostgreSQL alike.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    delay_s: Mapped[float] = mapped_column(Float)
    window_start_epoch: Mapped[float] = mapped_column(Float, index=True)
    not_before_epoch: Mapped[float] = mapped_column(Float)
