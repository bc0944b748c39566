"""A test double for the Translator protocol: deterministic, instant, no model files.

Workflow tests (segment drafting, revision, CLI) use it instead of a real model, the way
OCRmyPDF tests use a no-op Tesseract. It is never used in production code paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from mt_models.errors import MtError, UnsupportedPairError
from mt_models.protect import PLACEHOLDER_RE, Span, protect
from mt_models.types import Draft

DEFAULT_TABLE: Mapping[tuple[str, str], Mapping[str, str]] = {
    ("en", "fr"): {"hello": "bonjour", "world": "monde", "the": "le", "pension": "pension",
                   "birth": "naissance", "certificate": "acte", "of": "de", "family": "famille"},
    ("fr", "en"): {"bonjour": "hello", "monde": "world", "le": "the", "la": "the",
                   "acte": "certificate", "de": "of", "naissance": "birth"},
    ("de", "fr"): {"hallo": "bonjour", "welt": "monde", "rente": "pension"},
    ("es", "fr"): {"hola": "bonjour", "mundo": "monde", "pensión": "pension"},
}
_WORD = re.compile(r"\w+", re.UNICODE)


class FakeTranslator:
    """Translates word by word from a small table and prefixes a marker such as "[fr] ".

    Unknown words, numbers and punctuation pass through unchanged, so protected tokens
    survive as they would with a good model. `calls` records each batch for assertions.
    """

    def __init__(self, table: Mapping[tuple[str, str], Mapping[str, str]] | None = None, *,
                 pairs: Iterable[tuple[str, str]] | None = None, marker: str = "[{target}] ",
                 fail_with: MtError | None = None, score: float | None = -0.5) -> None:
        self.table = dict(DEFAULT_TABLE if table is None else table)
        self._pairs = sorted(set(pairs) if pairs is not None else set(self.table))
        self.marker, self.fail_with, self.score = marker, fail_with, score
        self.calls: list[tuple[tuple[str, ...], str, str]] = []

    def pairs(self) -> list[tuple[str, str]]:
        """Pairs this fake accepts."""
        return list(self._pairs)

    def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                        spans: Sequence[Sequence[Span]] | None = None) -> list[Draft]:
        """Translate deterministically; raise the configured error or UnsupportedPairError.

        The caller's `spans` pass through like the engine's: verbatim, or as their `output`.
        """
        self.calls.append((tuple(segments), source, target))
        if self.fail_with is not None:
            raise self.fail_with
        if (source, target) not in self._pairs:
            raise UnsupportedPairError(source, target, self._pairs)
        words = self.table.get((source, target), {})
        model = f"fake-{source}-{target}"
        return [Draft(self._protected(seg, spans[i] if spans else (), words, target),
                      None if not seg.strip() else self.score, "mt", model) for i, seg in enumerate(segments)]

    def _protected(self, segment: str, spans: Sequence[Span], words: Mapping[str, str], target: str) -> str:
        if not spans:
            return self._one(segment, words, target)
        masked, tokens = protect(segment, spans)
        return PLACEHOLDER_RE.sub(lambda m: tokens[int(m.group(1))], self._one(masked, words, target))

    def _one(self, segment: str, words: Mapping[str, str], target: str) -> str:
        if not segment.strip():
            return segment
        body = _WORD.sub(lambda m: _keep_case(m.group(0), words.get(m.group(0).lower())), segment)
        return self.marker.format(target=target) + body


def _keep_case(word: str, translated: str | None) -> str:
    if translated is None:
        return word
    return translated.capitalize() if word[:1].isupper() else translated
