"""The quotes screen: outside clients, the published price list, quotes (create, send, accept with the
document, decline) and the clients' invoices. The pages call the same services as the quotes API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from service.config import get_settings
from service.deps import SessionDep
from service.errors import InvalidInput, ServiceError
from service.models import User
from service.models.enums import Role
from service.quote import document as quote_document
from service.quote import service as quote_service
from service.quote.schemas import ClientCreate, PriceCreate, QuoteCreate
from service.web import labels
from service.web.common import Csrf, ManagerPage, refused, render, role_user
from service.web.money import parse_euros
from service.web.outsourcing import JOB_CLASS_LABELS

router = APIRouter(prefix="/pilotage/devis", include_in_schema=False)
AdminPage = Annotated[User, role_user(Role.ADMIN)]
QUOTE_STATUS_LABELS = {"draft": "à envoyer", "sent": "envoyé, en attente de réponse", "accepted": "accepté",
                       "declined": "refusé", "expired": "expiré"}
labels.ERROR_MESSAGES.update({
    "client_exists": "Un client porte déjà ce nom ou cette adresse électronique.",
    "client_not_found": "Client introuvable.",
    "quote_not_found": "Devis introuvable.",
    "missing_price": "Aucun tarif publié pour cette paire et cette prestation : ajoutez-le à la grille tarifaire.",
    "quote_not_open": "Ce devis est déjà accepté, refusé ou expiré : établissez-en un nouveau.",
    "nothing_to_invoice": "Aucun travail livré et non facturé pour ce client.",
    "invalid_quote_form": "Un champ du devis est incorrect : choisissez le client et deux langues différentes, "
    "et indiquez le nombre de pages (par exemple 2,5) ou de caractères.",
    "invalid_client_form": "Indiquez le nom du client (2 caractères au moins) et une adresse électronique valide.",
    "invalid_price_form": "Un champ du tarif est incorrect : prix et minimum en euros (par exemple 45,00), "
    "majoration de 0 à 300 %, date de début.",
})


class InvalidQuoteForm(InvalidInput):
    code = "invalid_quote_form"


class InvalidClientForm(InvalidInput):
    code = "invalid_client_form"


class InvalidPriceForm(InvalidInput):
    code = "invalid_price_form"


def _status(quote_status: str, valid_until: date) -> str:
    return "expired" if quote_status in quote_service.OPEN_STATUSES and valid_until < date.today() else quote_status


def _page(request: Request, session: Session, user: User, *, error: str | None = None,
          message: str | None = None, status_code: int = 200) -> HTMLResponse:
    clients = quote_service.list_clients(session)
    return render(request, "pilotage/devis.html", user=user, clients=clients,
                  client_names={c.id: c.name for c in clients}, prices=quote_service.price_list(session),
                  quotes=quote_service.list_quotes(session), invoices=quote_service.invoices(session),
                  quote_status=_status, status_labels=QUOTE_STATUS_LABELS, class_labels=JOB_CLASS_LABELS,
                  can_edit_prices=user.role == Role.ADMIN, error=error, message=message, status_code=status_code)


DONE = {"client": "Client enregistré : il a son propre compte de dépôt pour suivre ses demandes.",
        "tarif": "Tarif publié.", "devis": "Devis établi : téléchargez-le et envoyez-le au client.",
        "envoye": "Devis marqué comme envoyé au client.",
        "accepte": "Devis accepté : le document est devenu une demande de traduction.",
        "refuse": "Devis marqué comme refusé.", "facture": "Facture émise."}


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, user: ManagerPage) -> HTMLResponse:
    """Clients, price list, quotes and invoices."""
    return _page(request, session, user, message=next((t for k, t in DONE.items() if k in request.query_params),
                                                     None))


def _done(key: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/pilotage/devis?{key}=1#{anchor}", status_code=303)


@router.post("/clients", dependencies=[Csrf])
def create_client(request: Request, session: SessionDep, user: ManagerPage,
                  nom: Annotated[str, Form(max_length=200)] = "", courriel: Annotated[str, Form(max_length=254)] = "",
                  adresse: Annotated[str, Form(max_length=500)] = "") -> Response:
    """Register an outside client (with its own submitter account)."""
    try:
        try:
            body = ClientCreate(name=nom.strip(), email=courriel.strip(), address=adresse.strip())
        except ValidationError as exc:
            raise InvalidClientForm(str(exc)[:300]) from exc
        quote_service.create_client(session, **body.model_dump())
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("client", "clients")


@router.post("/tarifs", dependencies=[Csrf])
def add_price(request: Request, session: SessionDep, user: AdminPage,
              paire: Annotated[str, Form(max_length=5)] = "*", prestation: Annotated[str, Form(max_length=16)] = "",
              prix: Annotated[str, Form(max_length=16)] = "", minimum: Annotated[str, Form(max_length=16)] = "",
              urgence: Annotated[str, Form(max_length=3)] = "0",
              debut: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Publish a price line (per page, for a pair or every pair)."""
    try:
        try:
            body = PriceCreate(pair=paire.strip() or "*", job_class=prestation,  # type: ignore[arg-type]
                               price_page_cents=parse_euros(prix),  # type: ignore[arg-type]
                               minimum_cents=parse_euros(minimum) or 0,
                               urgent_surcharge_pct=int(urgence or 0),
                               valid_from=date.fromisoformat(debut) if debut else date.today())
        except (ValidationError, ValueError) as exc:
            raise InvalidPriceForm(str(exc)[:300]) from exc
        quote_service.add_price(session, **body.model_dump())
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("tarif", "tarifs")


