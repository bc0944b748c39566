"""Passwords, tokens, sign-in rate limiting and cookies: what stands between a guesser and the data."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
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
from service.errors import ServiceError
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
    """Issue 15: ten failures locked the owner out; thirty accounts from one address went unnoticed; forty
    parallel guesses checked twenty-one passwords."""

    @pytest.fixture
    def clock(self, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
        from service.auth import throttle

        now = [time.time()]
        monkeypatch.setattr(throttle, "clock", lambda: now[0])
        return now

    def test_a_guesser_is_slowed_by_growing_delays_then_the_right_password_works(
        self, client: TestClient, db: Session, clock
    ) -> None:  # type: ignore[no-untyped-def]
        _account(db)
        for _ in range(get_settings().login_max_attempts):
            assert _login(client, "agent@caisse.example", "wrong-guess").status_code == 401
        waits = []
        for _ in range(3):
            blocked = _login(client, "agent@caisse.example", PASSWORD)
            assert blocked.status_code == 429 and blocked.json()["code"] == "too_many_attempts"
            waits.append(int(blocked.headers["Retry-After"]))
            clock[0] += waits[-1]
            assert _login(client, "agent@caisse.example", "wrong-guess").status_code == 401
        assert waits == [1, 2, 4]
        clock[0] += 8
        assert _login(client, "agent@caisse.example", PASSWORD).status_code == 200

    def test_someone_elses_failures_do_not_lock_the_owner_out(self, client: TestClient, db: Session) -> None:
        _account(db)
        for _ in range(3 * get_settings().login_max_attempts):
            with pytest.raises(ServiceError):
                auth_service.authenticate(db, email="agent@caisse.example", password="guess", client="203.0.113.9")
        assert _login(client, "agent@caisse.example", PASSWORD).status_code == 200

    def test_a_guesser_on_many_addresses_delays_newcomers_but_not_the_owners_address(
        self, client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "login_account_max_attempts", 6)
        _account(db)
        assert _login(client, "agent@caisse.example", PASSWORD).status_code == 200  # the owner's address
        for n in range(6):
            with pytest.raises(ServiceError):
                auth_service.authenticate(db, email="agent@caisse.example", password="guess", client=f"198.51.100.{n}")
        with pytest.raises(ServiceError) as newcomer:
            auth_service.authenticate(db, email="agent@caisse.example", password=PASSWORD, client="192.0.2.77")
        assert newcomer.value.code == "too_many_attempts"
        assert _login(client, "agent@caisse.example", PASSWORD).status_code == 200

    def test_forty_parallel_guesses_check_at_most_the_allowed_number(
        self, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from service.auth import security
        from service.db.session import new_session

        _account(db)
        checked: list[int] = []
        lock = threading.Lock()
        real = security.verify_password

        def counted(password_hash: str | None, password: str) -> bool:
            with lock:
                checked.append(1)
            time.sleep(0.02)  # widen the window a racy counter would slip through
            return real(password_hash, password)

        monkeypatch.setattr(security, "verify_password", counted)
        barrier = threading.Barrier(40)

        def attempt() -> str:
            session = new_session()
            try:
                barrier.wait()
                auth_service.authenticate(session, email="agent@caisse.example", password="guess", client="192.0.2.5")
                return "ok"
            except ServiceError as e:
                return e.code
            finally:
                session.close()

        with ThreadPoolExecutor(max_workers=40) as pool:
            outcomes = list(pool.map(lambda _: attempt(), range(40)))
        limit = get_settings().login_max_attempts
        assert len(checked) == limit
        assert sorted(set(outcomes)) == ["invalid_credentials", "too_many_attempts"]
        assert outcomes.count("invalid_credentials") == limit

    def test_thirty_accounts_tried_from_one_address_get_429(self, client: TestClient, db: Session) -> None:
        answers = [_login(client, f"agent{n}@caisse.example", "guess").status_code for n in range(30)]
        limit = get_settings().login_client_max_attempts
        assert answers[:limit] == [401] * limit and set(answers[limit:]) == {429}

    def test_an_office_signing_in_from_one_address_is_never_throttled(self, client: TestClient, db: Session) -> None:
        for n in range(get_settings().login_client_max_attempts + 5):
            _account(db, email=f"agent{n}@caisse.example")
            assert _login(client, f"agent{n}@caisse.example", PASSWORD).status_code == 200

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
        _, cookie = _sign_in_form(client)
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()

    def test_cookies_are_secure_in_production_even_behind_a_plain_http_base_url(
        self, client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _account(db)
        settings = get_settings()
        monkeypatch.setattr(settings, "env", "production")
        monkeypatch.setattr(settings, "base_url", "http://passerelle.internal:8000")
        client.base_url = "https://testserver"  # TLS ends at the proxy; the browser side is https
        csrf_cookie, cookie = _sign_in_form(client)
        assert "; secure" in cookie.lower() and "; secure" in csrf_cookie.lower()


def _sign_in_form(client: TestClient) -> tuple[str, str]:
    """Sign in through the web form; the CSRF cookie the form page set and the session cookie."""
    page = client.get("/connexion")
    csrf_cookie = next(c for c in page.headers.get_list("set-cookie") if c.startswith("passerelle_csrf"))
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/connexion", data={"email": "agent@caisse.example", "password": PASSWORD,
                                               "csrf_token": token}, follow_redirects=False)
    return csrf_cookie, next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
