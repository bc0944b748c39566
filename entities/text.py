"""Text helpers shared by the detectors: accent- and case-folding that keeps offsets, spaces."""

from __future__ import annotations

import re
import unicodedata

# Spaces that letters and forms use between groups of digits: ordinary, no-break, narrow no-break, thin.
SP = "[ \u00a0\u202f\u2009]"
# One or more of those, or a tab: the gap between words.
GAP = "[ \u00a0\u202f\u2009\t]+"


def _fold_char(char: str) -> str:
    if char == "ß" or char == "ẞ":
        return "ß"
    base = unicodedata.normalize("NFKD", char)[:1] or char
    folded = base.lower()
    return folded if len(folded) == 1 else char.lower()[:1] or char


# Latin, Latin-1, Latin Extended-A/B and Latin Extended Additional: every letter the caisses' partner
# languages write (ă, ş/ș, ł, ő...). One character in, one out, so offsets stay valid.
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))}
_FOLD_TABLE[ord("ł")] = "l"
_FOLD_TABLE[ord("Ł")] = "l"
_FOLD_TABLE[ord("đ")] = "d"
_FOLD_TABLE[ord("Đ")] = "d"
_FOLD_TABLE[ord("ø")] = "o"
_FOLD_TABLE[ord("Ø")] = "o"
_FOLD_TABLE[ord("İ")] = "i"
_FOLD_TABLE[ord("ı")] = "i"


_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether `text` has a digit (most detectors need one, and most prose lines have none)."""
    return _DIGIT.search(text) is not None


def fold(text: str) -> str:
    """`text` lower-cased and without accents, character for character (same length, same offsets)."""
    return text.translate(_FOLD_TABLE)


def is_upper_word(word: str) -> bool:
    """Whether a word is written in capitals only (at least two letters)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
