"""HTTP API of quotes for clients outside social security: price list, quotes, acceptance, invoices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from service.config import get_settings
from service.deps import AdminUser, ManagerUser, SessionDep
from service.quote import document as quote_document
from service.quote import service as quote_service
from service.quote.schemas import (
    ClientCreate,
    ClientRead,
    InvoiceRead,
    PriceCreate,
    PriceRead,
    QuoteCreate,
    QuoteRead,
)
from service.translation_request.schemas import RequestRead

router = APIRouter(prefix="/api/quotes", tags=["quotes"])


@router.get("/clients", response_model=list[ClientRead])
def list_clients(session: SessionDep, _: ManagerUser) -> list[ClientRead]:
    """External clients."""
    return [ClientRead.model_validate(c) for c in quote_service.list_clients(session)]


@router.post("/clients", response_model=ClientRead, status_code=201)
def create_client(session: SessionDep, _: ManagerUser, body: ClientCreate) -> ClientRead:
    """Register a client (with its own caisse of kind "other" and submitter account)."""
    return ClientRead.model_validate(quote_service.create_client(session, **body.model_dump()))


@router.get("/prices", response_model=list[PriceRead])
def prices(session: SessionDep, _: ManagerUser) -> list[PriceRead]:
    """The published price list."""
    return [PriceRead.model_validate(p) for p in quote_service.price_list(session)]


@router.post("/prices", response_model=PriceRead, status_code=201)
def add_price(session: SessionDep, _: AdminUser, body: PriceCreate) -> PriceRead:
    """Publish a price line."""
    return PriceRead.model_validate(quote_service.add_price(session, **body.model_dump()))


@router.get("", response_model=list[QuoteRead])
def list_quotes(session: SessionDep, _: ManagerUser, client_id: int | None = None) -> list[QuoteRead]:
    """Quotes, newest first."""
    return [QuoteRead.model_validate(q) for q in quote_service.list_quotes(session, client_id=client_id)]


@router.post("", response_model=QuoteRead, status_code=201)
def create_quote(session: SessionDep, _: ManagerUser, body: QuoteCreate) -> QuoteRead:
    """Quote a job from its size, pair, job class and urgency at the published prices."""
    client = quote_service.get_client(session, body.client_id)
    characters = body.characters or round((body.pages or 0) * 1500)
    return QuoteRead.model_validate(quote_service.create_quote(
        session, client=client, source_lang=body.source_lang, target_lang=body.target_lang,
        job_class=body.job_class, characters=characters, urgency=body.urgency))


@router.post("/{quote_id}/send", response_model=QuoteRead)
def send(session: SessionDep, _: ManagerUser, quote_id: int) -> QuoteRead:
    """Record that the quote went to the client (status "sent"; it can still be accepted or declined)."""
    quote = quote_service.get_quote(session, quote_id)
    quote_service.send(session, quote)
    return QuoteRead.model_validate(quote)


@router.get("/{quote_id}/pdf")
def quote_pdf(session: SessionDep, _: ManagerUser, quote_id: int) -> Response:
    """The quote as a French PDF to send to the client."""
    quote = quote_service.get_quote(session, quote_id)
    return Response(quote_document.quote_pdf(quote, quote_service.price_entry(session, quote)),
                    media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{quote.reference}.pdf"'})


@router.post("/{quote_id}/accept", response_model=RequestRead, status_code=201)
def accept(session: SessionDep, _: ManagerUser, quote_id: int, file: Annotated[UploadFile, File()],
           document_type: Annotated[str, Form()] = "other") -> RequestRead:
    """The client accepted: its document becomes a translation request."""
    # A plain (threaded) endpoint: storing the file and the database work never block the event loop.
    limit = get_settings().max_upload_bytes
    data = file.file.read(limit + 1)
    request = quote_service.accept(session, quote_service.get_quote(session, quote_id), data=data,
                                   filename=file.filename or "document", document_type=document_type,
                                   max_bytes=limit)
    return RequestRead.of(request)


@router.post("/{quote_id}/decline", response_model=QuoteRead)
def decline(session: SessionDep, _: ManagerUser, quote_id: int) -> QuoteRead:
    """The client declined the quote."""
    quote = quote_service.get_quote(session, quote_id)
    quote_service.decline(session, quote)
    return QuoteRead.model_validate(quote)


@router.post("/clients/{client_id}/invoices", response_model=InvoiceRead, status_code=201)
def invoice(session: SessionDep, _: ManagerUser, client_id: int) -> InvoiceRead:
    """Invoice the client's delivered, not yet invoiced work."""
    client = quote_service.get_client(session, client_id)
    return InvoiceRead.model_validate(quote_service.invoice(session, client=client))


@router.get("/invoices", response_model=list[InvoiceRead])
def invoices(session: SessionDep, _: ManagerUser, client_id: int | None = None) -> list[InvoiceRead]:
    """Client invoices, newest first."""
    return [InvoiceRead.model_validate(i) for i in quote_service.invoices(session, client_id=client_id)]
