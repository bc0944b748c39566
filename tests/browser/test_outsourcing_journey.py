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
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import REPO, Live, wait_until
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
    page.get_by_label("Langue du document").select_option("de")
    page.get_by_label("Traduire en").select_option("fr")
    page.get_by_label("Type de document").select_option("insurance_certificate")
    page.get_by_role("button", name="Envoyer la demande").click()
    notice = page.get_by_role("status").filter(has_text="envoyée")
    return re.search(r"TR-\d{4}-\d+", notice.inner_text()).group(0)  # type: ignore[union-attr]


def _status(live: Live, reference: str) -> str:
    return str(live.query("SELECT status FROM translation_request WHERE reference = ?", reference)[0][0])


def _shot(live: Live, page: Any, name: str) -> None:
    page.screenshot(path=str(live.shots / f"{name}.png"), full_page=True)


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
        assert "Schmidt" not in preview and "⟦" in preview, preview
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
