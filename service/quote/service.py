"""External clients: published prices, quotes, accepted quotes as requests, and invoices.

A client submits like a caisse: it gets its own caisse of kind "other" and a submitter account, so an
accepted quote goes through the same intake, drafting, routing and delivery as any request, and the
client's agents see only their own requests.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.cost import billing
from service.models import Caisse, Client, ClientInvoice, PriceListEntry, Quote, TranslationRequest, User
from service.models.enums import CaisseKind, RequestStatus, Role
from service.quote.errors import (
    ClientExists,
    ClientNotFound,
    MissingPrice,
    NothingToInvoice,
    QuoteNotFound,
    QuoteNotOpen,
)
from service.translation_request import intake
from service.translation_request import service as request_service

QUOTE_VALIDITY_DAYS = 30
# A quote is open (can be accepted or declined) as a draft and once sent to the client.
OPEN_STATUSES = ("draft", "sent")


def create_client(session: Session, *, name: str, email: str, address: str = "") -> Client:
    """Register a client with its caisse (kind "other") and submitter account."""
    if session.scalar(select(Client.id).where(Client.name == name)) is not None:
        raise ClientExists("name")
    if session.scalar(select(User.id).where(User.email == email.lower())) is not None:
        raise ClientExists("e-mail")
    caisse = Caisse(code=f"CLI-{secrets.token_hex(4).upper()}", name=name, kind=CaisseKind.OTHER,
                    callback_secret=secrets.token_urlsafe(32))
    session.add(caisse)
    session.flush()
    user = auth_service.create_user(session, email=email, full_name=name, role=Role.SUBMITTER, caisse=caisse)
    client = Client(name=name, email=email.lower(), address=address, caisse_id=caisse.id, user_id=user.id)
    session.add(client)
    session.flush()
    return client


def get_client(session: Session, client_id: int) -> Client:
    """A client by id (404 otherwise)."""
    client = session.get(Client, client_id)
    if client is None:
        raise ClientNotFound(client_id)
    return client


def list_clients(session: Session) -> list[Client]:
    """Every client, by name."""
    return list(session.scalars(select(Client).order_by(Client.name)))


def add_price(session: Session, **fields: object) -> PriceListEntry:
    """Publish a price line (per page, for a pair or "*")."""
    entry = PriceListEntry(**fields)
    session.add(entry)
    session.flush()
    return entry


def price_list(session: Session, *, on: date | None = None) -> list[PriceListEntry]:
    """The published prices in force on `on` (all of them when not given)."""
    query = select(PriceListEntry).order_by(PriceListEntry.pair, PriceListEntry.job_class)
    if on is not None:
        query = query.where(PriceListEntry.valid_from <= on,
                            or_(PriceListEntry.valid_to.is_(None), PriceListEntry.valid_to >= on))
    return list(session.scalars(query))


def price_for(session: Session, *, pair: str, job_class: str, on: date) -> PriceListEntry:
    """The price in force for the pair (or every pair) and job class; MissingPrice otherwise."""
    entries = [e for e in price_list(session, on=on) if e.job_class == job_class and e.pair in (pair, "*")]
    if not entries:
        raise MissingPrice(pair, job_class)
    # A pair's own price beats the general one; the latest period wins.
    return max(entries, key=lambda e: (e.pair == pair, e.valid_from, e.id))


def create_quote(session: Session, *, client: Client, source_lang: str, target_lang: str, job_class: str,
                 characters: int, urgency: str = "normal", today: date | None = None) -> Quote:
    """A quote from the page count and the published price (minimum and urgency surcharge included)."""
    on = today or date.today()
    entry = price_for(session, pair=f"{source_lang}>{target_lang}", job_class=job_class, on=on)
    units = billing.units_from_counts(characters)
    price = billing.price(units=units, rate_page_cents=entry.price_page_cents, rate_word_cents=None,
                          minimum_cents=entry.minimum_cents,
                          surcharge_pct=entry.urgent_surcharge_pct if urgency != "normal" else 0)
    quote = Quote(reference=f"pending-{secrets.token_hex(8)}", client_id=client.id, source_lang=source_lang,
                  target_lang=target_lang, job_class=job_class, urgency=urgency, pages=units.pages_float,
                  amount_cents=price.total_cents, price_entry_id=entry.id, status="draft",
                  valid_until=on + timedelta(days=QUOTE_VALIDITY_DAYS))
    session.add(quote)
    session.flush()
    quote.reference = f"DV-{on.year}-{quote.id:05d}"
    return quote


def get_quote(session: Session, quote_id: int) -> Quote:
    """A quote by id (404 otherwise)."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise QuoteNotFound(quote_id)
    return quote


