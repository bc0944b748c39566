"""Administration pages: accounts and caisses, through the auth and caisse services."""

from __future__ import annotations

import re

from sqlalchemy import select

from service.auth import accounts
from service.auth import service as auth_service
from service.auth.security import verify_password
from service.models import ApiKey, Caisse, User
from service.models.enums import Role
from tests.factories import make_caisse, make_user
from tests.service.web.conftest import csrf_token, sign_in

SECRET_RE = re.compile(r'<code id="secret-value">([^<]+)</code>')


def _admin(db, client):
    user = make_user(db, role=Role.ADMIN)
    sign_in(client, db, user)
    return user


class TestAccess:
    def test_a_manager_is_sent_back_to_the_dashboard(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        page = client.get("/admin/comptes", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/pilotage"

    def test_the_admin_sees_the_administration_link(self, client, db):
        _admin(db, client)
        page = client.get("/admin/comptes").text
        assert 'href="/admin/comptes" aria-current="page">Administration' in page


class TestAccounts:
    def test_creating_a_translator_shows_a_temporary_password_once(self, client, db):
        _admin(db, client)
        token = csrf_token(client, "/admin/comptes")
        page = client.post("/admin/comptes", data={
            "csrf_token": token, "email": "Lea.Martin@passerelle.test", "full_name": "Léa Martin",
            "role": "translator", "pairs": "pl>fr, ro>fr", "apprenti": "oui"})
        assert page.status_code == 200
        assert "Compte lea.martin@passerelle.test créé." in page.text
        password = SECRET_RE.search(page.text).group(1)
        user = db.scalar(select(User).where(User.email == "lea.martin@passerelle.test"))
        assert user.language_pairs == ["pl>fr", "ro>fr"] and user.translator_status == "trainee"
        assert verify_password(user.password_hash, password)
        assert password not in client.get("/admin/comptes").text  # shown once

    def test_a_taken_email_is_refused_in_french_and_the_form_kept(self, client, db):
        _admin(db, client)
        make_user(db, role=Role.MANAGER, email="deja@passerelle.test")
        token = csrf_token(client, "/admin/comptes")
        page = client.post("/admin/comptes", data={
            "csrf_token": token, "email": "deja@passerelle.test", "full_name": "Doublon", "role": "manager"})
        assert page.status_code == 409
        assert "Un compte existe déjà avec cette adresse" in page.text
        assert 'value="Doublon"' in page.text

    def test_an_ill_formed_pair_is_refused_and_nothing_is_saved(self, client, db):
        _admin(db, client)
        token = csrf_token(client, "/admin/comptes")
        page = client.post("/admin/comptes", data={
            "csrf_token": token, "email": "x@passerelle.test", "full_name": "X", "role": "translator",
            "pairs": "allemand"})
        assert page.status_code == 422 and "Une paire de langues est mal écrite" in page.text
        assert db.scalar(select(User).where(User.email == "x@passerelle.test")) is None

    def test_a_submitter_needs_a_caisse(self, client, db):
        _admin(db, client)
        token = csrf_token(client, "/admin/comptes")
        page = client.post("/admin/comptes", data={
            "csrf_token": token, "email": "y@passerelle.test", "full_name": "Y", "role": "submitter"})
        assert page.status_code == 422 and "rattaché à une caisse" in page.text

    def test_changing_role_and_pairs_ends_the_open_sessions(self, client, db):
        _admin(db, client)
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        auth_service.issue_token(db, user=translator)
        db.commit()
        token = csrf_token(client, f"/admin/comptes/{translator.id}")
        page = client.post(f"/admin/comptes/{translator.id}", data={
            "csrf_token": token, "role": "manager", "pairs": ""})
        assert page.status_code == 200 and "modifié" in page.text
        db.refresh(translator)
        assert translator.role == "manager" and translator.language_pairs == []
        assert accounts.revoke_tokens(db, user=translator) == 0  # already revoked by the change

    def test_deactivation_revokes_keys_and_reset_gives_a_new_password(self, client, db):
        _admin(db, client)
        caisse = make_caisse(db)
        agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
        auth_service.create_api_key(db, user=agent, name="GED")
        db.commit()
        token = csrf_token(client, f"/admin/comptes/{agent.id}")
        reset = client.post(f"/admin/comptes/{agent.id}/mot-de-passe", data={"csrf_token": token})
        password = SECRET_RE.search(reset.text).group(1)
        db.refresh(agent)
        assert verify_password(agent.password_hash, password)
        page = client.post(f"/admin/comptes/{agent.id}/desactivation", data={"csrf_token": token})
        assert "désactivé" in page.text
        db.refresh(agent)
        assert not agent.is_active
        assert all(k.revoked_at is not None for k in db.scalars(select(ApiKey).where(ApiKey.user_id == agent.id)))


class TestCaisses:
    def test_create_a_caisse_shows_its_secret_once(self, client, db):
        _admin(db, client)
        token = csrf_token(client, "/admin/caisses")
        page = client.post("/admin/caisses", data={
            "csrf_token": token, "code": "cpam69", "name": "CPAM du Rhône", "kind": "CPAM",
            "contact_name": "Service international", "contact_email": "international@cpam69.test"})
        assert page.status_code == 200 and "Caisse CPAM69 créée." in page.text
        caisse = db.scalar(select(Caisse).where(Caisse.code == "CPAM69"))
        assert SECRET_RE.search(page.text).group(1) == caisse.callback_secret
        assert caisse.contact_email == "international@cpam69.test"
        assert caisse.callback_secret not in client.get("/admin/caisses").text

    def test_a_bad_contact_email_is_refused_in_french(self, client, db):
        _admin(db, client)
        caisse = make_caisse(db)
        db.commit()
        token = csrf_token(client, "/admin/caisses")
        page = client.post(f"/admin/caisses/{caisse.code}/contact", data={
            "csrf_token": token, "contact_email": "pas-une-adresse"})
        assert page.status_code == 422 and "pas une adresse électronique valide" in page.text

    def test_rotating_the_secret_replaces_it(self, client, db):
        _admin(db, client)
        caisse = make_caisse(db)
        db.commit()
        before = caisse.callback_secret
        token = csrf_token(client, "/admin/caisses")
        page = client.post(f"/admin/caisses/{caisse.code}/secret", data={"csrf_token": token})
        db.refresh(caisse)
        assert caisse.callback_secret != before
        assert SECRET_RE.search(page.text).group(1) == caisse.callback_secret

    def test_an_api_key_is_created_for_an_agent_then_revoked(self, client, db):
        _admin(db, client)
        caisse = make_caisse(db)
        agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
        db.commit()
        token = csrf_token(client, "/admin/caisses")
        page = client.post(f"/admin/caisses/{caisse.code}/cles", data={
            "csrf_token": token, "account": str(agent.id), "name": "logiciel GED"})
        key = SECRET_RE.search(page.text).group(1)
        api = client.get("/api/requests", headers={"Authorization": f"Bearer {key}"})
        assert api.status_code == 200
        row = db.scalar(select(ApiKey).where(ApiKey.user_id == agent.id))
        page = client.post(f"/admin/caisses/{caisse.code}/cles/{row.id}/revocation", data={"csrf_token": token})
        assert f"API {row.prefix} révoquée" in page.text
        assert client.get("/api/requests", headers={"Authorization": f"Bearer {key}"}).status_code == 401

    def test_a_key_of_another_caisse_is_not_revoked_from_here(self, client, db):
        _admin(db, client)
        mine, other = make_caisse(db), make_caisse(db)
        agent = make_user(db, role=Role.SUBMITTER, caisse=other)
        auth_service.create_api_key(db, user=agent, name="GED")
        db.commit()
        row = db.scalar(select(ApiKey).where(ApiKey.user_id == agent.id))
        token = csrf_token(client, "/admin/caisses")
        page = client.post(f"/admin/caisses/{mine.code}/cles/{row.id}/revocation", data={"csrf_token": token})
        assert page.status_code == 404 and "API introuvable pour cette caisse" in page.text
        db.refresh(row)
        assert row.revoked_at is None
