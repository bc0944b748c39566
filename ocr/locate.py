"""`sentences()`: a page's sentences, each with the box of the words it covers and their mean confidence.

The page text is split by `ocr.segment`, which joins wrapped lines and re-joins words hyphenated at a
line's end: it never adds or reorders characters, only whitespace and hyphens. So each sentence is found
in the page's words by its characters alone (whitespace, hyphens and control characters left out on both
sides), searching forward from where the previous sentence ended; the box is the union of the boxes of
the words it covers.
"""

from __future__ import annotations

import unicodedata

from ocr.model import Box, Page, Sentence, Word
from ocr.segment import segment

_HYPHENS = frozenset("-\u2010\u2011\u00ad\u2e17\u00ac\x02")


def sentences(page: Page, language: str) -> list[Sentence]:
    """The page's sentences in reading order, with paragraph index, box and OCR confidence."""
    stream, owners = _stream(page.words)
    cursor = 0
    out = []
    for index, paragraph in enumerate(segment(page.text, language)):
        for text in paragraph.sentences:
            key = _compact(text)
            start = stream.find(key, cursor) if key and owners else -1
            if start < 0:
                out.append(Sentence(index, text))
                continue
            cursor = start + len(key)
            covered = [page.words[i] for i in sorted(set(owners[start:cursor]))]
            out.append(Sentence(index, text, _union([w.box for w in covered]), _mean(covered)))
    return out


def _compact(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text)
                   if not c.isspace() and c not in _HYPHENS and unicodedata.category(c) != "Cc")


def _stream(words: tuple[Word, ...]) -> tuple[str, list[int]]:
    """The words' characters run together, and for each character the index of its word."""
    parts, owners = [], []
    for index, word in enumerate(words):
        compact = _compact(word.text)
        parts.append(compact)
        owners.extend([index] * len(compact))
    return "".join(parts), owners


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _mean(words: list[Word]) -> float | None:
    confidences = [w.confidence for w in words if w.confidence is not None]
    return round(sum(confidences) / len(confidences), 1) if confidences else None
