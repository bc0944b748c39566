"""The absences screen: translators' absences, their capacity day by day, and the requests at risk."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service.assignment import service as assignment_service
from service.deps import SessionDep
from service.errors import InvalidInput, ServiceError
from service.models import User
from service.web import labels, risk
from service.web.common import Csrf, ManagerPage, refused, render

router = APIRouter(prefix="/pilotage/absences", include_in_schema=False)
# Two weeks ahead: the horizon a manager plans absences and routing on.
HORIZON_DAYS = 14
WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
labels.ERROR_MESSAGES.update({
    "invalid_absence": "La fin de l'absence est avant son début : corrigez les dates.",
    "invalid_absence_form": "Choisissez le traducteur et les dates de début et de fin (jj/mm/aaaa).",
})


class InvalidAbsenceForm(InvalidInput):
    code = "invalid_absence_form"


def _page(request: Request, session: Session, user: User, *, error: str | None = None,
          message: str | None = None, status_code: int = 200) -> HTMLResponse:
    today = date.today()
    translators = assignment_service.active_translators(session)
    days = [today + timedelta(days=n) for n in range(HORIZON_DAYS)]
    return render(
        request, "pilotage/absences.html", user=user, translators=translators, days=days, weekdays=WEEKDAYS,
        capacity={t.id: assignment_service.capacity_by_day(session, t, start=today, days=HORIZON_DAYS)
                  for t in translators},
        queue={t.id: assignment_service.queue_pages(session, t.id) for t in translators},
        projected={t.id: assignment_service.projected_completion(session, translator=t, today=today)
                   for t in translators if t.capacity_pages_per_day > 0},
        absences=[a for a in assignment_service.absences(session) if a.ends_on >= today - timedelta(days=30)],
        names={t.id: t.full_name for t in assignment_service.all_translators(session)},
        at_risk=risk.at_risk(session), error=error, message=message, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, user: ManagerPage) -> HTMLResponse:
    """Absences, capacity per day over two weeks, and the at-risk list they move."""
    done = {"ajoutee": "Absence enregistrée : le routage et les projections en tiennent compte.",
            "retiree": "Absence retirée."}
    return _page(request, session, user, message=next((t for k, t in done.items() if k in request.query_params),
                                                     None))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidAbsenceForm(f"'{text}' is not a date.") from None


@router.post("", dependencies=[Csrf])
def add(request: Request, session: SessionDep, user: ManagerPage,
        traducteur: Annotated[str, Form(max_length=12)] = "", debut: Annotated[str, Form(max_length=10)] = "",
        fin: Annotated[str, Form(max_length=10)] = "", motif: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Record a translator's absence; routing and the projections skip those days from now on."""
    try:
        if not traducteur.isdigit():
            raise InvalidAbsenceForm("Choose the translator.")
        translator = assignment_service.translator(session, int(traducteur))
        assignment_service.add_absence(session, translator=translator, starts_on=_day(debut), ends_on=_day(fin),
                                       reason=motif.strip())
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return RedirectResponse("/pilotage/absences?ajoutee=1", status_code=303)


@router.post("/{absence_id}/retrait", dependencies=[Csrf])
def remove(request: Request, session: SessionDep, user: ManagerPage, absence_id: int) -> Response:
    """Remove a recorded absence."""
    try:
        assignment_service.remove_absence(session, absence_id)
    except ServiceError as exc:
        raise refused(request, user, exc, _page) from exc
    return RedirectResponse("/pilotage/absences?retiree=1", status_code=303)
