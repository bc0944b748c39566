"""Smoke-quality tests for the MT models shipped in mt_models/models/ (issues 5 and 13).

Each (model, pair) translates the first 200 lines of the pair's Tatoeba test set through
the engine's model loader (so a multilingual model gets its language tags); chrF must stay
above a floor set from our measurement (the same 200 lines, greedy, minus 5 points) and the
output must be in the target language. Every shipped model must have a floor for each of
its pairs that has a test set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sacrebleu

from mt_models import EngineOptions
from mt_models.loaded import LoadedModel
from mt_models.manifest import ModelManifest
from tests.conftest import require_shared_data

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "mt_models" / "models"
CORPORA = Path(os.environ.get("PASSERELLE_CORPORA_DIR", REPO.parent / "shared" / "corpora"))
LINES = 200

ISO3 = {"ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "nl": "nld",
        "pl": "pol", "pt": "por", "ro": "ron", "tr": "tur"}

# chrF floors per (model, source, target) on the first 200 test lines (greedy): measured
# value minus 5 points.
CHRF_FLOORS = {
    ("tatoeba-en-fr", "en", "fr"): 27.0,
    ("tatoeba-fr-en", "fr", "en"): 16.0,
    ("tatoeba-de-fr", "de", "fr"): 10.0,
    ("tatoeba-es-fr", "es", "fr"): 15.0,
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


def test_every_shipped_pair_with_a_test_set_has_a_floor() -> None:
    shipped = {(m.name, *pair) for m in map(ModelManifest.from_dir, sorted(MODELS.glob("*/")))
               for pair in m.pairs() if pair[0] in ISO3 and pair[1] in ISO3
               and _test_files(*pair)[0].parent.is_dir()}
    require_shared_data(CORPORA / "test" / "tatoeba", "Tatoeba test sets")
    assert shipped == set(CHRF_FLOORS)


@pytest.mark.parametrize(("name", "source", "target"), sorted(CHRF_FLOORS))
def test_shipped_model_translates(name: str, source: str, target: str) -> None:
    """The model loads, translates into the target language and reaches its chrF floor."""
    folder = MODELS / name
    manifest = ModelManifest.from_dir(folder)
    limit = 60 if manifest.kind == "multilingual" else 25
    assert manifest.size_bytes <= limit * 1024 * 1024
    assert (source, target) in manifest.pairs()
    src_file, ref_file = _test_files(source, target)
    require_shared_data(src_file, "Tatoeba test set")
    sources = src_file.read_text(encoding="utf-8").splitlines()[:LINES]
    refs = ref_file.read_text(encoding="utf-8").splitlines()[:LINES]

    model = LoadedModel(manifest, EngineOptions(beam_size=1, intra_threads=2,
                                                repetition_penalty=1.0, no_repeat_ngram_size=0))
    hyps = [h.text for h in model.translate(sources, source=source, target=target)]

    chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
    floor = CHRF_FLOORS[(name, source, target)]
    assert chrf >= floor, f"{name} {source}->{target}: chrF {chrf:.1f} < floor {floor}"
    if target in STOPWORDS and source in STOPWORDS:
        # Output language: target function words must clearly outnumber source ones.
        assert _stopword_hits(hyps, target) > 2 * _stopword_hits(hyps, source)
