"""The caisse agent picks the pages to translate from their thumbnails, in a real browser, live server and worker."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Live, wait_until
from tests.ocr.factories import digital_pdf

pytestmark = pytest.mark.browser

AGENT = "agent@cpam75.demo"


class TestPagePicker:
    def test_unticking_a_thumbnail_leaves_that_page_out_of_the_request(self, live: Live, sign_in, tmp_path):
        page = sign_in(AGENT)
        letter = tmp_path / "bescheid.pdf"
        letter.write_bytes(digital_pdf(pages=[["Erste Seite: die Rente wird gezahlt."],
                                              ["Zweite Seite: Anlagen ohne Bedeutung."],
                                              ["Dritte Seite: der Antrag ist bewilligt."]]))
        page.get_by_label("Document (PDF, image scannée, texte, DOCX)").set_input_files(str(letter))
        thumbnails = page.locator("#vignettes img")
        thumbnails.nth(2).wait_for(timeout=30_000)
        assert thumbnails.count() == 3
        assert page.locator("#vignettes img").first.get_attribute("alt") == "Page 1"
        page.locator("#vignettes input[type=checkbox]").nth(1).uncheck()
        assert page.get_by_label("Pages à traduire (facultatif)").input_value() == "1,3"
        page.get_by_label("Langue du document").select_option("de")
        page.get_by_label("Traduire en").select_option("fr")
        page.get_by_label("Type de document").select_option("pension")
        page.get_by_label("Usage de la traduction").select_option("information")
        page.get_by_role("button", name="Envoyer la demande").click()
        notice = page.get_by_role("status").filter(has_text="envoyée")
        reference = re.search(r"TR-\d{4}-\d+", notice.inner_text()).group(0)
        rows = wait_until(lambda: [r for r in live.query(
            "SELECT page_selection, document_pages, pages, status FROM translation_request WHERE reference = ?",
            reference) if r[3] == "delivered"], timeout=120, what="the information request to be delivered")
        assert rows[0][:3] == ("1,3", 3, 2)
