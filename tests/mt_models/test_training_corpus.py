"""The multilingual training mix (scripts/nmt/corpus.py): pivots, dictionaries, test sets kept out."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from nmt import corpus as nmt_corpus  # noqa: E402
from nmt.corpus import (  # noqa: E402
    Corpus,
    freedict,
    is_dev,
    pivot_through_english,
    read_tsv,
    tag_symbols,
    tags,
    without_tests,
)

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    digits = ""
    while True:
        digits = B64[n % 64] + digits
        n //= 64
        if not n:
            return digits


def _dictd(folder: Path, name: str, entries: list[str]) -> None:
    """A dictd dictionary (.index + .dict.dz) holding `entries` (headword line, then senses)."""
    body, index = b"", []
    for entry in ["00-database-info\nsome header\n", *entries]:
        data = entry.encode()
        index.append(f"{entry.split(chr(10))[0].split(' /')[0]}\t{_b64(len(body))}\t{_b64(len(data))}")
        body += data
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(body))
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


def test_freedict_entries_become_word_pairs_into_french(tmp_path: Path) -> None:
    _dictd(tmp_path, "freedict-fra-pol", [
        "maison /mɛ.zɔ̃/ <n, fem>\ndom, budynek\n",
        "Adèle <pn>\n(geografia) imię żeńskie; długa notatka\n",
    ])
    pairs = freedict("freedict-fra-pol", reverse=True, dictd=tmp_path)
    assert pairs == [("dom", "maison"), ("budynek", "maison")]
    assert freedict("freedict-fra-xxx", reverse=True, dictd=tmp_path) == []


def test_pivot_pairs_join_on_the_same_english_sentence_with_a_cap() -> None:
    eng_ro = [("I am here.", "Sunt aici."), ("Hello!", "Salut!")]
    eng_fr = [("I am  here.", "Je suis ici."), ("I am here.", "Je suis là.")] + \
        [("Hello!", f"Bonjour {i} !") for i in range(6)]
    pairs = pivot_through_english(eng_ro, eng_fr, cap=4)
    assert pairs[:2] == [("Sunt aici.", "Je suis ici."), ("Sunt aici.", "Je suis là.")]
    assert len([p for p in pairs if p[0] == "Salut!"]) == 4


def test_test_sentences_are_removed_on_either_side(tmp_path: Path) -> None:
    (tmp_path / "test" / "ntrex128").mkdir(parents=True)
    (tmp_path / "test" / "ntrex128" / "ntrex.fra.txt").write_text("Il pleut\u202f!\n", encoding="utf-8")
    tests = nmt_corpus.test_sentences(tmp_path)
    kept = without_tests([("Es regnet!", "Il pleut !"), ("Ja.", "Oui.")], tests)
    assert kept == [("Ja.", "Oui.")]


def test_tsv_columns_follow_the_language_codes_of_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "synth.por-fra-eng.tsv"
    path.write_text("Olá.\tBonjour.\tHello.\n", encoding="utf-8")
    assert read_tsv(path, "pt", "fr") == [("Olá.", "Bonjour.")]
    assert read_tsv(path, "pt", "en") == [("Olá.", "Hello.")]


def test_tags_and_shares() -> None:
    assert tags("de", "fr", "pivot") == ["<de>", "<2fr>", "<pivot>"]
    assert set(tags("pl", "en", "phrase")) <= set(tag_symbols())
    corpus = Corpus("x", "it", "fr", "direct", [("a", "b")] * 10, weight=3, cap=25)
    assert corpus.per_epoch() == 25
    held = [s for s in (f"sentence {i}" for i in range(5000)) if is_dev(s)]
    assert 10 < len(held) < 80 and all(is_dev(s) for s in held)


@pytest.mark.parametrize("lang", ["pl", "ro", "pt", "it"])
def test_the_shared_vocabulary_requires_every_letter_of_thin_languages(lang: str) -> None:
    from nmt.corpus import REQUIRED_CHARS

    letters = {"pl": "ąćęłńóśźż", "ro": "ăâîșțşţ", "pt": "ãõçâêô", "it": "àèéìòù"}[lang]
    assert set(letters) <= set(REQUIRED_CHARS)
