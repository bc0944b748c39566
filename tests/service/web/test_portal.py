"""The caisse portal: submission, the caisse's list, progress, failures, downloads."""

from __future__ import annotations

import re

from sqlalchemy import select

from service.kit.storage import get_store
from service.models import Document, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus
from tests.factories import make_caisse, make_request, make_user
from tests.service.web.conftest import csrf_token, sign_in

TEXT = "Bescheinigung über den Versicherungszeitraum vom 01.02.2020 bis 31.12.2023.\n".encode()


def _deliverable(db, request):
    stored = get_store().put(b"Traduction certifiee")
    db.add(
        Document(
            request_id=request.id,
            role=DocumentRole.DELIVERABLE,
            storage_key=stored.key,
            sha256=stored.sha256,
            size_bytes=stored.size_bytes,
            mime_type="text/plain",
            original_name="traduction.txt",
        )
    )
    db.commit()


def _agent(db, client, code="CPAM75"):
    caisse = make_caisse(db, code=code)
    user = make_user(db, caisse=caisse)
    sign_in(client, db, user)
    return caisse, user


class TestRequestList:
    def test_a_submitter_sees_only_its_caisse_requests(self, client, db):
        caisse, _ = _agent(db, client)
        other = make_caisse(db, code="CAF93")
        mine = make_request(db, caisse=caisse)
        theirs = make_request(db, caisse=other)
        page = client.get("/portail")
        assert page.status_code == 200
        assert mine.reference in page.text
        assert theirs.reference not in page.text
        assert client.get(f"/portail/demandes/{theirs.id}").status_code == 404

    def test_list_shows_french_status_due_date_and_days_elapsed(self, client, db):
        caisse, _ = _agent(db, client)
        from datetime import date, timedelta

        received = date.today() - timedelta(days=5)
        make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, received_on=received)
        page = client.get("/portail").text
        assert "En révision" in page
        due = received + timedelta(days=21)
        assert f"{due.day:02d}/{due.month:02d}/{due.year}" in page
        assert re.search(r'<td class="num">5</td>', page)

    def test_a_request_being_drafted_shows_its_progress_and_is_polled(self, client, db):
        caisse, _ = _agent(db, client)
        request = make_request(
            db,
            caisse=caisse,
            status=RequestStatus.DRAFTING,
            progress_label="Pré-traduction 40/120 segments",
            progress_done=40,
            progress_total=120,
        )
        fragment = client.get(f"/portail/demandes/{request.id}/ligne")
        assert "Pré-traduction 40/120 segments" in fragment.text
        assert f'data-poll="/portail/demandes/{request.id}/ligne"' in fragment.text
        assert 'aria-live="polite"' in fragment.text

    def test_a_delivered_request_is_no_longer_polled_and_offers_the_download(self, client, db):
        caisse, _ = _agent(db, client)
        request = make_request(db, caisse=caisse, status=RequestStatus.DELIVERED)
        _deliverable(db, request)
        fragment = client.get(f"/portail/demandes/{request.id}/ligne").text
        assert "data-poll" not in fragment
        assert f"/portail/demandes/{request.id}/traduction" in fragment

    def test_a_delivered_request_whose_file_was_purged_offers_no_broken_link(self, client, db):
        caisse, _ = _agent(db, client)
        request = make_request(db, caisse=caisse, status=RequestStatus.DELIVERED)
        fragment = client.get(f"/portail/demandes/{request.id}/ligne").text
        assert "/traduction" not in fragment
        assert "Archivée" in fragment


class TestFailedRequest:
    def test_the_caisse_sees_why_it_failed_and_what_to_do(self, client, db):
        caisse, _ = _agent(db, client)
        request = make_request(
            db,
            caisse=caisse,
            status=RequestStatus.FAILED,
            failure_code="encrypted_pdf",
            failure_detail="The PDF is encrypted.",
        )
        page = client.get(f"/portail/demandes/{request.id}").text
        assert "Pourquoi la demande a échoué" in page
        assert "Le PDF est protégé par un mot de passe" in page
        assert "The PDF is encrypted." not in page  # the English detail stays for support and the API
        assert "Enregistrez-le sans protection et renvoyez-le" in page
        assert ">Relancer</button>" in page and ">Remplacer le fichier</button>" in page