def price_entry(session: Session, quote: Quote) -> PriceListEntry | None:
    """The published price the quote was made at (None once that line is gone)."""
    return session.get(PriceListEntry, quote.price_entry_id) if quote.price_entry_id else None


def list_quotes(session: Session, *, client_id: int | None = None) -> list[Quote]:
    """Quotes, newest first."""
    query = select(Quote).order_by(Quote.id.desc())
    if client_id is not None:
        query = query.where(Quote.client_id == client_id)
    return list(session.scalars(query.limit(500)))


def _require_open(quote: Quote, today: date) -> None:
    if quote.status not in OPEN_STATUSES or quote.valid_until < today:
        raise QuoteNotOpen(quote.reference, "expired" if quote.status in OPEN_STATUSES else quote.status)


def send(session: Session, quote: Quote, *, today: date | None = None) -> None:
    """Record that the quote went to the client (its PDF is `service.quote.document.quote_pdf`)."""
    _require_open(quote, today or date.today())
    quote.status = "sent"
    session.flush()


def accept(session: Session, quote: Quote, *, data: bytes, filename: str, document_type: str,
           max_bytes: int, today: date | None = None) -> TranslationRequest:
    """The client accepts: its document becomes a request, submitted by the client's account."""
    _require_open(quote, today or date.today())
    submission = intake.validate(data=data, filename=filename, source_lang=quote.source_lang,
                                 target_lang=quote.target_lang, document_type=document_type, channel=None,
                                 urgency=quote.urgency, external_reference=quote.reference, callback_url=None,
                                 max_bytes=max_bytes)
    submitter = session.get(User, quote.client.user_id)
    assert submitter is not None
    request = request_service.create(session, submitter=submitter, submission=submission)
    quote.status, quote.request_id = "accepted", request.id
    session.flush()
    return request


def decline(session: Session, quote: Quote) -> None:
    """The client declines the quote."""
    _require_open(quote, date.today())
    quote.status = "declined"
    session.flush()


def invoice(session: Session, *, client: Client, issued_on: date | None = None) -> ClientInvoice:
    """Invoice the client's accepted quotes whose requests were delivered and not yet invoiced."""
    rows = session.execute(
        select(Quote, TranslationRequest).join(TranslationRequest, TranslationRequest.id == Quote.request_id)
        .where(Quote.client_id == client.id, Quote.status == "accepted", Quote.invoice_id.is_(None),
               TranslationRequest.status == RequestStatus.DELIVERED).order_by(Quote.id)).all()
    if not rows:
        raise NothingToInvoice(client.name)
    on = issued_on or date.today()
    lines = [{"quote": q.reference, "request": r.reference, "pair": f"{q.source_lang}>{q.target_lang}",
              "job_class": q.job_class, "pages": q.pages, "amount_cents": q.amount_cents,
              "delivered_on": r.delivered_on.isoformat() if r.delivered_on else None} for q, r in rows]
    bill = ClientInvoice(client_id=client.id, number=f"pending-{secrets.token_hex(8)}", issued_on=on,
                         amount_cents=sum(q.amount_cents for q, _ in rows), lines=lines)
    session.add(bill)
    session.flush()
    bill.number = f"FC-{on.year}-{bill.id:05d}"
    for q, _ in rows:
        q.invoice_id = bill.id
    session.flush()
    return bill


def invoices(session: Session, *, client_id: int | None = None) -> list[ClientInvoice]:
    """Client invoices, newest first."""
    query = select(ClientInvoice).order_by(ClientInvoice.id.desc())
    if client_id is not None:
        query = query.where(ClientInvoice.client_id == client_id)
    return list(session.scalars(query.limit(500)))
