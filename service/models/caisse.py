"""A social-security fund that submits documents."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, TimestampMixin


class Caisse(IdMixin, TimestampMixin, Base):
    __tablename__ = "caisse"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    # Shared secret used to sign status callbacks (HMAC-SHA256).
    callback_secret: Mapped[str] = mapped_column(String(128))
