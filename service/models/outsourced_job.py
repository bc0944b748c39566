"""A request sent to a vendor: package, return, "service done", invoice and payment."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, TimestampMixin
from service.models.vendor import Vendor


class OutsourcedJob(IdMixin, TimestampMixin, Base):
    __tablename__ = "outsourced_job"
    __table_args__ = (Index("ix_outsourced_job_status", "status"),)

    request_id: Mapped[int] = mapped_column(
        ForeignKey("translation_request.id", ondelete="CASCADE"), index=True
    )
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("vendor_contract.id", ondelete="SET NULL"))
    job_class: Mapped[str] = mapped_column(String(16))
    # pending -> sent -> returned -> service_done -> invoiced -> paid; withdrawn when taken back.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    billed_pages: Mapped[float] = mapped_column(Float, default=0.0)
    billed_words: Mapped[int | None] = mapped_column(Integer)
    computed_cost_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    # What the same work would have cost as a full translation (the saving MT brings).
    translation_cost_cents: Mapped[int | None] = mapped_column(BigInteger)
    due_on: Mapped[date | None] = mapped_column(Date)
    xliff_version: Mapped[str] = mapped_column(String(8), default="2.0")
    package_key: Mapped[str | None] = mapped_column(String(200))
    pii_masked: Mapped[int] = mapped_column(Integer, default=0)
    # Where each placeholder of the package stands ([position, field, start, end, placeholder]): the values
    # are read back from the segments when the vendor's file returns, never stored here.
    mask_occurrences: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The package: None until built; "preparing" while the redacted original is drawn; "ready"; "failed".
    package_state: Mapped[str | None] = mapped_column(String(16))
    package_error: Mapped[str | None] = mapped_column(String(64))
    original_included: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_on: Mapped[date | None] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    # Mean normalised edit distance (0-1) from the drafts sent to the vendor's return: how much it revised.
    return_distance: Mapped[float | None] = mapped_column(Float)
    service_done_on: Mapped[date | None] = mapped_column(Date)
    certifier_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    remarks: Mapped[str | None] = mapped_column(Text)
    invoice_number: Mapped[str | None] = mapped_column(String(64))
    invoice_amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    invoiced_on: Mapped[date | None] = mapped_column(Date)
    invoice_mismatch: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    vendor: Mapped[Vendor] = relationship(lazy="joined")