class TestSubmission:
    def test_a_valid_document_is_recorded_and_listed(self, client, db):
        _agent(db, client)
        token = csrf_token(client, "/portail")
        response = client.post(
            "/portail/demandes",
            data={
                "csrf_token": token,
                "source_lang": "de",
                "target_lang": "fr",
                "document_type": "pension",
                "channel": "standard",
                "urgency": "normal",
            },
            files={"file": ("attestation.txt", TEXT, "text/plain")},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        reference = response.headers["location"].split("envoyee=")[1]
        page = client.get(response.headers["location"]).text
        assert f"Demande {reference} envoyée" in page
        assert f">{reference}</a>" in page

    def test_an_unknown_format_is_refused_in_french_beside_the_file_and_fields_are_kept(self, client, db):
        _agent(db, client)
        token = csrf_token(client, "/portail")
        response = client.post(
            "/portail/demandes",
            data={
                "csrf_token": token,
                "source_lang": "de",
                "target_lang": "fr",
                "document_type": "pension",
                "channel": "posted_worker_fraud",
                "urgency": "urgent",
                "external_reference": "DOS-42",
            },
            files={"file": ("scan.pdf", b"\x00\x01garbage", "application/pdf")},
        )
        assert response.status_code == 415
        assert 'id="err-file"' in response.text
        assert "Ce format n&#39;est pas accepté" in response.text
        assert 'value="DOS-42"' in response.text
        assert '<option value="pension" selected>' in response.text
        assert 'value="posted_worker_fraud" checked' in response.text

    def test_same_languages_are_refused_beside_the_target_language(self, client, db):
        _agent(db, client)
        token = csrf_token(client, "/portail")
        response = client.post(
            "/portail/demandes",
            data={"csrf_token": token, "source_lang": "fr", "target_lang": "fr", "document_type": "pension"},
            files={"file": ("a.txt", TEXT, "text/plain")},
        )
        assert response.status_code == 422
        assert 'id="err-target_lang"' in response.text

    def test_the_person_concerned_is_taken_and_a_bad_birth_date_explained_in_french(self, client, db):
        _agent(db, client)
        page = client.get("/portail").text
        assert 'name="subject_name"' in page and 'type="date"' in page
        token = csrf_token(client, "/portail")
        form = {"csrf_token": token, "source_lang": "de", "target_lang": "fr", "document_type": "pension",
                "subject_name": "Anna Schmidt", "subject_birth_date": "2999-01-01"}
        refused = client.post("/portail/demandes", data=form, files={"file": ("a.txt", TEXT, "text/plain")})
        assert refused.status_code == 422
        assert 'id="err-subject_birth_date"' in refused.text and "date passée" in refused.text
        assert 'value="Anna Schmidt"' in refused.text
        form["subject_birth_date"] = "1985-03-12"
        accepted = client.post("/portail/demandes", data=form, files={"file": ("a.txt", TEXT, "text/plain")},
                               follow_redirects=False)
        assert accepted.status_code == 303
        row = db.scalars(select(TranslationRequest)).one()
        assert (row.subject_name, row.subject_birth_date.isoformat()) == ("Anna Schmidt", "1985-03-12")

    def test_submission_without_csrf_token_is_refused(self, client, db):
        _agent(db, client)
        client.get("/portail")
        response = client.post(
            "/portail/demandes",
            data={"source_lang": "de", "target_lang": "fr", "document_type": "pension"},
            files={"file": ("a.txt", TEXT, "text/plain")},
        )
        assert response.status_code == 403


class TestDownload:
    def test_the_caisse_downloads_the_delivered_translation(self, client, db):
        caisse, _ = _agent(db, client)
        request = make_request(db, caisse=caisse, status=RequestStatus.DELIVERED)
        _deliverable(db, request)
        response = client.get(f"/portail/demandes/{request.id}/traduction")
        assert response.status_code == 200
        assert response.content == b"Traduction certifiee"

    def test_no_translation_yet_gives_a_french_page(self, client, db):
        caisse, _ = _agent(db, client)
        request = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION)
        response = client.get(f"/portail/demandes/{request.id}/traduction")
        assert response.status_code == 404
        assert "pas encore livrée" in response.text
