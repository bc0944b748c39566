"""Credentials over their life: a password change, a deactivation or a key revocation ends what it must.

Issue 15, finding 8: `POST /api/auth/logout` with an API key answered 204 and the key still worked; nothing
set `revoked_at`; there was no way to change a password or deactivate an account.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.auth import service as auth_service
from service.auth.security import hash_password
from service.cli import app
from service.models import User
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user

PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "another-long-passphrase"


def _account(db: Session) -> User:
    user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db), email="agent@caisse.example")
    user.password_hash = hash_password(PASSWORD)
    db.commit()
    return user


def _bearer(client: TestClient, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": "agent@caisse.example", "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _me(client: TestClient, headers: dict[str, str]) -> int:
    return client.get("/api/auth/me", headers=headers).status_code


def _key(db: Session, user: User) -> dict[str, str]:
    key = auth_service.create_api_key(db, user=user, name="système de la caisse")
    db.commit()
    return {"X-API-Key": key}


class TestApiKeys:
    def test_logout_with_an_api_key_says_it_revokes_nothing_and_the_key_keeps_working(
        self, client: TestClient, db: Session
    ) -> None:
        headers = _key(db, _account(db))
        response = client.post("/api/auth/logout", headers=headers)
        assert response.status_code == 400
        assert response.json()["code"] == "api_key_not_a_session" and "nothing was revoked" in response.json()["detail"]
        assert _me(client, headers) == 200

    def test_an_admin_revokes_a_key_through_the_api(self, client: TestClient, db: Session) -> None:
        user = _account(db)
        headers = _key(db, user)
        admin = headers_for(db, make_user(db, role=Role.ADMIN))
        [listed] = client.get(f"/api/users/{user.id}/api-keys", headers=admin).json()
        assert listed["revoked_at"] is None and "key" not in listed
        assert client.delete(f"/api/users/{user.id}/api-keys/{listed['id']}", headers=admin).status_code == 204
        assert _me(client, headers) == 401
        [listed] = client.get(f"/api/users/{user.id}/api-keys", headers=admin).json()
        assert listed["revoked_at"] is not None

    def test_an_admin_creates_a_key_shown_once(self, client: TestClient, db: Session) -> None:
        user = _account(db)
        admin = headers_for(db, make_user(db, role=Role.ADMIN))
        created = client.post(f"/api/users/{user.id}/api-keys", headers=admin, json={"name": "GED CPAM"})
        assert created.status_code == 201
        assert _me(client, {"X-API-Key": created.json()["key"]}) == 200
        assert "key" not in client.get(f"/api/users/{user.id}/api-keys", headers=admin).json()[0]

    def test_the_command_line_lists_and_revokes_a_key(self, client: TestClient, db: Session) -> None:
        user = _account(db)
        headers = _key(db, user)
        runner = CliRunner()
        listing = runner.invoke(app, ["users", "keys", "agent@caisse.example"])
        assert listing.exit_code == 0 and "active" in listing.output
        prefix = listing.output.split("\t", 1)[0]
        revoked = runner.invoke(app, ["users", "revoke-key", prefix])
        assert revoked.exit_code == 0, revoked.output
        assert _me(client, headers) == 401
        assert runner.invoke(app, ["users", "revoke-key", "nosuchkey"]).exit_code == 2


class TestPasswordChange:
    def test_changing_ones_password_ends_every_session_and_the_new_one_works(
        self, client: TestClient, db: Session
    ) -> None:
        _account(db)
        first, second = _bearer(client), _bearer(client)
        response = client.post("/api/auth/password", headers=first,
                               json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
        assert response.status_code == 204
        assert (_me(client, first), _me(client, second)) == (401, 401)
        assert client.post("/api/auth/token", data={"username": "agent@caisse.example",
                                                    "password": PASSWORD}).status_code == 401
        assert _me(client, _bearer(client, NEW_PASSWORD)) == 200

    def test_a_wrong_current_password_or_a_short_new_one_changes_nothing(
        self, client: TestClient, db: Session
    ) -> None:
        _account(db)
        headers = _bearer(client)
        wrong = client.post("/api/auth/password", headers=headers,
                            json={"current_password": "not-it-at-all", "new_password": NEW_PASSWORD})
        short = client.post("/api/auth/password", headers=headers,
                            json={"current_password": PASSWORD, "new_password": "short"})
        assert (wrong.status_code, wrong.json()["code"]) == (422, "wrong_password")
        assert (short.status_code, short.json()["code"]) == (422, "weak_password")
        assert _me(client, headers) == 200

    def test_an_admin_sets_a_password_through_the_api_and_the_command_line(
        self, client: TestClient, db: Session
    ) -> None:
        user = _account(db)
        headers = _bearer(client)
        admin = headers_for(db, make_user(db, role=Role.ADMIN))
        response = client.post(f"/api/users/{user.id}/password", headers=admin, json={"new_password": NEW_PASSWORD})
        assert (response.status_code, response.json()["revoked"]) == (200, 1)
        assert _me(client, headers) == 401
        again = _bearer(client, NEW_PASSWORD)
        result = CliRunner().invoke(app, ["users", "set-password", "agent@caisse.example"],
                                    input=f"{PASSWORD}\n{PASSWORD}\n")
        assert result.exit_code == 0, result.output
        assert _me(client, again) == 401 and _me(client, _bearer(client)) == 200


class TestDeactivation:
    def test_deactivation_revokes_tokens_and_keys_and_reactivation_gives_none_back(
        self, client: TestClient, db: Session
    ) -> None:
        user = _account(db)
        token, key = _bearer(client), _key(db, user)
        admin = headers_for(db, make_user(db, role=Role.ADMIN))
        response = client.post(f"/api/users/{user.id}/deactivate", headers=admin)
        assert (response.status_code, response.json()["revoked"]) == (200, 2)
        assert (_me(client, token), _me(client, key)) == (401, 401)
        assert client.post("/api/auth/token", data={"username": "agent@caisse.example",
                                                    "password": PASSWORD}).status_code == 401
        assert client.post(f"/api/users/{user.id}/activate", headers=admin).json()["is_active"] is True
        assert (_me(client, token), _me(client, key)) == (401, 401)
        assert _me(client, _bearer(client)) == 200

    def test_the_command_line_deactivates_an_account(self, client: TestClient, db: Session) -> None:
        _account(db)
        token = _bearer(client)
        result = CliRunner().invoke(app, ["users", "deactivate", "agent@caisse.example"])
        assert result.exit_code == 0, result.output
        assert _me(client, token) == 401
        assert CliRunner().invoke(app, ["users", "deactivate", "nobody@caisse.example"]).exit_code == 2

    def test_an_admin_cannot_deactivate_their_own_account(self, client: TestClient, db: Session) -> None:
        admin = make_user(db, role=Role.ADMIN)
        response = client.post(f"/api/users/{admin.id}/deactivate", headers=headers_for(db, admin))
        assert response.status_code == 409
