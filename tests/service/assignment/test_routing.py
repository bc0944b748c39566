"""Routing a drafted request: in-house when capacity meets the due date, otherwise to a vendor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.assignment import service as assignment_service
from service.assignment.errors import TranslatorDoesNotCoverPair
from service.models import Absence, Event, OutsourcedJob, RoutingDecision
from service.models.enums import RequestStatus, Role
from service.vendor.errors import MissingRate
from tests.factories import make_caisse, make_request, make_user
from tests.service.vendor.helpers import MONDAY, make_drafted, make_rate, make_vendor


def _translator(db: Session, *, capacity: float = 10.0, pairs: list[str] | None = None,
                trainee: bool = False):
    return make_user(db, role=Role.TRANSLATOR, pairs=pairs or ["de>fr"], capacity=capacity, trainee=trainee)


class TestCapacity:
    def test_queue_counts_standard_pages_of_open_assigned_requests_only(self, db: Session) -> None:
        caisse, t = make_caisse(db), _translator(db)
        make_request(db, caisse=caisse, status=RequestStatus.ASSIGNED, assignee_id=t.id, characters=4500)
        make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, assignee_id=t.id, characters=None,
                     pages=2)
        make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, assignee_id=t.id, characters=30000)
        assert assignment_service.queue_pages(db, t.id) == pytest.approx(5.0)

    def test_projection_counts_working_days_from_today_and_skips_absences(self, db: Session) -> None:
        caisse, t = make_caisse(db), _translator(db, capacity=5)
        make_request(db, caisse=caisse, status=RequestStatus.ASSIGNED, assignee_id=t.id, characters=15000)
        # 10 queued pages + 10 new = 4 days at 5 pages/day: Mon..Thu.
        assert assignment_service.projected_completion(db, translator=t, extra_pages=10,
                                                       today=MONDAY) == MONDAY + timedelta(days=3)
        db.add(Absence(user_id=t.id, starts_on=MONDAY + timedelta(days=1),
                       ends_on=MONDAY + timedelta(days=2)))
        db.commit()
        # Two days off push the fourth working day to the next Monday.
        assert assignment_service.projected_completion(db, translator=t, extra_pages=10,
                                                       today=MONDAY) == MONDAY + timedelta(days=7)


class TestRouting:
    def test_capacity_met_assigns_in_house_and_records_why(self, db: Session) -> None:
        caisse, t = make_caisse(db), _translator(db)
        request = make_drafted(db, caisse=caisse)
        decision = assignment_service.route(db, request, today=MONDAY)
        db.commit()
        assert request.status == RequestStatus.ASSIGNED
        assert (request.assignee_id, request.handled_by) == (t.id, "internal")
        assert decision.outcome == "internal" and decision.translator_id == t.id
        assert decision.considered[0]["meets_due"] is True
        assert any(t.full_name in r for r in decision.reasons)

    def test_capacity_not_met_outsources_to_cheapest_vendor_meeting_due_date(self, db: Session) -> None:
        caisse, t = make_caisse(db), _translator(db, capacity=1)
        make_request(db, caisse=caisse, status=RequestStatus.ASSIGNED, assignee_id=t.id, characters=1500 * 30)
        cheap_slow, fast = make_vendor(db, name="Lent SA"), make_vendor(db, name="Rapide SARL")
        make_rate(db, vendor=cheap_slow, page=1000, turnaround=30)
        make_rate(db, vendor=fast, page=1800, turnaround=3)
        request = make_drafted(db, caisse=caisse, characters=3000, due_in_days=10)
        decision = assignment_service.route(db, request, today=MONDAY)
        db.commit()
        assert request.status == RequestStatus.OUTSOURCED and request.handled_by == "external"
        assert decision.vendor_id == fast.id and request.assignee_id is None
        job = db.scalar(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id))
        assert job is not None and job.status == "pending" and job.computed_cost_cents == 3600
        considered = {c.get("name"): c for c in decision.considered}
        assert considered[t.full_name]["meets_due"] is False
        assert considered["Lent SA"]["meets_due"] is False

    def test_absent_translator_is_skipped(self, db: Session) -> None:
        caisse, absent, present = make_caisse(db), _translator(db, capacity=50), _translator(db, capacity=2)
        db.add(Absence(user_id=absent.id, starts_on=MONDAY, ends_on=MONDAY + timedelta(days=14),
                       reason="congés"))
        db.commit()
        request = make_drafted(db, caisse=caisse)
        decision = assignment_service.route(db, request, today=MONDAY)
        assert request.assignee_id == present.id
        entry = next(c for c in decision.considered if c.get("translator_id") == absent.id)
        assert entry["excluded"] == "absent"

    def test_no_translator_for_the_pair_outsources(self, db: Session) -> None:
        caisse = make_caisse(db)
        _translator(db, pairs=["en>fr"])
        vendor = make_vendor(db)
        make_rate(db, vendor=vendor, source_lang="pl", target_lang="fr")
        request = make_drafted(db, caisse=caisse, source_lang="pl")
        decision = assignment_service.route(db, request, today=MONDAY)
        assert request.status == RequestStatus.OUTSOURCED
        assert "aucun traducteur interne de la paire" in decision.reasons

    def test_missing_rate_blocks_with_a_warning_saying_which_rate_to_add(self, db: Session) -> None:
        caisse = make_caisse(db)
        request = make_drafted(db, caisse=caisse, source_lang="ro")
        decision = assignment_service.route(db, request, today=MONDAY)
        db.commit()
        assert request.status == RequestStatus.DRAFTED and decision.outcome == "blocked"
        assert any("ro>fr" in w and "light_revision" in w for w in request.warnings)
        blocked = db.scalar(select(Event).where(Event.request_id == request.id,
                                                Event.action == "assignment.blocked"))
        assert blocked is not None and blocked.detail["missing_rate"]["pair"] == "ro>fr"
        # Routing again once the rate exists succeeds and clears the warning.
        make_rate(db, vendor=make_vendor(db), source_lang="ro")
        assignment_service.route(db, request, today=MONDAY)
        assert request.status == RequestStatus.OUTSOURCED and request.warnings == []

    def test_trainee_gets_revision_but_not_full_translation(self, db: Session) -> None:
        caisse, trainee = make_caisse(db), _translator(db, trainee=True)
        revision = make_drafted(db, caisse=caisse)
        assignment_service.route(db, revision, today=MONDAY)
        assert (revision.assignee_id, revision.handled_by) == (trainee.id, "trainee")
        no_draft = make_drafted(db, caisse=caisse, segments=[("Guten Tag.", None)])
        decision = assignment_service.route(db, no_draft, today=MONDAY)
        assert decision.job_class == "translation" and decision.outcome == "blocked"


class TestOverride:
    def test_manager_reassigns_an_outsourced_request_to_a_translator_with_a_reason(self, db: Session) -> None:
        caisse, manager = make_caisse(db), make_user(db, role=Role.MANAGER)
        make_rate(db, vendor=make_vendor(db))
        request = make_drafted(db, caisse=caisse)
        assignment_service.route(db, request, today=MONDAY)
        assert request.status == RequestStatus.OUTSOURCED
        t = _translator(db)
        decision = assignment_service.override(db, request, actor=manager, reason="langue rare, Mme X dispo",
                                               translator_id=t.id, today=MONDAY)
        db.commit()
        assert request.status == RequestStatus.ASSIGNED and request.assignee_id == t.id
        assert decision.is_override and decision.override_reason == "langue rare, Mme X dispo"
        assert decision.actor_id == manager.id
        job = db.scalar(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id))
        assert job is not None and job.status == "withdrawn"
        query = select(RoutingDecision).where(RoutingDecision.request_id == request.id)
        assert len(db.scalars(query).all()) == 2

    def test_override_to_a_vendor_without_rate_is_refused_and_changes_nothing(self, db: Session) -> None:
        caisse, manager, t = make_caisse(db), make_user(db, role=Role.MANAGER), _translator(db)
        request = make_drafted(db, caisse=caisse)
        assignment_service.route(db, request, today=MONDAY)
        vendor = make_vendor(db)
        with pytest.raises(MissingRate, match="de>fr"):
            assignment_service.override(db, request, actor=manager, reason="test", vendor_id=vendor.id,
                                        today=MONDAY)
        assert request.status == RequestStatus.ASSIGNED and request.assignee_id == t.id

    def test_override_to_a_translator_without_the_pair_is_refused(self, db: Session) -> None:
        caisse, manager = make_caisse(db), make_user(db, role=Role.MANAGER)
        other = _translator(db, pairs=["en>fr"])
        request = make_drafted(db, caisse=caisse)
        with pytest.raises(TranslatorDoesNotCoverPair):
            assignment_service.override(db, request, actor=manager, reason="x", translator_id=other.id)
        assert request.status == RequestStatus.DRAFTED


class TestRouteTask:
    def test_task_routes_a_drafted_request_and_ignores_others(self, db: Session) -> None:
        from service.assignment.tasks import route

        caisse, t = make_caisse(db), _translator(db)
        drafted = make_drafted(db, caisse=caisse, today=date.today())
        route.delay(drafted.id)
        db.expire_all()
        assert drafted.status == RequestStatus.ASSIGNED and drafted.assignee_id == t.id
        route.delay(drafted.id)
        db.expire_all()
        query = select(RoutingDecision).where(RoutingDecision.request_id == drafted.id)
        assert len(db.scalars(query).all()) == 1


class TestPairLevel:
    def test_reviser_level_takes_revision_but_not_full_translation(self, db: Session) -> None:
        caisse, reviser = make_caisse(db), _translator(db)
        assignment_service.set_level(db, translator=reviser, pair="de>fr", level=assignment_service.REVISER)
        db.commit()
        revision = make_drafted(db, caisse=caisse)
        assert assignment_service.route(db, revision, today=MONDAY).translator_id == reviser.id
        untranslated = make_drafted(db, caisse=caisse, segments=[("Guten Tag.", None)])
        decision = assignment_service.route(db, untranslated, today=MONDAY)
        assert decision.outcome == "blocked"
        assert decision.considered[0]["excluded"] == "niveau révision seulement sur cette paire"

    def test_level_only_on_a_covered_pair(self, db: Session) -> None:
        with pytest.raises(TranslatorDoesNotCoverPair):
            assignment_service.set_level(db, translator=_translator(db), pair="pl>fr", level=3)
