"""Capacity, routing of drafted requests (in-house or outsourced), and managers' overrides."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.assignment import classing
from service.assignment.errors import (
    InvalidAbsence,
    NotRoutable,
    TranslatorDoesNotCoverPair,
    TranslatorNotFound,
)
from service.cost import billing
from service.errors import NotFound
from service.kit.calendar import is_working_day, nth_working_day
from service.models import Absence, RoutingDecision, TranslationRequest, TranslatorPairLevel, User
from service.models.enums import HandledBy, RequestStatus, Role, TranslatorStatus
from service.translation_request import levels as service_levels
from service.translation_request import service as request_service
from service.vendor import jobs as job_service
from service.vendor import service as vendor_service
from service.vendor.errors import MissingRate

OPEN_ASSIGNED = (RequestStatus.ASSIGNED, RequestStatus.IN_REVISION)
ROUTABLE = (RequestStatus.DRAFTED, RequestStatus.ASSIGNED, RequestStatus.IN_REVISION,
            RequestStatus.OUTSOURCED)
# Trainees revise drafts; full translations go to staff or vendors (a manager may still override).
TRAINEE_CLASSES = (classing.LIGHT_REVISION, classing.FULL_REVISION)
# Pair levels: 1 revises drafts only, 2 translates (the default), 3 also certifies.
REVISER, TRANSLATOR, CERTIFIER = 1, 2, 3


def queue_pages(session: Session, translator_id: int) -> float:
    """Standard pages of the requests assigned to the translator and not yet delivered."""
    value = session.scalar(select(func.sum(billing.page_expression())).where(
        TranslationRequest.assignee_id == translator_id, TranslationRequest.status.in_(OPEN_ASSIGNED)))
    return float(value or 0.0)


def days_off(session: Session, translator_id: int, *, start: date, horizon_days: int = 400) -> set[date]:
    """The translator's absence days between `start` and the horizon."""
    end = start + timedelta(days=horizon_days)
    rows = session.scalars(select(Absence).where(Absence.user_id == translator_id, Absence.ends_on >= start,
                                                 Absence.starts_on <= end))
    days: set[date] = set()
    for absence in rows:
        day = max(absence.starts_on, start)
        while day <= min(absence.ends_on, end):
            days.add(day)
            day += timedelta(days=1)
    return days


def projected_completion(session: Session, *, translator: User, extra_pages: float = 0.0,
                         today: date | None = None) -> date:
    """When the translator would finish their queue plus `extra_pages`, in working days from today."""
    start = today or date.today()
    if translator.capacity_pages_per_day <= 0:
        return date.max
    pages = queue_pages(session, translator.id) + extra_pages
    needed = math.ceil(round(pages / translator.capacity_pages_per_day, 6))
    return nth_working_day(start, needed, days_off(session, translator.id, start=start))


def capacity_by_day(session: Session, translator: User, *, start: date, days: int) -> list[float]:
    """Pages the translator can take on each of `days` calendar days from `start`: the daily capacity on
    working days, 0 on weekends, public holidays and recorded absences."""
    off = days_off(session, translator.id, start=start, horizon_days=days)
    return [translator.capacity_pages_per_day if is_working_day(start + timedelta(days=n), off) else 0.0
            for n in range(days)]


def is_absent(session: Session, translator_id: int, on: date) -> bool:
    """Whether an absence covers `on`."""
    return (session.scalar(select(func.count(Absence.id)).where(
        Absence.user_id == translator_id, Absence.starts_on <= on, Absence.ends_on >= on)) or 0) > 0


def all_translators(session: Session) -> list[User]:
    """Every translator account, active or not (names of past assignees)."""
    return list(session.scalars(select(User).where(User.role == Role.TRANSLATOR).order_by(User.id)))


def active_translators(session: Session) -> list[User]:
    """Active translators, by name."""
    return list(session.scalars(select(User).where(User.role == Role.TRANSLATOR, User.is_active.is_(True))
                                .order_by(User.full_name)))


def open_assignments(session: Session, translator_id: int) -> list[TranslationRequest]:
    """The requests assigned to the translator and not delivered yet, soonest due first."""
    return list(session.scalars(select(TranslationRequest).where(
        TranslationRequest.assignee_id == translator_id, TranslationRequest.status.in_(OPEN_ASSIGNED))
        .order_by(TranslationRequest.due_on)))


