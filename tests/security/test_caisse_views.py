"""What a caisse reads through the API is what its portal shows: no vendor, no staff member, no override."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.models.enums import RequestStatus, Role
from service.translation_request import service as request_service
from tests.factories import headers_for, make_caisse, make_request, make_user


def _outsourced_with_an_override(db: Session):  # type: ignore[no-untyped-def]
    caisse = make_caisse(db)
    agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    manager = make_user(db, role=Role.MANAGER)
    translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
    request = make_request(db, caisse=caisse, submitter=agent, status=RequestStatus.DRAFTED)
    request_service.record_event(db, request, action="submitted", actor=agent, to_status=RequestStatus.RECEIVED)
    request_service.record_event(db, request, action="qa.justified", actor=translator,
                                 detail={"position": 3, "code": "glossary"})
    request_service.transition(db, request, to=RequestStatus.OUTSOURCED, actor=manager,
                               action="assignment.override",
                               detail={"vendor_id": 4242, "override_reason": "Traductrice absente"})
    request_service.transition(db, request, to=RequestStatus.CANCELLED, actor=manager, action="cancelled",
                               detail={"reason": "Doublon signalé par Mme Martin"})
    db.commit()
    return request, agent, manager


class TestEventsOfARequest:
    def test_the_caisse_reads_status_changes_only_without_staff_vendor_or_override(
        self, client: TestClient, db: Session
    ) -> None:
        request, agent, manager = _outsourced_with_an_override(db)
        response = client.get(f"/api/requests/{request.id}/events", headers=headers_for(db, agent))
        assert response.status_code == 200
        events = response.json()
        assert [(e["action"], e["to_status"]) for e in events] == [
            ("submitted", "received"), ("status.outsourced", "outsourced"), ("cancelled", "cancelled")]
        assert [e["actor_id"] for e in events] == [agent.id, None, None]
        assert [e["detail"] for e in events] == [{}, {}, {}]
        for hidden in ("4242", "override", "Traductrice", "glossary", "Martin"):
            assert hidden not in response.text

    def test_a_failure_keeps_the_code_and_words_the_request_shows(self, client: TestClient, db: Session) -> None:
        caisse = make_caisse(db)
        agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
        request = make_request(db, caisse=caisse, submitter=agent, status=RequestStatus.EXTRACTING)
        request_service.fail(db, request, code="no_text", detail="Aucun texte trouvé.")
        db.commit()
        [event] = client.get(f"/api/requests/{request.id}/events", headers=headers_for(db, agent)).json()
        assert (event["action"], event["detail"]) == ("failed", {"code": "no_text", "detail": "Aucun texte trouvé."})

    def test_staff_read_the_whole_trail(self, client: TestClient, db: Session) -> None:
        request, _, manager = _outsourced_with_an_override(db)
        events = client.get(f"/api/requests/{request.id}/events", headers=headers_for(db, manager)).json()
        override = next(e for e in events if e["action"] == "assignment.override")
        assert (override["actor_id"], override["detail"]["vendor_id"]) == (manager.id, 4242)
        assert any(e["action"] == "qa.justified" for e in events)

    def test_the_stored_trail_is_left_whole(self, client: TestClient, db: Session) -> None:
        request, agent, _ = _outsourced_with_an_override(db)
        client.get(f"/api/requests/{request.id}/events", headers=headers_for(db, agent))
        db.expire_all()
        stored = request_service.events(db, request)
        assert any(e.detail.get("vendor_id") == 4242 for e in stored) and len(stored) == 4
