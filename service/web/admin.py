"""Administration pages: accounts (roles, pairs, status, deactivation, password reset) and caisses
(contact, callback secret, API keys). Every change goes through the auth and caisse services.

A secret (temporary password, callback secret, API key) is shown once, on the page that answers the
action that made it; it is never stored in clear (except the callback secret, which signs callbacks)
and no page shows it again.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service.auth import accounts
from service.auth import service as auth_service
from service.caisse import service as caisse_service
from service.deps import SessionDep
from service.errors import ServiceError
from service.models import User
from service.models.enums import CaisseKind, Role
from service.partner import service as partner_service
from service.web.common import Csrf, refused, render, role_user

router = APIRouter(prefix="/admin", include_in_schema=False)
AdminPage = Annotated[User, role_user(Role.ADMIN)]
FormText = Annotated[str, Form(max_length=400)]
NOTICES = {
    "modifie": "Compte {} modifié.", "desactive": "Compte {} désactivé : ses sessions et clés d'API sont révoquées.",
    "reactive": "Compte {} réactivé.", "contact": "Contact de la caisse {} enregistré.",
    "revoquee": "Clé d'API {} révoquée : elle ne permet plus aucun accès.",
}


def _notice(**query: str | None) -> str | None:
    return next((NOTICES[key].format(value) for key, value in query.items() if value), None)


def _split_pairs(text: str) -> list[str]:
    return [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]


# ---- accounts ----------------------------------------------------------------------------------------------

def _accounts_page(request: Request, session: Session, user: User, *, message: str | None = None,
                   error: str | None = None, secret: dict[str, str] | None = None, form: dict[str, Any] | None = None,
                   status_code: int = 200) -> HTMLResponse:
    return render(request, "admin/comptes.html", user=user, users=accounts.list_users(session),
                  caisses=caisse_service.list_all(session), partners=partner_service.list_partners(session),
                  roles=list(Role), message=message, error=error, secret=secret, form=form or {},
                  status_code=status_code)


@router.get("/comptes", response_class=HTMLResponse)
def account_list(request: Request, session: SessionDep, user: AdminPage, desactive: str | None = None,
                 reactive: str | None = None) -> HTMLResponse:
    """Every account with its role, caisse, pairs and state; the form to create one."""
    return _accounts_page(request, session, user, message=_notice(desactive=desactive, reactive=reactive))


@router.post("/comptes", dependencies=[Csrf], response_class=HTMLResponse)
def account_create(request: Request, session: SessionDep, user: AdminPage, email: FormText, full_name: FormText,
                   role: FormText, caisse: FormText = "", partner: FormText = "", pairs: FormText = "",
                   apprenti: FormText = "") -> Response:
    """Create an account with a temporary password, shown once for the administrator to pass on."""
    form = {"email": email, "full_name": full_name, "role": role, "caisse": caisse, "partner": partner,
            "pairs": pairs, "apprenti": apprenti}
    try:
        password = accounts.temporary_password()
        created = auth_service.create_user(
            session, email=email.strip(), full_name=full_name.strip(), role=role, password=password,
            caisse=caisse_service.get_by_code(session, caisse) if caisse and role == Role.SUBMITTER else None,
            partner=partner_service.get_by_code(session, partner) if partner and role == Role.PARTNER else None,
            trainee=bool(apprenti), pairs=_split_pairs(pairs) if role == Role.TRANSLATOR else ())
    except ServiceError as exc:
        raise refused(request, user, exc, _accounts_page, form=form) from exc
    return _accounts_page(request, session, user, message=f"Compte {created.email} créé.",
                          secret={"what": f"Mot de passe provisoire de {created.email}", "value": password})


def _account_page(request: Request, session: Session, user: User, *, account_id: int, message: str | None = None,
                  error: str | None = None, secret: dict[str, str] | None = None,
                  status_code: int = 200) -> HTMLResponse:
    account = accounts.get_user(session, account_id)
    return render(request, "admin/compte.html", user=user, account=account, caisses=caisse_service.list_all(session),
                  roles=list(Role), keys=accounts.api_keys(session, user=account), message=message, error=error,
                  secret=secret, status_code=status_code)


@router.get("/comptes/{account_id}", response_class=HTMLResponse)
def account_detail(request: Request, session: SessionDep, user: AdminPage, account_id: int,
                   modifie: str | None = None) -> HTMLResponse:
    """One account: change its role, caisse, pairs and status; deactivate it; reset its password."""
    return _account_page(request, session, user, account_id=account_id, message=_notice(modifie=modifie))


@router.post("/comptes/{account_id}", dependencies=[Csrf])
def account_update(request: Request, session: SessionDep, user: AdminPage, account_id: int, role: FormText,
                   caisse: FormText = "", pairs: FormText = "", apprenti: FormText = "",
                   capacite: FormText = "") -> Response:
    """Save the account's role, caisse, language pairs and staff or trainee status."""
    account = accounts.get_user(session, account_id)
    try:
        capacity = float(capacite.replace(",", ".")) if capacite.strip() else None
    except ValueError:
        capacity = -1.0  # refused by the service with its message
    try:
        accounts.update_profile(session, user=account, role=role, pairs=_split_pairs(pairs), trainee=bool(apprenti),
                                caisse=caisse_service.get_by_code(session, caisse) if caisse else None,
                                capacity_pages_per_day=capacity)
    except ServiceError as exc:
        raise refused(request, user, exc, _account_page, account_id=account_id) from exc
    return RedirectResponse(f"/admin/comptes/{account.id}?modifie={account.email}", status_code=303)


