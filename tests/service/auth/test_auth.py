"""Sign-in, tokens, API keys and the demo password outside demo mode."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.auth.security import DEMO_PASSWORD
from service.config import get_settings
from service.models import User
from service.models.enums import Role
from tests.factories import make_caisse


def _user(db: Session, password: str = "correct horse battery") -> User:
    caisse = make_caisse(db)
    user = auth_service.create_user(db, email="agent@caisse.test", full_name="Agent", role=Role.SUBMITTER,
                                    caisse=caisse, password=password)
    db.commit()
    return user


class TestSignIn:
    def test_password_gives_a_token_that_opens_the_api(self, client, db) -> None:
        user = _user(db)
        assert user.password_hash.startswith("$argon2id$")
        token = client.post("/api/auth/token", data={"username": "Agent@Caisse.test",
                                                      "password": "correct horse battery"}).json()
        me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token['access_token']}"})
        assert me.status_code == 200 and me.json()["email"] == "agent@caisse.test"

    def test_wrong_password_is_401_problem(self, client, db) -> None:
        _user(db)
        response = client.post("/api/auth/token", data={"username": "agent@caisse.test", "password": "nope"})
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"

    def test_revoked_token_no_longer_works(self, client, db) -> None:
        user = _user(db)
        token, _ = auth_service.issue_token(db, user=user)
        db.commit()
        headers = {"Authorization": f"Bearer {token}"}
        assert client.post("/api/auth/logout", headers=headers).status_code == 204
        assert client.get("/api/auth/me", headers=headers).status_code == 401

    def test_demo_password_refused_in_production(self, client, db, monkeypatch) -> None:
        _user(db, password=DEMO_PASSWORD)
        monkeypatch.setattr(get_settings(), "env", "production")
        response = client.post("/api/auth/token", data={"username": "agent@caisse.test", "password": DEMO_PASSWORD})
        assert response.status_code == 401


class TestApiKeys:
    def test_api_key_acts_as_its_account_and_can_be_revoked(self, client, db) -> None:
        user = _user(db)
        key = auth_service.create_api_key(db, user=user, name="SI caisse")
        db.commit()
        assert client.get("/api/requests", headers={"X-API-Key": key}).status_code == 200
        assert client.get("/api/requests", headers={"X-API-Key": key + "x"}).status_code == 401


class TestSettings:
    def test_default_secret_is_refused_in_production(self, monkeypatch) -> None:
        import pytest

        from service.config import Settings

        monkeypatch.setenv("PASSERELLE_ENV", "production")
        monkeypatch.delenv("PASSERELLE_SECRET_KEY", raising=False)
        with pytest.raises(ValueError, match="PASSERELLE_SECRET_KEY"):
            Settings()


class TestCreateUser:
    def test_one_service_makes_accounts_and_refuses_what_is_wrong(self, db) -> None:
        import pytest

        from service.auth.errors import AccountExists, InvalidAccount

        caisse = make_caisse(db)
        user = auth_service.create_user(db, email="Agent@Caisse.test", full_name="Agent", role=Role.SUBMITTER,
                                        caisse=caisse, password="long enough password")
        db.commit()  # sign-in counters commit on their own connection: nothing may hold SQLite's write lock
        assert user.email == "agent@caisse.test" and auth_service.authenticate(
            db, email="agent@caisse.test", password="long enough password").id == user.id
        with pytest.raises(AccountExists):
            auth_service.create_user(db, email="agent@caisse.test", full_name="Twin", role=Role.MANAGER)
        with pytest.raises(InvalidAccount, match="caisse"):
            auth_service.create_user(db, email="lost@caisse.test", full_name="Lost", role=Role.SUBMITTER)
        with pytest.raises(InvalidAccount, match="12 characters"):
            auth_service.create_user(db, email="short@caisse.test", full_name="S", role=Role.MANAGER, password="x")
        trainee = auth_service.create_user(db, email="t@p.test", full_name="T", role=Role.TRANSLATOR, trainee=True,
                                           pairs=[" de>fr ", ""], capacity_pages_per_day=4)
        assert (trainee.translator_status, trainee.language_pairs) == ("trainee", ["de>fr"])

    def test_the_cli_says_what_is_wrong(self, db) -> None:
        from typer.testing import CliRunner

        from service.cli import app

        result = CliRunner().invoke(app, ["users", "create", "x@p.test", "--role", "manager", "--password", "short"])
        assert result.exit_code == 2 and "at least 12 characters" in result.output
        ok = CliRunner().invoke(app, ["users", "create", "m@p.test", "--role", "manager",
                                      "--password", "a long password here"])
        assert ok.exit_code == 0, ok.output
        assert db.scalar(select(User.role).where(User.email == "m@p.test")) == "manager"
