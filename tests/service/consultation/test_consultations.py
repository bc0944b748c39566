"""Consultations: a partner asks about a Moroccan birth-certificate extract; the expert answers; it is read,
published and found; other partners and caisse agents see nothing of it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from service.consultation import figures
from service.db.base import utcnow
from service.kit.calendar import add_working_days
from service.models import Consultation, TranslationRequest
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user
from tests.service.consultation.helpers import make_expert, make_partner, make_partner_user, scan

QUESTION = ("Ce document marocain est-il une copie intégrale de l'acte de naissance ou un simple extrait ? "
            "La caisse doit savoir s'il suffit à l'immatriculation.")
ANSWER = ("C'est un extrait d'acte de naissance (نسخة موجزة) délivré par l'officier d'état civil de la commune : "
          "il suffit pour l'immatriculation s'il porte la filiation ; sinon demandez la copie intégrale.")


def _ask(client, db, partner_user, **fields):  # type: ignore[no-untyped-def]
    data = {"country": "MA", "document_type": "civil_status", "language": "ar",
            "subject": "Extrait d'acte de naissance marocain", "question": QUESTION, **fields}
    return client.post("/api/consultations", data=data, files={"files": ("extrait_naissance.png", scan())},
                       headers=headers_for(db, partner_user))


class TestConsultationJourney:
    def test_asked_answered_read_published_and_found(self, client, db) -> None:
        sandia = make_partner(db, code="SANDIA")
        agent = make_partner_user(db, sandia)
        expert = make_expert(db, countries=["MA", "DZ", "TN"], languages=["ar"])
        make_expert(db, countries=[], languages=["ar"], role=Role.TRANSLATOR)  # language only: ranked after
        asked = _ask(client, db, agent)
        assert asked.status_code == 201, asked.text
        c = asked.json()
        assert (c["status"], c["expert"]["id"], c["country_name"]) == ("open", expert.id, "Maroc")
        assert c["due_on"] == add_working_days(date.today(), 5).isoformat() and c["reference"].startswith("CS-")
        url = f"/api/consultations/{c['id']}"
        thread = client.get(f"{url}/messages", headers=headers_for(db, expert)).json()
        question = thread["items"][0]
        assert question["kind"] == "question" and question["attachments"][0]["original_name"] == "extrait_naissance.png"
        assert client.get(question["attachments"][0]["url"], headers=headers_for(db, expert)).content == scan()

        answered = client.post(f"{url}/answer", data={"body": ANSWER}, headers=headers_for(db, expert))
        assert answered.status_code == 201 and answered.json()["kind"] == "answer"
        seen = client.get(url, headers=headers_for(db, agent)).json()
        assert seen["status"] == "answered" and seen["unread"] == 1
        read = client.post(f"{url}/messages/{answered.json()['id']}/read", headers=headers_for(db, agent)).json()
        assert read["read"] is True and read["read_by"][0]["name"] == agent.full_name

        entry = {"consultation_id": c["id"], "title": "Extrait d'acte de naissance marocain : suffit-il ?",
                 "answer": ANSWER + " Exemple : né le 12/03/1990 à Casablanca.", "sources": "Code de la famille"}
        flagged = client.post("/api/knowledge", json=entry, headers=headers_for(db, expert))
        assert flagged.status_code == 422 and flagged.json()["kinds"] == ["date"]
        published = client.post("/api/knowledge", json={**entry, "answer": ANSWER}, headers=headers_for(db, expert))
        assert published.status_code == 201, published.text
        found = client.get("/api/knowledge", params={"q": "acte de naissance Maroc"}, headers=headers_for(db, agent))
        assert [e["id"] for e in found.json()["items"]] == [published.json()["id"]]
        again = client.post("/api/knowledge", json={**entry, "answer": ANSWER}, headers=headers_for(db, expert))
        assert again.status_code == 409 and again.json()["code"] == "already_published"

    def test_another_partner_and_caisse_agents_get_404(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        other = make_partner_user(db, make_partner(db))
        caisse_agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        expert = make_expert(db, countries=["MA"])
        c = _ask(client, db, agent).json()
        url = f"/api/consultations/{c['id']}"
        for intruder in (other, caisse_agent):
            headers = headers_for(db, intruder)
            assert client.get(url, headers=headers).status_code == 404
            assert client.get(f"{url}/messages", headers=headers).status_code == 404
            assert client.post(f"{url}/messages", data={"body": "Moi aussi"}, headers=headers).status_code == 404
            assert client.post(f"{url}/close", headers=headers).status_code == 404
            listed = client.get("/api/consultations", headers=headers).json()
            assert listed["total"] == 0 and c["reference"] not in str(listed)
        assert client.get(url, headers=headers_for(db, expert)).status_code == 200
        assert client.get("/api/knowledge", headers=headers_for(db, caisse_agent)).status_code == 403
        refused = client.post("/api/consultations", data={"country": "MA", "document_type": "civil_status",
                                                          "question": QUESTION}, headers=headers_for(db, caisse_agent))
        assert refused.status_code == 403

    def test_only_staff_answer_and_statuses_move_as_the_lifecycle_says(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        expert = make_expert(db, countries=["MA"])
        c = _ask(client, db, agent).json()
        url = f"/api/consultations/{c['id']}"
        assert client.post(f"{url}/answer", data={"body": "Moi"}, headers=headers_for(db, agent)).status_code == 403
        assert client.post(f"{url}/reopen", headers=headers_for(db, agent)).status_code == 409
        client.post(f"{url}/answer", data={"body": ANSWER}, headers=headers_for(db, expert))
        again = client.post(f"{url}/answer", data={"body": ANSWER}, headers=headers_for(db, expert))
        assert again.status_code == 409 and again.json()["code"] == "illegal_consultation_move"
        assert client.post(f"{url}/close", headers=headers_for(db, agent)).json()["status"] == "closed"
        assert client.post(f"{url}/close", headers=headers_for(db, agent)).status_code == 409
        assert client.post(f"{url}/reopen", headers=headers_for(db, agent)).json()["status"] == "open"
        client.post(f"{url}/answer", data={"body": "Précision : voir aussi le livret."},
                    headers=headers_for(db, expert))
        db.expire_all()
        row = db.get(Consultation, c["id"])
        assert row.status == "answered" and row.first_answered_at < row.answered_at

    def test_bad_fields_are_refused_with_the_field_named(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        for field, value in (("country", "XX"), ("document_type", "passport"), ("language", "zz"),
                             ("question", "?")):
            refused = _ask(client, db, agent, **{field: value})
            assert refused.status_code == 422 and refused.json()["field"] == field, refused.text
        assert db.scalar(select(Consultation.id)) is None


class TestRouting:
    def test_the_country_beats_the_language_and_the_least_loaded_expert_wins(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        by_language = make_expert(db, countries=[], languages=["pt"], role=Role.TRANSLATOR)
        first, second = make_expert(db, countries=["PT"]), make_expert(db, countries=["PT"])
        one = _ask(client, db, agent, country="PT", language="pt").json()
        two = _ask(client, db, agent, country="PT", language="pt").json()
        assert {one["expert"]["id"], two["expert"]["id"]} == {first.id, second.id}
        brazil = _ask(client, db, agent, country="BR", language="pt").json()
        assert brazil["expert"]["id"] == by_language.id

    def test_without_an_expert_it_waits_for_a_manager_who_may_answer(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        manager = make_user(db, role=Role.MANAGER)
        c = _ask(client, db, agent, country="JP", language="").json()
        assert c["expert"] is None
        listed = client.get("/api/consultations", headers=headers_for(db, manager)).json()
        assert [x["id"] for x in listed["items"]] == [c["id"]]
        done = client.post(f"/api/consultations/{c['id']}/answer", data={"body": ANSWER},
                           headers=headers_for(db, manager))
        assert done.status_code == 201
        assert client.get(f"/api/consultations/{c['id']}", headers=headers_for(db, manager)).json()["expert"]["id"] \
            == manager.id


class TestConvert:
    def test_a_consultation_becomes_a_request_of_the_partner_which_follows_it(self, client, db) -> None:
        partner = make_partner(db)
        agent = make_partner_user(db, partner)
        expert = make_expert(db, countries=["MA"])
        c = _ask(client, db, agent).json()
        converted = client.post(f"/api/consultations/{c['id']}/convert", json={"source_lang": "ar"},
                                headers=headers_for(db, expert))
        assert converted.status_code == 201, converted.text
        request = converted.json()
        assert (request["caisse_code"], request["source_lang"], request["external_reference"]) == \
            (partner.code, "ar", c["reference"])
        assert client.get(f"/api/requests/{request['id']}", headers=headers_for(db, agent)).status_code == 200
        other = make_partner_user(db, make_partner(db))
        assert client.get(f"/api/requests/{request['id']}", headers=headers_for(db, other)).status_code == 404
        assert client.get(f"/api/consultations/{c['id']}", headers=headers_for(db, agent)).json()["request_id"] == \
            request["id"]
        again = client.post(f"/api/consultations/{c['id']}/convert", json={"source_lang": "ar"},
                            headers=headers_for(db, agent))
        assert again.status_code == 409 and again.json()["code"] == "already_converted"
        assert db.get(TranslationRequest, request["id"]).submitter_id == agent.id

    def test_without_a_document_there_is_nothing_to_convert(self, client, db) -> None:
        agent = make_partner_user(db, make_partner(db))
        c = client.post("/api/consultations", data={"country": "MA", "document_type": "civil_status",
                                                    "question": QUESTION}, headers=headers_for(db, agent)).json()
        refused = client.post(f"/api/consultations/{c['id']}/convert", json={"source_lang": "ar"},
                              headers=headers_for(db, agent))
        assert refused.status_code == 409 and refused.json()["code"] == "no_document"


class TestFigures:
    def test_median_p90_and_share_on_time_from_the_first_answers(self, client, db) -> None:
        partner = make_partner(db, code="SANDIA")
        agent = make_partner_user(db, partner)
        make_expert(db, countries=["MA", "PT"])
        ids = [_ask(client, db, agent, country=country).json()["id"] for country in ("MA", "MA", "PT", "MA")]
        start = utcnow() - timedelta(days=30)
        for cid, days in zip(ids, (1, 2, 10), strict=False):  # the fourth stays open
            row = db.get(Consultation, cid)
            row.created_at, row.first_answered_at = start, start + timedelta(days=days)
            row.due_on, row.status = add_working_days(start.date(), 5), "answered"
        db.commit()
        got = figures.figures(db, start=date.today() - timedelta(days=60), end=date.today() + timedelta(days=1))
        assert (got.asked, got.answered, got.open) == (4, 3, 1)
        assert got.median_answer_days == 2.0 and got.p90_answer_days == 8.4
        assert got.on_time_share == round(2 / 3, 4)
        assert [(r.key, r.consultations) for r in got.by_country] == [("MA", 3), ("PT", 1)]
        assert [(r.key, r.consultations) for r in got.by_partner] == [("SANDIA", 4)]
