"""A page's layout from tesseract's word boxes: which lines form a block, and where a line really ends.

Tesseract's own blocks and paragraphs (psm 3) keep a letter's reference line and its date on one line,
a table row's cells on one line, and the last line of a letterhead in the next block. So the words of
each tesseract line, in tesseract's reading order (which already follows columns), are cut where a gap
wider than `CELL_GAP` line heights separates them: each piece of a cut line is a cell (a table cell, a
form's label and value apart, a reference and a date) and stands alone. Uncut lines join the block above
them when they sit right under it (`BLOCK_GAP`) and overlap it horizontally.

Inside a block, a line break is a wrap only when the next line's first word would not have fitted at
the end of the line; otherwise the line ended on purpose (a form's lines, an address). A narrow block of
a few short lines (`SHORT_BLOCK_LINES`, narrower than `NARROW` of the page's text width: a letterhead,
an address, a signature) keeps every line apart unless a line ends in a hyphen or the next starts in
lower case. The text out has blocks and hard-broken lines as paragraphs (blank lines between), wrapped
lines as lines, so `ocr.segment` makes each its own segment; the words come with boxes, in that order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocr.model import Box, Word

CELL_GAP = 2.0
BLOCK_GAP = 0.8
NARROW = 0.6
SHORT_BLOCK_LINES = 6
_HYPHENS = "-\u2010\u2011\u00ad\u2e17\u00ac"


@dataclass(frozen=True)
class Glyph:
    """A word as tesseract found it: text, box in pixels, confidence (0-100) and its line's key."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    line: tuple[str, ...]


@dataclass
class _Line:
    words: list[Glyph]
    cell: bool = False

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> int:
        return max(self.bottom - self.top, 1)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Arranged:
    """A page's text laid out in paragraphs, and its words in the same order with their boxes."""

    text: str
    words: tuple[Word, ...]


def arrange(glyphs: list[Glyph], width: int, height: int) -> Arranged:
    """The page's text and words in reading order, blocks and hard line breaks as paragraphs."""
    blocks = _blocks(_pieces(glyphs))
    if not blocks:
        return Arranged("", ())
    text_width = max(line.right for b in blocks for line in b) - min(line.left for b in blocks for line in b)
    paragraphs = [p for block in blocks for p in _paragraphs(block, text_width)]
    text = "\n\n".join("\n".join(line.text for line in p) for p in paragraphs)
    words = tuple(_word(g, width, height) for p in paragraphs for line in p for g in line.words)
    return Arranged(text, words)


def _pieces(glyphs: list[Glyph]) -> list[_Line]:
    """Tesseract's lines in its order, each cut at wide gaps into cells."""
    lines: dict[tuple[str, ...], list[Glyph]] = {}
    for glyph in glyphs:
        lines.setdefault(glyph.line, []).append(glyph)
    pieces: list[_Line] = []
    for words in lines.values():
        words.sort(key=lambda w: w.left)
        gap = CELL_GAP * _Line(words).height
        cut = [[words[0]]]
        for previous, word in zip(words, words[1:], strict=False):
            if word.left - previous.right > gap:
                cut.append([])
            cut[-1].append(word)
        pieces.extend(_Line(part, cell=len(cut) > 1) for part in cut)
    return pieces


def _blocks(pieces: list[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    for piece in pieces:
        if blocks and _continues(blocks[-1], piece):
            blocks[-1].append(piece)
        else:
            blocks.append([piece])
    return blocks


def _continues(block: list[_Line], line: _Line) -> bool:
    """Whether `line` sits right under the block's last line, overlapping it, neither being a cell."""
    last = block[-1]
    if last.cell or line.cell:
        return False
    gap = line.top - last.bottom
    if not -0.5 * last.height <= gap <= BLOCK_GAP * max(last.height, line.height):
        return False
    return line.left < last.right and line.right > last.left


def _paragraphs(block: list[_Line], text_width: int) -> list[list[_Line]]:
    """The block's lines grouped into paragraphs: a new one after each line that ended on purpose."""
    right = max(line.right for line in block)
    width = right - min(line.left for line in block)
    short = len(block) <= SHORT_BLOCK_LINES and width < NARROW * text_width
    paragraphs = [[block[0]]]
    for line, following in zip(block, block[1:], strict=False):
        if not _wraps(line, following, right, short=short):
            paragraphs.append([])
        paragraphs[-1].append(following)
    return paragraphs


def _wraps(line: _Line, following: _Line, right: int, *, short: bool) -> bool:
    """Whether the break between `line` and `following` is a wrap (the words run on) or a real end."""
    hyphenated = line.words[-1].text[-1] in _HYPHENS
    lower = following.words[0].text[:1].islower()
    if short:
        return hyphenated or lower
    first = following.words[0]
    space = (first.right - first.left) / max(len(first.text), 1)
    return hyphenated or right - line.right < (first.right - first.left) + 2 * space


def _word(glyph: Glyph, width: int, height: int) -> Word:
    return Word(glyph.text, _fractions(glyph, width, height), glyph.confidence)


def _fractions(glyph: Glyph, width: int, height: int) -> Box:
    w, h = max(width, 1), max(height, 1)
    return (round(glyph.left / w, 4), round(glyph.top / h, 4), round(glyph.right / w, 4),
            round(glyph.bottom / h, 4))

