"""Protected tokens cross machine translation verbatim."""

from __future__ import annotations

import pytest

from mt_models import protect, restore
from mt_models.protect import placeholders_intact


class TestProtect:
    @pytest.mark.parametrize(
        ("text", "token"),
        [
            ("Mon NIR est 1 85 05 78 006 048 22.", "1 85 05 78 006 048 22"),
            ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "FR76 3000 6000 0112 3456 7890 189"),
            ("Dossier TR-2026-000123 reçu", "TR-2026-000123"),
            ("Versicherungsnummer 65 170839 J 003 bitte", "65 170839 J 003"),
            ("Écrire à jean.dupont@cpam.fr demain", "jean.dupont@cpam.fr"),
            ("Voir https://www.ameli.fr/assure/droits.", "https://www.ameli.fr/assure/droits"),
            ("Né le 12/05/1985 à Lyon", "12/05/1985"),
            ("Montant : 1 234,56 € par mois", "1 234,56 €"),
            ("Joindre le formulaire E 104 complété", "E 104"),
            ("Le taux est de 12.5 % cette année", "12.5 %"),
            ("She was born on 3 May 2019 in Leeds", "3 May 2019"),
            ("Paid on May 3, 2019.", "May 3, 2019"),
            ("Geboren am 12. März 1975 in Köln", "12. März 1975"),
            ("Nacido el 3 de mayo de 2019", "3 de mayo de 2019"),
            ("Depuis le 1er janvier 2020", "1er janvier 2020"),
            ("Please send <g1>the form</g1> back.", "<g1>"),
            ("Please send <g1>the form</g1> back.", "</g1>"),
            ("Signature<x2/>", "<x2/>"),
        ],
    )
    def test_identifiers_amounts_and_addresses_are_masked_whole(self, text: str, token: str) -> None:
        masked, tokens = protect(text)
        assert token in tokens
        assert token not in masked

    def test_words_containing_digits_are_left_to_the_model(self) -> None:
        masked, tokens = protect("Le 1er mai, H2O")
        assert tokens == []
        assert masked == "Le 1er mai, H2O"

    def test_text_without_protected_tokens_is_unchanged(self) -> None:
        assert protect("Bonjour madame") == ("Bonjour madame", [])

    def test_text_already_containing_a_placeholder_shape_round_trips(self) -> None:
        masked, tokens = protect("see note [0] and 3 forms")
        assert restore(masked, tokens) == "see note [0] and 3 forms"


class TestRestore:
    def test_translated_placeholders_get_their_tokens_back(self) -> None:
        masked, tokens = protect("Pension of 1 234,56 € for file TR-2026-000123.")
        translated = masked.replace("Pension of", "Pension de").replace("for file", "pour le dossier")
        assert restore(translated, tokens) == "Pension de 1 234,56 € pour le dossier TR-2026-000123."

    def test_placeholder_with_spaces_added_by_the_decoder_is_recognised(self) -> None:
        assert restore("Montant [ 0 ] versé", ["12 €"]) == "Montant 12 € versé"

    def test_dropped_token_is_appended_not_lost(self) -> None:
        out = restore("Votre dossier est complet.", ["TR-2026-000123"])
        assert "TR-2026-000123" in out

    def test_duplicated_placeholder_gives_the_token_once(self) -> None:
        assert restore("[0] et [0]", ["42"]).count("42") == 1

    def test_intact_check_flags_drop_duplicate_and_invention(self) -> None:
        assert placeholders_intact("a [0] b [1]", ["x", "y"])
        assert not placeholders_intact("a [0]", ["x", "y"])
        assert not placeholders_intact("a [0] [0] [1]", ["x", "y"])
        assert not placeholders_intact("a [0] [1] [2]", ["x", "y"])


class TestDatesWithMonthNames:
    @pytest.mark.parametrize(
        ("text", "language", "expected"),
        [
            ("Born on 3 May 2019.", "fr", "Born on 3 mai 2019."),
            ("Geboren am 12. März 1975.", "fr", "Geboren am 12 mars 1975."),
            ("Paid on May 1, 2020.", "fr", "Paid on 1er mai 2020."),
            ("Né le 1er janvier 2020.", "en", "Né le 1 January 2020."),
            ("Né le 14 juillet 1990.", "de", "Né le 14. Juli 1990."),
            ("Né le 14 juillet 1990.", "es", "Né le 14 de julio de 1990."),
            ("Born on 3 May 2019.", "ja", "Born on 3 May 2019."),  # no form known: verbatim
            ("Born on 3 May 2019.", None, "Born on 3 May 2019."),
        ],
    )
    def test_come_back_written_as_the_target_language_writes_them(
            self, text: str, language: str | None, expected: str) -> None:
        masked, tokens = protect(text)
        assert restore(masked, tokens, language=language) == expected

    def test_the_verb_may_is_not_a_date_and_an_impossible_day_stays_verbatim(self) -> None:
        assert protect("You may 3 times a year apply.")[1] == ["3"]
        masked, tokens = protect("On 45 May 2019 nothing happened.")
        assert restore(masked, tokens, language="fr") == "On 45 May 2019 nothing happened."
