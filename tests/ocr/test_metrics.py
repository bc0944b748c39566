"""Error rates used by the OCR evaluation."""

from __future__ import annotations

from ocr.metrics import cer, wer


class TestErrorRates:
    def test_identical_text_has_no_error_whatever_the_line_breaks(self) -> None:
        assert cer("la caisse\nprimaire", "la caisse primaire") == 0.0
        assert wer("la caisse\nprimaire", "la  caisse primaire") == 0.0

    def test_one_wrong_letter_counts_once_per_reference_character(self) -> None:
        assert cer("avril", "avrll") == 1 / 5

    def test_one_wrong_word_counts_once_per_reference_word(self) -> None:
        assert wer("le 15 avril 2024", "le 15 avrll 2024") == 1 / 4

    def test_missing_text_is_all_errors(self) -> None:
        assert cer("abc", "") == 1.0
