"""Yearly targets of the objectives agreement's indicators, when they differ from the agreed defaults."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, TimestampMixin


class IndicatorTarget(TimestampMixin, Base):
    __tablename__ = "indicator_target"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # IR.8.2 in calendar days; IR.8.3 and IR.8.1 as fractions (0.03 = 3 %, -0.05 = -5 %).
    average_delay_days: Mapped[float] = mapped_column(Float)
    late_share: Mapped[float] = mapped_column(Float)
    external_cost_change: Mapped[float | None] = mapped_column(Float)


class IndicatorRollup(Base):
    """The indicators' sums per delivery month and breakdown key, kept in step with the requests.

    One row per (month, dimension, key): `by_month` (the month again), `by_language_pair` (source, target),
    `by_caisse` (caisse id), `by_channel`, `by_handled_by`, `by_document_type`, `by_received_month` (for
    the monthly volume). A year's figures and breakdowns add up at most a few hundred rows instead of
    reading 50,000 requests.
    """

    __tablename__ = "indicator_rollup"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "YYYY-MM" of delivered_on
    dimension: Mapped[str] = mapped_column(String(32), primary_key=True)
    k0: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    k1: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    delivered: Mapped[int] = mapped_column(Integer)
    delay_sum: Mapped[int] = mapped_column(BigInteger)
    late_count: Mapped[int] = mapped_column(Integer)
    late_all: Mapped[int] = mapped_column(Integer)
    external_cost_cents: Mapped[int] = mapped_column(BigInteger)
