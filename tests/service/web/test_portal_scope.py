"""The portal's scope and level fields, the page picker's thumbnails and the answer to an offer."""

from __future__ import annotations

import html

from sqlalchemy import select

from service.models import AvoidedWork, Segment, TranslationRequest
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user
from tests.ocr.factories import digital_pdf
from tests.service.web.conftest import csrf_token, sign_in

FORM = {"source_lang": "de", "target_lang": "fr", "document_type": "civil_status", "channel": "standard",
        "urgency": "normal"}
CIEC = (b"Extrait plurilingue d'acte de naissance\nAuszug aus dem Geburtseintrag\n"
        b"Estratto dell'atto di nascita\nJo Mo An 12 03 1984\n")


def _agent(db, client):  # type: ignore[no-untyped-def]
    user = make_user(db, caisse=make_caisse(db, code="CPAM13"))
    sign_in(client, db, user)
    return user


class TestPortalScope:
    def test_the_form_offers_pages_scope_purpose_and_level_in_french(self, client, db) -> None:  # type: ignore[no-untyped-def]
        _agent(db, client)
        page = html.unescape(client.get("/portail").text)
        assert 'name="pages"' in page and "Pages à traduire" in page
        assert "Traduction par extrait" in page and "Décision sur des droits ou une prestation" in page
        assert "Information : traduction automatique non révisée" in page

    def test_the_page_picker_gets_a_thumbnail_of_each_page(self, client, db) -> None:  # type: ignore[no-untyped-def]
        _agent(db, client)
        token = csrf_token(client, "/portail")
        pdf = digital_pdf(pages=[["Seite eins"], ["Seite zwei"], ["Seite drei"]])
        response = client.post("/portail/apercu", headers={"x-csrf-token": token},
                               files={"file": ("acte.pdf", pdf, "application/pdf")})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["page_count"] == 3 and len(body["thumbnails"]) == 3
        assert all(t.startswith("data:image/png;base64,") for t in body["thumbnails"])

    def test_a_bad_page_selection_is_explained_beside_the_field_and_the_form_kept(
            self, client, db) -> None:  # type: ignore[no-untyped-def]
        _agent(db, client)
        token = csrf_token(client, "/portail")
        response = client.post("/portail/demandes", data={**FORM, "csrf_token": token, "pages": "3-1",
                                                          "purpose": "control"},
                               files={"file": ("acte.pdf", digital_pdf(pages=[["x"]]), "application/pdf")})
        assert response.status_code == 422
        assert 'id="err-pages"' in response.text and "par exemple 1,3-4" in html.unescape(response.text)
        assert '<option value="control" selected' in response.text

    def test_a_recognised_extract_shows_its_french_key_and_accepting_closes_the_request(
            self, client, db) -> None:  # type: ignore[no-untyped-def]
        _agent(db, client)
        token = csrf_token(client, "/portail")
        response = client.post("/portail/demandes", data={**FORM, "csrf_token": token, "purpose": "civil_status"},
                               files={"file": ("extrait.txt", CIEC, "text/plain")}, follow_redirects=False)
        assert response.status_code == 303, response.text
        db.expire_all()
        request = db.scalar(select(TranslationRequest).order_by(TranslationRequest.id.desc()))
        assert request is not None and request.service_level == "certified"
        page = html.unescape(client.get(f"/portail/demandes/{request.id}").text)
        assert "Une traduction n'est peut-être pas nécessaire" in page
        assert "Extrait plurilingue d'acte de naissance" in page and "Date de naissance (Jo Mo An)" in page
        assert "Traduction certifiée (21 jours)" in page
        listing = html.unescape(client.get("/portail").text)
        row = listing[listing.index(f'id="demande-{request.id}"'):].split("</tr>")[0]
        assert "votre réponse est attendue" in row and "data-poll" not in row  # waiting for the agent
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        answered = client.post(f"/portail/demandes/{request.id}/offre",
                               data={"csrf_token": token, "decision": "accepter"}, follow_redirects=False)
        assert answered.status_code == 303
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == "cancelled"  # type: ignore[union-attr]
        assert db.scalar(select(AvoidedWork.kind).where(AvoidedWork.request_id == request.id)) == "standard_form"


class TestEditorExtract:
    def test_the_translator_puts_a_segment_in_the_extract_from_the_editor(self, client, db) -> None:  # type: ignore[no-untyped-def]
        caisse = make_caisse(db, code="CPAM31")
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        request = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, assignee_id=translator.id,
                               scope="extract")
        db.add(Segment(request_id=request.id, position=1, source_text="Das Kind wurde am 12. Mai geboren.",
                       draft_text="L'enfant est né le 12 mai.", draft_origin="mt", status="drafted", glossary=[],
                       protected=[], qa=[]))
        db.commit()
        sign_in(client, db, translator)
        page = html.unescape(client.get(f"/atelier/demandes/{request.id}").text)
        assert "Traduction par extrait : marquez les segments" in page and "Hors extrait" in page
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        marked = client.post(f"/atelier/demandes/{request.id}/segments/1/extrait",
                             data={"csrf_token": token, "in_extract": "1"}, follow_redirects=False)
        assert marked.status_code == 303
        db.expire_all()
        assert db.scalar(select(Segment.in_extract).where(Segment.request_id == request.id)) is True
        assert "Dans l'extrait" in html.unescape(client.get(f"/atelier/demandes/{request.id}").text)
