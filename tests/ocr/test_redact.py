"""Redaction: page images with the values under black boxes, no text layer, checked by OCR as a reader would."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytesseract
import pytest
from PIL import Image

from ocr.redact import NotRedactableError, RedactOptions, key, redact
from tests.ocr.factories import digital_pdf, encoded, scanned_pdf, text_image

LINES = (
    "Frau Anna Schmidt, Lindenweg 14, 50667 Köln",
    "IBAN DE89 3704 0044 0532 0130 00",
    "Die Rente wird am Ende des Monats gezahlt.",
)
VALUES = ["Anna Schmidt", "Lindenweg 14, 50667 Köln", "DE89 3704 0044 0532 0130 00"]
OPTIONS = RedactOptions(language="de", dpi=300)


def _pages(pdf: bytes) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=300 / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()


def _text_layer(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _read(pdf: bytes) -> str:
    """What OCR reads on the redacted pages: the test a vendor's own tools would run."""
    return "\n".join(pytesseract.image_to_string(page, lang="deu") for page in _pages(pdf))


def _assert_hidden_but_readable(pdf: bytes) -> None:
    assert _text_layer(pdf).strip() == ""
    read = _read(pdf)
    for value in VALUES:
        assert key(value) not in key(read), value
    assert "Rente" in read and "gezahlt" in read  # the rest of the page is still there


class TestRedact:
    def test_a_scan_loses_its_values_and_keeps_its_other_words(self) -> None:
        pdf = scanned_pdf(pages=[text_image(lines=LINES, width=2000)])
        result = redact(pdf, VALUES, OPTIONS)
        assert result.pages == 1 and result.missing == () and result.boxes >= 9
        _assert_hidden_but_readable(result.pdf)

    def test_a_digital_pdf_is_redacted_from_its_text_layer_and_comes_out_as_images(self) -> None:
        pdf = digital_pdf(pages=[LINES], font_size=10)
        result = redact(pdf, VALUES, OPTIONS)
        assert result.missing == ()
        _assert_hidden_but_readable(result.pdf)

    def test_an_image_becomes_a_one_page_pdf(self) -> None:
        png = encoded(text_image(lines=LINES, width=2000), fmt="PNG")
        result = redact(png, VALUES, OPTIONS)
        assert result.pages == 1 and result.missing == ()
        _assert_hidden_but_readable(result.pdf)

    def test_a_value_found_on_no_page_is_reported(self) -> None:
        pdf = scanned_pdf(pages=[text_image(lines=LINES, width=2000)])
        result = redact(pdf, [*VALUES, "Thomas Becker"], OPTIONS)
        assert result.missing == ("Thomas Becker",)

    def test_a_short_value_hides_whole_words_only(self) -> None:
        pdf = scanned_pdf(pages=[text_image(lines=["Seit 2012 wohnt sie in Haus 12."], width=1500)])
        result = redact(pdf, ["Haus 12"], OPTIONS)
        read = _read(result.pdf)
        assert "2012" in read and "Haus" not in read

    def test_plain_text_cannot_be_redacted(self) -> None:
        with pytest.raises(NotRedactableError) as refused:
            redact(b"Frau Anna Schmidt", VALUES, OPTIONS)
        assert "without the original" in str(refused.value)


class TestKey:
    @pytest.mark.parametrize(("a", "b"), [("García", "GARCIA"), ("DE89 3704", "de893704"),
                                          ("anna.schmidt@example.de", "annaschmidtexamplede")])
    def test_values_and_words_compare_on_letters_and_digits(self, a: str, b: str) -> None:
        assert key(a) == key(b)