def translators_for(session: Session, source_lang: str, target_lang: str) -> list[User]:
    """Active translators covering the pair."""
    rows = session.scalars(select(User).where(User.role == Role.TRANSLATOR, User.is_active.is_(True))
                           .order_by(User.id))
    return [u for u in rows if u.covers(source_lang, target_lang)]


@dataclass
class _Candidate:
    translator: User
    entry: dict[str, Any]
    projected_on: date | None = None
    eligible: bool = False


@dataclass
class _Plan:
    classing: classing.Classing
    units: billing.BillingUnits
    today: date
    considered: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _candidates(session: Session, request: TranslationRequest, plan: _Plan) -> list[_Candidate]:
    found = []
    for t in translators_for(session, request.source_lang, request.target_lang):
        trainee = t.translator_status == TranslatorStatus.TRAINEE
        # The pair level is noted so the MT experiment report can tell who could have translated without drafts.
        level = pair_level(session, t.id, f"{request.source_lang}>{request.target_lang}")
        entry: dict[str, Any] = {"kind": "translator", "translator_id": t.id, "name": t.full_name,
                                 "trainee": trainee, "capacity_pages_per_day": t.capacity_pages_per_day,
                                 "level": level}
        candidate = _Candidate(t, entry)
        if is_absent(session, t.id, plan.today):
            entry["excluded"] = "absent"
        elif t.capacity_pages_per_day <= 0:
            entry["excluded"] = "capacité nulle"
        elif trainee and request.service_level == service_levels.CERTIFIED:
            entry["excluded"] = "stagiaire : pas de traduction certifiée"
        elif trainee and plan.classing.job_class not in TRAINEE_CLASSES:
            entry["excluded"] = "stagiaire : pas de traduction complète"
        elif plan.classing.job_class not in TRAINEE_CLASSES and level < TRANSLATOR:
            entry["excluded"] = "niveau révision seulement sur cette paire"
        else:
            candidate.projected_on = projected_completion(session, translator=t,
                                                          extra_pages=plan.units.pages_float,
                                                          today=plan.today)
            entry.update(queue_pages=round(queue_pages(session, t.id), 2),
                         projected_on=candidate.projected_on.isoformat(),
                         meets_due=candidate.projected_on <= request.due_on)
            candidate.eligible = candidate.projected_on <= request.due_on
        plan.considered.append(entry)
        found.append(candidate)
    return found


def _pick_translator(candidates: list[_Candidate]) -> _Candidate | None:
    eligible = [c for c in candidates if c.eligible]
    if not eligible:
        return None
    # Earliest finish first; on a tie, staff before trainees, then the lowest id (stable).
    return min(eligible, key=lambda c: (c.projected_on, c.entry["trainee"], c.translator.id))


def route(session: Session, request: TranslationRequest, *, today: date | None = None) -> RoutingDecision:
    """Decide where a drafted request goes, apply it, and record the decision and its reasons."""
    if request.status != RequestStatus.DRAFTED:
        raise NotRoutable(request.reference, request.status)
    plan = _Plan(_for_level(request, classing.classify(session, request)), billing.units_for(session, request),
                 today or date.today())
    plan.reasons.append(f"classe {plan.classing.job_class} : " + "; ".join(plan.classing.reasons))
    candidates = _candidates(session, request, plan)
    chosen = _pick_translator(candidates)
    if chosen is not None and chosen.projected_on is not None:
        plan.reasons.append(f"{chosen.translator.full_name} termine le {chosen.projected_on.isoformat()} "
                            f"(échéance {request.due_on.isoformat()})")
        return _assign(session, request, chosen.translator, plan, actor=None)
    plan.reasons.append("aucun traducteur interne de la paire" if not candidates
                        else "aucun traducteur interne disponible avant l'échéance")
    try:
        option, found = vendor_service.best_option(session, request, job_class=plan.classing.job_class,
                                                   units=plan.units, today=plan.today)
    except MissingRate as exc:
        return _block(session, request, plan, exc)
    plan.considered.extend(o.as_dict() for o in found)
    plan.reasons.append(f"sous-traité à {option.contract.vendor.name} : "
                        f"{option.price.total_cents / 100:.2f} €, "
                        f"retour prévu le {option.ready_on.isoformat()}"
                        + ("" if option.meets_due else " (après l'échéance : aucun prestataire plus rapide)"))
    return _outsource(session, request, option, plan, actor=None)


def _for_level(request: TranslationRequest, found: classing.Classing) -> classing.Classing:
    """The job class the service level asks for: a light revision stays light unless drafts are unusable."""
    if request.service_level == service_levels.LIGHT_REVISION and found.job_class == classing.FULL_REVISION:
        return dataclasses.replace(found, job_class=classing.LIGHT_REVISION,
                                   reasons=[*found.reasons, "niveau de service demandé : révision légère"])
    return found


