"""Editing time: the editor's measured active seconds are added to the segment and shown to managers only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Segment, TranslationRequest
from tests.service.revision.conftest import World, auth, make_job


def stored(db: Session, request: TranslationRequest, position: int) -> Segment:
    db.expire_all()
    row = db.scalar(select(Segment).where(Segment.request_id == request.id, Segment.position == position))
    assert row is not None
    return row


class TestEditingTime:
    def test_time_of_successive_saves_and_the_confirm_adds_up_on_the_segment(
        self, client: TestClient, db: Session, world: World, remembered: list[object]
    ) -> None:
        request = make_job(db, world)
        url, who = f"/api/requests/{request.id}/segments/2", auth(db, world.translator)
        client.put(url, headers=who, json={"final_text": "Anna Schmidt est née", "editing_seconds": 12.5})
        client.put(url, headers=who, json={"final_text": "Anna Schmidt est née le 12.03.1985", "editing_seconds": 8})
        client.post(f"{url}/confirm", headers=who, json={"editing_seconds": 4.5})
        row = stored(db, request, 2)
        assert row.editing_seconds == 25.0 and row.status == "confirmed"
        assert stored(db, request, 1).editing_seconds is None  # never opened: not measured, not zero

    def test_time_spent_without_changing_the_text_still_counts_and_keeps_the_version(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        url, who = f"/api/requests/{request.id}/segments/1", auth(db, world.translator)
        first = client.put(url, headers=who, json={"final_text": "Acte de naissance."})
        again = client.put(url, headers={**who, "If-Match": first.headers["ETag"]},
                           json={"final_text": "Acte de naissance.", "editing_seconds": 30})
        assert again.status_code == 200 and again.headers["ETag"] == first.headers["ETag"]
        # The time did not make a colleague's save from the same version conflict.
        other = client.put(url, headers={**auth(db, world.manager), "If-Match": first.headers["ETag"]},
                           json={"final_text": "Acte de naissance (extrait)."})
        assert other.status_code == 200
        assert stored(db, request, 1).editing_seconds == 30.0

    def test_managers_see_the_time_translators_do_not(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        url = f"/api/requests/{request.id}/segments/3"
        client.put(url, headers=auth(db, world.translator),
                   json={"final_text": "La caisse paie", "editing_seconds": 42})
        assert client.get(url, headers=auth(db, world.translator)).json()["editing_seconds"] is None
        assert client.get(url, headers=auth(db, world.manager)).json()["editing_seconds"] == 42.0
        listing = client.get(f"/api/requests/{request.id}/segments", headers=auth(db, world.manager)).json()
        assert [s["editing_seconds"] for s in listing["items"]] == [None, None, 42.0, None]

    def test_a_negative_or_absurd_time_is_refused_and_nothing_is_saved(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        url, who = f"/api/requests/{request.id}/segments/1", auth(db, world.translator)
        for bad in (-5, 7200):
            response = client.put(url, headers=who, json={"final_text": "Autre texte.", "editing_seconds": bad})
            assert response.status_code == 422 and "editing_seconds" in response.text
        row = stored(db, request, 1)
        assert row.editing_seconds is None and row.final_text is None

    def test_time_is_not_recorded_outside_the_revision(self, client: TestClient, db: Session, world: World) -> None:
        from service.models.enums import RequestStatus

        request = make_job(db, world, status=RequestStatus.ASSIGNED)
        response = client.put(f"/api/requests/{request.id}/segments/1", headers=auth(db, world.translator),
                              json={"final_text": "Acte.", "editing_seconds": 20})
        assert response.status_code == 409
        assert stored(db, request, 1).editing_seconds is None
