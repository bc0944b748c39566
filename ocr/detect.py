"""Language detection with lingua, limited to the supported languages."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from ocr.languages import LINGUA_NAMES

# Lingua needs some text to be reliable; a page with fewer letters gets no language.
MIN_LETTERS = 40
# A few sentences tell a page's language; reading more only costs time (this runs on every page).
# They are taken from the middle of the page, past letterheads, addresses and names.
SAMPLE_CHARS = 600
# Lingua's confidences over the candidate languages sum to 1; below this it is guessing.
MIN_CONFIDENCE = 0.5

_LETTER = re.compile(r"[^\W\d_]")
_ISO_BY_LINGUA = {getattr(Language, name): iso for iso, name in LINGUA_NAMES.items()}


@functools.lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    # Low-accuracy mode uses trigram models only: it loads in under a second (the full models take
    # ~15 s per process) and is as accurate on page-length text; short pages get no language anyway.
    return LanguageDetectorBuilder.from_languages(*_ISO_BY_LINGUA).with_low_accuracy_mode().build()


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language of `text`, or None when there is too little text to tell."""
    start = max(0, (len(text) - SAMPLE_CHARS) // 2)
    sample = text[start : start + SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return _ISO_BY_LINGUA.get(values[0].language)


def majority(languages: Iterable[tuple[str | None, int]]) -> str | None:
    """The language holding most characters over `(language, characters)` pairs; None if none known."""
    weights: Counter[str] = Counter()
    for language, characters in languages:
        if language is not None:
            weights[language] += characters
    return weights.most_common(1)[0][0] if weights else None
