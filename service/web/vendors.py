"""The vendors screen: vendors, their language pairs and contract rates, and how they perform."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from service.deps import SessionDep
from service.errors import InvalidInput, ServiceError
from service.models import User
from service.models.enums import Role
from service.vendor import performance
from service.vendor import service as vendor_service
from service.vendor.schemas import ContractCreate, VendorCreate
from service.web import labels
from service.web.common import Csrf, ManagerPage, refused, render, role_user
from service.web.money import parse_euros
from service.web.outsourcing import JOB_CLASS_LABELS

router = APIRouter(prefix="/pilotage/prestataires", include_in_schema=False)
AdminPage = Annotated[User, role_user(Role.ADMIN)]
labels.ERROR_MESSAGES.update({
    "invalid_contract": "Tarif incorrect : indiquez un prix à la page ou au mot, et une fin de validité "
    "après le début.",
    "invalid_vendor": "Indiquez le nom du prestataire (2 caractères au moins) et une adresse électronique valide.",
    "invalid_rate_form": "Un champ du tarif est incorrect : langues différentes, prix en euros (par exemple "
    "18,50), majorations de 0 à 300 %, délai de 0 à 365 jours ouvrés, dates au format jj/mm/aaaa.",
    "contract_not_found": "Ce tarif n'existe plus ; rechargez la page.",
})


class InvalidVendor(InvalidInput):
    code = "invalid_vendor"


class InvalidRateForm(InvalidInput):
    code = "invalid_rate_form"


def _page(request: Request, session: Session, user: User, *, error: str | None = None,
          message: str | None = None, status_code: int = 200) -> HTMLResponse:
    vendors = vendor_service.list_vendors(session)
    contracts = {v.id: vendor_service.list_contracts(session, vendor=v) for v in vendors}
    pairs = {v.id: sorted({f"{c.source_lang}>{c.target_lang}" for c in contracts[v.id]}) for v in vendors}
    return render(request, "pilotage/prestataires.html", user=user, vendors=vendors, contracts=contracts,
                  pairs=pairs, performance=performance.by_vendor(session), class_labels=JOB_CLASS_LABELS,
                  error=error, message=message, status_code=status_code, can_edit=user.role == Role.ADMIN)


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, user: ManagerPage) -> HTMLResponse:
    """Vendors with their pairs, contract rates and performance (on-time rate, revision distance)."""
    done = {"ajoute": "Prestataire enregistré.", "tarif": "Tarif ajouté au contrat.",
            "supprime": "Tarif retiré du contrat.", "etat": "État du prestataire modifié."}
    message = next((text for key, text in done.items() if key in request.query_params), None)
    return _page(request, session, user, message=message)


@router.post("", dependencies=[Csrf])
def create_vendor(request: Request, session: SessionDep, user: AdminPage,
                  nom: Annotated[str, Form(max_length=200)] = "",
                  courriel: Annotated[str, Form(max_length=254)] = "") -> Response:
    """Register a vendor."""
    try:
        try:
            body = VendorCreate(name=nom.strip(), email=courriel.strip() or None)
        except ValidationError as exc:
            raise InvalidVendor("Give the vendor's name (2 characters at least).") from exc
        vendor_service.create_vendor(session, name=body.name, email=body.email)
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return RedirectResponse("/pilotage/prestataires?ajoute=1", status_code=303)


def _cents(text: str, *, required: bool = False) -> int | None:
    if not text.strip():
        if required:
            raise InvalidRateForm("A required price is missing.")
        return None
    cents = parse_euros(text)
    if cents is None:
        raise InvalidRateForm(f"'{text}' is not an amount in euros.")
    return cents


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError:
        raise InvalidRateForm(f"'{text}' is not a date.") from None


@router.post("/{vendor_id}/tarifs", dependencies=[Csrf])
def add_rate(request: Request, session: SessionDep, user: AdminPage, vendor_id: int,
             source: Annotated[str, Form(max_length=2)], cible: Annotated[str, Form(max_length=2)],
             prestation: Annotated[str, Form(max_length=16)], prix_page: Annotated[str, Form(max_length=16)] = "",
             prix_mot: Annotated[str, Form(max_length=16)] = "", minimum: Annotated[str, Form(max_length=16)] = "",
             urgent: Annotated[str, Form(max_length=3)] = "0", tres_urgent: Annotated[str, Form(max_length=3)] = "0",
             delai: Annotated[str, Form(max_length=3)] = "", debut: Annotated[str, Form(max_length=10)] = "",
             fin: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Add a rate line to the vendor's contract (pair, job class, prices, minimum, surcharges, turnaround)."""
    vendor = vendor_service.get_vendor(session, vendor_id)
    try:
        try:
            if source == cible:
                raise InvalidRateForm("The two languages are the same.")
            body = ContractCreate(
                source_lang=source, target_lang=cible, job_class=prestation,  # type: ignore[arg-type]
                rate_page_cents=_cents(prix_page), rate_word_cents=_cents(prix_mot),
                minimum_cents=_cents(minimum) or 0, urgent_surcharge_pct=int(urgent or 0),
                very_urgent_surcharge_pct=int(tres_urgent or 0), turnaround_days=int(delai),
                valid_from=_day(debut) or date.today(), valid_to=_day(fin))
        except (ValidationError, ValueError) as exc:
            raise InvalidRateForm(str(exc)[:300]) from exc
        vendor_service.add_contract(session, vendor=vendor, **body.model_dump())
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return RedirectResponse(f"/pilotage/prestataires?tarif=1#prestataire-{vendor.id}", status_code=303)


@router.post("/{vendor_id}/tarifs/{contract_id}/retrait", dependencies=[Csrf])
def remove_rate(request: Request, session: SessionDep, user: AdminPage, vendor_id: int,
                contract_id: int) -> Response:
    """Remove a rate line (jobs already costed keep their figures)."""
    vendor = vendor_service.get_vendor(session, vendor_id)
    try:
        vendor_service.delete_contract(session, vendor=vendor, contract_id=contract_id)
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return RedirectResponse(f"/pilotage/prestataires?supprime=1#prestataire-{vendor.id}", status_code=303)


@router.post("/{vendor_id}/etat", dependencies=[Csrf])
def toggle(session: SessionDep, user: AdminPage, vendor_id: int,
           actif: Annotated[bool, Form()] = False) -> Response:
    """Deactivate a vendor (routing skips it) or reactivate it."""
    vendor_service.set_active(session, vendor_service.get_vendor(session, vendor_id), active=actif)
    return RedirectResponse(f"/pilotage/prestataires?etat=1#prestataire-{vendor_id}", status_code=303)
