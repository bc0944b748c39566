"""Secure headers on every kind of answer, and logs that never hold a secret or a document's text."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.auth.security import hash_password
from service.models.enums import Role
from tests.factories import make_caisse, make_user
from tests.security.world import build_world

REQUIRED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def _check(response) -> list[str]:  # type: ignore[no-untyped-def]
    problems = [
        f"{name}: {response.headers.get(name)!r}"
        for name, value in REQUIRED.items()
        if response.headers.get(name) != value
    ]
    csp = response.headers.get("content-security-policy", "")
    if "frame-ancestors 'none'" not in csp or "default-src 'self'" not in csp:
        problems.append(f"content-security-policy: {csp!r}")
    return problems


class TestSecurityHeaders:
    @pytest.mark.parametrize(
        "path,auth",
        [
            ("/healthz", False),
            ("/api/auth/me", False),
            ("/api/auth/me", True),
            ("/api/requests", True),
            ("/api/requests/999999", True),
            ("/api/requests?page_size=abc", True),
            ("/connexion", False),
            ("/portail", False),
            ("/static/app.css", False),
            ("/no/such/page", False),
        ],
    )
    def test_every_kind_of_answer_carries_the_headers(
        self, client: TestClient, db: Session, path: str, auth: bool
    ) -> None:
        world = build_world(db)
        response = client.get(path, headers=world.headers("owner") if auth else {}, follow_redirects=False)
        assert _check(response) == []

    def test_api_answers_with_personal_data_are_never_cached(self, client: TestClient, db: Session) -> None:
        world = build_world(db)
        for path in (f"/api/requests/{world.request.id}", f"/api/requests/{world.request.id}/original"):
            response = client.get(path, headers=world.headers("owner"))
            assert response.status_code == 200
            assert response.headers["cache-control"] == "no-store"

    def test_an_internal_error_carries_the_headers_and_no_internals(self, db: Session) -> None:
        from service.main import create_app

        world = build_world(db)
        world.request.documents[0].storage_key = "../../etc/passwd"
        db.commit()
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            response = client.get(
                f"/api/requests/{world.request.id}/original", headers=world.headers("owner")
            )
        assert response.status_code == 500
        assert "Traceback" not in response.text and "passwd" not in response.text
        assert _check(response) == []


class TestNothingSecretInLogs:
    def test_submission_extraction_and_download_log_no_text_and_no_token(
        self, client: TestClient, db: Session, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db), email="agent@caisse.example")
        user.password_hash = hash_password("mot-de-passe-secret-123")
        db.commit()
        secret_text = "Frau Erika Musterfrau wohnt in der Heidestrasse 17 und bezieht Rente 1234,56 EUR."
        client.post(
            "/api/auth/token", data={"username": "agent@caisse.example", "password": "wrong-password-xyz"}
        )
        token = client.post(
            "/api/auth/token",
            data={"username": "agent@caisse.example", "password": "mot-de-passe-secret-123"},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        created = client.post(
            "/api/requests",
            headers=headers,
            data={"source_lang": "de", "target_lang": "fr", "document_type": "other"},
            files={"file": ("brief.txt", secret_text.encode(), "text/plain")},
        )
        assert created.status_code == 201, created.text
        request_id = created.json()["id"]
        _run_extraction(request_id)
        client.get(f"/api/requests/{request_id}/original", headers=headers)
        client.get("/api/auth/me", headers={"Authorization": "Bearer not-a-real-token-but-secret"})
        logged = caplog.text
        assert caplog.records, "nothing was logged at all: the capture is not working"
        for secret in (
            secret_text,
            "Musterfrau",
            "Heidestrasse",
            token,
            "mot-de-passe-secret-123",
            "wrong-password-xyz",
            "not-a-real-token-but-secret",
        ):
            assert secret not in logged, f"{secret!r} appears in the logs"


def _run_extraction(request_id: int) -> None:
    """Run text extraction on the request in this process (as the worker would), when it exists."""
    from service.worker.app import celery_app

    logging.getLogger("tests.security").info("extraction of request %s", request_id)
    task = celery_app.tasks.get("document.extract_text")
    if task is not None:
        task.apply(args=(request_id,))
