"""Passwords, tokens, sign-in rate limiting and cookies: what stands between a guesser and the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.auth.security import hash_password
from service.config import get_settings
from service.db.base import utcnow
from service.deps import SESSION_COOKIE
from service.models import AccessToken, User
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user

PASSWORD = "correct-horse-battery-staple"


def _account(db: Session, email: str = "agent@caisse.example") -> User:
    user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db), email=email)
    user.password_hash = hash_password(PASSWORD)
    db.commit()
    return user


def _login(client: TestClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/api/auth/token", data={"username": email, "password": password})


class TestPasswordStorage:
    def test_passwords_are_stored_as_argon2id_hashes_never_in_clear(self, db: Session) -> None:
        user = _account(db)
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash

    def test_tokens_are_stored_only_as_their_digest(self, client: TestClient, db: Session) -> None:
        _account(db)
        token = _login(client, "agent@caisse.example", PASSWORD).json()["access_token"]
        stored = db.scalars(select(AccessToken.token_hash)).all()
        assert stored and token not in stored and all(len(h) == 64 for h in stored)


class TestTokenLifetime:
    def test_an_expired_token_is_refused(self, client: TestClient, db: Session) -> None:
        user = _account(db)
        token, _ = auth_service.issue_token(db, user=user)
        db.commit()
        assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        row = db.scalar(select(AccessToken).where(AccessToken.user_id == user.id))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
        response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_token"

    def test_tokens_expire_after_the_configured_lifetime(self, client: TestClient, db: Session) -> None:
        _account(db)
        body = _login(client, "agent@caisse.example", PASSWORD).json()
        row = db.scalar(select(AccessToken))
        lifetime = row.expires_at.replace(tzinfo=None) - row.created_at.replace(tzinfo=None)
        assert lifetime == timedelta(minutes=get_settings().token_ttl_minutes)
        assert body["expires_at"]

    def test_sign_out_revokes_the_token_but_not_the_other_sessions(
        self, client: TestClient, db: Session
    ) -> None:
        _account(db)
        first = _login(client, "agent@caisse.example", PASSWORD).json()["access_token"]
        second = _login(client, "agent@caisse.example", PASSWORD).json()["access_token"]
        assert (
            client.post("/api/auth/logout", headers={"Authorization": f"Bearer {first}"}).status_code == 204
        )
        assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
        assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200

    def test_a_disabled_account_loses_its_live_tokens(self, client: TestClient, db: Session) -> None:
        user = _account(db)
        token = _login(client, "agent@caisse.example", PASSWORD).json()["access_token"]
        user.is_active = False
        db.commit()
        assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    def test_a_forged_token_is_refused(self, client: TestClient, db: Session) -> None:
        _account(db)
        for forged in ("x" * 43, "psk_deadbeef_" + "a" * 43, "' OR 1=1 --"):
            assert (
                client.get("/api/auth/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
            )


class TestSignInRateLimit:
    def test_guessing_is_stopped_after_the_allowed_failures_even_with_the_right_password(
        self, client: TestClient, db: Session
    ) -> None:
        _account(db)
        limit = get_settings().login_max_attempts
        for _ in range(limit):
            assert _login(client, "agent@caisse.example", "wrong-guess").status_code == 401
        blocked = _login(client, "agent@caisse.example", PASSWORD)
        assert blocked.status_code == 429
        assert blocked.json()["retry_after"] == get_settings().login_window_seconds

    def test_the_limit_is_per_account(self, client: TestClient, db: Session) -> None:
        _account(db)
        _account(db, email="other@caisse.example")
        for _ in range(get_settings().login_max_attempts):
            _login(client, "agent@caisse.example", "wrong-guess")
        assert _login(client, "other@caisse.example", PASSWORD).status_code == 200

    def test_letter_case_and_spaces_do_not_reset_the_count(self, client: TestClient, db: Session) -> None:
        _account(db)
        for i in range(get_settings().login_max_attempts):
            _login(client, " AGENT@caisse.example " if i % 2 else "Agent@Caisse.Example", "wrong-guess")
        assert _login(client, "agent@caisse.example", PASSWORD).status_code == 429

    def test_an_unknown_account_costs_the_same_password_check(
        self, client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from service.auth import security

        checked: list[str] = []
        real = security.verify_password
        monkeypatch.setattr(security, "verify_password", lambda h, p: checked.append(h or "") or real(h, p))
        assert _login(client, "nobody@caisse.example", "wrong-guess").status_code == 401
        assert len(checked) == 1 and checked[0].startswith("$argon2id$")

    def test_unknown_and_known_accounts_answer_alike(self, client: TestClient, db: Session) -> None:
        _account(db)
        unknown = _login(client, "nobody@caisse.example", "wrong-guess")
        known = _login(client, "agent@caisse.example", "wrong-guess")
        assert unknown.status_code == known.status_code == 401
        assert unknown.json()["detail"] == known.json()["detail"]


class TestCookieAuthenticationOnTheApi:
    """The web session cookie is sent by the browser on its own: it must not change data through the API."""

    @pytest.fixture
    def request_and_cookie(self, client: TestClient, db: Session):  # type: ignore[no-untyped-def]
        user = _account(db)
        request = make_request(db, caisse=user.caisse, submitter=user, status=RequestStatus.DRAFTED)
        token, _ = auth_service.issue_token(db, user=user)
        db.commit()
        client.cookies.set(SESSION_COOKIE, token)
        return request

    def test_the_cookie_can_read(self, client: TestClient, request_and_cookie) -> None:  # type: ignore[no-untyped-def]
        assert client.get(f"/api/requests/{request_and_cookie.id}").status_code == 200

    def test_the_cookie_alone_cannot_cancel_a_request(
        self, client: TestClient, db: Session, request_and_cookie
    ) -> None:  # type: ignore[no-untyped-def]
        response = client.post(f"/api/requests/{request_and_cookie.id}/cancel", json={"reason": "forged"})
        assert response.status_code == 401
        db.expire_all()
        assert db.get(type(request_and_cookie), request_and_cookie.id).status == RequestStatus.DRAFTED

    def test_session_cookies_are_http_only_and_same_site(self, client: TestClient, db: Session) -> None:
        _account(db)
        page = client.get("/connexion")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = client.post(
            "/connexion",
            data={"email": "agent@caisse.example", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()

    def test_cookies_are_secure_in_production_even_behind_a_plain_http_base_url(
        self, client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _account(db)
        settings = get_settings()
        monkeypatch.setattr(settings, "env", "production")
        monkeypatch.setattr(settings, "base_url", "http://passerelle.internal:8000")
        client.base_url = "https://testserver"  # TLS ends at the proxy; the browser side is https
        page = client.get("/connexion")
        csrf_cookie = next(c for c in page.headers.get_list("set-cookie") if c.startswith("passerelle_csrf"))
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = client.post(
            "/connexion",
            data={"email": "agent@caisse.example", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
        assert "; secure" in cookie.lower() and "; secure" in csrf_cookie.lower()
