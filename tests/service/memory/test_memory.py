"""The translation memory: remember final segments, exact then fuzzy lookup, TMX import and export."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from service.memory import service as memory_service
from service.memory.errors import InvalidTmx
from service.memory.tmx import export_tmx, import_tmx

EN_FR = {"source_lang": "en", "target_lang": "fr"}


def remember(db: Session, source: str, target: str, **pair: str) -> None:
    memory_service.remember(db, **(pair or EN_FR), source_text=source, target_text=target, origin="revision")


class TestRemember:
    def test_a_remembered_segment_is_found_exactly(self, db: Session) -> None:
        remember(db, "The pension is paid monthly.", "La pension est versée chaque mois.")
        match = memory_service.lookup(db, **EN_FR, text="The pension is paid monthly.")
        assert match is not None and match.exact and match.score == 100
        assert match.text == "La pension est versée chaque mois."

    def test_the_latest_translation_of_a_source_wins(self, db: Session) -> None:
        remember(db, "Your file is complete.", "Votre dossier est complet.")
        remember(db, "Your  file is complete. ", "Votre dossier est désormais complet.")
        assert memory_service.size(db, **EN_FR) == 1
        match = memory_service.lookup(db, **EN_FR, text="Your file is complete.")
        assert match is not None and match.text == "Votre dossier est désormais complet."

    def test_language_pairs_are_kept_apart(self, db: Session) -> None:
        remember(db, "Hello.", "Bonjour.")
        assert memory_service.lookup(db, source_lang="en", target_lang="de", text="Hello.") is None

    def test_empty_texts_are_not_remembered(self, db: Session) -> None:
        remember(db, "  ", "vide")
        remember(db, "Something", "")
        assert memory_service.size(db) == 0


class TestFuzzyLookup:
    @pytest.fixture(autouse=True)
    def memory(self, db: Session) -> None:
        remember(db, "The invalidity pension of the insured person is suspended from 1 March.",
                 "La pension d'invalidité de l'assuré est suspendue à compter du 1er mars.")
        remember(db, "The family allowances are paid by the fund every month.",
                 "Les allocations familiales sont versées par la caisse chaque mois.")
        remember(db, "Please send us your birth certificate.",
                 "Veuillez nous envoyer votre acte de naissance.")

    def test_a_close_sentence_gets_the_fuzzy_match_with_its_score(self, db: Session) -> None:
        match = memory_service.lookup(
            db, **EN_FR, text="The invalidity pension of the insured person is suspended from next month.")
        assert match is not None and not match.exact
        assert 75 <= match.score < 100
        assert match.text.startswith("La pension d'invalidité")

    def test_a_sentence_differing_only_in_its_date_is_adapted(self, db: Session) -> None:
        match = memory_service.lookup(
            db, **EN_FR, text="The invalidity pension of the insured person is suspended from 1 April.")
        assert match is not None and match.exact and match.adapted
        assert match.text == "La pension d'invalidité de l'assuré est suspendue à compter du 1er avril."

    def test_nothing_below_the_threshold(self, db: Session) -> None:
        text = "The invalidity pension is paid."
        assert memory_service.lookup(db, **EN_FR, text=text, threshold=95) is None
        assert memory_service.lookup(db, **EN_FR, text="Completely unrelated words here.") is None

    def test_the_default_threshold_comes_from_the_settings(self, db: Session) -> None:
        # "Please send us your marriage certificate." is ~84 % like the stored sentence (>= 75).
        match = memory_service.lookup(db, **EN_FR, text="Please send us your marriage certificate.")
        assert match is not None and 75 <= match.score < 100

    def test_many_lookups_mix_exact_fuzzy_and_misses_in_order(self, db: Session) -> None:
        matches = memory_service.lookup_many(db, **EN_FR, texts=[
            "Please send us your birth certificate.", "Nothing like it at all", "",
            "The family allowances are paid by the fund each month."])
        assert [m.exact if m else None for m in matches] == [True, None, None, False]


TMX = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-GB" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="en-GB"><seg>Sick leave</seg></tuv>
    <tuv xml:lang="fr-FR"><seg>Arr\xc3\xaat maladie</seg></tuv></tu>
<tu><tuv xml:lang="en-GB"><seg>Death certificate</seg></tuv>
    <tuv xml:lang="fr-FR"><seg>Acte de d\xc3\xa9c\xc3\xa8s</seg></tuv></tu>
<tu><tuv xml:lang="en-GB"><seg>Only English</seg></tuv></tu>
</body></tmx>"""


class TestTmx:
    def test_import_reads_regional_language_codes_and_skips_incomplete_units(self, db: Session) -> None:
        report = import_tmx(db, TMX, source_lang="en", target_lang="fr")
        assert (report.added, report.updated, report.skipped) == (2, 0, 1)
        match = memory_service.lookup(db, **EN_FR, text="Sick leave")
        assert match is not None and match.text == "Arrêt maladie"

    def test_a_file_can_feed_the_reverse_direction(self, db: Session) -> None:
        import_tmx(db, TMX, source_lang="fr", target_lang="en")
        match = memory_service.lookup(db, source_lang="fr", target_lang="en", text="Acte de décès")
        assert match is not None and match.text == "Death certificate"

    def test_reimport_updates_instead_of_duplicating(self, db: Session) -> None:
        import_tmx(db, TMX, source_lang="en", target_lang="fr")
        report = import_tmx(db, TMX, source_lang="en", target_lang="fr")
        assert (report.added, report.updated) == (0, 2)
        assert memory_service.size(db, **EN_FR) == 2

    def test_export_then_import_round_trips(self, db: Session) -> None:
        remember(db, "Old-age pension", "Pension de vieillesse")
        data = export_tmx(db, **EN_FR)
        assert b"Pension de vieillesse" in data
        report = import_tmx(db, data, source_lang="en", target_lang="fr")
        assert (report.added, report.updated) == (0, 1)

    def test_unreadable_or_empty_files_are_refused(self, db: Session) -> None:
        with pytest.raises(InvalidTmx):
            import_tmx(db, b"<tmx><body>", source_lang="en", target_lang="fr")
        with pytest.raises(InvalidTmx, match="both de and fr"):
            import_tmx(db, TMX, source_lang="de", target_lang="fr")
