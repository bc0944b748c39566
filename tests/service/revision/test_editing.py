"""Starting a revision, listing, saving, confirming and justifying segments, through the API."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rapidfuzz.distance import Levenshtein
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import engines
from service.db.session import new_session
from service.models import Event, Segment, TranslationRequest, User
from service.models.enums import RequestStatus, Role
from service.revision import service as revision_service
from service.revision.errors import AlreadyTaken
from tests.factories import make_request, make_user
from tests.service.revision.conftest import World, auth, make_job

# As the drafting step stores it: `glossaries.TermHit.to_dict()` of a hit in "Die Krankenkasse zahlt ...".
KRANKENKASSE = {
    "concept_id": "he-health-fund",
    "source_lang": "de",
    "target_lang": "fr",
    "source_term": "Krankenkasse",
    "matched": "Krankenkasse",
    "start": 4,
    "end": 16,
    "targets": ["caisse d'assurance maladie"],
    "wrong": [],
    "keep_as_is": False,
    "note": "",
}


def segment(db: Session, request: TranslationRequest, position: int) -> Segment:
    db.expire_all()
    row = db.scalar(select(Segment).where(Segment.request_id == request.id, Segment.position == position))
    assert row is not None
    return row


class TestStart:
    def test_assignee_opens_the_revision(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world, status=RequestStatus.ASSIGNED)
        response = client.post(
            f"/api/requests/{request.id}/revision/start", headers=auth(db, world.translator)
        )
        assert response.status_code == 200 and response.json()["status"] == "in_revision"

    def test_another_translator_of_the_pair_does_not_even_see_it(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world, status=RequestStatus.ASSIGNED)
        response = client.post(
            f"/api/requests/{request.id}/revision/start", headers=auth(db, world.other_translator)
        )
        # Need to know: another translator's request is not theirs to see (404, as for any hidden request).
        assert response.status_code == 404 and response.json()["code"] == "request_not_found"
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == "assigned"  # type: ignore[union-attr]

    def test_manager_may_open_anyone_s_revision(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world, status=RequestStatus.ASSIGNED)
        response = client.post(f"/api/requests/{request.id}/revision/start", headers=auth(db, world.manager))
        assert response.json()["status"] == "in_revision"

    def test_trainee_takes_a_pool_request_and_is_recorded_as_trainee(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        trainee = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], trainee=True)
        request = make_request(db, caisse=world.caisse, status=RequestStatus.DRAFTED)
        response = client.post(f"/api/requests/{request.id}/revision/start", headers=auth(db, trainee))
        body = response.json()
        assert (body["status"], body["assignee_id"], body["handled_by"]) == (
            "in_revision",
            trainee.id,
            "trainee",
        )
        actions = db.scalars(
            select(Event.action).where(Event.request_id == request.id).order_by(Event.id)
        ).all()
        assert actions == ["assignment.taken", "revision.started"]

    def test_translator_without_the_pair_cannot_see_a_pool_request(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        stranger = make_user(db, role=Role.TRANSLATOR, pairs=["pl>fr"])
        request = make_request(db, caisse=world.caisse, status=RequestStatus.ASSIGNED)
        response = client.post(f"/api/requests/{request.id}/revision/start", headers=auth(db, stranger))
        assert response.status_code == 404

    def test_of_two_translators_taking_the_same_pool_request_only_the_first_gets_it(
        self, db: Session, world: World
    ) -> None:
        request = make_request(db, caisse=world.caisse, status=RequestStatus.ASSIGNED)
        one, two = new_session(), new_session()
        try:
            stale = [s.get(TranslationRequest, request.id) for s in (one, two)]
            revision_service.start(one, stale[0], actor=one.get(User, world.translator.id))  # type: ignore[arg-type]
            one.commit()
            with pytest.raises(AlreadyTaken):
                revision_service.start(two, stale[1], actor=two.get(User, world.other_translator.id))  # type: ignore[arg-type]
            two.rollback()
        finally:
            one.close()
            two.close()
        db.expire_all()
        assert db.get(TranslationRequest, request.id).assignee_id == world.translator.id  # type: ignore[union-attr]

    def test_request_still_being_drafted_cannot_be_started(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world, status=RequestStatus.DRAFTING)
        response = client.post(
            f"/api/requests/{request.id}/revision/start", headers=auth(db, world.translator)
        )
        assert response.status_code == 409 and response.json()["code"] == "revision_not_startable"


class TestListSegments:
    def test_pages_through_segments_with_draft_origin_glossary_and_qa(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        first = segment(db, request, 3)
        first.glossary = [KRANKENKASSE]
        first.tm_score = 87.5
        db.commit()
        response = client.get(
            f"/api/requests/{request.id}/segments?page=2&page_size=2", headers=auth(db, world.translator)
        )
        body = response.json()
        assert (body["total"], body["page"], [s["position"] for s in body["items"]]) == (4, 2, [3, 4])
        item = body["items"][0]
        assert (item["draft_origin"], item["tm_score"]) == ("mt", 87.5)
        assert item["glossary"] == [
            {
                "source": "Krankenkasse",
                "required": ["caisse d'assurance maladie"],
                "start": 4,
                "end": 16,
                "note": None,
            }
        ]
        assert [q["code"] for q in item["qa"]] == ["not_confirmed"]

    def test_glossary_violation_is_flagged_once_text_is_typed_and_cleared_by_the_required_term(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        segment(db, request, 3).glossary = [KRANKENKASSE]
        db.commit()
        url, headers = f"/api/requests/{request.id}/segments/3", auth(db, world.translator)
        wrong = client.put(url, headers=headers, json={"final_text": "La caisse paie 1 234,56 EUR."}).json()
        assert [q["code"] for q in wrong["qa"]] == ["not_confirmed", "glossary_violation"]
        right = client.put(
            url, headers=headers, json={"final_text": "Les caisses d'assurance maladie paient 1 234,56 EUR."}
        ).json()
        assert [q["code"] for q in right["qa"]] == ["not_confirmed"]

    def test_submitters_cannot_read_segments(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        response = client.get(f"/api/requests/{request.id}/segments", headers=auth(db, world.submitter))
        assert response.status_code == 403


class TestSave:
    def test_autosave_stores_the_text_and_a_repeat_changes_nothing(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        headers = auth(db, world.translator)
        url = f"/api/requests/{request.id}/segments/1"
        first = client.put(url, headers=headers, json={"final_text": "Acte de naissance"})
        stamp = segment(db, request, 1).updated_at
        second = client.put(url, headers=headers, json={"final_text": "Acte de naissance"})
        assert first.status_code == second.status_code == 200
        assert second.json()["final_text"] == "Acte de naissance"
        assert segment(db, request, 1).updated_at == stamp

    def test_save_is_refused_before_the_revision_starts(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world, status=RequestStatus.ASSIGNED)
        response = client.put(
            f"/api/requests/{request.id}/segments/1",
            headers=auth(db, world.translator),
            json={"final_text": "x"},
        )
        assert response.status_code == 409 and response.json()["code"] == "not_in_revision"

    def test_save_by_another_translator_is_refused(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        response = client.put(
            f"/api/requests/{request.id}/segments/1",
            headers=auth(db, world.other_translator),
            json={"final_text": "x"},
        )
        assert response.status_code == 404  # not even visible to them
        assert segment(db, request, 1).final_text is None

    def test_unknown_position_is_a_404(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        response = client.put(
            f"/api/requests/{request.id}/segments/99",
            headers=auth(db, world.translator),
            json={"final_text": "x"},
        )
        assert response.status_code == 404 and response.json()["code"] == "segment_not_found"

    def test_interleaved_saves_of_different_segments_both_survive(self, db: Session, world: World) -> None:
        request = make_job(db, world)
        one, two = new_session(), new_session()
        try:
            requests = [s.get(TranslationRequest, request.id) for s in (one, two)]
            actors = [s.get(User, world.translator.id) for s in (one, two)]
            # Both editors loaded the request before either saved.
            revision_service.save(one, requests[0], position=1, final_text="Un", actor=actors[0])  # type: ignore[arg-type]
            one.commit()
            revision_service.save(two, requests[1], position=2, final_text="Deux", actor=actors[1])  # type: ignore[arg-type]
            two.commit()
        finally:
            one.close()
            two.close()
        assert (segment(db, request, 1).final_text, segment(db, request, 2).final_text) == ("Un", "Deux")

    def test_simultaneous_autosaves_of_every_segment_all_survive(self, db: Session, world: World) -> None:
        rows = [(1, n, f"Satz {n}.", f"Phrase {n}.") for n in range(8)]
        request = make_job(db, world, rows=rows)
        ready = threading.Barrier(len(rows))
        errors: list[BaseException] = []

        def autosave(position: int) -> None:
            session = new_session()
            try:
                job = session.get(TranslationRequest, request.id)
                actor = session.get(User, world.translator.id)
                ready.wait(timeout=30)
                revision_service.save(
                    session, job, position=position, final_text=f"Texte {position}.", actor=actor
                )  # type: ignore[arg-type]
                session.commit()
            except BaseException as exc:  # noqa: BLE001 (reported by the assertion below)
                errors.append(exc)
            finally:
                session.close()

        threads = [threading.Thread(target=autosave, args=(n,)) for n in range(1, len(rows) + 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        db.expire_all()
        finals = db.scalars(
            select(Segment.final_text).where(Segment.request_id == request.id).order_by(Segment.position)
        )
        assert list(finals) == [f"Texte {n}." for n in range(1, len(rows) + 1)]

    def test_editing_a_confirmed_segment_reopens_it(
        self, client: TestClient, db: Session, world: World, remembered: list[dict[str, Any]]
    ) -> None:
        request = make_job(db, world)
        headers = auth(db, world.translator)
        client.post(f"/api/requests/{request.id}/segments/1/confirm", headers=headers)
        response = client.put(
            f"/api/requests/{request.id}/segments/1",
            headers=headers,
            json={"final_text": "Extrait d'acte de naissance."},
        )
        assert response.json()["status"] == "drafted" and response.json()["confirmed_at"] is None


class TestConfirm:
    def test_confirm_records_edit_distance_and_feeds_the_memory(
        self, client: TestClient, db: Session, world: World, remembered: list[dict[str, Any]]
    ) -> None:
        request = make_job(db, world)
        final = "Anna Schmidt est née le 12/03/1985 à Berlin (Allemagne)."
        response = client.post(
            f"/api/requests/{request.id}/segments/2/confirm",
            headers=auth(db, world.translator),
            json={"final_text": final},
        )
        body = response.json()
        expected = Levenshtein.normalized_distance("Anna Schmidt est née le 12.03.1985 à Berlin.", final)
        assert body["status"] == "confirmed" and body["confirmed_by_id"] == world.translator.id
        assert body["edit_distance"] == pytest.approx(expected, abs=1e-4) and 0 < body["edit_distance"] < 1
        assert remembered == [
            {
                "source_lang": "de",
                "target_lang": "fr",
                "source_text": "Anna Schmidt wurde am 12.03.1985 in Berlin geboren.",
                "target_text": final,
                "origin": "revision",
                "request_id": request.id,
                "user_id": world.translator.id,
                "subject": engines.Subject(None, None),
            }
        ]

    def test_confirming_the_draft_unchanged_costs_no_edit(
        self, client: TestClient, db: Session, world: World, remembered: list[dict[str, Any]]
    ) -> None:
        request = make_job(db, world)
        response = client.post(
            f"/api/requests/{request.id}/segments/1/confirm", headers=auth(db, world.translator)
        )
        assert (response.json()["final_text"], response.json()["edit_distance"]) == (
            "Acte de naissance.",
            0.0,
        )

    def test_confirming_an_empty_segment_keeps_it_out_of_the_memory(
        self, client: TestClient, db: Session, world: World, remembered: list[dict[str, Any]]
    ) -> None:
        request = make_job(db, world)
        response = client.post(
            f"/api/requests/{request.id}/segments/1/confirm",
            headers=auth(db, world.translator),
            json={"final_text": ""},
        )
        assert response.json()["edit_distance"] == 1.0 and remembered == []
        assert [q["code"] for q in response.json()["qa"]] == ["empty"]


class TestJustify:
    def test_justified_issue_no_longer_blocks_until_the_text_changes(
        self, client: TestClient, db: Session, world: World, remembered: list[dict[str, Any]]
    ) -> None:
        request = make_job(db, world)
        headers = auth(db, world.translator)
        base = f"/api/requests/{request.id}/segments/2"
        client.post(
            f"{base}/confirm", headers=headers, json={"final_text": "Anna Schmidt, née en 1985 à Berlin."}
        )
        response = client.post(
            f"{base}/justify",
            headers=headers,
            json={"code": "number_mismatch", "reason": "Date exacte illisible sur l'original"},
        )
        assert [(q["code"], q["justified"]) for q in response.json()["qa"]] == [("number_mismatch", True)]
        report = client.get(f"/api/requests/{request.id}/qa", headers=headers).json()
        assert not [i for i in report["issues"] if i["position"] == 2 and not i["justified"]]
        client.put(base, headers=headers, json={"final_text": "Anna Schmidt, née en 1984 à Berlin."})
        client.post(f"{base}/confirm", headers=headers)
        reopened = client.get(base, headers=headers).json()["qa"]
        assert [(q["code"], q["justified"]) for q in reopened] == [("number_mismatch", False)]

    def test_justifying_an_issue_that_is_not_there_is_refused(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        response = client.post(
            f"/api/requests/{request.id}/segments/1/justify",
            headers=auth(db, world.translator),
            json={"code": "number_mismatch", "reason": "parce que"},
        )
        assert response.status_code == 422 and response.json()["code"] == "nothing_to_justify"

    def test_unconfirmed_segments_cannot_be_justified(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        response = client.post(
            f"/api/requests/{request.id}/segments/1/justify",
            headers=auth(db, world.translator),
            json={"code": "not_confirmed", "reason": "pas le temps"},
        )
        assert response.status_code == 422


class TestMemoryFeed:
    def test_confirmed_text_is_found_again_in_the_translation_memory(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        memory_service = pytest.importorskip("service.memory.service")
        request = make_job(db, world)
        final = "Anna Schmidt est née le 12/03/1985 à Berlin."
        client.post(
            f"/api/requests/{request.id}/segments/2/confirm",
            headers=auth(db, world.translator),
            json={"final_text": final},
        )
        match = memory_service.lookup(
            db, source_lang="de", target_lang="fr", text="Anna Schmidt wurde am 12.03.1985 in Berlin geboren."
        )
        assert match is not None and match.exact and match.text == final


class TestLostUpdates:
    """Issue 15, finding 7: a stale segment save silently overwrote a newer one (both answered 200)."""

    def test_a_stale_save_answers_409_with_the_current_text_and_changes_nothing(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        url = f"/api/requests/{request.id}/segments/2"
        translator, manager = auth(db, world.translator), auth(db, world.manager)
        read = client.get(url, headers=translator)
        etag = read.headers["ETag"]
        assert etag == f'"{read.json()["version"]}"'
        newer = client.put(url, headers={**manager, "If-Match": etag}, json={"final_text": "Texte du responsable."})
        assert newer.status_code == 200 and newer.headers["ETag"] != etag
        stale = client.put(url, headers={**translator, "If-Match": etag}, json={"final_text": "Ma version."})
        assert stale.status_code == 409
        problem = stale.json()
        assert problem["code"] == "segment_changed"
        assert (problem["current_text"], problem["current_version"]) == ("Texte du responsable.",
                                                                         newer.json()["version"])
        assert stale.headers["ETag"] == newer.headers["ETag"]
        assert segment(db, request, 2).final_text == "Texte du responsable."
        merged = client.put(url, headers={**translator, "If-Match": stale.headers["ETag"]},
                            json={"final_text": "Texte du responsable, revu."})
        assert merged.status_code == 200

    def test_a_stale_confirm_is_refused_too(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        url = f"/api/requests/{request.id}/segments/1"
        etag = client.get(url, headers=auth(db, world.translator)).headers["ETag"]
        client.put(url, headers=auth(db, world.manager), json={"final_text": "Acte de naissance (copie)."})
        stale = client.post(f"{url}/confirm", headers={**auth(db, world.translator), "If-Match": etag})
        assert stale.status_code == 409 and segment(db, request, 1).status != "confirmed"

    def test_without_if_match_the_last_save_wins_as_before(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        url = f"/api/requests/{request.id}/segments/1"
        client.put(url, headers=auth(db, world.manager), json={"final_text": "Premier."})
        assert client.put(url, headers=auth(db, world.translator), json={"final_text": "Second."}).status_code == 200
        assert segment(db, request, 1).final_text == "Second."

    def test_a_malformed_if_match_is_a_422(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        response = client.put(f"/api/requests/{request.id}/segments/1",
                              headers={**auth(db, world.translator), "If-Match": "yesterday"}, json={"final_text": "x"})
        assert (response.status_code, response.json()["code"]) == (422, "invalid_input")

    def test_two_saves_racing_from_the_same_version_never_both_win(self, db: Session, world: World) -> None:
        request = make_job(db, world)
        version = segment(db, request, 3).version
        ready = threading.Barrier(2)
        outcomes: list[str] = []

        def save(text: str) -> None:
            session = new_session()
            try:
                job = session.get(TranslationRequest, request.id)
                actor = session.get(User, world.translator.id)
                ready.wait(timeout=30)
                revision_service.save(session, job, position=3, final_text=text, actor=actor,  # type: ignore[arg-type]
                                      expected_version=version)
                session.commit()
                outcomes.append("saved")
            except Exception as exc:  # noqa: BLE001 (the assertion below reports it)
                session.rollback()
                outcomes.append(getattr(exc, "code", type(exc).__name__))
            finally:
                session.close()

        threads = [threading.Thread(target=save, args=(t,)) for t in ("Version A.", "Version B.")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["saved", "segment_changed"]
        assert segment(db, request, 3).final_text in ("Version A.", "Version B.")
