"""Whether a PDF page's text layer holds real text, or the page must be OCRed.

The heuristic, in order (the first failing rule sends the page to OCR):

1. **Enough text**: at least `MIN_CHARS` non-space characters. On a page that also draws an image, at
   least `MIN_CHARS_BESIDE_IMAGE`: a scan often carries a short digital stamp or footer ("Page 1/3",
   a fax header) that must not hide the scanned body.
2. **Printable**: at least `MIN_PRINTABLE_RATIO` of the non-space characters are neither control
   characters, private-use glyph codes, nor U+FFFD. Fonts without a usable ToUnicode map come out as
   such codes.
3. **Not glyph garbage**: letters and digits make at least `MIN_ALNUM_RATIO` of the non-space
   characters (garbage from custom font encodings is mostly symbols and punctuation), and at least
   `MIN_WORDLIKE_RATIO` of the alphabetic tokens look like words: at most `MAX_WORD_LENGTH` letters and
   no lower-to-upper case switch inside (shifted encodings give tokens like "Fdlvvh").

A page without any image and with little text (a blank back page, "Annexe") keeps its text layer:
rendering it could not find more text than it draws.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MIN_CHARS = 20
MIN_CHARS_BESIDE_IMAGE = 200
MIN_PRINTABLE_RATIO = 0.95
MIN_ALNUM_RATIO = 0.6
MIN_WORDLIKE_RATIO = 0.8
MAX_WORD_LENGTH = 30

_SPACE = re.compile(r"\s")
# Control characters (other than whitespace), the private-use area, and U+FFFD.
_BAD_CHAR = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
# What `without_controls` removes: C0 controls but tab and newline (a form feed would split a page), DEL, C1.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")
_ALNUM = re.compile(r"[^\W_]")
_ALPHA_TOKEN = re.compile(r"[^\W\d_]+")
# One match per odd alphabetic token: a lower-to-upper switch inside it, or too long to be a word.
_ODD_TOKEN = re.compile(rf"[^\W\d_]*[a-zà-ÿ][A-ZÀ-Þ][^\W\d_]*|[^\W\d_]{{{MAX_WORD_LENGTH + 1},}}")


@dataclass(frozen=True)
class Verdict:
    """Whether to keep the text layer, and the rule that decided."""

    keep: bool
    reason: str


def assess(text: str, *, page_has_images: Callable[[], bool]) -> Verdict:
    """Decide whether `text`, a page's extracted text layer, is real text worth keeping.

    `page_has_images` is only called for short texts: most pages never pay for the resource walk.
    """
    # Regular expressions count in C: this runs on every digital page (aim: >= 100 pages/s).
    visible = len(text) - len(_SPACE.findall(text))
    if visible < MIN_CHARS_BESIDE_IMAGE and page_has_images():
        return Verdict(False, f"only {visible} characters of text beside an image")
    if visible < MIN_CHARS:
        return Verdict(True, "little text and no image: nothing more to find")
    if 1 - len(_BAD_CHAR.findall(text)) / visible < MIN_PRINTABLE_RATIO:
        return Verdict(False, "text layer made of unmapped glyph codes")
    if len(_ALNUM.findall(text)) / visible < MIN_ALNUM_RATIO:
        return Verdict(False, "text layer made mostly of symbols")
    if _wordlike_ratio(text) < MIN_WORDLIKE_RATIO:
        return Verdict(False, "text layer does not look like words")
    return Verdict(True, "real text")


def _wordlike_ratio(text: str) -> float:
    tokens = len(_ALPHA_TOKEN.findall(text))
    if not tokens:
        return 1.0  # figures only (a table of amounts) is still real text
    return 1 - len(_ODD_TOKEN.findall(text)) / tokens


def without_controls(text: str) -> str:
    """`text` with control characters replaced by a space (they often stand between two words)."""
    return _CONTROLS.sub(" ", text)
