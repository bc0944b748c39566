"""Personal-data screens: the access log (managers) and data-subject rights (admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from service.deps import SessionDep
from service.errors import ServiceError
from service.models import User
from service.models.enums import Role
from service.privacy import access_log, subjects
from service.web import labels
from service.web.common import Csrf, ManagerPage, french_error, render, role_user

router = APIRouter(prefix="/pilotage", include_in_schema=False)
AdminPage = Annotated[User, role_user(Role.ADMIN)]
PAGE_SIZE = 50
RETAINED_REASONS = {"request_open": "demande en cours (traitement nécessaire à la mission de la caisse, "
                                    "article 17(3)(b))"}
ACTION_LABELS = {"search": "recherche", "export": "export (art. 15)", "erase": "effacement (art. 17)"}
FILTER_FIELDS = ("demande", "personne", "acteur", "du", "au", "objet")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _access_filters(form: dict[str, str]) -> access_log.AccessFilters:
    return access_log.AccessFilters(reference=form["demande"] or None, person=form["personne"] or None,
                                    actor=form["acteur"] or None, since=_day(form["du"]), until=_day(form["au"]),
                                    object_kind=form["objet"] or None)


def _form(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in FILTER_FIELDS}


@router.get("/acces", response_class=HTMLResponse)
def access(request: Request, session: SessionDep, user: ManagerPage, page: int = 1) -> HTMLResponse:
    """The access log: who read which document's content, when, why and through what, with filters."""
    form = _form(request)
    bad_day = any(form[f] and _day(form[f]) is None for f in ("du", "au"))
    items, total = access_log.search(session, _access_filters(form), page=max(page, 1), page_size=PAGE_SIZE)
    return render(request, "privacy/access.html", user=user, items=items, total=total, page=max(page, 1),
                  page_size=PAGE_SIZE, form=form, query=urlencode({k: v for k, v in form.items() if v}),
                  error="Date incorrecte : choisissez-la dans le calendrier (jj/mm/aaaa)." if bad_day else None,
                  object_labels=labels.ACCESS_OBJECT_LABELS, purpose_labels=labels.ACCESS_PURPOSE_LABELS,
                  channel_labels=labels.ACCESS_CHANNEL_LABELS, role_labels=labels.ROLE_LABELS)


@router.get("/acces/export")
def access_export(request: Request, session: SessionDep, user: ManagerPage, format: str = "csv") -> Response:  # noqa: A002
    """The filtered access log as CSV or XLSX."""
    data = access_log.export(session, _access_filters(_form(request)), fmt=format)
    return Response(data, media_type=access_log.MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="journal-acces.{format}"'})


Name = Annotated[str, Form(max_length=200)]
Identifier = Annotated[str, Form(max_length=64)]
Day = Annotated[str, Form(max_length=10)]


def _criteria(nom: str, naissance: str, identifiant: str) -> subjects.Criteria:
    return subjects.Criteria(name=nom.strip() or None, birth_date=_day(naissance.strip()),
                             identifier=identifiant.strip() or None)


def _subjects_page(request: Request, session: Session, user: User, *, form: dict[str, str],
                   findings: subjects.Findings | None = None, erasure: subjects.Erasure | None = None,
                   error: str | None = None, status_code: int = 200) -> HTMLResponse:
    return render(request, "privacy/subjects.html", user=user, form=form, findings=findings, erasure=erasure,
                  error=error, status_code=status_code, actions=subjects.actions(session, limit=20),
                  retained_reasons=RETAINED_REASONS, action_labels=ACTION_LABELS)


@router.get("/personnes", response_class=HTMLResponse)
def subjects_page(request: Request, session: SessionDep, user: AdminPage) -> HTMLResponse:
    """Data-subject rights: find a person's data, export it (art. 15), erase it (art. 17)."""
    return _subjects_page(request, session, user, form={"nom": "", "naissance": "", "identifiant": ""})


@router.post("/personnes", dependencies=[Csrf], response_class=HTMLResponse)
def subjects_search(request: Request, session: SessionDep, user: AdminPage, nom: Name = "", naissance: Day = "",
                    identifiant: Identifier = "") -> HTMLResponse:
    """Everything held about the person (the search is logged)."""
    form = {"nom": nom, "naissance": naissance, "identifiant": identifiant}
    try:
        found = subjects.find(session, _criteria(nom, naissance, identifiant), actor=user)
    except ServiceError as exc:
        return _subjects_page(request, session, user, form=form, error=french_error(exc), status_code=exc.status_code)
    return _subjects_page(request, session, user, form=form, findings=found)


@router.post("/personnes/export", dependencies=[Csrf])
def subjects_export(session: SessionDep, user: AdminPage, nom: Name = "", naissance: Day = "",
                    identifiant: Identifier = "") -> Response:
    """The person's data as a zip (GDPR art. 15)."""
    data = subjects.export(session, _criteria(nom, naissance, identifiant), actor=user)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="donnees-personne.zip"'})


@router.post("/personnes/effacement", dependencies=[Csrf], response_class=HTMLResponse)
def subjects_erase(request: Request, session: SessionDep, user: AdminPage, nom: Name = "", naissance: Day = "",
                   identifiant: Identifier = "", confirmer: Annotated[str, Form()] = "") -> HTMLResponse:
    """Erase the person's data within the retention rules (GDPR art. 17), once confirmed."""
    form = {"nom": nom, "naissance": naissance, "identifiant": identifiant}
    criteria = _criteria(nom, naissance, identifiant)
    if confirmer != "oui":
        return _subjects_page(request, session, user, form=form, findings=subjects.find(session, criteria, actor=user),
                              error="Cochez la case de confirmation pour effacer.", status_code=422)
    done = subjects.erase(session, criteria, actor=user)
    return _subjects_page(request, session, user, form=form, erasure=done)
