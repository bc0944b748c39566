"""Declared languages and detected languages."""

from __future__ import annotations

import pytest

from ocr import SUPPORTED_LANGUAGES, UnsupportedLanguageError
from ocr.detect import detect, majority
from ocr.languages import resolve, tesseract_code


class TestResolve:
    @pytest.mark.parametrize("given", ["fr", "FR", "fr-FR", "fr_BE", "fra", " fr "])
    def test_common_spellings_of_a_language_are_accepted(self, given: str) -> None:
        assert resolve(given) == "fr"

    def test_every_supported_language_has_its_tesseract_pack_name(self) -> None:
        assert tesseract_code("ro") == "ron"
        assert set(SUPPORTED_LANGUAGES) == {"fr", "en", "de", "es", "it", "pt", "pl", "ro", "nl", "ar", "tr"}

    def test_unknown_language_is_refused(self) -> None:
        with pytest.raises(UnsupportedLanguageError, match="'klingon'"):
            resolve("klingon")


class TestDetect:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("La caisse primaire d'assurance maladie a bien reçu votre demande de remboursement.", "fr"),
            ("Die Krankenkasse hat Ihren Antrag erhalten und wird ihn bald bearbeiten.", "de"),
            ("Zakład Ubezpieczeń Społecznych otrzymał Pański wniosek o emeryturę w marcu.", "pl"),
            ("Casa de pensii a primit cererea dumneavoastră și o va analiza în curând.", "ro"),
            ("Sosyal Güvenlik Kurumu emeklilik başvurunuzu aldı ve yakında inceleyecek.", "tr"),
            ("تلقى صندوق التأمين الصحي طلبكم وسيتم دراسته في أقرب وقت ممكن إن شاء الله.", "ar"),
        ],
    )
    def test_language_of_a_page_is_found_among_the_supported_ones(self, text: str, expected: str) -> None:
        assert detect(text) == expected

    def test_too_little_text_has_no_language(self) -> None:
        assert detect("Page 2") is None

    def test_document_language_is_the_one_holding_most_text(self) -> None:
        assert majority([("fr", 3000), ("en", 200), (None, 50), ("en", 100)]) == "fr"
        assert majority([(None, 10)]) is None
