"""Splitting extracted text into paragraphs and sentences, keeping the document's shape.

Paragraphs are separated by blank lines (and form feeds). Inside a paragraph, the line wrapping of the
page (or of OCR) is undone: lines are joined with a space, and a word broken by a hyphen at line end is
re-joined ("coïnci-" + "dence" -> "coïncidence"; before a capital the hyphen stays: "Königlich-
Großherzogl."; before a conjunction it is a suspended compound: "Sozial- und"). A line that opens
with a list marker starts a new paragraph.

Sentences: pysbd for the languages it knows (fr, en, de, es, it, nl, pl, ar); for pt, ro and tr, a
split at every `. ! ? …` followed by a space. Then one rule pass (data in `ocr.abbreviations`) re-joins
a split when the piece before does not end with punctuation (pysbd cuts before some numbers), when its
period closes a known abbreviation, an initial, a bare list number or (in languages that write ordinals
with a period: de, pl, tr) a one- or two-digit ordinal, or when the next piece starts in lower case.
"""

from __future__ import annotations

import functools
import re

import pysbd

from ocr.abbreviations import ABBREVIATED_SUFFIXES, ABBREVIATIONS, CONJUNCTIONS, ORDINAL_PERIOD
from ocr.languages import resolve
from ocr.model import Paragraph

PYSBD_LANGUAGES = frozenset({"fr", "en", "de", "es", "it", "nl", "pl", "ar"})

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n|\f")
_LINE_END_HYPHEN = re.compile(r"[^\W\d_][-\u2010\u2011\u00ad\u2e17\u00ac]$")
_LIST_MARKER = re.compile(r"^(?:[-–—•▪●*]\s|\(?(?:\d{1,3}|[a-zA-Z])[.)]\s)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”’)\]]*\s+")
_TERMINAL = re.compile(r"[.!?…:;؟][\"»”’)\]]*$")
_LAST_TOKEN = re.compile(r"(\S+)\.[\"»”’)\]]*$")


def segment(text: str, language: str) -> list[Paragraph]:
    """Split `text` into paragraphs of sentences (language: ISO 639-1, e.g. `fr`)."""
    code = resolve(language)
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        for unwrapped in _unwrap(block.splitlines()):
            sentences = split_sentences(unwrapped, code)
            if sentences:
                paragraphs.append(Paragraph(sentences))
    return paragraphs


def split_sentences(paragraph: str, language: str) -> list[str]:
    """Split one paragraph (a single line of text) into sentences."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    pieces = _pysbd_pieces(paragraph, language) if language in PYSBD_LANGUAGES else None
    if pieces is None:
        pieces = [p for p in _SENTENCE_END.split(paragraph) if p.strip()]
    return _rejoined([p.strip() for p in pieces], language)


def _unwrap(lines: list[str]) -> list[str]:
    """Join the wrapped lines of one block into paragraphs (list items start their own)."""
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if current and _LIST_MARKER.match(line):
            paragraphs.append(current)
            current = ""
        current = _join_lines(current, line) if current else line
    if current:
        paragraphs.append(current)
    return paragraphs


def _join_lines(previous: str, line: str) -> str:
    """Join two wrapped lines, undoing a hyphenation at the break when it split a word."""
    if not _LINE_END_HYPHEN.search(previous):
        return f"{previous} {line}"
    first_word = line.split()[0].rstrip(",.;:")
    if first_word.lower() in CONJUNCTIONS:
        return f"{previous[:-1]}- {line}"
    if line[0].islower():
        return previous[:-1] + line
    return previous[:-1] + "-" + line


@functools.lru_cache(maxsize=len(PYSBD_LANGUAGES))
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def _pysbd_pieces(paragraph: str, language: str) -> list[str] | None:
    """pysbd's split, or None if it altered the text (it must only cut, never rewrite)."""
    try:
        pieces = [str(p) for p in _segmenter(language).segment(paragraph)]
    except (ValueError, IndexError, RecursionError):
        return None
    if "".join("".join(pieces).split()) != "".join(paragraph.split()):
        return None
    return pieces


def _rejoined(pieces: list[str], language: str) -> list[str]:
    sentences: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if sentences and _continues(sentences[-1], piece, language):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _continues(previous: str, piece: str, language: str) -> bool:
    """Whether the split between `previous` and `piece` is not a real sentence end."""
    if piece[0].islower() or not _TERMINAL.search(previous):
        return True
    match = _LAST_TOKEN.search(previous)
    if match is None:
        return False
    # Elisions ("l'art.", "dell'art.") hide the abbreviation behind an apostrophe.
    token = re.split(r"['’]", match.group(1).lstrip('("«“').lower())[-1]
    if token in ABBREVIATIONS.get(language, frozenset()):
        return True
    if token.endswith(ABBREVIATED_SUFFIXES.get(language, ())):
        return True
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "J. Dupont"
    if token.isdigit() and len(token) <= 2:
        return language in ORDINAL_PERIOD or previous == match.group(0)  # ordinal, or a bare "1."
    return False
