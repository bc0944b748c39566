"""Over-long segments are cut at clause boundaries, never truncated."""

from __future__ import annotations

from mt_models.splitter import split_long


def words(text: str) -> int:
    return len(text.split())


class TestSplitLong:
    def test_short_text_stays_whole(self) -> None:
        assert split_long("Une phrase courte.", words, 10) == [("Une phrase courte.", "")]

    def test_long_text_is_cut_at_sentence_ends_first(self) -> None:
        text = "Le dossier est arrivé hier. Il manque une pièce. Merci de la renvoyer vite."
        pieces = split_long(text, words, 6)
        assert [p for p, _ in pieces] == ["Le dossier est arrivé hier.", "Il manque une pièce.",
                                          "Merci de la renvoyer vite."]

    def test_pieces_rejoin_to_the_exact_text_and_respect_the_limit(self) -> None:
        text = ("Attendu que la caisse, saisie le 3 mai, a statué; que l'assuré conteste: "
                "il demande la révision de sa pension, le versement des arriérés et des intérêts. ") * 4
        for limit in (3, 7, 15):
            pieces = split_long(text, words, limit)
            assert "".join(p + sep for p, sep in pieces) == text
            assert all(words(p) <= limit for p, _ in pieces)

    def test_a_word_longer_than_the_limit_is_cut_into_characters(self) -> None:
        pieces = split_long("x" * 50, len, 8)
        assert "".join(p for p, _ in pieces) == "x" * 50
        assert all(len(p) <= 8 for p, _ in pieces)