def _size(pages: str, characters: str) -> tuple[float | None, int | None]:
    try:
        page_count = float(pages.replace(",", ".")) if pages.strip() else None
        character_count = int(characters.replace(" ", "").replace("\u202f", "")) if characters.strip() else None
    except ValueError:
        raise InvalidQuoteForm("The size is not a number.") from None
    return page_count, character_count


@router.post("", dependencies=[Csrf])
def create_quote(request: Request, session: SessionDep, user: ManagerPage,
                 client: Annotated[str, Form(max_length=12)] = "", source: Annotated[str, Form(max_length=2)] = "",
                 cible: Annotated[str, Form(max_length=2)] = "fr",
                 prestation: Annotated[str, Form(max_length=16)] = "translation",
                 urgence: Annotated[str, Form(max_length=16)] = "normal",
                 pages: Annotated[str, Form(max_length=12)] = "",
                 caracteres: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Quote a job from its size, pair, job class and urgency at the published prices."""
    try:
        try:
            page_count, character_count = _size(pages, caracteres)
            body = QuoteCreate(client_id=int(client), source_lang=source, target_lang=cible,
                               job_class=prestation, urgency=urgence,  # type: ignore[arg-type]
                               pages=page_count, characters=character_count)
            if body.source_lang == body.target_lang:
                raise ValueError("same languages")
        except (ValidationError, ValueError) as exc:
            raise InvalidQuoteForm(str(exc)[:300]) from exc
        quote_service.create_quote(session, client=quote_service.get_client(session, body.client_id),
                                   source_lang=body.source_lang, target_lang=body.target_lang,
                                   job_class=body.job_class, urgency=body.urgency,
                                   characters=body.characters or round((body.pages or 0) * 1500))
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("devis", "devis")


@router.get("/{quote_id}/pdf")
def quote_pdf(session: SessionDep, user: ManagerPage, quote_id: int) -> Response:
    """The quote as a PDF to send to the client."""
    quote = quote_service.get_quote(session, quote_id)
    return Response(quote_document.quote_pdf(quote, quote_service.price_entry(session, quote)),
                    media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{quote.reference}.pdf"'})


@router.post("/{quote_id}/envoi", dependencies=[Csrf])
def send(request: Request, session: SessionDep, user: ManagerPage, quote_id: int) -> Response:
    """Record that the quote went to the client."""
    try:
        quote_service.send(session, quote_service.get_quote(session, quote_id))
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("envoye", "devis")


@router.post("/{quote_id}/acceptation", dependencies=[Csrf])
def accept(request: Request, session: SessionDep, user: ManagerPage, quote_id: int,
           fichier: Annotated[UploadFile, File()],
           type_document: Annotated[str, Form(max_length=40)] = "other") -> Response:
    """The client accepted: its document becomes a translation request, submitted by the client's account."""
    limit = get_settings().max_upload_bytes
    data = fichier.file.read(limit + 1)
    try:
        quote_service.accept(session, quote_service.get_quote(session, quote_id), data=data,
                             filename=fichier.filename or "document", document_type=type_document, max_bytes=limit)
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("accepte", "devis")


@router.post("/{quote_id}/refus", dependencies=[Csrf])
def decline(request: Request, session: SessionDep, user: ManagerPage, quote_id: int) -> Response:
    """The client declined the quote."""
    try:
        quote_service.decline(session, quote_service.get_quote(session, quote_id))
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("refuse", "devis")


@router.post("/clients/{client_id}/facture", dependencies=[Csrf])
def invoice(request: Request, session: SessionDep, user: ManagerPage, client_id: int) -> Response:
    """Invoice the client's delivered, not yet invoiced work."""
    try:
        quote_service.invoice(session, client=quote_service.get_client(session, client_id))
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return _done("facture", "factures")
