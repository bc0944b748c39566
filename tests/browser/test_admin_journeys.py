"""The administrator's journey in a real browser: create an account, give its caisse an API key, revoke it.

The account is created through /admin/comptes with a temporary password shown once, which then signs the
new agent in; the key created on /admin/caisses answers the JSON API until it is revoked there.
"""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import Live

pytestmark = pytest.mark.browser

ADMIN = "admin@passerelle.demo"
NEW_AGENT = "ged@cpam75.demo"


def _sign_in_with(browser, live: Live, email: str, password: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live.url, locale="fr-FR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return page


class TestAdminJourney:
    def test_admin_creates_an_account_and_revokes_an_api_key(self, live: Live, sign_in, browser):
        page = sign_in(ADMIN)
        page.get_by_role("link", name="Administration").click()
        page.get_by_role("heading", name="Comptes", exact=True).wait_for()

        # A new caisse agent: role, caisse; the temporary password is shown once.
        page.get_by_label("Adresse électronique").fill(NEW_AGENT)
        page.get_by_label("Nom complet").fill("Logiciel GED de la CPAM")
        page.get_by_label("Rôle").select_option("submitter")
        page.get_by_label("Caisse (agents de caisse)").select_option("CPAM75")
        page.get_by_role("button", name="Créer le compte").click()
        page.get_by_role("status").filter(has_text=f"Compte {NEW_AGENT} créé.").wait_for()
        password = page.locator("#secret-value").inner_text().strip()
        assert len(password) >= 12
        page.screenshot(path=str(live.shots / "admin-accounts.png"), full_page=True)
        row = page.locator("tr", has=page.get_by_role("link", name=NEW_AGENT))
        assert "agent de caisse" in row.inner_text() and "CPAM75" in row.inner_text()

        # The password works: the new agent lands on the caisse portal.
        agent = _sign_in_with(browser, live, NEW_AGENT, password)
        assert agent.url.endswith("/portail")
        agent.context.close()

        # An API key for the caisse's system, shown once, that the API accepts...
        page.get_by_role("link", name="Caisses et clés d'API").click()
        section = page.locator("#caisse-CPAM75")
        section.get_by_label("Compte de la clé").select_option(label=NEW_AGENT)
        section.get_by_label("Usage de la clé").fill("logiciel de gestion des dossiers")
        section.get_by_role("button", name="Créer une clé d'API pour CPAM75").click()
        key = page.locator("#secret-value").inner_text().strip()
        assert key.startswith("psk_")
        api = httpx.get(f"{live.url}/api/requests", headers={"Authorization": f"Bearer {key}"}, timeout=10)
        assert api.status_code == 200
        prefix = key.split("_")[1]
        page.screenshot(path=str(live.shots / "admin-caisses.png"), full_page=True)

        # ...until it is revoked: then it opens nothing.
        page.get_by_role("button", name=f"Révoquer la clé {prefix}").click()
        page.get_by_role("status").filter(has_text=f"Clé d'API {prefix} révoquée").wait_for()
        assert "révoquée le" in page.locator("tr", has_text=prefix).inner_text()
        api = httpx.get(f"{live.url}/api/requests", headers={"Authorization": f"Bearer {key}"}, timeout=10)
        assert api.status_code == 401


class TestDashboardJourney:
    def test_the_manager_reads_a_projection_not_a_result_and_the_fraud_panel(self, live: Live, sign_in):
        from datetime import date

        page = sign_in("manager@passerelle.demo")
        kpi = page.locator("#kpi-ir81").inner_text()
        assert "Atteint" not in kpi  # the current year is never judged on a partial sum
        last_year = str(date.today().year - 1)
        page.get_by_label("Année").select_option(last_year)
        page.get_by_role("button", name="Afficher").click()
        page.get_by_role("heading", name=f"Pilotage {last_year}").wait_for()
        panel = page.locator("#fraude")
        received = int(panel.locator("#fraude-recues").inner_text().replace("\u202f", ""))
        simulated = live.query("SELECT count(*) FROM translation_request WHERE channel = 'posted_worker_fraud' "
                               "AND received_on LIKE ?", f"{last_year}-%")[0][0]
        assert received == simulated > 0
        assert panel.get_by_role("table").locator("tbody tr").count() >= 2
        panel.scroll_into_view_if_needed()
        page.screenshot(path=str(live.shots / "dashboard-fraud.png"), full_page=True)
