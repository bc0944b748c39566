"""Putting a request right from the pages: retry or replace the file of a failed request (portal), see the
earlier request a duplicate repeats, correct a wrongly declared source language (workspace)."""

from __future__ import annotations

from sqlalchemy import select

from service.models import Event, TranslationRequest
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user
from tests.service.web.conftest import csrf_token, sign_in

TEXT = "Bescheinigung über den Versicherungszeitraum vom 01.02.2020 bis 31.12.2023.\n".encode()
FORM = {"source_lang": "de", "target_lang": "fr", "document_type": "pension", "channel": "standard",
        "urgency": "normal"}


def _agent(db, client):
    caisse = make_caisse(db)
    sign_in(client, db, make_user(db, caisse=caisse))
    return caisse


def _failed(db, caisse):
    return make_request(db, caisse=caisse, status=RequestStatus.FAILED, failure_code="corrupt_document",
                        failure_detail="The PDF file is damaged.", failed_from=RequestStatus.EXTRACTING)


def _actions(db, request):
    return [e.action for e in db.scalars(select(Event).where(Event.request_id == request.id).order_by(Event.id))]


class TestFailedRequestInThePortal:
    def test_replace_the_file_reads_the_new_document(self, client, db):
        caisse = _agent(db, client)
        request = _failed(db, caisse)
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        answer = client.post(f"/portail/demandes/{request.id}/fichier", data={"csrf_token": token},
                             files={"file": ("attestation.txt", TEXT, "text/plain")}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].endswith("?remplace=1")
        page = client.get(answer.headers["location"]).text
        assert "Fichier remplacé" in page
        db.expire_all()
        row = db.get(TranslationRequest, request.id)
        assert row.status != RequestStatus.FAILED and row.failure_code is None
        assert "original_replaced" in _actions(db, row)
        assert [d.original_name for d in row.documents] == ["attestation.txt"]

    def test_a_bad_replacement_is_refused_in_french_and_nothing_changes(self, client, db):
        caisse = _agent(db, client)
        request = _failed(db, caisse)
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        answer = client.post(f"/portail/demandes/{request.id}/fichier", data={"csrf_token": token},
                             files={"file": ("scan.pdf", b"\x00\x01garbage", "application/pdf")})
        assert "Ce format n&#39;est pas accepté" in answer.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == RequestStatus.FAILED

    def test_retry_runs_the_failed_step_again(self, client, db):
        caisse = _agent(db, client)
        request = _failed(db, caisse)
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        answer = client.post(f"/portail/demandes/{request.id}/relancer", data={"csrf_token": token})
        assert "Traitement relancé" in answer.text
        assert "retried" in _actions(db, request)

    def test_a_request_being_worked_on_keeps_its_file(self, client, db):
        caisse = _agent(db, client)
        request = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION)
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        page = client.get(f"/portail/demandes/{request.id}").text
        assert "Remplacer le fichier" not in page
        answer = client.post(f"/portail/demandes/{request.id}/fichier", data={"csrf_token": token},
                             files={"file": ("attestation.txt", TEXT, "text/plain")})
        assert "plus possible dans l&#39;état actuel" in answer.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == RequestStatus.IN_REVISION


class TestDuplicate:
    def test_a_duplicate_links_to_the_earlier_request(self, client, db):
        _agent(db, client)
        token = csrf_token(client, "/portail")
        ids = []
        for _ in range(2):
            answer = client.post("/portail/demandes", data={"csrf_token": token, **FORM},
                                 files={"file": ("attestation.txt", TEXT, "text/plain")})
            assert answer.status_code == 200
        ids = sorted(db.scalars(select(TranslationRequest.id)))
        first = db.get(TranslationRequest, ids[0])
        page = client.get(f"/portail/demandes/{ids[1]}").text
        assert "Ce fichier a déjà été envoyé par votre caisse" in page
        assert f'<a href="/portail/demandes/{first.id}">{first.reference}</a>' in page
        assert "déjà été envoyé" not in client.get(f"/portail/demandes/{first.id}").text


class TestSourceLanguageCorrection:
    def test_the_translator_corrects_the_language_and_the_request_is_drafted_again(self, client, db):
        caisse = make_caisse(db)
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr", "es>fr"])
        request = make_request(db, caisse=caisse, status=RequestStatus.ASSIGNED, assignee_id=translator.id,
                               source_lang="de", detected_lang="es", handled_by="internal")
        request.warnings = ["The text looks like 'es', not the declared 'de': check the request's source "
                            "language (OCR used the declared language's pack)."]
        db.commit()
        sign_in(client, db, translator)
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert "Le texte semble être en espagnol, et non en allemand comme déclaré" in page
        assert "looks like" not in page
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        answer = client.post(f"/atelier/demandes/{request.id}/langue",
                             data={"csrf_token": token, "source_lang": "es"}, follow_redirects=False)
        assert answer.status_code == 303
        assert "corrigée" in client.get(answer.headers["location"]).text
        db.expire_all()
        row = db.get(TranslationRequest, request.id)
        assert row.source_lang == "es" and row.assignee_id is None
        event = db.scalar(select(Event).where(Event.request_id == row.id,
                                              Event.action == "source_language_corrected"))
        assert event.detail == {"from": "de", "to": "es"} and event.actor_id == translator.id

    def test_once_revision_started_the_language_is_not_changed(self, client, db):
        caisse = make_caisse(db)
        manager = make_user(db, role=Role.MANAGER)
        request = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, source_lang="de")
        sign_in(client, db, manager)
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert "Corriger la langue" not in page
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        answer = client.post(f"/atelier/demandes/{request.id}/langue", data={"csrf_token": token,
                                                                            "source_lang": "es"})
        assert answer.status_code == 409 and "plus possible" in answer.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).source_lang == "de"
