"""The memory keeps sentences, not people: values stored as placeholders, matches filled with the new ones."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from mt_models.protect import Span
from service import engines
from service.memory import placeholders
from service.memory import service as memory_service
from service.memory.scrub import scrub
from service.memory.tmx import export_tmx
from service.models import MemoryEntry, MemoryWord

DE_FR = {"source_lang": "de", "target_lang": "fr"}
FIRST = "Sie wurden am 3. Juni 1961 geboren und erhalten ab dem 01.07.2026 monatlich 1.234,56 €."
FIRST_FR = "Vous êtes né le 3 juin 1961 et percevez à compter du 01/07/2026 la somme mensuelle de 1 234,56 €."
SECOND = "Sie wurden am 12. März 1975 geboren und erhalten ab dem 15.09.2026 monatlich 987,00 €."


def spans(text: str) -> list[Span]:
    return engines.protected_spans(text, source="de", target="fr")


def mask_target(target: str, source: placeholders.Masked) -> str | None:
    return placeholders.mask_target(target, source, target_lang="fr", detect=engines.values_in)


def remember(db: Session, source: str, target: str) -> bool:
    return memory_service.remember(db, **DE_FR, source_text=source, target_text=target, origin="revision")


class TestMasking:
    def test_values_become_typed_placeholders_and_are_found_again_however_written(self) -> None:
        source = placeholders.mask(FIRST, spans(FIRST))
        assert source.text == ("Sie wurden am ⟦DATE_1⟧ geboren und erhalten ab dem ⟦DATE_2⟧ monatlich "
                               "⟦AMOUNT_1⟧.")
        target = mask_target(FIRST_FR, source)
        assert target == ("Vous êtes né le ⟦DATE_1⟧ et percevez à compter du ⟦DATE_2⟧ la somme mensuelle de "
                          "⟦AMOUNT_1⟧.")

    def test_a_translation_missing_a_value_or_adding_one_cannot_be_masked(self) -> None:
        source = placeholders.mask(FIRST, spans(FIRST))
        assert mask_target("Vous êtes né le 3 juin 1961.", source) is None
        assert mask_target(FIRST_FR + " Article 12.", source) is None

    def test_an_exonym_in_the_translation_is_the_same_value(self) -> None:
        text_ = "Geboren in Köln."
        source = placeholders.mask(text_, [Span(11, 15, "address", "Cologne")])
        assert mask_target("Né à Cologne.", source) == "Né à ⟦ADDRESS_1⟧."

    def test_filling_writes_dates_in_the_target_form_and_lists_what_nothing_fills(self) -> None:
        values = placeholders.mask(SECOND, spans(SECOND)).by_name()
        filled, unfilled = placeholders.fill("Né le ⟦DATE_1⟧, à compter du ⟦DATE_2⟧ ; ⟦PERSON_1⟧.", values,
                                             target_lang="fr")
        assert filled == "Né le 12 mars 1975, à compter du 15/09/2026 ; ⟦PERSON_1⟧."
        assert unfilled == ["⟦PERSON_1⟧"]


class TestRememberAndAdapt:
    def test_the_memory_holds_no_value_and_the_second_letter_gets_its_own(self, db: Session) -> None:
        assert remember(db, FIRST, FIRST_FR)
        entry = db.scalars(select(MemoryEntry)).one()
        for value in ("1961", "Juni", "2026", "1.234,56", "1 234,56"):
            assert value not in entry.source_text and value not in entry.target_text
        match = memory_service.lookup(db, **DE_FR, text=SECOND)
        assert match is not None and match.exact and match.adapted and not match.unfilled
        assert match.text == ("Vous êtes né le 12 mars 1975 et percevez à compter du 15/09/2026 la somme "
                              "mensuelle de 987,00 €.")
        assert match.source_text == entry.source_text

    def test_sentences_differing_only_in_values_share_one_entry(self, db: Session) -> None:
        remember(db, FIRST, FIRST_FR)
        remember(db, SECOND, "Vous êtes née le 12 mars 1975 et percevez à compter du 15/09/2026 la somme "
                             "mensuelle de 987,00 €.")
        assert memory_service.size(db, **DE_FR) == 1
        match = memory_service.lookup(db, **DE_FR, text=FIRST)
        assert match is not None and match.text.startswith("Vous êtes née le 3 juin 1961")

    def test_a_translation_whose_values_do_not_match_is_not_remembered(self, db: Session) -> None:
        assert not remember(db, FIRST, "Vous êtes né le 3 juin 1961 et percevez 1 234,56 € par mois.")
        assert memory_service.size(db) == 0

    def test_a_fuzzy_match_never_carries_a_value_the_new_source_lacks(self, db: Session) -> None:
        remember(db, "Die Rente von 1.234,56 € wird am 3. Juni 2026 gezahlt.",
                 "La pension de 1 234,56 € est versée le 3 juin 2026.")
        match = memory_service.lookup(db, **DE_FR, text="Die Rente von 99,00 € wird monatlich gezahlt.")
        assert match is not None and not match.exact
        assert "1 234,56" not in match.text and "2026" not in match.text and "99,00 €" in match.text
        assert match.unfilled == ("⟦DATE_1⟧",)

    def test_tmx_units_whose_values_do_not_match_are_skipped(self, db: Session) -> None:
        from service.memory.tmx import import_tmx

        tmx = ("<?xml version='1.0' encoding='UTF-8'?><tmx version='1.4'><header srclang='de' datatype='plaintext' "
               "segtype='sentence' adminlang='en' creationtool='x' creationtoolversion='1' o-tmf='x'/><body>"
               f"<tu><tuv xml:lang='de'><seg>{FIRST}</seg></tuv><tuv xml:lang='fr'><seg>{FIRST_FR}</seg></tuv></tu>"
               "<tu><tuv xml:lang='de'><seg>Frist: 30 Tage.</seg></tuv><tuv xml:lang='fr'><seg>Délai : un mois."
               "</seg></tuv></tu></body></tmx>").encode()
        report = import_tmx(db, tmx, source_lang="de", target_lang="fr")
        assert (report.added, report.updated, report.skipped) == (1, 0, 1)

    def test_tmx_export_holds_placeholders_not_values(self, db: Session) -> None:
        remember(db, FIRST, FIRST_FR)
        exported = export_tmx(db, **DE_FR).decode()
        assert "⟦DATE_1⟧" in exported and "1961" not in exported and "1 234,56" not in exported


class TestScrub:
    def test_existing_entries_are_masked_merged_or_dropped_and_the_index_rebuilt(self, db: Session) -> None:
        for source, target in ((FIRST, FIRST_FR),
                               (SECOND, "Vous êtes née le 12 mars 1975 et percevez à compter du 15/09/2026 la "
                                        "somme mensuelle de 987,00 €."),
                               ("Ihre Nummer ist 42.", "Votre numéro est le 43."),
                               ("Mit freundlichen Grüßen", "Veuillez agréer nos salutations")):
            db.execute(text("INSERT INTO memory_entry (source_lang, target_lang, source_text, target_text, "
                            "source_hash, length, origin) VALUES ('de', 'fr', :s, :t, :h, :n, 'import')"),
                       {"s": source, "t": target, "h": str(hash(source)), "n": len(source)})
        db.commit()
        report = scrub(db.connection())
        db.commit()
        assert (report.rewritten, report.merged, report.deleted) == (2, 1, 1)
        texts = " ".join(e.source_text + e.target_text for e in db.scalars(select(MemoryEntry)))
        assert "1961" not in texts and "1975" not in texts and "42" not in texts
        assert db.scalars(select(MemoryWord)).first() is not None
        match = memory_service.lookup(db, **DE_FR, text="Mit freundlichen Grüßen")
        assert match is not None and match.exact
        assert memory_service.lookup(db, **DE_FR, text=SECOND) is not None
