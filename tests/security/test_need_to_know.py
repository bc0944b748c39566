"""Need to know: a translator sees the requests assigned to them and the pool they may take (their pairs,
nobody assigned yet), never another translator's work of the same pair; managers and admins see all."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.deps import SESSION_COOKIE
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_request, make_user


@pytest.fixture
def world(db: Session):  # type: ignore[no-untyped-def]
    caisse = make_caisse(db)
    trainee = make_user(db, role=Role.TRANSLATOR, pairs=["en>fr"], trainee=True)
    colleague = make_user(db, role=Role.TRANSLATOR, pairs=["en>fr"])
    manager = make_user(db, role=Role.MANAGER)
    requests = {
        "pool": make_request(db, caisse=caisse, status=RequestStatus.DRAFTED, source_lang="en"),
        "colleagues_work": make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, source_lang="en",
                                        assignee_id=colleague.id),
        "mine": make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, source_lang="en",
                             assignee_id=trainee.id),
        "delivered_unassigned": make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, source_lang="en"),
        "extracting": make_request(db, caisse=caisse, status=RequestStatus.EXTRACTING, source_lang="en"),
        "other_pair": make_request(db, caisse=caisse, status=RequestStatus.DRAFTED, source_lang="de"),
    }
    return {"trainee": trainee, "colleague": colleague, "manager": manager, **requests}


class TestTranslatorsSeeWhatTheyNeed:
    def test_the_list_holds_their_own_work_and_the_pool_of_their_pairs(self, client: TestClient, db: Session,
                                                                       world) -> None:
        listed = client.get("/api/requests", headers=headers_for(db, world["trainee"])).json()
        assert {r["id"] for r in listed["items"]} == {world["pool"].id, world["mine"].id}
        assert listed["total"] == 2

    @pytest.mark.parametrize("path", ["/api/requests/{id}", "/api/requests/{id}/original",
                                      "/api/requests/{id}/segments", "/api/requests/{id}/events"])
    def test_a_colleagues_request_of_the_same_pair_is_not_found(self, client: TestClient, db: Session, world,
                                                                path: str) -> None:
        answer = client.get(path.format(id=world["colleagues_work"].id), headers=headers_for(db, world["trainee"]))
        assert answer.status_code == 404

    def test_the_workspace_queue_shows_the_pool_and_not_the_colleagues_work(self, client: TestClient,
                                                                             db: Session, world) -> None:
        from service.auth import service as auth_service

        token, _ = auth_service.issue_token(db, user=world["trainee"])
        db.commit()
        client.cookies.set(SESSION_COOKIE, token)
        page = client.get("/atelier").text
        assert world["pool"].reference in page and world["colleagues_work"].reference not in page
        editor = client.get(f"/atelier/demandes/{world['colleagues_work'].id}")
        assert editor.status_code == 404

    def test_taking_a_pool_request_makes_it_theirs_and_hides_it_from_the_pair(self, client: TestClient,
                                                                            db: Session, world) -> None:
        started = client.post(f"/api/requests/{world['pool'].id}/revision/start",
                              headers=headers_for(db, world["colleague"]))
        assert started.status_code == 200, started.text
        assert client.get(f"/api/requests/{world['pool'].id}",
                          headers=headers_for(db, world["trainee"])).status_code == 404

    def test_managers_see_every_request(self, client: TestClient, db: Session, world) -> None:
        listed = client.get("/api/requests", headers=headers_for(db, world["manager"])).json()
        assert listed["total"] == 6
