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