def _decision(session: Session, request: TranslationRequest, plan: _Plan, *, outcome: str,
              actor: User | None, **fields: Any) -> RoutingDecision:
    decision = RoutingDecision(request_id=request.id, outcome=outcome, job_class=plan.classing.job_class,
                               quality=plan.classing.quality, effort=plan.classing.effort,
                               billed_pages=plan.units.pages_float, considered=plan.considered,
                               reasons=plan.reasons, actor_id=actor.id if actor else None, **fields)
    session.add(decision)
    session.flush()
    if outcome != "blocked":
        _clear_block_warnings(request)
    return decision


def _assign(session: Session, request: TranslationRequest, translator: User, plan: _Plan, *,
            actor: User | None, override_reason: str | None = None) -> RoutingDecision:
    trainee = translator.translator_status == TranslatorStatus.TRAINEE
    outcome = HandledBy.TRAINEE if trainee else HandledBy.INTERNAL
    decision = _decision(session, request, plan, outcome=outcome, actor=actor, translator_id=translator.id,
                         is_override=override_reason is not None, override_reason=override_reason)
    request.assignee_id, request.handled_by, request.external_cost_cents = translator.id, outcome, None
    request_service.transition(session, request, to=RequestStatus.ASSIGNED, actor=actor,
                               action="assignment.override" if override_reason else "assignment.routed",
                               detail={"decision_id": decision.id, "translator_id": translator.id,
                                       "job_class": plan.classing.job_class})
    return decision


def _outsource(session: Session, request: TranslationRequest, option: vendor_service.VendorOption,
               plan: _Plan, *, actor: User | None, override_reason: str | None = None) -> RoutingDecision:
    decision = _decision(session, request, plan, outcome=HandledBy.EXTERNAL, actor=actor,
                         vendor_id=option.contract.vendor_id, is_override=override_reason is not None,
                         override_reason=override_reason)
    job = job_service.create(session, request, option=option, job_class=plan.classing.job_class,
                             units=plan.units, today=plan.today)
    request.assignee_id, request.handled_by = None, HandledBy.EXTERNAL
    request_service.transition(session, request, to=RequestStatus.OUTSOURCED, actor=actor,
                               action="assignment.override" if override_reason else "assignment.outsourced",
                               detail={"decision_id": decision.id, "job_id": job.id,
                                       "vendor_id": option.contract.vendor_id,
                                       "job_class": plan.classing.job_class})
    return decision


def _block(session: Session, request: TranslationRequest, plan: _Plan, exc: MissingRate) -> RoutingDecision:
    message = (f"Routage bloqué : aucun traducteur interne disponible et aucun tarif prestataire pour "
               f"{request.source_lang}>{request.target_lang} en classe {plan.classing.job_class}. "
               "Ajoutez ce tarif à un contrat prestataire, ou affectez la demande à la main.")
    plan.reasons.append(message)
    if message not in (request.warnings or []):
        request.warnings = [*(request.warnings or []), message]
    decision = _decision(session, request, plan, outcome="blocked", actor=None)
    request_service.record_event(session, request, action="assignment.blocked",
                                 detail={"decision_id": decision.id, "missing_rate": exc.extra})
    return decision


def _clear_block_warnings(request: TranslationRequest) -> None:
    if any(w.startswith("Routage bloqué") for w in request.warnings or []):
        request.warnings = [w for w in request.warnings if not w.startswith("Routage bloqué")]


