"""HTTP API of routing: decisions, overrides, translators' load and absences, job-class thresholds."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from service.assignment import classing
from service.assignment import service as assignment_service
from service.assignment.schemas import (
    PAIR_PATTERN,
    AbsenceCreate,
    AbsenceRead,
    AssignmentRead,
    ClassingRead,
    DecisionRead,
    LevelBody,
    OverrideBody,
    ThresholdsBody,
    TranslatorLoad,
)
from service.deps import CurrentUser, ManagerUser, SessionDep, StaffUser
from service.models import User
from service.models.enums import Role
from service.translation_request import service as request_service

router = APIRouter(prefix="/api/assignment", tags=["assignment"])


@router.get("/translators", response_model=list[TranslatorLoad])
def translators(session: SessionDep, _: ManagerUser) -> list[TranslatorLoad]:
    """Translators with their pairs and levels, capacity, open queue and projected completion date."""
    return [_load(session, u, date.today()) for u in assignment_service.active_translators(session)]


def _load(session: SessionDep, u: User, today: date) -> TranslatorLoad:
    projected = None if u.capacity_pages_per_day <= 0 else \
        assignment_service.projected_completion(session, translator=u, today=today)
    return TranslatorLoad(
        id=u.id, full_name=u.full_name, translator_status=u.translator_status,
        language_pairs=u.language_pairs,
        capacity_pages_per_day=u.capacity_pages_per_day, levels=assignment_service.levels(session, u.id),
        queue_pages=round(assignment_service.queue_pages(session, u.id), 2), projected_completion=projected,
        absent_today=assignment_service.is_absent(session, u.id, today))


@router.get("/mine", response_model=list[AssignmentRead])
def my_assignments(session: SessionDep, user: StaffUser) -> list[AssignmentRead]:
    """The caller's open assignments, soonest due first."""
    return [AssignmentRead.model_validate(r) for r in assignment_service.open_assignments(session, user.id)]


@router.get("/requests/{request_id}/decisions", response_model=list[DecisionRead])
def decisions(session: SessionDep, user: CurrentUser, request_id: int) -> list[DecisionRead]:
    """Why the request went where it went (managers, and the translator it was given to)."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    return [DecisionRead.model_validate(d) for d in assignment_service.decisions(session, request, viewer=user)]


@router.get("/requests/{request_id}/classing", response_model=ClassingRead)
def job_class(session: SessionDep, user: ManagerUser, request_id: int) -> ClassingRead:
    """The job class the request's drafts call for now, with the figures behind it."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    return ClassingRead(**asdict(classing.classify(session, request)))


@router.post("/requests/{request_id}/route", response_model=DecisionRead)
def route(session: SessionDep, user: ManagerUser, request_id: int) -> DecisionRead:
    """Run the automatic routing again (e.g. after adding a missing rate or a translator)."""
    request = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    return DecisionRead.model_validate(assignment_service.route(session, request))


@router.post("/requests/{request_id}/override", response_model=DecisionRead)
def override(session: SessionDep, user: ManagerUser, request_id: int, body: OverrideBody) -> DecisionRead:
    """Send the request to the translator or vendor the manager chose, with the reason."""
    request = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    return DecisionRead.model_validate(assignment_service.override(
        session, request, actor=user, reason=body.reason, translator_id=body.translator_id,
        vendor_id=body.vendor_id))


@router.get("/absences", response_model=list[AbsenceRead])
def list_absences(session: SessionDep, user: StaffUser,
                  translator_id: int | None = None) -> list[AbsenceRead]:
    """Recorded absences (a translator sees only their own)."""
    if user.role == Role.TRANSLATOR:
        translator_id = user.id
    return [AbsenceRead.model_validate(a) for a in assignment_service.absences(session,
                                                                               translator_id=translator_id)]


@router.post("/translators/{translator_id}/absences", response_model=AbsenceRead, status_code=201)
def add_absence(session: SessionDep, _: ManagerUser, translator_id: int, body: AbsenceCreate) -> AbsenceRead:
    """Record a translator's absence; routing and projections take it into account."""
    translator = assignment_service.translator(session, translator_id)
    return AbsenceRead.model_validate(assignment_service.add_absence(
        session, translator=translator, starts_on=body.starts_on, ends_on=body.ends_on, reason=body.reason))


@router.delete("/absences/{absence_id}", status_code=204)
def delete_absence(session: SessionDep, _: ManagerUser, absence_id: int) -> None:
    """Remove a recorded absence."""
    assignment_service.remove_absence(session, absence_id)


@router.put("/translators/{translator_id}/levels", response_model=dict[str, int])
def set_level(session: SessionDep, _: ManagerUser, translator_id: int, body: LevelBody) -> dict[str, int]:
    """Set a translator's level on one of their pairs; answers all their levels."""
    translator = assignment_service.translator(session, translator_id)
    assignment_service.set_level(session, translator=translator, pair=body.pair, level=body.level)
    return assignment_service.levels(session, translator.id)


@router.get("/thresholds", response_model=ThresholdsBody)
def get_thresholds(session: SessionDep, _: ManagerUser,
                   pair: Annotated[str, Query(pattern=PAIR_PATTERN)] = "*") -> ThresholdsBody:
    """The job-class thresholds in force for a pair ("de>fr"), or for every pair ("*")."""
    return ThresholdsBody(pair=pair, **asdict(classing.thresholds_for(session, pair)))


@router.put("/thresholds", response_model=ThresholdsBody)
def put_thresholds(session: SessionDep, _: ManagerUser, body: ThresholdsBody) -> ThresholdsBody:
    """Set the job-class thresholds of a pair, or of every pair with "*"."""
    values = body.model_dump(exclude={"pair"})
    classing.set_thresholds(session, pair=body.pair, thresholds=classing.Thresholds(**values))
    return body
