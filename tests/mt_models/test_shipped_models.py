"""Smoke-quality tests for the MT models shipped in mt_models/models/ (issue 5).

Each model translates the first 200 lines of its Tatoeba test set with
CTranslate2 directly; chrF must stay above a floor set from our measurement
(measured on the same 200 lines, greedy, minus 5 points) and the output must be
in the target language.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import require_shared_data

ctranslate2 = pytest.importorskip("ctranslate2")
spm = pytest.importorskip("sentencepiece")
sacrebleu = pytest.importorskip("sacrebleu")

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "mt_models" / "models"
CORPORA = Path(os.environ.get("PASSERELLE_CORPORA_DIR", REPO.parent / "shared" / "corpora"))
LINES = 200

ISO3 = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa"}

# chrF floors on the first 200 test lines (greedy): measured value minus 5 points.
CHRF_FLOORS = {
    "tatoeba-en-fr": 27.0,
    "tatoeba-fr-en": 16.0,
    "tatoeba-de-fr": 10.0,
    "tatoeba-es-fr": 15.0,
}

# Frequent function words, to tell the output language from the source language.
STOPWORDS = {
    "en": {"the", "a", "to", "is", "i", "you", "of", "it", "and", "in", "that", "this", "he", "do"},
    "fr": {"le", "la", "les", "de", "je", "tu", "il", "est", "un", "une", "pas", "que", "ne", "vous"},
    "de": {"der", "die", "das", "ist", "ich", "nicht", "ein", "eine", "du", "und", "zu", "sie", "es"},
    "es": {"el", "la", "los", "las", "de", "que", "es", "un", "una", "no", "y", "en", "por", "yo"},
}


def _stopword_hits(lines: list[str], lang: str) -> int:
    """Count tokens of `lines` that are frequent function words of `lang`."""
    words = STOPWORDS[lang]
    return sum(w in words for line in lines for w in re.findall(r"\w+", line.lower()))


def _test_files(source: str, target: str) -> tuple[Path, Path]:
    """Tatoeba test files (source, reference) for a pair; folder names are sorted ISO 639-3."""
    a, b = ISO3[source], ISO3[target]
    folder = CORPORA / "test" / "tatoeba" / "-".join(sorted([a, b]))
    return folder / f"tatoeba-test-v2021-08-07.{a}", folder / f"tatoeba-test-v2021-08-07.{b}"


@pytest.mark.parametrize("name", sorted(CHRF_FLOORS))
def test_shipped_model_translates(name: str) -> None:
    """The model loads, translates into the target language and reaches its chrF floor."""
    folder = MODELS / name
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    assert manifest["name"] == name
    assert manifest["size_bytes"] <= 25 * 1024 * 1024
    source, target = manifest["source_languages"][0], manifest["target_languages"][0]
    src_file, ref_file = _test_files(source, target)
    require_shared_data(src_file, "Tatoeba test set")
    sources = src_file.read_text(encoding="utf-8").splitlines()[:LINES]
    refs = ref_file.read_text(encoding="utf-8").splitlines()[:LINES]

    sp_src = spm.SentencePieceProcessor(model_file=str(folder / manifest["source_spm"]))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(folder / manifest["target_spm"]))
    translator = ctranslate2.Translator(str(folder), device="cpu", compute_type="int8",
                                        intra_threads=2)
    results = translator.translate_batch(sp_src.encode(sources, out_type=str), beam_size=1,
                                         max_batch_size=64, max_decoding_length=96)
    hyps = [sp_tgt.decode(r.hypotheses[0]) for r in results]

    chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
    assert chrf >= CHRF_FLOORS[name], f"{name}: chrF {chrf:.1f} < floor {CHRF_FLOORS[name]}"
    # Output language: target function words must clearly outnumber source ones.
    assert _stopword_hits(hyps, target) > 2 * _stopword_hits(hyps, source)
