"""The request state machine, visibility between caisses, cancel and retry."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from service.db.session import new_session
from service.models import Event
from service.models.enums import RequestStatus, Role
from service.translation_request import service as request_service
from service.translation_request.errors import IllegalTransition
from service.translation_request.state import TRANSITIONS
from tests.conftest import TEST_DB
from tests.factories import headers_for, make_caisse, make_request, make_user

STATUSES = list(RequestStatus)


class TestStateMachine:
    @pytest.mark.parametrize("current", STATUSES)
    def test_every_illegal_transition_is_refused_and_changes_nothing(self, db, current) -> None:
        request = make_request(db, caisse=make_caisse(db), status=current)
        illegal = [target for target in RequestStatus if target not in TRANSITIONS[current]]
        for target in illegal:
            with pytest.raises(IllegalTransition) as raised:
                request_service.transition(db, request, to=target)
            assert raised.value.status_code == 409
            assert request.status == current
        assert db.scalars(select(Event).where(Event.request_id == request.id)).all() == []

    @pytest.mark.parametrize("current", [s for s in STATUSES if TRANSITIONS[s]])
    def test_every_legal_transition_is_recorded_as_an_event(self, db, current) -> None:
        caisse = make_caisse(db)
        for target in TRANSITIONS[current]:
            request = make_request(db, caisse=caisse, status=current)
            request_service.transition(db, request, to=target)
            db.commit()
            event = db.scalars(select(Event).where(Event.request_id == request.id)).one()
            assert (event.from_status, event.to_status) == (current, target)
            assert (request.delivered_on is not None) == (target == RequestStatus.DELIVERED)

    def test_terminal_states_have_no_way_out(self) -> None:
        assert TRANSITIONS[RequestStatus.DELIVERED] == frozenset()
        assert TRANSITIONS[RequestStatus.CANCELLED] == frozenset()


class TestFailureAndRetry:
    def test_failure_keeps_code_and_reason_and_retry_restarts_the_failed_step(self, db) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTING)
        request_service.fail(db, request, code="model_crashed", detail="Le moteur s'est arrêté.")
        db.commit()
        assert (request.status, request.failure_code, request.failed_from) == ("failed", "model_crashed", "drafting")
        request_service.retry(db, request, actor=None)
        db.commit()
        assert request.status == RequestStatus.EXTRACTED
        assert request.failure_code is None and request.failure_detail is None

    def test_retry_of_a_request_that_did_not_fail_is_a_conflict(self, db) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.ASSIGNED)
        with pytest.raises(IllegalTransition):
            request_service.retry(db, request, actor=None)


class TestVisibilityAndCancel:
    def test_other_caisse_gets_404_on_every_read(self, client, db) -> None:
        own, other = make_caisse(db), make_caisse(db)
        request = make_request(db, caisse=own)
        stranger = headers_for(db, make_user(db, role=Role.SUBMITTER, caisse=other))
        for suffix in ("", "/events", "/callbacks", "/original"):
            response = client.get(f"/api/requests/{request.id}{suffix}", headers=stranger)
            assert response.status_code == 404, suffix
        assert client.get("/api/requests", headers=stranger).json()["total"] == 0

    def test_translator_sees_the_pool_of_covered_pairs_only(self, client, db) -> None:
        caisse = make_caisse(db)
        german = make_request(db, caisse=caisse, source_lang="de", status=RequestStatus.DRAFTED)
        make_request(db, caisse=caisse, source_lang="de")  # still being read: not in the pool yet
        make_request(db, caisse=caisse, source_lang="pl", status=RequestStatus.DRAFTED)
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        listed = client.get("/api/requests", headers=headers_for(db, translator)).json()
        assert [item["id"] for item in listed["items"]] == [german.id]

    def test_cancel_then_cancel_again_is_a_409(self, client, db) -> None:
        caisse = make_caisse(db)
        headers = headers_for(db, make_user(db, role=Role.SUBMITTER, caisse=caisse))
        request = make_request(db, caisse=caisse, status=RequestStatus.DRAFTED)
        first = client.post(f"/api/requests/{request.id}/cancel", headers=headers, json={"reason": "envoi en double"})
        assert first.status_code == 200 and first.json()["status"] == "cancelled"
        second = client.post(f"/api/requests/{request.id}/cancel", headers=headers)
        assert second.status_code == 409
        assert second.json()["code"] == "illegal_transition"

    def test_list_filters_and_paginates(self, client, db) -> None:
        caisse = make_caisse(db)
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        for _ in range(3):
            make_request(db, caisse=caisse, status=RequestStatus.DRAFTED)
        make_request(db, caisse=caisse, status=RequestStatus.DELIVERED)
        page = client.get("/api/requests?status=drafted&page_size=2&page=2", headers=headers).json()
        assert page["total"] == 3 and len(page["items"]) == 1


@pytest.mark.skipif(TEST_DB != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises writers")
class TestRowLocks:
    def test_a_cancel_racing_the_worker_waits_and_sees_the_status_the_worker_left(self, db) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.EXTRACTING)
        db.commit()
        worker = new_session()
        held = request_service.get(worker, request.id, lock=True)
        request_service.transition(worker, held, to=RequestStatus.EXTRACTED, action="extraction.done")
        worker.flush()
        seen: list[str] = []

        def cancel() -> None:
            with new_session() as other:
                racing = request_service.get(other, request.id, lock=True)
                seen.append(racing.status)
                request_service.transition(other, racing, to=RequestStatus.CANCELLED, action="cancelled")
                other.commit()

        racer = threading.Thread(target=cancel)
        racer.start()
        racer.join(0.5)
        assert racer.is_alive(), "the cancel did not wait for the worker's row lock"
        worker.commit()
        worker.close()
        racer.join(10)
        assert seen == [RequestStatus.EXTRACTED]
        moves = db.execute(select(Event.from_status, Event.to_status).where(Event.request_id == request.id)
                           .order_by(Event.id)).all()
        assert [tuple(m) for m in moves] == [("extracting", "extracted"), ("extracted", "cancelled")]
