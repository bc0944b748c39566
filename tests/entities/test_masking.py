"""Masking with typed placeholders, restoring after a vendor's round trip, and lines made only of entities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from entities import (
    Hints,
    UnknownKindError,
    UnknownPlaceholderError,
    detect,
    mask,
    only_entities,
    placeholders_in,
    unmask,
)
from mt_models import Catalogue, Engine, EngineOptions, protect, restore
from mt_models.loaded import ModelPool

LETTER = (
    "Herrn Hans Müller\nHauptstr. 12a\n50667 Köln\n"
    "Versicherungsnummer: 65 030661 M 010\n"
    "Sehr geehrter Herr Müller, Sie wurden am 3. Juni 1961 geboren. Ihre Rente beträgt 1.234,56 €.\n"
    "IBAN: DE89 3704 0044 0532 0130 00, Tel. +49 30 1234567, E-Mail: hans.mueller (at) example.de"
)
HINTS = Hints(subject_name="Hans Müller", subject_birth_date=date(1961, 6, 3))
PERSONAL = ("Hans Müller", "Hauptstr. 12a", "50667 Köln", "65 030661 M 010", "3. Juni 1961",
            "DE89 3704 0044 0532 0130 00", "+49 30 1234567", "hans.mueller (at) example.de")


class TestMask:
    def test_no_personal_value_is_left_and_unmask_restores_the_text(self) -> None:
        masked = mask(LETTER, detect(LETTER, "de", hints=HINTS))
        for value in PERSONAL:
            assert value not in masked.text
        assert "1.234,56 €" in masked.text  # amounts are not personal by default
        assert unmask(masked.text, masked.placeholders) == LETTER

    def test_placeholders_are_typed(self) -> None:
        masked = mask(LETTER, detect(LETTER, "de", hints=HINTS))
        assert {p.split("_")[0].strip("⟦") for p in masked.placeholders} >= {
            "PERSON", "ADDRESS", "ID", "BIRTH", "IBAN", "PHONE", "EMAIL"}

    def test_same_value_gets_the_same_placeholder_across_a_document(self) -> None:
        first = mask("Herr Müller schreibt.", detect("Herr Müller schreibt.", "de"))
        second = mask("Antwort an Herrn Müller und Frau Weber.",
                      detect("Antwort an Herrn Müller und Frau Weber.", "de"), placeholders=first.placeholders)
        assert first.text == "Herr ⟦PERSON_1⟧ schreibt."
        assert second.text == "Antwort an Herrn ⟦PERSON_1⟧ und Frau ⟦PERSON_2⟧."
        assert second.placeholders == {"⟦PERSON_1⟧": "Müller", "⟦PERSON_2⟧": "Weber"}

    def test_only_the_chosen_kinds_are_masked(self) -> None:
        text = "Frau Weber zahlt 1.234,56 €."
        assert mask(text, detect(text, "de"), kinds=["amount"]).text == "Frau Weber zahlt ⟦AMOUNT_1⟧."

    def test_unknown_kind_is_refused_with_the_known_ones(self) -> None:
        with pytest.raises(UnknownKindError, match="person"):
            mask("x", [], kinds=["persons"])


class TestUnmask:
    @pytest.mark.parametrize("returned", [
        "Monsieur ⟦ PERSON_1 ⟧, votre IBAN ⟦IBAN_1⟧.",
        "Monsieur ⟦person_1⟧, votre IBAN ⟦IBAN 1⟧.",
        "Monsieur [[PERSON_1]], votre IBAN ⟦IBAN_1⟧.",
    ])
    def test_vendor_tools_changing_spacing_case_or_brackets(self, returned: str) -> None:
        placeholders = {"⟦PERSON_1⟧": "Hans Müller", "⟦IBAN_1⟧": "DE89 3704 0044 0532 0130 00"}
        assert unmask(returned, placeholders) == "Monsieur Hans Müller, votre IBAN DE89 3704 0044 0532 0130 00."

    def test_placeholder_glued_to_a_word_gets_its_space_back(self) -> None:
        assert unmask("Monsieur⟦PERSON_1⟧a écrit", {"⟦PERSON_1⟧": "Weber"}) == "Monsieur Weber a écrit"

    def test_invented_placeholder_is_an_error_that_names_it(self) -> None:
        with pytest.raises(UnknownPlaceholderError, match="PERSON_9"):
            unmask("Monsieur ⟦PERSON_9⟧", {"⟦PERSON_1⟧": "Weber"})
        assert unmask("Monsieur ⟦PERSON_9⟧", {}, strict=False) == "Monsieur ⟦PERSON_9⟧"

    def test_placeholders_in_lists_them_canonically(self) -> None:
        assert placeholders_in("a ⟦ person_2 ⟧ b [[IBAN 1]]") == ["⟦PERSON_2⟧", "⟦IBAN_1⟧"]

    def test_placeholders_are_not_detected_as_entities(self) -> None:
        assert detect("Herr ⟦PERSON_1⟧ wohnt in ⟦ADDRESS_12⟧.", "de") == []


class TestThroughFormatsAndMt:
    def test_placeholders_cross_machine_translation_protection(self) -> None:
        masked, tokens = protect("Sehr geehrter Herr ⟦PERSON_1⟧, Ihre Rente geht an ⟦IBAN_1⟧.")
        assert tokens == ["⟦PERSON_1⟧", "⟦IBAN_1⟧"] and "⟦" not in masked
        assert restore(masked.replace("Sehr geehrter Herr", "Monsieur"), tokens).startswith("Monsieur ⟦PERSON_1⟧")

    @pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "mt_models/models/tatoeba-de-fr").is_dir(),
                        reason="shipped de-fr model not installed")
    def test_placeholders_survive_the_shipped_model(self) -> None:
        shipped = Path(__file__).resolve().parents[2] / "mt_models" / "models"
        options = EngineOptions(beam_size=2)
        engine = Engine(Catalogue.load([shipped]), options, pool=ModelPool(options))
        draft = engine.translate_batch(["Sehr geehrter Herr ⟦PERSON_1⟧, Sie wohnen in ⟦ADDRESS_1⟧."],
                                       source="de", target="fr")[0]
        assert draft.text.count("⟦PERSON_1⟧") == 1 and draft.text.count("⟦ADDRESS_1⟧") == 1

    def test_placeholders_survive_xliff_tmx_and_csv(self, tmp_path: Path) -> None:
        import csv

        from translate.storage import tmx, xliff
        masked = mask(LETTER, detect(LETTER, "de", hints=HINTS))
        store = xliff.xlifffile(sourcelanguage="de", targetlanguage="fr")
        store.addsourceunit(masked.text).target = masked.text
        reread = xliff.xlifffile.parsestring(bytes(store))
        assert unmask(reread.units[0].target, masked.placeholders) == LETTER
        memory = tmx.tmxfile(sourcelanguage="de", targetlanguage="fr")
        memory.addtranslation(masked.text, "de", masked.text, "fr")
        assert unmask(tmx.tmxfile.parsestring(bytes(memory)).units[0].target, masked.placeholders) == LETTER
        path = tmp_path / "segments.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerow(["1", masked.text])
        with path.open(newline="", encoding="utf-8") as handle:
            assert unmask(next(csv.reader(handle))[1], masked.placeholders) == LETTER


class TestOnlyEntities:
    @pytest.mark.parametrize(("lang", "line"), [
        ("de", "Deutsche Rentenversicherung Bund"),
        ("de", "Ruhrstraße 2, 10709 Berlin"),
        ("de", "Berlin, den 12.03.2024"),
        ("de", "Az.: 4 Ks 12/23"),
        ("de", "Versicherungsnummer: 65 030661 M 010"),
        ("de", "Tel. 030 1234567 · Fax 030 1234568 · info@drv-bund.de"),
        ("es", "Madrid, 3 de junio de 2024"),
        ("it", "Rif. n. 2023/4567"),
        ("fr", "⟦PERSON_1⟧ ⟦ADDRESS_1⟧"),
        ("en", "Family name: DUPONT"),
        ("de", "Unser Zeichen: RV/2024/118"),
    ])
    def test_letterhead_address_date_and_reference_lines(self, lang: str, line: str) -> None:
        assert only_entities(line, lang)

    @pytest.mark.parametrize(("lang", "line"), [
        ("de", "Rentenbescheid"),
        ("de", "Die Rente wird am Ende des Monats gezahlt."),
        ("de", "Ihre Rente beträgt ab 1. Juli 2024 monatlich 1.234,56 €."),
        ("en", "the family 12,50 €"),
        ("en", "first 12,50 €"),
        ("es", ""),
    ])
    def test_lines_with_words_to_translate(self, lang: str, line: str) -> None:
        assert not only_entities(line, lang)