@router.post("/comptes/{account_id}/desactivation", dependencies=[Csrf])
def account_deactivate(session: SessionDep, user: AdminPage, account_id: int) -> Response:
    """Disable the account: it can no longer sign in; its sessions and API keys are revoked."""
    account = accounts.get_user(session, account_id)
    accounts.deactivate(session, user=account)
    return RedirectResponse(f"/admin/comptes?desactive={account.email}", status_code=303)


@router.post("/comptes/{account_id}/reactivation", dependencies=[Csrf])
def account_reactivate(session: SessionDep, user: AdminPage, account_id: int) -> Response:
    """Enable the account again (revoked sessions and keys stay revoked)."""
    account = accounts.get_user(session, account_id)
    accounts.activate(session, user=account)
    return RedirectResponse(f"/admin/comptes?reactive={account.email}", status_code=303)


@router.post("/comptes/{account_id}/mot-de-passe", dependencies=[Csrf], response_class=HTMLResponse)
def account_reset_password(request: Request, session: SessionDep, user: AdminPage, account_id: int) -> Response:
    """Give the account a new temporary password, shown once; its open sessions end."""
    account = accounts.get_user(session, account_id)
    password = accounts.reset_password(session, user=account)
    return _account_page(request, session, user, account_id=account_id,
                         message=f"Mot de passe de {account.email} réinitialisé ; ses sessions ouvertes sont fermées.",
                         secret={"what": f"Nouveau mot de passe provisoire de {account.email}", "value": password})


# ---- caisses -----------------------------------------------------------------------------------------------

def _caisses_page(request: Request, session: Session, user: User, *, message: str | None = None,
                  error: str | None = None, secret: dict[str, str] | None = None, form: dict[str, Any] | None = None,
                  status_code: int = 200) -> HTMLResponse:
    caisses = caisse_service.list_all(session)
    members = {c.id: [u for u in accounts.list_users(session) if u.caisse_id == c.id] for c in caisses}
    keys = {c.id: accounts.caisse_api_keys(session, caisse_id=c.id) for c in caisses}
    return render(request, "admin/caisses.html", user=user, caisses=caisses, members=members, keys=keys,
                  kinds=list(CaisseKind), message=message, error=error, secret=secret, form=form or {},
                  status_code=status_code)


