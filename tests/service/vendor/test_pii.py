"""Masking of personal identifiers in vendor packages, and their restoration on return."""

from __future__ import annotations

from service.vendor.pii import build_mask, placeholders_in


class TestMask:
    def test_finds_each_kind_and_numbers_values_once(self) -> None:
        mask = build_mask([
            "NIR 2 69 05 2A 004 016 82, IBAN DE89 3704 0044 0532 0130 00.",
            "Mail: anna.schmidt@beispiel.de, Tel. +49 30 12345678 oder 06 12 34 56 78.",
            "Erneut: anna.schmidt@beispiel.de",
        ])
        assert sorted(mask.kinds.values()) == ["email", "iban", "nir", "phone", "phone"]
        assert mask.apply("Erneut: anna.schmidt@beispiel.de") == "Erneut: [PII-3]"

    def test_dates_amounts_and_file_numbers_are_left_alone(self) -> None:
        texts = ["Geboren am 12.03.1961, Rente 1 234,56 EUR ab 01/07/2024, Aktenzeichen 2021-4711."]
        assert build_mask(texts).by_value == {}

    def test_restore_gives_back_the_values_in_the_translation(self) -> None:
        source = "Versicherungsnummer 1 84 12 75 108 123 45, IBAN FR76 3000 6000 0112 3456 7890 189"
        mask = build_mask([source])
        translated = "Numéro [PII-1], IBAN [PII-2]"
        assert placeholders_in(mask.apply(source)) == {"[PII-1]", "[PII-2]"}
        assert mask.restore(translated) == ("Numéro 1 84 12 75 108 123 45, IBAN FR76 3000 6000 0112 3456 "
                                            "7890 189")
