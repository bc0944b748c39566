"""Clients outside social security: published prices, quotes, and invoices."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db.base import Base, IdMixin, TimestampMixin


class Client(IdMixin, TimestampMixin, Base):
    """An external client; it submits through its own caisse of kind "other" and service account."""

    __tablename__ = "client"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(500), default="")
    caisse_id: Mapped[int] = mapped_column(ForeignKey("caisse.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


class PriceListEntry(IdMixin, TimestampMixin, Base):
    """A published price: per page for a job class, for one pair or every pair ("*")."""

    __tablename__ = "price_list_entry"

    pair: Mapped[str] = mapped_column(String(8), default="*")
    job_class: Mapped[str] = mapped_column(String(16))
    price_page_cents: Mapped[int] = mapped_column(Integer)
    minimum_cents: Mapped[int] = mapped_column(Integer, default=0)
    urgent_surcharge_pct: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class ClientInvoice(IdMixin, TimestampMixin, Base):
    __tablename__ = "client_invoice"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Quote(IdMixin, TimestampMixin, Base):
    __tablename__ = "quote"

    reference: Mapped[str] = mapped_column(String(32), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    source_lang: Mapped[str] = mapped_column(String(2))
    target_lang: Mapped[str] = mapped_column(String(2))
    job_class: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    pages: Mapped[float] = mapped_column(Float)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    price_entry_id: Mapped[int | None] = mapped_column(ForeignKey("price_list_entry.id", ondelete="SET NULL"))
    # draft -> (sent ->) accepted | declined; accepted quotes carry the request they became.
    status: Mapped[str] = mapped_column(String(16), default="draft")
    valid_until: Mapped[date] = mapped_column(Date)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id", ondelete="SET NULL"))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("client_invoice.id"))

    client: Mapped[Client] = relationship(lazy="joined")
