"""The dialogue's pages: the thread on the portal and in the editor, consultations, the knowledge base."""

from __future__ import annotations

from sqlalchemy import select

from service.models import Message, TranslationRequest
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user
from tests.service.consultation.helpers import make_expert, make_partner, make_partner_user, scan
from tests.service.web.conftest import csrf_token, sign_in


def _request(db):  # type: ignore[no-untyped-def]
    caisse = make_caisse(db)
    agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
    request = make_request(db, caisse=caisse, submitter=agent, status=RequestStatus.IN_REVISION,
                           assignee_id=translator.id)
    return request, agent, translator


class TestThreadPages:
    def test_translator_asks_and_waits_the_agent_reads_and_answers_with_a_file(self, client, db) -> None:
        request, agent, translator = _request(db)
        sign_in(client, db, translator)
        token = csrf_token(client, f"/atelier/demandes/{request.id}")
        sent = client.post(f"/atelier/demandes/{request.id}/messages", follow_redirects=False, data={
            "csrf_token": token, "body": "Quel est le nom de famille : Müller ou Schmidt ?",
            "awaiting_submitter": "true", "wait_shown": "1"})
        assert sent.status_code == 303 and sent.headers["location"].endswith("#fil")
        sign_in(client, db, agent)
        page = client.get(f"/portail/demandes/{request.id}")
        assert "Müller ou Schmidt" in page.text and "En attente du demandeur" in page.text
        assert "1 non lu" in page.text
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        assert "non lu" not in client.get(f"/portail/demandes/{request.id}").text  # shown, so read
        client.post(f"/portail/demandes/{request.id}/messages", data={"csrf_token": token, "body": "Schmidt."},
                    files={"files": ("etat-civil.png", scan())})
        page = client.get(f"/portail/demandes/{request.id}")
        assert "En attente du demandeur" not in page.text and "etat-civil.png" in page.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).awaiting_submitter_since is None
        sign_in(client, db, translator)
        editor = client.get(f"/atelier/demandes/{request.id}")
        assert "Schmidt." in editor.text and f"Lu par {agent.full_name}" in editor.text
        link = db.scalar(select(Message).where(Message.body == "Schmidt.")).attachments[0]
        piece = client.get(f"/portail/demandes/{request.id}/messages/{link.message_id}/pieces/{link.id}")
        assert piece.status_code == 200 and piece.content == scan()

    def test_an_empty_message_is_refused_in_french_and_nothing_is_kept(self, client, db) -> None:
        request, agent, _ = _request(db)
        sign_in(client, db, agent)
        token = csrf_token(client, f"/portail/demandes/{request.id}")
        back = client.post(f"/portail/demandes/{request.id}/messages", data={"csrf_token": token, "body": " "})
        assert "Écrivez le message ou joignez un fichier." in back.text
        assert db.scalar(select(Message.id)) is None


class TestConsultationPages:
    def test_partner_asks_expert_answers_and_publishes_the_base_finds_it(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db, code="SANDIA"))
        expert = make_expert(db, countries=["MA"])
        sign_in(client, db, agent)
        token = csrf_token(client, "/consultations")
        asked = client.post("/consultations", data={
            "csrf_token": token, "country": "MA", "document_type": "civil_status", "language": "ar",
            "subject": "Extrait d'acte de naissance marocain", "question": "Copie intégrale ou extrait ?"},
            files={"files": ("extrait.png", scan())})
        assert "Question envoyée" in asked.text and expert.full_name in asked.text
        url = str(asked.url).split("?")[0].removeprefix("http://testserver")
        sign_in(client, db, expert)
        token = csrf_token(client, url)
        client.post(f"{url}/reponse", data={"csrf_token": token,
                                            "body": "Un extrait, né le 02/05/1988 : demandez la copie intégrale."})
        page = client.get(url)
        assert "Publier dans la base de savoirs" in page.text and "<mark>02/05/1988</mark>" in page.text
        refused = client.post(f"{url}/publication", data={
            "csrf_token": token, "title": "Extrait d'acte de naissance marocain",
            "answer": "Un extrait, né le 02/05/1988 : demandez la copie intégrale.", "sources": ""})
        assert refused.status_code == 422 and "semblent personnelles" in refused.text
        published = client.post(f"{url}/publication", data={
            "csrf_token": token, "title": "Extrait d'acte de naissance marocain",
            "answer": "Un extrait ne suffit pas : demandez la copie intégrale.", "sources": "Loi 37-99"})
        assert "Fiche publiée" in published.text
        sign_in(client, db, agent)
        found = client.get("/savoirs", params={"q": "acte de naissance Maroc"})
        assert "1 fiche trouvée" in found.text and "demandez la copie intégrale" in found.text
        assert "Répondue" in client.get(url).text

    def test_a_caisse_agent_is_sent_home_and_another_partner_gets_404(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        make_expert(db, countries=["MA"])
        sign_in(client, db, agent)
        token = csrf_token(client, "/consultations")
        asked = client.post("/consultations", data={"csrf_token": token, "country": "MA",
                                                    "document_type": "civil_status", "question": "Copie intégrale ?"})
        url = str(asked.url).split("?")[0].removeprefix("http://testserver")
        sign_in(client, db, make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db)))
        assert client.get(url, follow_redirects=False).headers["location"] == "/portail"
        sign_in(client, db, make_partner_user(db, make_partner(db)))
        assert client.get(url).status_code == 404

    def test_a_refused_question_comes_back_with_what_was_typed_and_nothing_stored(self, client, db) -> None:
        from service.models import Consultation

        agent = make_partner_user(db, make_partner(db, code="SANDIA"))
        make_expert(db, countries=["MA"])
        sign_in(client, db, agent)
        token = csrf_token(client, "/consultations")
        back = client.post("/consultations", data={
            "csrf_token": token, "country": "MA", "document_type": "civil_status", "language": "ar",
            "subject": "Livret de famille marocain", "question": ""})
        assert back.status_code == 422 and "Livret de famille marocain" in back.text
        assert db.scalar(select(Consultation.id)) is None
