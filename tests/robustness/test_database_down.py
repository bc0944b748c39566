"""The API while its database cannot be reached: a 503 that says to retry, never a 500 or a hang."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.config import get_settings
from service.main import create_app

# Nothing listens on port 9 of this machine: every connection is refused at once.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/passerelle?connect_timeout=2"


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PASSERELLE_DATABASE_URL", UNREACHABLE)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


class TestDatabaseDown:
    @pytest.mark.parametrize(("method", "path"), [("GET", "/api/requests"), ("POST", "/api/auth/token")])
    def test_api_calls_answer_503_with_retry_after(self, database_down: None, method: str, path: str) -> None:
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            headers = {"Authorization": "Bearer some-token"}
            data = {"username": "agent@cpam75.demo", "password": "demo-passerelle"} if method == "POST" else None
            response = client.request(method, path, headers=headers, data=data)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "database_unavailable"
        assert response.headers["x-content-type-options"] == "nosniff"  # the usual headers are kept

    def test_a_signed_in_page_answers_a_french_503_page(self, database_down: None) -> None:
        with TestClient(create_app(), raise_server_exceptions=False) as client:
            client.cookies.set("passerelle_session", "some-token")
            response = client.get("/portail", follow_redirects=False)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        assert "momentanément indisponible" in response.text
