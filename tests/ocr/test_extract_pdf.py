"""Extraction from PDFs: text layers kept, scanned pages rendered and OCRed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ocr import ExtractedDocument, ExtractOptions, extract
from tests.ocr import factories
from tests.ocr.factories import ENGLISH_LINES, FRENCH_LINES, GERMAN_LINES, normalised

LETTER_PAGE_1 = (
    "Objet : demande de remboursement de soins",
    "Madame, nous avons bien reçu votre demande du 12 mars 2024.",
    "Elle sera traitée par nos services dans un délai de quinze jours.",
)
LETTER_PAGE_2 = (
    "Merci de nous retourner le formulaire signé avant le 15 avril,",
    "accompagné d'une attestation de votre employeur et d'un relevé.",
)


def _stamped_scan(image: Image.Image, stamp: str) -> bytes:
    """A scanned page with a short digital stamp drawn over it (as fax and mail gateways add)."""
    buffer = io.BytesIO()
    size = (image.width / factories.DPI * 72, image.height / factories.DPI * 72 + 30)
    pdf = canvas.Canvas(buffer, pagesize=size)
    pdf.drawImage(ImageReader(image), 0, 30, width=size[0], height=size[1] - 30)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(10, 10, stamp)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _merged(*documents: bytes) -> bytes:
    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(io.BytesIO(document)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scanned() -> tuple[ExtractedDocument, list[tuple[int, int]]]:
    """A 3-page PDF: a scanned page, a digital page, a scanned page under a digital stamp (read once)."""
    document = _merged(
        factories.scanned_pdf(pages=[factories.text_image(lines=FRENCH_LINES), list(LETTER_PAGE_2)]),
        _stamped_scan(factories.text_image(lines=ENGLISH_LINES), "Recu le 12/03/2024"),
    )
    calls: list[tuple[int, int]] = []
    options = ExtractOptions(language="fr", progress=lambda done, total: calls.append((done, total)))
    return extract(document, options), calls


class TestExtractDigitalPdf:
    def test_text_layer_is_kept_page_by_page(self) -> None:
        data = factories.digital_pdf(pages=[LETTER_PAGE_1, LETTER_PAGE_2])

        document = extract(data, ExtractOptions(language="fr"))

        assert document.page_count == 2
        assert [p.method for p in document.pages] == ["text_layer", "text_layer"]
        assert normalised(document.pages[0].text) == normalised(" ".join(LETTER_PAGE_1))
        assert normalised(document.pages[1].text) == normalised(" ".join(LETTER_PAGE_2))
        assert document.pages[0].confidence is None
        assert document.mime_type == "application/pdf"

    def test_pages_are_joined_with_a_form_feed_and_language_is_detected(self) -> None:
        data = factories.digital_pdf(pages=[LETTER_PAGE_1, LETTER_PAGE_2])

        document = extract(data, ExtractOptions(language="fr"))

        assert document.text.count("\f") == 1
        assert document.text.split("\f")[1] == document.pages[1].text
        assert document.language == "fr"
        assert [p.language for p in document.pages] == ["fr", "fr"]
        assert document.warnings == []

    def test_a_file_path_gives_the_same_text_as_its_bytes(self, tmp_path: Path) -> None:
        data = factories.digital_pdf(pages=[LETTER_PAGE_1])
        path = tmp_path / "courrier.pdf"
        path.write_bytes(data)

        assert extract(path, ExtractOptions()).text == extract(data, ExtractOptions()).text

    def test_declared_language_that_differs_from_the_text_is_a_visible_warning(self) -> None:
        data = factories.digital_pdf(pages=[GERMAN_LINES])

        document = extract(data, ExtractOptions(language="fr"))

        assert document.language == "de"
        assert any("'de'" in w and "declared 'fr'" in w for w in document.warnings)

    def test_language_check_can_be_turned_off(self) -> None:
        data = factories.digital_pdf(pages=[GERMAN_LINES])

        document = extract(data, ExtractOptions(language="fr", detect_language=False))

        assert document.language is None
        assert document.warnings == []

    def test_pdf_locked_only_against_editing_is_read_without_a_password(self) -> None:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(factories.digital_pdf(pages=[LETTER_PAGE_1]))))
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)

        document = extract(buffer.getvalue(), ExtractOptions())

        assert "quinze jours" in document.text

    def test_blank_page_is_kept_and_reported(self) -> None:
        data = factories.digital_pdf(pages=[LETTER_PAGE_1, ()])

        document = extract(data, ExtractOptions())

        assert document.page_count == 2
        assert document.pages[1].text == ""
        assert "No text was found on page(s) 2." in document.warnings


class TestExtractScannedPdf:
    def test_scanned_page_is_ocred_with_its_known_text(self, scanned: tuple[ExtractedDocument, list]) -> None:
        page = scanned[0].pages[0]

        assert page.method == "ocr"
        assert normalised(page.text) == normalised(" ".join(FRENCH_LINES))
        assert page.confidence is not None and page.confidence > 80
        assert page.language == "fr"

    def test_digital_page_of_the_same_pdf_keeps_its_text_layer(
        self, scanned: tuple[ExtractedDocument, list]
    ) -> None:
        page = scanned[0].pages[1]

        assert page.method == "text_layer"
        assert normalised(page.text) == normalised(" ".join(LETTER_PAGE_2))

    def test_short_digital_stamp_does_not_hide_the_scan_beneath(
        self, scanned: tuple[ExtractedDocument, list]
    ) -> None:
        page = scanned[0].pages[2]

        assert page.method == "ocr"
        assert normalised(" ".join(ENGLISH_LINES)) in normalised(page.text)

    def test_progress_is_reported_after_each_page(self, scanned: tuple[ExtractedDocument, list]) -> None:
        assert scanned[1] == [(1, 3), (2, 3), (3, 3)]

    def test_page_in_another_language_is_pointed_out(self, scanned: tuple[ExtractedDocument, list]) -> None:
        document = scanned[0]

        assert document.language == "fr"
        assert any(w.startswith("Page(s) 3 look like another language") for w in document.warnings)
