"""Open requests as a manager watches them, and the list of those at risk of passing 21 days."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from service.indicator import monitoring
from service.models.enums import Role
from tests.factories import make_caisse, make_user
from tests.service.indicator.helpers import delivered, insert_requests, open_request

TODAY = date(2026, 11, 23)  # a Monday


class TestOpenRequests:
    def test_open_requests_show_elapsed_days_due_date_and_projection(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        insert_requests(db, caisse, [
            open_request(TODAY - timedelta(days=5), status="received"),
            delivered(TODAY - timedelta(days=30), 10),
            open_request(TODAY - timedelta(days=3), status="cancelled"),
        ])
        [watched] = monitoring.open_requests(db, today=TODAY)
        assert (watched.days_elapsed, watched.days_left) == (5, 16)
        assert watched.due_on == TODAY + timedelta(days=16)
        assert (watched.projection, watched.projected_on, watched.at_risk) == (
            "due_date", watched.due_on, False)

    def test_an_assigned_request_is_projected_from_its_translators_queue(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        slow = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=2.0)
        # 40 pages at 2 pages a day: 20 working days, past the 21 calendar days of a request received today.
        insert_requests(db, caisse, [
            open_request(TODAY - timedelta(days=1), assignee_id=slow.id, pages=40, handled_by="internal"),
        ])
        [watched] = monitoring.open_requests(db, today=TODAY)
        assert watched.projection == "queue"
        assert watched.projected_on > watched.deadline
        assert watched.at_risk

    def test_a_translator_without_capacity_falls_back_to_the_due_date(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        idle = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=0.0)
        insert_requests(db, caisse, [open_request(TODAY - timedelta(days=2), assignee_id=idle.id)])
        [watched] = monitoring.open_requests(db, today=TODAY)
        assert (watched.projection, watched.projected_on) == ("due_date", watched.due_on)


class TestAtRisk:
    def test_late_and_projected_late_requests_come_most_urgent_first(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        insert_requests(db, caisse, [
            open_request(TODAY - timedelta(days=25), status="drafted", reference="OVERDUE"),
            open_request(TODAY - timedelta(days=22), status="received", reference="JUST-LATE"),
            open_request(TODAY - timedelta(days=3), status="received", reference="ON-TIME"),
            open_request(TODAY - timedelta(days=4), status="received", reference="URGENT",
                         due_on=TODAY - timedelta(days=1)),
        ])
        risky = monitoring.at_risk(db, today=TODAY)
        assert [r.reference for r in risky] == ["OVERDUE", "JUST-LATE", "URGENT"]
        assert risky[0].days_left == -4
        assert all(r.projected_on >= TODAY for r in risky)

    def test_a_request_exactly_at_21_days_today_is_not_yet_at_risk(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        insert_requests(db, caisse, [open_request(TODAY - timedelta(days=21), status="received")])
        [watched] = monitoring.open_requests(db, today=TODAY)
        assert (watched.days_left, watched.at_risk) == (0, False)
        assert monitoring.at_risk(db, today=TODAY) == []
