"""Telling a document's format from its bytes."""

from __future__ import annotations

import pytest

from ocr import EmptyDocumentError, UnsupportedFormatError
from ocr.sniff import JPEG, PDF, PNG, TEXT, TIFF, sniff


class TestSniff:
    @pytest.mark.parametrize(
        ("head", "expected"),
        [
            (b"%PDF-1.7\n", PDF),
            (b"\r\n\r\n%PDF-1.4\n", PDF),
            (b"\x89PNG\r\n\x1a\n....", PNG),
            (b"\xff\xd8\xff\xe0....", JPEG),
            (b"II*\x00....", TIFF),
            (b"MM\x00*....", TIFF),
            (b"Objet : demande de pension\n", TEXT),
        ],
    )
    def test_known_formats_are_recognised_whatever_the_name(self, head: bytes, expected: str) -> None:
        assert sniff(head) == expected

    def test_office_document_is_refused_with_advice(self) -> None:
        with pytest.raises(UnsupportedFormatError, match="Office document.*export it as PDF"):
            sniff(b"PK\x03\x04" + bytes(range(256)))

    def test_binary_garbage_is_refused(self) -> None:
        with pytest.raises(UnsupportedFormatError):
            sniff(bytes(range(256)) * 4)

    def test_empty_file_has_no_pages(self) -> None:
        with pytest.raises(EmptyDocumentError):
            sniff(b"  \n")
