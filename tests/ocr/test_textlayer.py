"""The heuristic deciding whether a PDF page's text layer is real text."""

from __future__ import annotations

from ocr.textlayer import assess

LETTER = (
    "Madame, Monsieur, nous avons bien reçu votre demande de remboursement du 12 mars 2024 "
    "et nous vous remercions de nous retourner le formulaire signé avant le 15 avril. "
) * 2


def _no_image() -> bool:
    return False


def _image() -> bool:
    return True


class TestAssess:
    def test_ordinary_text_is_kept(self) -> None:
        assert assess(LETTER, page_has_images=_image).keep

    def test_short_stamp_over_a_scanned_image_is_not_trusted(self) -> None:
        verdict = assess("Page 1/3 - reçu le 12/03/2024", page_has_images=_image)

        assert not verdict.keep
        assert "beside an image" in verdict.reason

    def test_short_text_on_a_page_without_image_is_kept(self) -> None:
        assert assess("Annexe 2", page_has_images=_no_image).keep

    def test_empty_page_without_image_is_kept_as_blank(self) -> None:
        assert assess("", page_has_images=_no_image).keep

    def test_unmapped_glyph_codes_are_garbage(self) -> None:
        garbage = "".join(chr(0xE000 + i % 60) for i in range(300))

        assert not assess(garbage, page_has_images=_no_image).keep

    def test_symbol_soup_is_garbage(self) -> None:
        garbage = "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~ " * 10

        assert not assess(garbage, page_has_images=_no_image).keep

    def test_shifted_font_encoding_is_garbage(self) -> None:
        garbage = "Pdgdph Prqvlhxu qrxvDyrqv elhq uhoX yrwuhGhpdqgh gh uhpERxuvhphqw " * 5

        assert not assess(garbage, page_has_images=_no_image).keep

    def test_table_of_amounts_is_real_text(self) -> None:
        table = "2024-01  1.234,56  12,00  1.246,56\n" * 10

        assert assess(table, page_has_images=_no_image).keep

    def test_image_check_is_skipped_for_long_text(self) -> None:
        def explode() -> bool:
            raise AssertionError("resources walked for a full page of text")

        assert assess(LETTER, page_has_images=explode).keep
