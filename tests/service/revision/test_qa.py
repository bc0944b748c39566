"""QA checks, one class per check, each with a failing and a passing case."""

from __future__ import annotations

from service.revision import qa
from service.revision.qa import SegmentText, check_segment


def codes(source: str, final: str | None, **fields: object) -> list[str]:
    return [i.code for i in check_segment(SegmentText(position=1, source=source, final=final, **fields))]  # type: ignore[arg-type]


class TestNumbers:
    def test_reformatted_date_and_amount_pass(self) -> None:
        assert (
            codes("Geboren am 12.03.2024, Betrag 1.234,56 EUR.", "Né le 12/03/2024, montant 1 234,56 EUR.")
            == []
        )

    def test_iso_date_matches_the_same_day_written_the_french_way(self) -> None:
        assert codes("Datum: 2024-03-12", "Date : 12/03/2024") == []

    def test_date_in_figures_may_be_spelt_out_in_the_target_language(self) -> None:
        assert codes("Geboren am 12.03.1985.", "Né le 12 mars 1985.") == []
        assert codes("Geboren am 1. August 2023.", "Né le 1er août 2023.") == []

    def test_a_protected_date_with_a_month_name_may_be_written_the_french_way(self) -> None:
        # Drafting protects "12. März 1985" as a token; the translator's French form is the same date.
        same = check_segment(SegmentText(1, "Geboren am 12. März 1985.", "Né le 12 mars 1985.",
                                         protected=["12. März 1985"]))
        assert same == []
        other = check_segment(SegmentText(1, "Geboren am 12. März 1985.", "Né le 21 mars 1985.",
                                          protected=["12. März 1985"]))
        assert [i.code for i in other] == [qa.NUMBERS]

    def test_spelt_out_date_with_another_day_is_reported(self) -> None:
        assert codes("Geboren am 12. März 1985.", "Né le 13 mars 1985.") == [qa.NUMBERS]

    def test_changed_date_is_reported_with_both_spellings(self) -> None:
        [issue] = check_segment(SegmentText(1, "Geboren am 12.03.2024.", "Né le 13/03/2024."))
        assert issue.code == qa.NUMBERS and issue.blocking
        assert "12.03.2024" in issue.message and "13/03/2024" in issue.message

    def test_dropped_amount_is_reported(self) -> None:
        assert codes("Er erhielt 1.234,56 EUR und 300 EUR.", "Il a reçu 1 234,56 EUR.") == [qa.NUMBERS]

    def test_a_number_written_twice_must_appear_twice(self) -> None:
        assert codes("3 Kinder, 3 Monate.", "3 enfants, trois mois.") == [qa.NUMBERS]
        assert codes("3 Kinder, 3 Monate.", "3 enfants, 3 mois.") == []


class TestProtectedTokens:
    def test_iban_kept_with_other_spacing_passes(self) -> None:
        assert (
            codes(
                "IBAN DE89 3704 0044 0532 0130 00.",
                "IBAN DE89370400440532013000.",
                protected=["DE89 3704 0044 0532 0130 00"],
            )
            == []
        )

    def test_altered_reference_is_reported(self) -> None:
        result = check_segment(
            SegmentText(
                1, "Aktenzeichen CPAM/2025/17.", "Référence CPAM-2025-17.", protected=["CPAM/2025/17"]
            )
        )
        [protected] = [i for i in result if i.code == qa.PROTECTED]
        assert "CPAM/2025/17" in protected.message


class TestPlaceholders:
    def test_machine_translation_placeholder_left_in_text_is_reported(self) -> None:
        assert codes("Vertrag Nr. 5.", "Contrat n° [0].")[-1] == qa.PLACEHOLDER

    def test_text_without_placeholders_passes(self) -> None:
        assert codes("Vertrag Nr. 5.", "Contrat n° 5.") == []


