"""A request naming its document's country gets the knowledge entries of that country and type in the editor."""

from __future__ import annotations

from service.knowledge import service as knowledge_service
from service.models import KnowledgeEntry, TranslationRequest
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_user
from tests.service.web.conftest import sign_in


def _entry(db) -> KnowledgeEntry:  # type: ignore[no-untyped-def]
    entry = KnowledgeEntry(country="MA", document_type="civil_status", title="Extrait d'acte de naissance marocain",
                           answer="Un extrait ne porte pas la filiation ; demandez la copie intégrale.")
    knowledge_service.index(db, entry)
    db.add(entry)
    db.commit()
    return entry


class TestRequestCountry:
    def test_the_country_is_kept_and_the_editor_suggests_the_entry(self, client, db) -> None:
        _entry(db)
        agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        sent = client.post("/api/requests", data={"source_lang": "ar", "target_lang": "fr",
                                                  "document_type": "civil_status", "country": "ma"},
                           files={"file": ("acte.txt", "عقد ازدياد\n".encode())}, headers=headers_for(db, agent))
        assert sent.status_code == 201, sent.text
        assert sent.json()["country"] == "MA"
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["ar>fr"])
        row = db.get(TranslationRequest, sent.json()["id"])
        row.status, row.assignee_id = RequestStatus.ASSIGNED, translator.id
        db.commit()
        sign_in(client, db, translator)
        editor = client.get(f"/atelier/demandes/{row.id}").text
        panel = editor[editor.index('id="savoirs-suggeres"'):editor.index('id="fil"')]
        assert "Extrait d&#39;acte de naissance marocain" in panel and "(Maroc)" in panel

    def test_an_unknown_country_is_refused_with_the_field_named(self, client, db) -> None:
        agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        refused = client.post("/api/requests", data={"source_lang": "ar", "target_lang": "fr",
                                                     "document_type": "civil_status", "country": "XX"},
                              files={"file": ("acte.txt", b"texte\n")}, headers=headers_for(db, agent))
        assert refused.status_code == 422 and refused.json()["field"] == "country"

    def test_a_converted_consultation_keeps_its_country(self, client, db) -> None:
        from tests.service.consultation.helpers import make_expert, make_partner, make_partner_user, scan

        agent = make_partner_user(db, make_partner(db))
        make_expert(db, countries=["MA"])
        c = client.post("/api/consultations", data={"country": "MA", "document_type": "civil_status",
                                                    "question": "Copie intégrale ou extrait ?"},
                        files={"files": ("extrait.png", scan())}, headers=headers_for(db, agent)).json()
        request = client.post(f"/api/consultations/{c['id']}/convert", json={"source_lang": "ar"},
                              headers=headers_for(db, agent)).json()
        assert request["country"] == "MA"
