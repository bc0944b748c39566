"""Sign-in and sign-out pages."""

from __future__ import annotations

from service.auth.security import hash_password
from service.deps import SESSION_COOKIE
from service.models.enums import Role
from tests.factories import make_caisse, make_user
from tests.service.web.conftest import csrf_token, sign_in


class TestSignInPage:
    def test_sign_in_page_is_french_with_labelled_fields(self, client):
        page = client.get("/connexion")
        assert page.status_code == 200
        assert '<html lang="fr">' in page.text
        assert '<label for="email">Adresse électronique</label>' in page.text
        assert '<label for="password">Mot de passe</label>' in page.text
        assert 'href="#contenu"' in page.text  # skip link

    def test_a_visitor_is_sent_to_sign_in_and_back_to_the_page_asked(self, client):
        response = client.get("/portail", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/connexion?suite=/portail"

    def test_a_form_sent_after_the_session_expired_leads_to_sign_in_without_a_dead_return_path(self, client):
        token = csrf_token(client, "/connexion")
        client.cookies.set(SESSION_COOKIE, "expired-token")
        response = client.post("/portail/demandes", data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/connexion"

    def test_autosave_after_the_session_expired_answers_401_not_a_page(self, client):
        token = csrf_token(client, "/connexion")
        client.cookies.set(SESSION_COOKIE, "expired-token")
        response = client.post(
            "/atelier/demandes/1/segments/1", headers={"x-requested-with": "fetch", "x-csrf-token": token}
        )
        assert response.status_code == 401

    def test_good_credentials_set_the_session_cookie_and_open_the_caisse_portal(self, client, db):
        caisse = make_caisse(db)
        user = make_user(db, caisse=caisse, email="agent@test.example")
        user.password_hash = hash_password("un-mot-de-passe-long")
        db.commit()
        token = csrf_token(client, "/connexion")
        response = client.post(
            "/connexion",
            data={"email": "agent@test.example", "password": "un-mot-de-passe-long", "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/portail"
        assert SESSION_COOKIE in response.cookies
        assert "HttpOnly" in response.headers["set-cookie"]

    def test_wrong_password_shows_a_french_error_and_keeps_the_email(self, client, db):
        make_user(db, caisse=make_caisse(db), email="agent2@test.example")
        token = csrf_token(client, "/connexion")
        response = client.post(
            "/connexion", data={"email": "agent2@test.example", "password": "faux", "csrf_token": token}
        )
        assert response.status_code == 401
        assert "Adresse électronique ou mot de passe incorrect" in response.text
        assert 'value="agent2@test.example"' in response.text

    def test_next_path_outside_the_site_is_ignored(self, client, db):
        page = client.get("/connexion?suite=//evil.example/x")
        assert "evil.example" not in page.text


class TestCsrf:
    def test_sign_in_without_token_is_refused_in_french(self, client, db):
        client.get("/connexion")
        response = client.post("/connexion", data={"email": "x@test.example", "password": "y"})
        assert response.status_code == 403
        assert "Le formulaire a expiré" in response.text

    def test_token_from_another_browser_is_refused(self, client, db):
        token = csrf_token(client, "/connexion")
        client.cookies.clear()
        client.get("/connexion")  # a fresh cookie that does not match the old token
        response = client.post(
            "/connexion", data={"email": "x@test.example", "password": "y", "csrf_token": token}
        )
        assert response.status_code == 403

    def test_sign_out_without_token_keeps_the_session(self, client, db):
        user = make_user(db, role=Role.MANAGER)
        sign_in(client, db, user)
        response = client.post("/deconnexion", follow_redirects=False)
        assert response.status_code == 403

    def test_sign_out_revokes_the_session(self, client, db):
        user = make_user(db, caisse=make_caisse(db))
        sign_in(client, db, user)
        token = csrf_token(client, "/portail")
        client.post("/deconnexion", data={"csrf_token": token}, follow_redirects=False)
        assert client.get("/portail", follow_redirects=False).status_code == 303


class TestErrorPages:
    def test_an_unknown_page_is_a_french_page_and_the_api_keeps_problem_json(self, client, db):
        sign_in(client, db, make_user(db, caisse=make_caisse(db)))
        page = client.get("/portail/inconnue/x")
        assert page.status_code == 404 and "Page introuvable" in page.text
        api = client.get("/api/inconnue")
        assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"


class TestRoleHomes:
    def test_a_submitter_opening_the_dashboard_is_sent_to_its_portal(self, client, db):
        sign_in(client, db, make_user(db, caisse=make_caisse(db)))
        response = client.get("/pilotage", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/portail"