class TestInlineCodes:
    def test_codes_kept_around_other_words_pass(self) -> None:
        assert codes("Send <g1>the form</g1> by 2024.<x2/>", "Envoyez <g1>le formulaire</g1> d'ici 2024.<x2/>") == []

    def test_a_lost_code_is_reported_by_name_not_as_a_number(self) -> None:
        issues = check_segment(SegmentText(position=1, source="Send <g1>the form</g1> by 2024.<x2/>",
                                           final="Envoyez le formulaire d'ici 2024.<x2/>", confirmed=True))
        assert [i.code for i in issues] == [qa.INLINE]
        assert "<g1>" in issues[0].message and "</g1>" in issues[0].message

    def test_codes_crossed_over_are_reported(self) -> None:
        assert codes("<g1>a <g2>b</g2></g1>", "<g1>a <g2>b</g1></g2>", confirmed=True) == [qa.INLINE]


class TestEmptyAndIdentical:
    def test_empty_final_is_reported(self) -> None:
        assert codes("Geburtsurkunde.", "  ") == [qa.EMPTY]

    def test_translated_segment_passes(self) -> None:
        assert codes("Geburtsurkunde.", "Acte de naissance.") == []

    def test_untranslated_sentence_blocks(self) -> None:
        [issue] = check_segment(SegmentText(1, "Die Kasse zahlt nicht mehr.", "Die Kasse zahlt nicht mehr."))
        assert issue.code == qa.IDENTICAL and issue.blocking

    def test_identical_short_name_only_warns(self) -> None:
        [issue] = check_segment(SegmentText(1, "Anna SCHMIDT", "Anna SCHMIDT"))
        assert issue.code == qa.IDENTICAL and not issue.blocking and not issue.open

    def test_identical_numbers_only_segment_is_fine(self) -> None:
        assert codes("12.03.2024", "12.03.2024") == []


class TestGlossary:
    HIT = {"source": "Krankenkasse", "target": "caisse d'assurance maladie"}

    def test_missing_required_term_is_reported_with_its_translation(self) -> None:
        [issue] = check_segment(
            SegmentText(1, "Die Krankenkasse zahlt.", "La mutuelle paie.", glossary=[self.HIT])
        )
        assert issue.code == qa.GLOSSARY
        assert "Krankenkasse" in issue.message and "caisse d'assurance maladie" in issue.message

    def test_required_term_inflected_and_capitalised_passes(self) -> None:
        assert (
            codes("Die Krankenkassen zahlen.", "Les Caisses d’assurance maladie paient.", glossary=[self.HIT])
            == []
        )

    def test_library_check_replaces_the_term_search_when_given(self) -> None:
        seen: list[str] = []

        def library_check(final: str, hits: list[dict]) -> list[dict]:  # type: ignore[type-arg]
            seen.append(final)
            return hits

        issues = check_segment(
            SegmentText(1, "Die Krankenkasse.", "La caisse d'assurance maladie.", glossary=[self.HIT]),
            glossary_check=library_check,
        )
        assert seen == ["La caisse d'assurance maladie."] and [i.code for i in issues] == [qa.GLOSSARY]


class TestConfirmation:
    def test_unconfirmed_segment_blocks_and_cannot_be_justified(self) -> None:
        [issue] = check_segment(SegmentText(1, "Hallo.", "Bonjour.", confirmed=False))
        assert issue.code == qa.NOT_CONFIRMED and issue.open and not issue.justifiable
        justified = qa.apply_justifications(
            [issue],
            [{"code": qa.NOT_CONFIRMED, "justified": True, "text_key": qa.text_key("Bonjour.")}],
            "Bonjour.",
        )
        assert justified[0].open


class TestJustifications:
    def test_justification_closes_the_issue_for_the_text_it_was_given_for(self) -> None:
        issues = check_segment(SegmentText(1, "Geboren 1985.", "Né en quatre-vingt-cinq."))
        entry = {
            "code": qa.NUMBERS,
            "justified": True,
            "reason": "année en toutes lettres",
            "text_key": qa.text_key("Né en quatre-vingt-cinq."),
        }
        [issue] = qa.apply_justifications(issues, [entry], "Né en quatre-vingt-cinq.")
        assert not issue.open and issue.justification == "année en toutes lettres"

    def test_editing_the_text_reopens_the_issue(self) -> None:
        issues = check_segment(SegmentText(1, "Geboren 1985.", "Né en 1986."))
        entry = {"code": qa.NUMBERS, "justified": True, "reason": "x", "text_key": qa.text_key("Né en 1987.")}
        assert qa.apply_justifications(issues, [entry], "Né en 1986.")[0].open
