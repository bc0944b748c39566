"""A social-security fund that submits documents."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, TimestampMixin


class Caisse(IdMixin, TimestampMixin, Base):
    __tablename__ = "caisse"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    # Shared secret used to sign status callbacks (HMAC-SHA256).
    callback_secret: Mapped[str] = mapped_column(String(128))
    callback_secret_rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Whom the translation unit calls about the caisse's requests.
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")


class CallbackHost(IdMixin, TimestampMixin, Base):
    """A host an administrator lets a caisse's callbacks reach although its address is not public.

    A caisse's own system on an internal network (or a test receiver on 127.0.0.1): without an entry here,
    the outbound client refuses loopback, private and other non-public addresses.
    """

    __tablename__ = "callback_host"
    __table_args__ = (UniqueConstraint("caisse_id", "host", name="uq_callback_host_caisse_id_host"),)

    caisse_id: Mapped[int] = mapped_column(ForeignKey("caisse.id", ondelete="CASCADE"), index=True)
    host: Mapped[str] = mapped_column(String(255))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
