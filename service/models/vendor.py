"""External translation vendors and their contracts (rates per language pair and job class)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, TimestampMixin


class Vendor(IdMixin, TimestampMixin, Base):
    __tablename__ = "vendor"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class VendorContract(IdMixin, TimestampMixin, Base):
    """One rate line of a contract: a pair, a job class, a period and its prices."""

    __tablename__ = "vendor_contract"
    __table_args__ = (Index("ix_vendor_contract_pair_class", "source_lang", "target_lang", "job_class"),)

    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id", ondelete="CASCADE"), index=True)
    source_lang: Mapped[str] = mapped_column(String(2))
    target_lang: Mapped[str] = mapped_column(String(2))
    job_class: Mapped[str] = mapped_column(String(16))
    # At least one of the two rates is set; with both, the word rate applies when words are counted.
    rate_page_cents: Mapped[int | None] = mapped_column(Integer)
    rate_word_cents: Mapped[int | None] = mapped_column(Integer)
    minimum_cents: Mapped[int] = mapped_column(Integer, default=0)
    urgent_surcharge_pct: Mapped[int] = mapped_column(Integer, default=0)
    very_urgent_surcharge_pct: Mapped[int] = mapped_column(Integer, default=0)
    turnaround_days: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    vendor: Mapped[Vendor] = relationship(lazy="joined")
