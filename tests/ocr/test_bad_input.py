"""Documents that cannot be read: each refused with a stable code and a message saying what to do."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from pypdf import PdfWriter

from ocr import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedPdfError,
    ExtractOptions,
    ImageTooLargeError,
    MissingLanguagePackError,
    OcrError,
    TooManyPagesError,
    UnsupportedFormatError,
    UnsupportedLanguageError,
    extract,
)
from tests.ocr import factories

LINES = ("Madame, nous avons bien reçu votre demande du 12 mars 2024.",)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge bitmap: decoding it would exhaust memory."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grayscale
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


class TestBadInput:
    def test_password_protected_pdf_says_how_to_unlock_it(self) -> None:
        with pytest.raises(EncryptedPdfError, match="qpdf --decrypt") as caught:
            extract(factories.encrypted_pdf(lines=LINES, user_password="secret"), ExtractOptions())

        assert caught.value.code == "encrypted_pdf"

    @pytest.mark.parametrize("kept", [0.3, 0.9])
    def test_truncated_pdf_is_reported_as_damaged(self, kept: float) -> None:
        data = factories.digital_pdf(pages=[LINES, LINES])

        with pytest.raises(CorruptDocumentError, match="damaged or truncated") as caught:
            extract(data[: int(len(data) * kept)], ExtractOptions())

        assert caught.value.code == "corrupt_document"

    def test_pdf_header_over_garbage_is_reported_as_damaged(self) -> None:
        with pytest.raises(CorruptDocumentError):
            extract(b"%PDF-1.7\n" + bytes(range(256)) * 8, ExtractOptions())

    def test_truncated_png_is_reported_as_damaged_before_ocr(self) -> None:
        data = factories.encoded(factories.text_image(lines=LINES), fmt="PNG")

        with pytest.raises(CorruptDocumentError):
            extract(data[: len(data) // 2], ExtractOptions())

    def test_pdf_without_pages_is_refused(self) -> None:
        buffer = io.BytesIO()
        PdfWriter().write(buffer)

        with pytest.raises(EmptyDocumentError) as caught:
            extract(buffer.getvalue(), ExtractOptions())

        assert caught.value.code == "no_pages"

    def test_decompression_bomb_is_refused_before_decoding(self) -> None:
        with pytest.raises(ImageTooLargeError, match="pixels") as caught:
            extract(_png_bomb(50_000, 50_000), ExtractOptions())

        assert caught.value.code == "image_too_large"

    def test_image_over_the_configured_pixel_limit_is_refused(self) -> None:
        data = factories.encoded(factories.text_image(lines=LINES), fmt="PNG")

        with pytest.raises(ImageTooLargeError, match="10,000 allowed"):
            extract(data, ExtractOptions(max_image_pixels=10_000))

    def test_pdf_longer_than_the_limit_is_refused_with_how_to_split_it(self) -> None:
        data = factories.digital_pdf(pages=[LINES] * 3)

        with pytest.raises(TooManyPagesError, match="3 pages; at most 2") as caught:
            extract(data, ExtractOptions(max_pages=2))

        assert caught.value.code == "too_many_pages"

    def test_tiff_with_more_frames_than_the_limit_is_refused(self) -> None:
        page = factories.text_image(lines=LINES)

        with pytest.raises(TooManyPagesError):
            extract(factories.multipage_tiff(pages=[page, page, page]), ExtractOptions(max_pages=2))

    def test_unsupported_language_lists_the_supported_ones(self) -> None:
        with pytest.raises(UnsupportedLanguageError, match="fr, it, nl") as caught:
            extract(factories.digital_pdf(pages=[LINES]), ExtractOptions(language="xx"))

        assert caught.value.code == "unsupported_language"

    def test_missing_language_pack_names_the_package_to_install(self, no_language_packs: None) -> None:
        data = factories.encoded(factories.text_image(lines=LINES), fmt="PNG")

        with pytest.raises(MissingLanguagePackError, match="apt-get install tesseract-ocr-pol") as caught:
            extract(data, ExtractOptions(language="pl"))

        assert caught.value.code == "missing_language_pack"

    def test_text_layer_pdf_needs_no_language_pack(self, no_language_packs: None) -> None:
        document = extract(factories.digital_pdf(pages=[LINES]), ExtractOptions(language="pl"))

        assert "12 mars 2024" in document.text

    def test_unknown_format_is_refused(self) -> None:
        with pytest.raises(UnsupportedFormatError) as caught:
            extract(b"GIF89a" + bytes(range(256)), ExtractOptions())

        assert caught.value.code == "unsupported_format"

    def test_third_party_failure_stays_attached_as_the_cause(self) -> None:
        with pytest.raises(OcrError) as caught:
            extract(b"%PDF-1.7\n" + bytes(range(256)) * 8, ExtractOptions())

        assert caught.value.__cause__ is not None
