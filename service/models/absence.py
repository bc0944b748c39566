"""Translators' availability and reach: absences, and their level on each language pair."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, TimestampMixin


class Absence(IdMixin, TimestampMixin, Base):
    """A period when a translator does not work (leave, training, sickness)."""

    __tablename__ = "absence"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class TranslatorPairLevel(IdMixin, TimestampMixin, Base):
    """How far a translator may go on one pair: 1 revises drafts only, 2 translates, 3 also certifies."""

    __tablename__ = "translator_pair_level"
    __table_args__ = (UniqueConstraint("user_id", "pair", name="uq_translator_pair_level_user_pair"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    pair: Mapped[str] = mapped_column(String(8))
    level: Mapped[int] = mapped_column(Integer)
