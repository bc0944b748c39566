"""Messages on a request: a caisse agent and the translator exchange, read, attach, wait, get notified."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from service.caisse import service as caisse_service
from service.db.base import utcnow
from service.indicator import service as indicator_service
from service.models import CallbackDelivery, Message, TranslationRequest
from service.models.enums import RequestStatus, Role
from service.translation_request import callbacks
from service.translation_request import service as request_service
from tests.factories import headers_for, make_caisse, make_request, make_user


def png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (40, 20), color=200).save(out, format="PNG")
    return out.getvalue()


def _world(db, **fields):  # type: ignore[no-untyped-def]
    caisse, other = make_caisse(db), make_caisse(db)
    # The test receiver listens on 127.0.0.1, refused unless an administrator allow-lists it.
    caisse_service.allow_callback_host(db, caisse=caisse, host="127.0.0.1")
    db.commit()
    agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    stranger = make_user(db, role=Role.SUBMITTER, caisse=other)
    translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
    request = make_request(db, caisse=caisse, submitter=agent, status=RequestStatus.IN_REVISION,
                           assignee_id=translator.id, **fields)
    return request, agent, stranger, translator


class TestRequestThread:
    def test_agent_and_translator_exchange_and_read_each_other(self, client, db) -> None:
        request, agent, _, translator = _world(db)
        url = f"/api/requests/{request.id}/messages"
        asked = client.post(url, data={"body": "Page 2 illisible : pouvez-vous renvoyer un scan ?"},
                            headers=headers_for(db, translator))
        assert asked.status_code == 201, asked.text
        assert asked.json()["author"]["side"] == "staff" and asked.json()["read"] is True
        thread = client.get(url, headers=headers_for(db, agent)).json()
        assert thread["unread"] == 1 and thread["items"][0]["read"] is False
        mid = thread["items"][0]["id"]
        read = client.post(f"{url}/{mid}/read", headers=headers_for(db, agent)).json()
        assert read["read"] is True and read["read_by"][0]["user_id"] == agent.id
        answer = client.post(url, data={"body": "Voici la page 2."}, files={"files": ("page2.png", png())},
                             headers=headers_for(db, agent))
        assert answer.status_code == 201, answer.text
        piece = answer.json()["attachments"][0]
        assert (piece["original_name"], piece["mime_type"]) == ("page2.png", "image/png")
        seen = client.get(url, headers=headers_for(db, translator)).json()
        assert [m["body"] for m in seen["items"]] == ["Page 2 illisible : pouvez-vous renvoyer un scan ?",
                                                      "Voici la page 2."]
        assert seen["unread"] == 1 and seen["items"][0]["read_by"][0]["name"] == agent.full_name
        download = client.get(piece["url"], headers=headers_for(db, translator))
        assert download.status_code == 200 and download.content == png()

    def test_another_caisse_gets_404_on_every_route(self, client, db) -> None:
        request, _, stranger, translator = _world(db)
        url = f"/api/requests/{request.id}/messages"
        posted = client.post(url, data={"body": "Question"}, headers=headers_for(db, translator)).json()
        headers = headers_for(db, stranger)
        assert client.get(url, headers=headers).status_code == 404
        assert client.post(url, data={"body": "Je lis ?"}, headers=headers).status_code == 404
        assert client.post(f"{url}/{posted['id']}/read", headers=headers).status_code == 404
        assert client.get(f"{url}/{posted['id']}/attachments/1", headers=headers).status_code == 404
        assert db.scalar(select(Message.id).where(Message.body == "Je lis ?")) is None

    def test_translator_of_the_pair_who_is_not_assigned_neither_reads_nor_writes(self, client, db) -> None:
        request, _, _, _ = _world(db)
        colleague = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        url = f"/api/requests/{request.id}/messages"
        # Need to know: another translator's request is hidden from them, its thread too.
        assert client.get(url, headers=headers_for(db, colleague)).status_code == 404
        refused = client.post(url, data={"body": "Je m'en occupe"}, headers=headers_for(db, colleague))
        assert refused.status_code == 404

    def test_a_bad_attachment_is_refused_like_at_intake_and_nothing_is_kept(self, client, db) -> None:
        request, agent, _, _ = _world(db)
        url = f"/api/requests/{request.id}/messages"
        refused = client.post(url, data={"body": "Voici le fichier"}, files={"files": ("scan.pdf", png())},
                              headers=headers_for(db, agent))
        assert refused.status_code == 415 and refused.json()["code"] == "extension_mismatch"
        empty = client.post(url, data={"body": "  "}, headers=headers_for(db, agent))
        assert empty.status_code == 422 and empty.json()["code"] == "empty_message"
        assert client.get(url, headers=headers_for(db, agent)).json()["items"] == []

    def test_message_created_reaches_the_caisse_system_signed_like_the_other_callbacks(
            self, client, db, receiver) -> None:
        hook, received = receiver
        request, _, _, translator = _world(db, callback_url=hook, external_reference="DOSSIER-7")
        response = client.post(f"/api/requests/{request.id}/messages", data={"body": "Nom de famille ?"},
                               headers=headers_for(db, translator))
        assert response.status_code == 201
        assert len(received) == 1
        headers, body = received[0]
        secret = db.get(TranslationRequest, request.id).caisse.callback_secret
        assert headers[callbacks.SIGNATURE_HEADER] == callbacks.sign(secret, body)
        payload = json.loads(body)
        assert payload["event"] == payload["action"] == "message.created"
        assert payload["external_reference"] == "DOSSIER-7" and payload["message"]["id"] == response.json()["id"]
        assert payload["message"]["author_side"] == "staff" and payload["messages_url"].endswith(
            f"/api/requests/{request.id}/messages")
        db.expire_all()
        assert db.scalar(select(CallbackDelivery.status)) == "delivered"

    def test_the_other_side_is_told_by_email_when_smtp_is_configured(self, client, db, smtp) -> None:
        request, agent, _, translator = _world(db)
        client.post(f"/api/requests/{request.id}/messages", data={"body": "Quel est le nom de famille ?"},
                    headers=headers_for(db, translator))
        assert [m["To"] for m in smtp] == [agent.email]
        assert request.reference in smtp[0]["Subject"]
        text = smtp[0].get_payload(decode=True).decode()
        assert f"/portail/demandes/{request.id}" in text and "nom de famille" not in text
        client.post(f"/api/requests/{request.id}/messages", data={"body": "Le second."},
                    headers=headers_for(db, agent))
        assert [m["To"] for m in smtp] == [agent.email, translator.email]
        db.expire_all()
        assert all(m.emailed_at is not None for m in db.scalars(select(Message)))


class TestWaitingForTheSubmitter:
    def test_waiting_is_recorded_ended_by_the_answer_and_reported_apart(self, client, db) -> None:
        request, agent, _, translator = _world(db)
        url = f"/api/requests/{request.id}/messages"
        client.post(url, data={"body": "Il manque l'annexe.", "awaiting_submitter": "true"},
                    headers=headers_for(db, translator))
        shown = client.get(f"/api/requests/{request.id}", headers=headers_for(db, agent)).json()
        assert shown["awaiting_submitter"] is True
        # Three days later the agent answers.
        row = db.get(TranslationRequest, request.id)
        row.awaiting_submitter_since = utcnow() - timedelta(days=3)
        db.commit()
        client.post(url, data={"body": "La voici."}, headers=headers_for(db, agent))
        shown = client.get(f"/api/requests/{request.id}", headers=headers_for(db, agent)).json()
        assert shown["awaiting_submitter"] is False and 2.99 < shown["waiting_days"] < 3.01

    def test_submitter_cannot_mark_the_wait(self, client, db) -> None:
        request, agent, _, _ = _world(db)
        refused = client.post(f"/api/requests/{request.id}/messages",
                              data={"body": "x", "awaiting_submitter": "true"}, headers=headers_for(db, agent))
        assert refused.status_code == 403 and refused.json()["code"] == "wait_not_allowed"

    def test_the_delay_indicators_stay_calendar_days_from_receipt_to_delivery(self, db) -> None:
        request, _, _, translator = _world(db, received_on=utcnow().date() - timedelta(days=12))
        before = indicator_service.report(db, year=utcnow().year)
        from service.translation_request import waiting

        waiting.start(db, request, actor=translator)
        request.awaiting_submitter_since = utcnow() - timedelta(days=5)
        request_service.transition(db, request, to=RequestStatus.DELIVERED, actor=translator)
        db.commit()
        after = indicator_service.report(db, year=utcnow().year)
        assert request.awaiting_submitter_since is None and request.waiting_seconds >= 5 * 86400
        assert after.delivered == before.delivered + 1
        # 12 calendar days, the 5 days of waiting included.
        assert after.average_delay_days == 12.0