def override(session: Session, request: TranslationRequest, *, actor: User, reason: str,
             translator_id: int | None = None, vendor_id: int | None = None,
             today: date | None = None) -> RoutingDecision:
    """A manager's routing: to a translator or a vendor, with a reason, whatever the automatic rule says."""
    if request.status not in ROUTABLE:
        raise NotRoutable(request.reference, request.status)
    plan = _Plan(_for_level(request, classing.classify(session, request)), billing.units_for(session, request),
                 today or date.today())
    plan.reasons.append(f"décision du responsable : {reason}")
    if translator_id is not None:
        translator = session.get(User, translator_id)
        if translator is None or translator.role != Role.TRANSLATOR or not translator.is_active:
            raise TranslatorNotFound(translator_id)
        if not translator.covers(request.source_lang, request.target_lang):
            raise TranslatorDoesNotCoverPair(translator.full_name,
                                             f"{request.source_lang}>{request.target_lang}")
        projected = projected_completion(session, translator=translator, extra_pages=plan.units.pages_float,
                                         today=plan.today)
        plan.considered.append({"kind": "translator", "translator_id": translator.id,
                                "name": translator.full_name, "projected_on": projected.isoformat(),
                                "meets_due": projected <= request.due_on,
                                "absent": is_absent(session, translator.id, plan.today)})
        _take_back_from_vendor(session, request, actor=actor, reason=reason)
        decision = _assign(session, request, translator, plan, actor=actor, override_reason=reason)
    else:
        assert vendor_id is not None
        option, found = vendor_service.best_option(session, request, job_class=plan.classing.job_class,
                                                   units=plan.units, today=plan.today, vendor_id=vendor_id)
        plan.considered.extend(o.as_dict() for o in found)
        _take_back_from_vendor(session, request, actor=actor, reason=reason)
        decision = _outsource(session, request, option, plan, actor=actor, override_reason=reason)
    return decision


def _take_back_from_vendor(session: Session, request: TranslationRequest, *, actor: User,
                           reason: str) -> None:
    if request.status != RequestStatus.OUTSOURCED:
        return
    job_service.withdraw_open(session, request)
    request_service.transition(session, request, to=RequestStatus.DRAFTED, actor=actor,
                               action="assignment.withdrawn", detail={"reason": reason[:500]})


def decisions(session: Session, request: TranslationRequest, *, viewer: User | None = None) -> list[RoutingDecision]:
    """The request's routing decisions, oldest first; a `viewer` other than a manager, an admin or the
    request's assignee gets a 404 (like a request they may not see)."""
    if viewer is not None and viewer.role not in (Role.MANAGER, Role.ADMIN) and request.assignee_id != viewer.id:
        raise NotFound(f"No routing decisions of request {request.id} that you may see.")
    return list(session.scalars(select(RoutingDecision).where(RoutingDecision.request_id == request.id)
                                .order_by(RoutingDecision.id)))


def add_absence(session: Session, *, translator: User, starts_on: date, ends_on: date,
                reason: str) -> Absence:
    """Record a translator's absence (routing skips them and their projections skip those days)."""
    if ends_on < starts_on:
        raise InvalidAbsence()
    absence = Absence(user_id=translator.id, starts_on=starts_on, ends_on=ends_on, reason=reason)
    session.add(absence)
    session.flush()
    return absence


def remove_absence(session: Session, absence_id: int) -> None:
    """Remove a recorded absence (404 when there is none)."""
    absence = session.get(Absence, absence_id)
    if absence is None:
        raise NotFound(f"No absence {absence_id}.")
    session.delete(absence)
    session.flush()


def absences(session: Session, *, translator_id: int | None = None) -> list[Absence]:
    """Recorded absences, latest first (one translator's when given)."""
    query = select(Absence).order_by(Absence.starts_on.desc(), Absence.id)
    if translator_id is not None:
        query = query.where(Absence.user_id == translator_id)
    return list(session.scalars(query))


def translator(session: Session, translator_id: int) -> User:
    """An active translator by id (404 otherwise)."""
    user = session.get(User, translator_id)
    if user is None or user.role != Role.TRANSLATOR:
        raise TranslatorNotFound(translator_id)
    return user


def pair_level(session: Session, translator_id: int, pair: str) -> int:
    """The translator's level on `pair` (2, full translation, unless set otherwise)."""
    level = session.scalar(select(TranslatorPairLevel.level).where(
        TranslatorPairLevel.user_id == translator_id, TranslatorPairLevel.pair == pair))
    return TRANSLATOR if level is None else level


def levels(session: Session, translator_id: int) -> dict[str, int]:
    """The levels set for the translator, by pair."""
    rows = session.scalars(select(TranslatorPairLevel).where(TranslatorPairLevel.user_id == translator_id))
    return {r.pair: r.level for r in rows}


def set_level(session: Session, *, translator: User, pair: str, level: int) -> None:
    """Set the translator's level on a pair they cover."""
    source, _, target = pair.partition(">")
    if not translator.covers(source, target):
        raise TranslatorDoesNotCoverPair(translator.full_name, pair)
    row = session.scalar(select(TranslatorPairLevel).where(
        TranslatorPairLevel.user_id == translator.id, TranslatorPairLevel.pair == pair))
    if row is None:
        session.add(TranslatorPairLevel(user_id=translator.id, pair=pair, level=level))
    else:
        row.level = level
    session.flush()
