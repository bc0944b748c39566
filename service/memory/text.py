"""Text keys of the translation memory: normalisation, exact-match hash, indexed words, length window."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
SHORT = 6  # words; up to this length a segment is also indexed by its single words
INDEXED_WORDS = 32  # enough for long segments; the rarest few are used at lookup time


def normalise(text: str) -> str:
    """NFC, no-break spaces as spaces, whitespace collapsed: what "the same segment" means."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return _SPACES.sub(" ", text).strip()


def source_hash(normalised: str) -> str:
    """The exact-match key of a normalised source segment."""
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def words(normalised: str) -> list[str]:
    """The index terms of a segment: distinct word bigrams ("birth certificate"), rarest-looking first.

    Bigrams narrow a lookup far better than single words (in a large memory every common word
    is in thousands of entries); numbers become "#" so "on 3 May" and "on 5 May" share terms.
    Short segments are also indexed by their single words.
    """
    tokens = ["#" if w.isdigit() else w for w in _WORD.findall(normalised.lower())]
    found = {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}
    if len(tokens) <= SHORT:
        # One changed word breaks every bigram of a short segment: index its words too.
        found |= {t for t in tokens if t != "#"}
    return sorted(found, key=lambda w: (-len(w), w))[:INDEXED_WORDS]


def gram(source_lang: str, target_lang: str, word: str) -> int:
    """A stable signed 64-bit key for a word in a language pair (Python's hash() is salted)."""
    digest = hashlib.blake2b(f"{source_lang}>{target_lang}:{word}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Source lengths that can still reach `threshold` % similarity with a text of `length`.

    rapidfuzz's ratio is 2*M / (la + lb) with M <= min(la, lb), so lb must lie within
    [la * t / (200 - t), la * (200 - t) / t].
    """
    t = min(max(threshold, 1.0), 100.0)
    return int(length * t / (200 - t)), int(length * (200 - t) / t) + 1
