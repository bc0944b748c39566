"""The project's phrasebook (data/phrasebook): size, languages, kept out of the test sets."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import require_shared_data

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "data" / "phrasebook"
CORPORA = Path(os.environ.get("PASSERELLE_CORPORA_DIR", REPO.parent / "shared" / "corpora"))
LANGS = ("de", "en", "es", "it", "pl", "pt", "ro")


def _pairs(lang: str) -> list[tuple[str, str]]:
    lines = (FOLDER / f"{lang}-fr.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if not line.startswith("#")]  # type: ignore[misc]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u202f", " ").replace("\u00a0", " ")
    return " ".join(text.split())


def test_every_language_has_its_share_of_3000_pairs() -> None:
    counts = {lang: len(_pairs(lang)) for lang in LANGS}
    assert sum(counts.values()) >= 3000, counts
    assert min(counts.values()) >= 400, counts
    for lang in LANGS:
        for pair in _pairs(lang):
            assert len(pair) == 2 and all(side.strip() == side and side for side in pair), (lang, pair)
    assert (FOLDER / "LICENSE").read_text(encoding="utf-8").startswith("Creative Commons Attribution 4.0")


def test_the_same_french_meaning_is_given_in_every_language() -> None:
    french = {lang: [fr for _, fr in _pairs(lang)] for lang in LANGS}
    assert all(french[lang] == french["en"] for lang in LANGS)
    german = dict((fr, de) for de, fr in _pairs("de"))
    assert german["Veuillez nous envoyer votre acte de naissance."] == "Bitte senden Sie uns Ihre Geburtsurkunde."
    polish = dict((fr, pl) for pl, fr in _pairs("pl"))
    assert polish["Nous avons reçu votre courrier du 17 mars 2026."] == \
        "Otrzymaliśmy Państwa pismo z dnia 17 marca 2026."


def test_no_sentence_of_any_test_set_is_in_the_phrasebook() -> None:
    require_shared_data(CORPORA / "test", "test sets")
    tests: set[str] = set()
    for path in (CORPORA / "test").rglob("*"):
        if path.is_file() and not path.name.endswith(".labels"):
            tests.update(_norm(col) for line in path.read_text(encoding="utf-8").splitlines()
                         for col in line.split("\t"))
    leaked = [pair for lang in LANGS for pair in _pairs(lang) if {_norm(pair[0]), _norm(pair[1])} & tests]
    assert leaked == []


def test_the_files_are_what_the_build_script_writes() -> None:
    require_shared_data(CORPORA / "test", "test sets")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "build_phrasebook.py"), "--check",
                           "--corpora", str(CORPORA)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_the_training_mix_reads_the_phrasebook(lang: str) -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    from nmt.corpus import phrasebook_pairs

    read = [(s, f) for code, s, f in phrasebook_pairs(FOLDER) if code == lang]
    assert read == _pairs(lang)
