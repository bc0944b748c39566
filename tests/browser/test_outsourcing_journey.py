"""A manager outsources a request, sends the masked package, uploads the vendor's return, certifies
"service fait" and checks the invoice against the contract — in a real browser, against the live server
and worker (the request is submitted by the agent and drafted by the worker as in production).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import REPO, Live, wait_until
from tests.browser.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, PHONE_WIDTH
from tests.service.vendor.test_outsourced_job import _fill_targets

pytestmark = pytest.mark.browser

AGENT, MANAGER = "agent@cpam75.demo", "manager@passerelle.demo"
VENDOR = "Traductions Rhin SARL"
LETTER = (
    "Sehr geehrte Damen und Herren,\n"
    "Frau Anna Schmidt, geboren am 12.03.1975, ist seit dem 1. März 2019 bei uns versichert.\n"
    "Die Krankenkasse zahlt monatlich 1.250,00 EUR.\n"
)
WORKING = ("received", "extracting", "extracted", "drafting")


def _submit(page: Any, tmp_path: Path) -> str:
    path = tmp_path / "versicherung.txt"
    path.write_text(LETTER, encoding="utf-8")
    page.goto("/portail")
    page.get_by_label("Document (PDF, image scannée, texte, DOCX)").set_input_files(str(path))
    page.get_by_label("Langue du document", exact=True).select_option("de")
    page.get_by_label("Traduire en").select_option("fr")
    page.get_by_label("Type de document").select_option("insurance_certificate")
    page.get_by_role("button", name="Envoyer la demande").click()
    notice = page.get_by_role("status").filter(has_text="envoyée")
    return re.search(r"TR-\d{4}-\d+", notice.inner_text()).group(0)  # type: ignore[union-attr]


def _status(live: Live, reference: str) -> str:
    return str(live.query("SELECT status FROM translation_request WHERE reference = ?", reference)[0][0])


def _shot(live: Live, page: Any, name: str) -> None:
    """Check the page as the accessibility test does (axe-core, 390 px), then photograph it."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    blocking = [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
                if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"axe-core on {page.url}: {blocking}"
    page.screenshot(path=str(live.shots / f"{name}.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size(size)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {PHONE_WIDTH} px"


class TestOutsourcingJourney:
    def test_manager_outsources_uploads_the_return_certifies_and_checks_the_invoice(
            self, live: Live, sign_in: Any, tmp_path: Path) -> None:
        # The demo vendors and their contract rates (idempotent when the demo already has them).
        subprocess.run([sys.executable, "-m", "service.cli", "routing", "seed-demo"], cwd=REPO, env=live.env,
                       check=True, capture_output=True)
        agent = sign_in(AGENT)
        reference = _submit(agent, tmp_path)
        wait_until(lambda: _status(live, reference) not in WORKING, timeout=240,
                   what="the worker to draft and route the request")

        # The manager sends it to the vendor from the dashboard's routing table.
        page = sign_in(MANAGER)
        page.goto("/pilotage#routage")
        page.get_by_label(f"Nouvelle attribution de {reference}").select_option(label=VENDOR)
        page.get_by_label(f"Motif pour {reference}").fill("équipe allemande surchargée")
        page.get_by_role("button", name=f"Router {reference}").click()
        assert _status(live, reference) == "outsourced"

        # Proposed for outsourcing: the masked package and the contract's price before sending.
        page.get_by_role("link", name="Externalisation", exact=True).click()
        proposed = page.locator("#etape-pending")
        proposed.get_by_role("link", name=reference, exact=True).click()
        assert page.get_by_role("heading", name="Aperçu du dossier masqué").is_visible()
        preview = page.locator("#apercu table").inner_text()
        assert "Schmidt" not in preview and "12.03.1975" not in preview and "⟦" in preview, preview
        assert "noms de personnes" in page.locator("#masquage").inner_text()
        price = page.locator("#prix-contrat").inner_text()
        assert "€" in price and "pages ×" in price
        _shot(live, page, "externalisation-apercu")
        page.get_by_role("button", name=f"Envoyer le dossier à {VENDOR}").click()
        assert "Dossier envoyé" in page.get_by_role("status").first.inner_text()

        # The package as the vendor gets it; the vendor's return is uploaded, a broken one first.
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger le dossier envoyé (zip)").click()
        archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
        xlf = archive.read(f"{reference}.xlf")
        broken, returned = tmp_path / "retour-faux.xlf", tmp_path / "retour.xlf"
        broken.write_bytes(xlf.replace(b'trgLang="fr"', b'trgLang="es"'))
        returned.write_bytes(_fill_targets(xlf, "2.0"))
        page.get_by_label("Fichier XLIFF rendu par le prestataire").set_input_files(str(broken))
        page.get_by_role("button", name="Importer le retour").click()
        assert "rien n'a été modifié" in page.get_by_role("alert").inner_text()
        assert _status(live, reference) == "outsourced"
        page.get_by_label("Fichier XLIFF rendu par le prestataire").set_input_files(str(returned))
        page.get_by_role("button", name="Importer le retour").click()
        report = page.locator("#rapport-retour").inner_text()
        assert "segments importés" in report and "Distance de révision" in report
        _shot(live, page, "externalisation-retour")

        # "Service fait": the translation goes to the caisse and the contract price is charged.
        page.get_by_role("button", name="Certifier le service fait").click()
        assert "Service fait certifié" in page.get_by_role("status").first.inner_text()
        assert _status(live, reference) == "delivered"

        # The vendor invoices 12 € more than the contract: the screen says so.
        computed = live.query("SELECT j.computed_cost_cents FROM outsourced_job j JOIN translation_request r "
                              "ON r.id = j.request_id WHERE r.reference = ? AND j.status = 'service_done'",
                              reference)[0][0]
        page.get_by_label("Numéro de facture").fill("FA-2026-118")
        page.get_by_label("Montant TTC (€)").fill(f"{(computed + 1200) / 100:.2f}".replace(".", ","))
        page.get_by_role("button", name="Enregistrer la facture").click()
        assert "la facture ne correspond pas au contrat" in page.locator("#ecart-facture").inner_text()
        assert "12,00" in page.locator("#ecart-facture").inner_text()
        _shot(live, page, "externalisation-facture")
        page.goto("/pilotage/externalisation")
        invoices = page.locator("#etape-invoiced").inner_text()
        assert reference in invoices and "12,00" in invoices
        _shot(live, page, "externalisation")


class TestManagerScreensJourney:
    def test_manager_records_an_absence_and_quotes_an_outside_client(self, live: Live, sign_in: Any,
                                                                      tmp_path: Path) -> None:
        subprocess.run([sys.executable, "-m", "service.cli", "routing", "seed-demo"], cwd=REPO, env=live.env,
                       check=True, capture_output=True)
        page = sign_in(MANAGER)

        # An absence from today: the translator's capacity drops to nothing on the working days it covers.
        page.get_by_role("link", name="Absences", exact=True).click()
        page.get_by_label("Traducteur", exact=True).select_option(label="Hugo Apprenti")
        page.get_by_label("Dernier jour d'absence").fill((date.today() + timedelta(days=13)).isoformat())
        page.get_by_label("Motif (facultatif)").fill("formation")
        page.get_by_role("button", name="Enregistrer l'absence").click()
        assert "Absence enregistrée" in page.get_by_role("status").first.inner_text()
        assert "formation" in page.locator("#liste-absences").inner_text()
        _shot(live, page, "absences")

        # The vendors' contracts and performance.
        page.get_by_role("link", name="Prestataires", exact=True).click()
        assert VENDOR in page.locator("#performances").inner_text()
        _shot(live, page, "prestataires")

        # An outside client, a quote at the published price, sent, then accepted with the client's document.
        page.get_by_role("link", name="Devis", exact=True).click()
        page.get_by_text("Nouveau client").click()
        page.get_by_label("Nom", exact=True).fill("Cabinet Martin Avocats")
        page.get_by_label("Adresse électronique", exact=True).fill("contact@martin-avocats.example")
        page.get_by_label("Adresse postale").fill("12 rue de la Paix, 75002 Paris")
        page.get_by_role("button", name="Enregistrer le client").click()
        assert "Client enregistré" in page.get_by_role("status").first.inner_text()
        page.get_by_text("Établir un devis").click()
        page.get_by_label("Client", exact=True).select_option(label="Cabinet Martin Avocats")
        page.get_by_label("Langue du document", exact=True).select_option("de")
        page.get_by_label("Pages (1 500 caractères)").fill("4")
        page.get_by_role("button", name="Établir le devis").click()
        quotes = page.locator("#liste-devis").inner_text()
        reference = re.search(r"DV-\d{4}-\d+", quotes).group(0)  # type: ignore[union-attr]
        # 4 pages at the published 45 € a page.
        assert "180,00" in quotes
        page.get_by_role("button", name=f"Marquer envoyé : {reference}").click()
        assert "envoyé, en attente de réponse" in page.locator("#liste-devis").inner_text()
        _shot(live, page, "devis")
        document = tmp_path / "vertrag.txt"
        document.write_text(LETTER, encoding="utf-8")
        page.get_by_label(f"Document à traduire ({reference})").set_input_files(str(document))
        page.get_by_role("button", name=f"Accepter le devis {reference}").click()
        assert "le document est devenu une demande" in page.get_by_role("status").first.inner_text()
        assert live.query("SELECT status FROM quote WHERE reference = ?", reference)[0][0] == "accepted"
