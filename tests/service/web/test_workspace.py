"""The translator workspace: queue, segment editor, autosave, QA with fix or justify, delivery."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from service.kit.storage import get_store
from service.models import Document, Segment, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user
from tests.service.web.conftest import csrf_token, sign_in


def _segments(db, request, rows):
    for position, (source, draft, origin) in enumerate(rows, start=1):
        db.add(
            Segment(
                request_id=request.id,
                position=position,
                page=1,
                paragraph=position,
                source_text=source,
                draft_text=draft,
                draft_origin=origin,
                tm_score=85.0 if origin == "tm_fuzzy" else None,
                status="drafted",
                glossary=[],
                protected=[],
                qa=[],
            )
        )
    db.commit()


def _translator(db, client):
    user = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
    sign_in(client, db, user)
    return user


class TestQueue:
    def test_mine_and_the_pool_of_my_pairs_sorted_by_due_date(self, client, db):
        user = _translator(db, client)
        caisse = make_caisse(db)
        later = make_request(db, caisse=caisse, status=RequestStatus.ASSIGNED, assignee_id=user.id)
        sooner = make_request(
            db,
            caisse=caisse,
            status=RequestStatus.ASSIGNED,
            assignee_id=user.id,
            received_on=date.today() - timedelta(days=10),
        )
        pool = make_request(db, caisse=caisse, status=RequestStatus.DRAFTED)
        other_pair = make_request(db, caisse=caisse, status=RequestStatus.DRAFTED, source_lang="pl")
        page = client.get("/atelier").text
        assert page.index(sooner.reference) < page.index(later.reference)
        assert "À prendre pour mes paires de langues" in page
        assert pool.reference in page
        assert other_pair.reference not in page

    def test_a_request_past_its_deadline_is_highlighted(self, client, db):
        _translator(db, client)
        late = make_request(
            db,
            caisse=make_caisse(db),
            status=RequestStatus.DRAFTED,
            received_on=date.today() - timedelta(days=25),
        )
        fresh = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTED)
        page = client.get("/atelier").text
        row_late = page[page.index(late.reference) - 300 : page.index(late.reference) + 300]
        row_fresh = page[page.index(fresh.reference) : page.index(fresh.reference) + 200]
        assert 'class="at-risk"' in row_late and "Risque de dépasser 21 jours" in row_late
        assert "Risque" not in row_fresh

    def test_taking_a_pool_request_opens_its_revision(self, client, db):
        user = _translator(db, client)
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTED)
        _segments(db, request, [("Rente", "Pension", "mt")])
        token = csrf_token(client, "/atelier")
        response = client.post(
            f"/atelier/demandes/{request.id}/commencer", data={"csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 303
        db.expire_all()
        row = db.get(TranslationRequest, request.id)
        assert row.status == RequestStatus.IN_REVISION and row.assignee_id == user.id


class TestEditor:
    def _open(self, db, client, rows, glossary=None):
        user = _translator(db, client)
        request = make_request(
            db, caisse=make_caisse(db), status=RequestStatus.IN_REVISION, assignee_id=user.id
        )
        _segments(db, request, rows)
        if glossary:
            seg = db.scalar(select(Segment).where(Segment.request_id == request.id, Segment.position == 1))
            seg.glossary = glossary
            db.commit()
        return request

    def test_source_draft_origin_and_glossary_terms_side_by_side(self, client, db):
        request = self._open(
            db,
            client,
            [("Die Krankenkasse zahlt 120 EUR.", "La caisse paie 120 EUR.", "tm_fuzzy")],
            glossary=[{"source": "Krankenkasse", "targets": ["caisse d'assurance maladie"]}],
        )
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert "Mémoire (approchante) 85 %" in page
        assert (
            '<mark class="term" title="Traduction imposée : caisse d&#39;assurance maladie">'
            "Krankenkasse</mark>" in page
        )
        assert "<kbd>Ctrl</kbd>+<kbd>Entrée</kbd> valider et passer au segment suivant" in page
        assert '<label class="col-title" for="final-1">' in page

    def test_a_segment_ocr_likely_misread_is_flagged_and_a_well_read_one_is_not(self, client, db):
        request = self._open(db, client, [("Versicherungsnumrner 65 l70839", "", "none"),
                                          ("Die Rente wird gezahlt.", "", "none")])
        first, second = db.scalars(select(Segment).where(Segment.request_id == request.id)
                                   .order_by(Segment.position)).all()
        first.ocr_confidence, second.ocr_confidence = 61.4, 93.0
        db.commit()
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert 'id="ocr-doubt-1">Lecture OCR incertaine (61/100)' in page
        assert 'aria-describedby="ocr-doubt-1"' in page
        assert 'id="ocr-doubt-2"' not in page

    def test_an_unreliable_draft_is_greyed_and_not_put_in_the_final_box(self, client, db):
        request = self._open(db, client, [("Rentenbescheid", "Nous avons besoin de l'air.", "mt"),
                                          ("Die Rente wird gezahlt.", "La pension est versée.", "mt")])
        first, second = db.scalars(select(Segment).where(Segment.request_id == request.id)
                                   .order_by(Segment.position)).all()
        first.draft_confidence, first.draft_shown = 0.08, False
        second.draft_confidence = 0.74
        db.commit()
        page = client.get(f"/atelier/demandes/{request.id}").text
        box = page[page.index('id="segment-1"'):page.index('id="segment-2"')]
        assert "Suggestion peu fiable" in box and 'class="draft unreliable"' in box
        assert "Nous avons besoin de l&#39;air." in box  # still there to copy (Ctrl+Maj+D)
        assert 'data-position="1"\n        aria-describedby="state-1 qa-1"></textarea>' in box
        assert "confiance 8 %" in box
        rest = page[page.index('id="segment-2"'):]
        assert "Suggestion peu fiable" not in rest and ">La pension est versée.</textarea>" in rest

    def test_a_memory_draft_shows_the_memory_sentence_with_what_differs(self, client, db):
        request = self._open(db, client, [("Die Rente beträgt 987,00 € ab Juli.", "La pension est de 987,00 €.",
                                           "tm_fuzzy")])
        seg = db.scalar(select(Segment).where(Segment.request_id == request.id))
        seg.tm_source = "Die Rente beträgt ⟦AMOUNT_1⟧ ab sofort."
        seg.draft_notes = [{"code": "exonym", "source": "Köln", "target": "Cologne"}]
        db.commit()
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert "Phrase de la mémoire" in page
        assert '<span class="ph" title="valeur propre à chaque document">montant</span>' in page
        assert '<mark class="diff">sofort</mark>' in page and '<mark class="diff">Juli</mark>' not in page
        assert "« Köln » est rendu par son nom français « Cologne »." in page

    def test_the_reviser_opens_the_original_scan_from_the_editor(self, client, db):
        request = self._open(db, client, [("Rente", "Pension", "mt")])
        stored = get_store().put(b"%PDF-1.4 scan")
        db.add(
            Document(
                request_id=request.id,
                role=DocumentRole.ORIGINAL,
                storage_key=stored.key,
                sha256=stored.sha256,
                size_bytes=stored.size_bytes,
                mime_type="application/pdf",
                original_name="scan.pdf",
            )
        )
        db.commit()
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert f'href="/portail/demandes/{request.id}/original"' in page
        assert client.get(f"/portail/demandes/{request.id}/original").content == b"%PDF-1.4 scan"

    def test_request_warnings_are_shown_above_the_segments(self, client, db):
        request = self._open(db, client, [("Rente", None, "none")])
        row = db.get(TranslationRequest, request.id)
        row.warnings = ["Aucun modèle de traduction automatique pour de>fr."]
        db.commit()
        page = client.get(f"/atelier/demandes/{request.id}").text
        assert "Aucun modèle de traduction automatique pour de&gt;fr." in page
        assert "Aucune pré-traduction" in page

    def test_the_editor_s_measured_time_is_added_to_the_segment(self, client, db):
        request = self._open(db, client, [("Rente ab 2020", "Pension à partir de 2020", "mt")])
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        headers = {"x-csrf-token": token, "x-requested-with": "fetch"}
        url = f"/atelier/demandes/{request.id}/segments/1"
        client.post(url, data={"final_text": "Rente depuis 2020", "editing_seconds": "14.2"}, headers=headers)
        # Focus left without a change: the same text again, only the time.
        client.post(url, data={"final_text": "Rente depuis 2020", "editing_seconds": "3.0"}, headers=headers)
        db.expire_all()
        assert db.scalar(select(Segment.editing_seconds).where(Segment.request_id == request.id)) == 17.2

    def test_autosave_and_confirm_through_fetch(self, client, db):
        pytest.importorskip("service.memory", reason="confirmation feeds the translation memory")
        request = self._open(db, client, [("Rente ab 2020", "Pension à partir de 2020", "mt")])
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        headers = {"x-csrf-token": token, "x-requested-with": "fetch"}
        saved = client.post(
            f"/atelier/demandes/{request.id}/segments/1",
            data={"final_text": "Rente depuis 2020"},
            headers=headers,
        )
        assert saved.status_code == 200 and saved.json()["final_text"] == "Rente depuis 2020"
        confirmed = client.post(
            f"/atelier/demandes/{request.id}/segments/1/valider",
            data={"final_text": "Pension depuis 2020"},
            headers=headers,
        )
        assert confirmed.json()["status"] == "confirmed"
        db.expire_all()
        assert (
            db.scalar(select(Segment.final_text).where(Segment.request_id == request.id))
            == "Pension depuis 2020"
        )

    def test_a_stale_autosave_is_refused_and_the_editor_gets_the_current_text_in_french(self, client, db):
        request = self._open(db, client, [("Rente ab 2020", "Pension à partir de 2020", "mt")])
        page = client.get(f"/atelier/demandes/{request.id}")
        version = int(page.text.split('name="version" value="', 1)[1].split('"', 1)[0])
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        headers = {"x-csrf-token": token, "x-requested-with": "fetch", "If-Match": f'"{version}"'}
        url = f"/atelier/demandes/{request.id}/segments/1"
        first = client.post(url, data={"final_text": "Rente depuis 2020 (autre onglet)"}, headers=headers)
        assert first.status_code == 200 and first.json()["version"] == version + 1
        stale = client.post(url, data={"final_text": "Pension depuis 2020"}, headers=headers)
        assert stale.status_code == 409
        body = stale.json()
        assert body["code"] == "segment_changed" and "modifié entre-temps" in body["message"]
        assert (body["current_text"], body["current_version"]) == ("Rente depuis 2020 (autre onglet)", version + 1)
        db.expire_all()
        assert db.scalar(select(Segment.final_text).where(Segment.request_id == request.id)) == \
            "Rente depuis 2020 (autre onglet)"

    def test_a_stale_confirm_from_the_plain_form_gets_a_french_page(self, client, db):
        request = self._open(db, client, [("Rente ab 2020", "Pension à partir de 2020", "mt")])
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        client.post(f"/atelier/demandes/{request.id}/segments/1", data={"final_text": "Autre texte"},
                    headers={"x-csrf-token": token, "x-requested-with": "fetch"})
        response = client.post(f"/atelier/demandes/{request.id}/segments/1/valider",
                               data={"final_text": "Mon texte", "version": "1", "csrf_token": token},
                               follow_redirects=False)
        assert response.status_code == 409 and "modifié entre-temps" in response.text

    def test_autosave_without_csrf_header_is_refused(self, client, db):
        request = self._open(db, client, [("Rente", "Pension", "mt")])
        response = client.post(
            f"/atelier/demandes/{request.id}/segments/1",
            data={"final_text": "x"},
            headers={"x-requested-with": "fetch"},
        )
        assert response.status_code == 403


class TestQaAndDelivery:
    def _confirmed(self, db, client, final):
        user = _translator(db, client)
        request = make_request(
            db, caisse=make_caisse(db), status=RequestStatus.IN_REVISION, assignee_id=user.id
        )
        _segments(db, request, [("Zahlung von 1.250,00 EUR am 03.02.2024", final, "mt")])
        seg = db.scalar(select(Segment).where(Segment.request_id == request.id))
        seg.final_text, seg.status = final, "confirmed"
        db.commit()
        return request

    def test_a_number_mismatch_blocks_delivery_with_a_french_message(self, client, db):
        request = self._confirmed(db, client, "Paiement de 1 350,00 EUR le 03/02/2024")
        page = client.get(f"/atelier/demandes/{request.id}/controle")
        assert "anomalie(s) bloquante(s)" in page.text
        token = csrf_token(client, f"/atelier/demandes/{request.id}/controle")
        response = client.post(
            f"/atelier/demandes/{request.id}/livrer", data={"csrf_token": token, "format": "txt"}
        )
        assert response.status_code == 409
        assert "Des anomalies bloquantes restent ouvertes" in response.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == RequestStatus.IN_REVISION

    def test_justify_then_deliver_a_certified_text(self, client, db):
        request = self._confirmed(db, client, "Paiement de 1 350,00 EUR le 03/02/2024")
        issues = client.get(f"/api/requests/{request.id}/qa", cookies=None).json()["issues"]
        code = next(i["code"] for i in issues if i["blocking"])
        token = csrf_token(client, f"/atelier/demandes/{request.id}/controle")
        justified = client.post(
            f"/atelier/demandes/{request.id}/justifier",
            data={
                "csrf_token": token,
                "position": "1",
                "code": code,
                "reason": "Montant corrigé par la caisse",
            },
        )
        assert "Justifié : Montant corrigé par la caisse" in justified.text
        delivered = client.post(
            f"/atelier/demandes/{request.id}/livrer",
            data={"csrf_token": token, "format": "txt", "certified": "true"},
            follow_redirects=False,
        )
        assert delivered.status_code == 303
        db.expire_all()
        row = db.get(TranslationRequest, request.id)
        assert row.status == RequestStatus.DELIVERED
        assert any(d.role == DocumentRole.DELIVERABLE for d in row.documents)