@router.get("/caisses", response_class=HTMLResponse)
def caisse_list(request: Request, session: SessionDep, user: AdminPage, contact: str | None = None,
                revoquee: str | None = None) -> HTMLResponse:
    """Every caisse with its contact, its accounts' API keys, and the forms to change them."""
    return _caisses_page(request, session, user, message=_notice(contact=contact, revoquee=revoquee))


@router.post("/caisses", dependencies=[Csrf], response_class=HTMLResponse)
def caisse_create(request: Request, session: SessionDep, user: AdminPage, code: FormText, name: FormText,
                  kind: FormText, contact_name: FormText = "", contact_email: FormText = "",
                  contact_phone: FormText = "") -> Response:
    """Create a caisse; its callback secret is shown once."""
    form = {"code": code, "name": name, "kind": kind, "contact_name": contact_name, "contact_email": contact_email,
            "contact_phone": contact_phone}
    try:
        caisse, secret = caisse_service.create(session, code=code, name=name, kind=kind, contact_name=contact_name,
                                               contact_email=contact_email, contact_phone=contact_phone)
    except ServiceError as exc:
        raise refused(request, user, exc, _caisses_page, form=form) from exc
    return _caisses_page(request, session, user, message=f"Caisse {caisse.code} créée.",
                         secret={"what": f"Secret de signature des rappels de {caisse.code}", "value": secret})


@router.post("/caisses/{code}/contact", dependencies=[Csrf])
def caisse_contact(request: Request, session: SessionDep, user: AdminPage, code: str, contact_name: FormText = "",
                   contact_email: FormText = "", contact_phone: FormText = "") -> Response:
    """Save whom the translation unit calls at the caisse."""
    caisse = caisse_service.get_by_code(session, code)
    try:
        caisse_service.update_contact(session, caisse=caisse, name=contact_name, email=contact_email,
                                      phone=contact_phone)
    except ServiceError as exc:
        raise refused(request, user, exc, _caisses_page) from exc
    return RedirectResponse(f"/admin/caisses?contact={caisse.code}#caisse-{caisse.code}", status_code=303)


@router.post("/caisses/{code}/secret", dependencies=[Csrf], response_class=HTMLResponse)
def caisse_rotate_secret(request: Request, session: SessionDep, user: AdminPage, code: str) -> Response:
    """Replace the caisse's callback secret; the new one is shown once."""
    caisse = caisse_service.get_by_code(session, code)
    secret = caisse_service.rotate_secret(session, caisse=caisse)
    return _caisses_page(request, session, user,
                         message=f"Secret de {caisse.code} renouvelé : l'ancien ne signe plus les rappels.",
                         secret={"what": f"Nouveau secret de signature des rappels de {caisse.code}", "value": secret})


@router.post("/caisses/{code}/cles", dependencies=[Csrf], response_class=HTMLResponse)
def caisse_create_key(request: Request, session: SessionDep, user: AdminPage, code: str, account: FormText,
                      name: FormText) -> Response:
    """Create an API key for one of the caisse's accounts; the key is shown once."""
    caisse = caisse_service.get_by_code(session, code)
    try:
        owner = accounts.caisse_member(session, caisse_id=caisse.id, user_id=int(account) if account.isdigit() else 0)
        key = auth_service.create_api_key(session, user=owner, name=accounts.check_key_name(name))
    except ServiceError as exc:
        raise refused(request, user, exc, _caisses_page) from exc
    return _caisses_page(request, session, user, message=f"Clé d'API « {name.strip()} » créée pour {owner.email}.",
                         secret={"what": f"Clé d'API « {name.strip()} » de {owner.email}", "value": key})


@router.post("/caisses/{code}/cles/{key_id}/revocation", dependencies=[Csrf])
def caisse_revoke_key(session: SessionDep, user: AdminPage, code: str, key_id: int) -> Response:
    """Revoke one API key of the caisse's accounts at once."""
    caisse = caisse_service.get_by_code(session, code)
    key = accounts.revoke_caisse_api_key(session, caisse_id=caisse.id, key_id=key_id)
    return RedirectResponse(f"/admin/caisses?revoquee={key.prefix}#caisse-{caisse.code}", status_code=303)
