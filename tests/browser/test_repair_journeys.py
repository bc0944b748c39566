"""A caisse agent replaces the file of a failed request, in a real browser with the real worker.

The agent sends a PDF that is damaged; the worker fails it; the portal says why in French and offers
"Relancer" and "Remplacer le fichier"; the agent sends the right file, which the worker reads and drafts
under the same reference.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Live, wait_until

pytestmark = pytest.mark.browser

AGENT = "agent@cpam75.demo"
LETTER = (
    "Sehr geehrte Damen und Herren,\n"
    "hiermit bestätigen wir die Versicherungszeiten von Herrn Jan Kowalski vom 1. Januar 2018 bis 31. Mai 2023.\n"
)


def _status(live: Live, request_id: int) -> str:
    return str(live.query("SELECT status FROM translation_request WHERE id = ?", request_id)[0][0])


class TestRepairJourney:
    def test_a_caisse_agent_replaces_the_file_of_a_failed_request(self, live: Live, sign_in, tmp_path):
        page = sign_in(AGENT)
        broken = tmp_path / "attestation_kowalski.pdf"
        broken.write_bytes(b"%PDF-1.4\n" + b"\x00truncated" * 300)
        page.get_by_label("Document (PDF, image scannée, texte, DOCX)").set_input_files(str(broken))
        page.get_by_label("Langue du document").select_option("de")
        page.get_by_label("Traduire en").select_option("fr")
        page.get_by_label("Type de document").select_option("insurance_certificate")
        page.get_by_role("button", name="Envoyer la demande").click()
        notice = page.get_by_role("status").filter(has_text="envoyée")
        reference = re.search(r"TR-\d{4}-\d+", notice.inner_text()).group(0)
        page.get_by_role("link", name=reference).first.click()
        request_id = int(page.url.rsplit("/", 1)[1])

        # The worker cannot open the PDF: the page (polled) shows the failure in French.
        wait_until(lambda: _status(live, request_id) == "failed", timeout=180, what="the damaged PDF to fail")
        page.reload()
        alert = page.get_by_role("alert").filter(has_text="Pourquoi la demande a échoué")
        assert "Le fichier est endommagé" in alert.inner_text()
        assert "damaged" not in page.locator("main").inner_text().lower()
        assert page.get_by_role("button", name="Relancer").is_visible()
        page.screenshot(path=str(live.shots / "portal-failed.png"), full_page=True)

        # The right file, under the same reference: read and drafted by the worker.
        good = tmp_path / "attestation_kowalski.txt"
        good.write_text(LETTER, encoding="utf-8")
        page.get_by_label("Nouveau fichier (PDF, image scannée, texte, DOCX)").set_input_files(str(good))
        page.get_by_role("button", name="Remplacer le fichier").click()
        page.get_by_role("status").filter(has_text="Fichier remplacé").wait_for()
        assert page.get_by_role("heading", name=f"Demande {reference}").is_visible()
        wait_until(lambda: _status(live, request_id) not in ("received", "extracting", "extracted", "drafting"),
                   timeout=180, what="the new file to be read and drafted")
        assert _status(live, request_id) in ("drafted", "assigned", "outsourced")
        page.reload()
        assert "Pourquoi la demande a échoué" not in page.locator("main").inner_text()
        names = [r[0] for r in live.query(
            "SELECT original_name FROM document WHERE request_id = ? AND role = 'original' ORDER BY id", request_id)]
        assert names == ["attestation_kowalski.pdf", "attestation_kowalski.txt"]
