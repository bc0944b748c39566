"""Yearly targets of the objectives agreement's indicators, when they differ from the agreed defaults."""

from __future__ import annotations

from sqlalchemy import Float, Integer
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, TimestampMixin


class IndicatorTarget(TimestampMixin, Base):
    __tablename__ = "indicator_target"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # IR.8.2 in calendar days; IR.8.3 and IR.8.1 as fractions (0.03 = 3 %, -0.05 = -5 %).
    average_delay_days: Mapped[float] = mapped_column(Float)
    late_share: Mapped[float] = mapped_column(Float)
    external_cost_change: Mapped[float | None] = mapped_column(Float)
