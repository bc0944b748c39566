"""The routing API: managers see and override decisions; translators see their own work only."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.assignment import service as assignment_service
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_user
from tests.service.vendor.helpers import make_drafted, make_rate, make_vendor


class TestDecisionsApi:
    def test_manager_overrides_with_a_reason_and_reads_the_decisions(self, client, db: Session) -> None:
        caisse, manager = make_caisse(db), make_user(db, role=Role.MANAGER)
        first = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=20)
        second = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=1)
        request = make_drafted(db, caisse=caisse)
        assignment_service.route(db, request)
        db.commit()
        headers = headers_for(db, manager)
        answer = client.post(f"/api/assignment/requests/{request.id}/override", headers=headers,
                             json={"translator_id": second.id, "reason": "suit le dossier depuis 2025"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["is_override"] and answer.json()["translator_id"] == second.id
        listed = client.get(f"/api/assignment/requests/{request.id}/decisions", headers=headers).json()
        assert [d["translator_id"] for d in listed] == [first.id, second.id]
        mine = client.get("/api/assignment/mine", headers=headers_for(db, second)).json()
        assert [r["id"] for r in mine] == [request.id]

    def test_override_needs_exactly_one_target(self, client, db: Session) -> None:
        manager = make_user(db, role=Role.MANAGER)
        request = make_drafted(db, caisse=make_caisse(db))
        answer = client.post(f"/api/assignment/requests/{request.id}/override", headers=headers_for(db,
                                                                                                    manager),
                             json={"reason": "pourquoi pas"})
        assert answer.status_code == 422

    def test_translator_cannot_override_nor_read_others_decisions(self, client, db: Session) -> None:
        caisse = make_caisse(db)
        owner = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        other = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=0)
        request = make_drafted(db, caisse=caisse)
        assignment_service.route(db, request)
        db.commit()
        headers = headers_for(db, other)
        assert client.post(f"/api/assignment/requests/{request.id}/override", headers=headers,
                           json={"translator_id": other.id, "reason": "je le prends"}).status_code == 403
        assert client.get(f"/api/assignment/requests/{request.id}/decisions",
                          headers=headers).status_code == 404
        assert client.get(f"/api/assignment/requests/{request.id}/decisions",
                          headers=headers_for(db, owner)).status_code == 200

    def test_blocked_request_is_routed_again_after_the_rate_is_added(self, client, db: Session) -> None:
        manager, admin = make_user(db, role=Role.MANAGER), make_user(db, role=Role.ADMIN)
        request = make_drafted(db, caisse=make_caisse(db), source_lang="tr")
        decision = assignment_service.route(db, request)
        db.commit()
        assert decision.outcome == "blocked"
        vendor = client.post("/api/vendors", headers=headers_for(db, admin),
                             json={"name": "Anatolia Traductions"}).json()
        rate = client.post(f"/api/vendors/{vendor['id']}/contracts", headers=headers_for(db, admin), json={
            "source_lang": "tr", "target_lang": "fr", "job_class": decision.job_class,
            "rate_page_cents": 2400,
            "turnaround_days": 4, "valid_from": "2020-01-01"})
        assert rate.status_code == 201, rate.text
        again = client.post(f"/api/assignment/requests/{request.id}/route", headers=headers_for(db, manager))
        assert again.status_code == 200 and again.json()["outcome"] == "external"
        db.expire_all()
        assert request.status == RequestStatus.OUTSOURCED and request.warnings == []

    def test_contract_without_any_rate_is_refused(self, client, db: Session) -> None:
        admin = make_user(db, role=Role.ADMIN)
        vendor = make_vendor(db)
        answer = client.post(f"/api/vendors/{vendor.id}/contracts", headers=headers_for(db, admin), json={
            "source_lang": "de", "target_lang": "fr", "job_class": "translation", "turnaround_days": 4,
            "valid_from": "2026-01-01"})
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_contract"


class TestTranslatorsApi:
    def test_absence_shows_in_the_load_and_thresholds_can_be_set(self, client, db: Session) -> None:
        manager = make_user(db, role=Role.MANAGER)
        t = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        headers = headers_for(db, manager)
        from datetime import date, timedelta

        today = date.today()
        created = client.post(f"/api/assignment/translators/{t.id}/absences", headers=headers, json={
            "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=2)).isoformat(),
            "reason": "congé"})
        assert created.status_code == 201
        load = client.get("/api/assignment/translators", headers=headers).json()
        assert load[0]["id"] == t.id and load[0]["absent_today"] is True
        bad = client.post(f"/api/assignment/translators/{t.id}/absences", headers=headers, json={
            "starts_on": today.isoformat(), "ends_on": (today - timedelta(days=2)).isoformat()})
        assert bad.status_code == 422
        body = {"pair": "de>fr", "light_min_quality": 0.8, "full_min_quality": 0.5, "light_max_effort": 0.1,
                "full_max_effort": 0.3, "min_effort_segments": 10}
        assert client.put("/api/assignment/thresholds", headers=headers, json=body).status_code == 200
        assert client.get("/api/assignment/thresholds", params={"pair": "de>fr"},
                          headers=headers).json() == body

    def test_inactive_vendor_is_not_chosen(self, client, db: Session) -> None:
        admin = make_user(db, role=Role.ADMIN)
        vendor = make_vendor(db)
        make_rate(db, vendor=vendor)
        answer = client.patch(f"/api/vendors/{vendor.id}", headers=headers_for(db, admin),
                              json={"is_active": False})
        assert answer.status_code == 200 and answer.json()["is_active"] is False
        decision = assignment_service.route(db, make_drafted(db, caisse=make_caisse(db)))
        assert decision.outcome == "blocked"
