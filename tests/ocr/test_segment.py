"""Paragraph and sentence splitting of extracted text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr import Paragraph, UnsupportedLanguageError, segment
from ocr.segment import split_sentences


class TestSegment:
    def test_blank_lines_separate_paragraphs_and_wrapped_lines_are_joined(self) -> None:
        text = "Madame,\n\nNous avons bien reçu votre\ndemande du 12 mars.\n\nCordialement,"

        paragraphs = segment(text, "fr")

        assert [p.text for p in paragraphs] == [
            "Madame,",
            "Nous avons bien reçu votre demande du 12 mars.",
            "Cordialement,",
        ]

    def test_word_hyphenated_at_line_end_is_rejoined(self) -> None:
        paragraphs = segment("une coïnci-\ndence des plus étranges.", "fr")

        assert paragraphs == [Paragraph(["une coïncidence des plus étranges."])]

    def test_hyphen_before_a_capital_is_kept_as_a_compound(self) -> None:
        paragraphs = segment("Königlich-\nGroßherzoglicher Beschluss.", "de")

        assert paragraphs[0].text == "Königlich-Großherzoglicher Beschluss."

    def test_suspended_compound_before_a_conjunction_keeps_its_hyphen(self) -> None:
        paragraphs = segment("Die Renten-\nund Krankenversicherung zahlt.", "de")

        assert paragraphs[0].text == "Die Renten- und Krankenversicherung zahlt."

    def test_fraktur_double_hyphen_is_undone_like_a_hyphen(self) -> None:
        paragraphs = segment("Verlegungsarbeiten und An⸗\nstalten.", "de")

        assert paragraphs[0].text == "Verlegungsarbeiten und Anstalten."

    def test_list_items_start_their_own_paragraph(self) -> None:
        text = "Pièces à fournir :\n- une attestation de l'employeur ;\n- un relevé d'identité bancaire."

        paragraphs = segment(text, "fr")

        assert len(paragraphs) == 3
        assert paragraphs[2].text == "- un relevé d'identité bancaire."

    def test_form_feed_between_pages_separates_paragraphs(self) -> None:
        assert len(segment("Fin de la page un.\fDébut de la page deux.", "fr")) == 2

    def test_unsupported_language_is_refused(self) -> None:
        with pytest.raises(UnsupportedLanguageError):
            segment("Hello.", "xx")

    @given(
        st.lists(
            st.text(alphabet="abcdefghij éèà.,!?;:'0123456789ABC", min_size=1, max_size=40),
            min_size=1,
            max_size=6,
        )
    )
    @settings(max_examples=40, deadline=None)
    def test_no_character_is_lost_or_added(self, lines: list[str]) -> None:
        text = "\n\n".join(lines)

        paragraphs = segment(text, "fr")

        joined = "".join(s for p in paragraphs for s in p.sentences)
        assert "".join(joined.split()) == "".join(text.split())


class TestSplitSentences:
    @pytest.mark.parametrize(
        ("language", "text", "expected"),
        [
            (
                "fr",
                "M. Dupont a payé 1.234,56 EUR le 12 mars 2024. Voir p. ex. l'art. 3 du règlement.",
                ["M. Dupont a payé 1.234,56 EUR le 12 mars 2024.", "Voir p. ex. l'art. 3 du règlement."],
            ),
            (
                "de",
                "Herr Dr. Müller wohnt in der Hauptstr. 5 seit dem 12. März 2024. Vielen Dank!",
                ["Herr Dr. Müller wohnt in der Hauptstr. 5 seit dem 12. März 2024.", "Vielen Dank!"],
            ),
            (
                "en",
                "Mr. Smith paid $3.50 on Jan. 5, 2024. See e.g. the form.",
                ["Mr. Smith paid $3.50 on Jan. 5, 2024.", "See e.g. the form."],
            ),
            (
                "es",
                "El Sr. García nació el 5 de ene. de 2024. Véase p. ej. el art. 5.",
                ["El Sr. García nació el 5 de ene. de 2024.", "Véase p. ej. el art. 5."],
            ),
            (
                "it",
                "Il Sig. Rossi è nato il 12 marzo 2024. Vedi art. 5 del regolamento.",
                ["Il Sig. Rossi è nato il 12 marzo 2024.", "Vedi art. 5 del regolamento."],
            ),
            (
                "nl",
                "Dhr. Jansen is geboren op 12 maart 2024. Zie bijv. art. 5 van de wet.",
                ["Dhr. Jansen is geboren op 12 maart 2024.", "Zie bijv. art. 5 van de wet."],
            ),
            (
                "pl",
                "Pan dr Kowalski urodził się 12 marca 2024 r. w Warszawie. Zob. np. art. 5 ustawy.",
                ["Pan dr Kowalski urodził się 12 marca 2024 r. w Warszawie.", "Zob. np. art. 5 ustawy."],
            ),
            (
                "pt",
                "O Sr. Silva nasceu em 12 de mar. de 2024. Pagou 1.234,56 EUR. Obrigado!",
                ["O Sr. Silva nasceu em 12 de mar. de 2024.", "Pagou 1.234,56 EUR.", "Obrigado!"],
            ),
            (
                "ro",
                "Dl. Popescu a plătit 1.234,56 lei, conform art. 5 alin. 2. Mulțumesc!",
                ["Dl. Popescu a plătit 1.234,56 lei, conform art. 5 alin. 2.", "Mulțumesc!"],
            ),
            (
                "tr",
                "Sn. Yılmaz 12 Mart 2024 tarihinde başvurdu. 3. Madde uyarınca Dr. Kaya onayladı.",
                ["Sn. Yılmaz 12 Mart 2024 tarihinde başvurdu.", "3. Madde uyarınca Dr. Kaya onayladı."],
            ),
            (
                "ar",
                "ولد السيد أحمد في 12 مارس 2024. يعيش في باريس.",
                ["ولد السيد أحمد في 12 مارس 2024.", "يعيش في باريس."],
            ),
        ],
    )
    def test_abbreviations_numbers_and_dates_do_not_end_sentences(
        self, language: str, text: str, expected: list[str]
    ) -> None:
        assert split_sentences(text, language) == expected

    def test_an_initial_does_not_end_a_sentence(self) -> None:
        assert split_sentences("Signé J. Dupont. Reçu le 3 mai.", "pt") == [
            "Signé J. Dupont.",
            "Reçu le 3 mai.",
        ]
