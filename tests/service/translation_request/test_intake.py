"""Submission through the API: what is accepted, what is refused, and that a refusal saves nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from service.config import get_settings
from service.models import CallbackDelivery, Document, Event, TranslationRequest
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user

TEXT = b"Geburtsurkunde. Name: Anna Schmidt, geboren am 12.03.1985 in Berlin.\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def _submit(client, headers, *, data: bytes = TEXT, name: str = "acte.txt", **fields: str):  # type: ignore[no-untyped-def]
    form = {"source_lang": "de", "target_lang": "fr", "document_type": "civil_status", **fields}
    return client.post("/api/requests", headers=headers, files={"file": (name, data, "application/octet-stream")},
                       data=form)


@pytest.fixture
def agent(db):  # type: ignore[no-untyped-def]
    caisse = make_caisse(db, code="CPAM75")
    user = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    return user, headers_for(db, user)


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    files = [p for p in Path(get_settings().storage_dir).rglob("*") if p.is_file()]
    return (db.scalar(select(func.count()).select_from(TranslationRequest)),
            db.scalar(select(func.count()).select_from(Document)), len(files))


class TestSubmission:
    def test_accepted_document_gets_reference_due_date_and_event(self, client, db, agent) -> None:
        _, headers = agent
        response = _submit(client, headers)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["reference"].startswith(f"TR-{date.today().year}-")
        assert body["due_on"] == (date.today() + timedelta(days=21)).isoformat()
        assert body["documents"][0]["mime_type"] == "text/plain"
        events = client.get(f"/api/requests/{body['id']}/events", headers=headers).json()
        assert events[0]["action"] == "submitted" and events[0]["to_status"] == "received"

    def test_urgency_brings_the_due_date_forward(self, client, agent) -> None:
        _, headers = agent
        body = _submit(client, headers, urgency="urgent").json()
        assert body["due_on"] == (date.today() + timedelta(days=10)).isoformat()

    def test_same_file_twice_is_flagged_as_duplicate_of_the_first(self, client, agent) -> None:
        _, headers = agent
        first = _submit(client, headers).json()
        second = _submit(client, headers).json()
        assert first["duplicate_of"] is None
        assert second["duplicate_of"] == f"/api/requests/{first['id']}"

    def test_png_is_recognised_from_its_bytes(self, client, agent) -> None:
        _, headers = agent
        response = _submit(client, headers, data=_png(), name="scan.png")
        assert response.status_code == 201
        assert response.json()["documents"][0]["mime_type"] == "image/png"


class TestSubject:
    def test_the_person_concerned_is_stored_and_shown_but_never_in_callbacks(self, client, db, agent) -> None:
        _, headers = agent
        response = _submit(client, headers, subject_name="  Anna   Schmidt ", subject_birth_date="1985-03-12",
                           callback_url="https://caisse.example/hook")
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["subject_name"], body["subject_birth_date"]) == ("Anna Schmidt", "1985-03-12")
        row = db.get(TranslationRequest, body["id"])
        assert (row.subject_name, row.subject_birth_date) == ("Anna Schmidt", date(1985, 3, 12))
        payloads = [c.payload for c in db.scalars(select(CallbackDelivery))]
        assert payloads and all("Schmidt" not in str(p) and "1985" not in str(p) for p in payloads)

    def test_both_fields_are_optional(self, client, agent) -> None:
        _, headers = agent
        body = _submit(client, headers, subject_name="", subject_birth_date="").json()
        assert (body["subject_name"], body["subject_birth_date"]) == (None, None)

    def test_a_bad_birth_date_names_the_field(self, client, agent) -> None:
        _, headers = agent
        problem = _submit(client, headers, subject_birth_date="12.03.1985").json()
        assert problem["field"] == "subject_birth_date" and "YYYY-MM-DD" in problem["detail"]


class TestRefusals:
    @pytest.mark.parametrize(("kwargs", "status", "code"), [
        ({"data": b""}, 422, "empty_file"),
        ({"data": b"\x00\x01\x02binary garbage\x00" * 10, "name": "x.bin"}, 415, "unsupported_file_type"),
        # Text extraction could not read it (a stray control character): refused now, not failed later.
        ({"data": TEXT * 40 + b"\x07", "name": "acte.txt"}, 415, "unsupported_file_type"),
        ({"name": "scan.pdf"}, 415, "extension_mismatch"),
        ({"source_lang": "xx"}, 422, "unknown_language"),
        ({"target_lang": "klingon"}, 422, "unknown_language"),
        ({"target_lang": "de"}, 422, "invalid_metadata"),
        ({"document_type": "poem"}, 422, "invalid_metadata"),
        ({"channel": "express"}, 422, "invalid_metadata"),
        ({"urgency": "yesterday"}, 422, "invalid_metadata"),
        ({"callback_url": "ftp://caisse.example/hook"}, 422, "invalid_metadata"),
        ({"subject_birth_date": "12/03/1985"}, 422, "invalid_metadata"),
        ({"subject_birth_date": "2999-01-01"}, 422, "invalid_metadata"),
        ({"subject_name": "x" * 201}, 422, "invalid_metadata"),
    ])
    def test_bad_input_is_refused_with_a_clear_problem_and_saves_nothing(
        self, client, db, agent, kwargs, status, code
    ) -> None:
        _, headers = agent
        before = _counts(db)
        response = _submit(client, headers, **kwargs)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == code
        assert response.json()["detail"]
        assert _counts(db) == before

    def test_oversized_file_is_refused_with_the_limit(self, client, db, agent, monkeypatch) -> None:
        _, headers = agent
        monkeypatch.setattr(get_settings(), "max_upload_bytes", 1000)
        response = _submit(client, headers, data=b"a" * 1001)
        assert response.status_code == 413
        assert response.json()["limit_bytes"] == 1000
        assert _counts(db)[0] == 0

    def test_missing_fields_name_the_field(self, client, agent) -> None:
        _, headers = agent
        response = client.post("/api/requests", headers=headers, files={"file": ("a.txt", TEXT)})
        assert response.status_code == 422
        assert "source_lang" in response.json()["detail"]

    def test_database_failure_after_storing_the_file_leaves_no_orphan(self, db, agent, monkeypatch) -> None:
        _, headers = agent
        from fastapi.testclient import TestClient

        from service.main import create_app
        from service.translation_request import service as request_service

        client = TestClient(create_app(), raise_server_exceptions=False)

        def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("database went away")

        monkeypatch.setattr(request_service, "record_event", broken)
        before = _counts(db)
        response = _submit(client, headers)
        assert response.status_code == 500
        assert "database" not in response.text  # no internals leak
        assert _counts(db) == before

    def test_staff_cannot_submit(self, client, db) -> None:
        manager = make_user(db, role=Role.MANAGER)
        response = _submit(client, headers_for(db, manager))
        assert response.status_code == 403
        assert db.scalar(select(func.count()).select_from(Event)) == 0
