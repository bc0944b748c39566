"""The tesseract OCR engine: one process per page image (the command pytesseract is set to run).

One run writes both the plain text and the TSV word table (for confidences), so a page is read once.
The image is handed over as a file path: a file the caller already has is never re-encoded.
"""

from __future__ import annotations

import csv
import functools
import math
import os
import shlex
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pytesseract import pytesseract as _pt

from ocr import layout
from ocr.errors import MissingLanguagePackError, OcrEngineError
from ocr.model import Word

# A page that takes longer than this is stuck (tesseract normally needs seconds per page).
PAGE_TIMEOUT_S = 300
OSD_PACK = "osd"


@dataclass(frozen=True)
class Reading:
    """What tesseract read on one image.

    Attributes:
        text: the recognised text laid out by `ocr.layout`: blocks, cells and lines that end on purpose
            as paragraphs separated by blank lines.
        confidence: mean word confidence (0-100), None when no word was found.
        words: number of words found.
        characters: number of characters in those words.
        skew: median slope of the text lines, in degrees (positive: lines fall to the right).
        image: the image file that was read (word boxes are in its pixels).
        boxes: the words in the order of `text`, boxes as fractions of the image read.
    """

    text: str
    confidence: float | None
    words: int
    characters: int = 0
    skew: float = 0.0
    image: Path | None = None
    boxes: tuple[Word, ...] = ()

    @property
    def score(self) -> float:
        """Expected number of correctly read characters: compares two readings of the same page.

        Characters, not words: a page read as scrambled columns splits words but keeps its characters.
        """
        return (self.confidence or 0.0) * self.characters / 100


@dataclass(frozen=True)
class Orientation:
    """OSD's verdict: turning the image `rotate` degrees clockwise makes it upright."""

    rotate: int
    confidence: float


def _command() -> str:
    return str(_pt.tesseract_cmd)


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The trained-data packs tesseract can load (cached per process)."""
    try:
        proc = subprocess.run(
            [_command(), "--list-langs"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError as e:
        raise OcrEngineError(f"the `{_command()}` program cannot be run: {e}") from e
    lines = proc.stdout.splitlines()
    # The first line is the header "List of available languages in ...".
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def require_language(code: str) -> None:
    """Raise `MissingLanguagePackError` unless tesseract has the `code` pack."""
    if code in installed_languages():
        return
    installed_languages.cache_clear()  # a pack installed since the last look counts at once
    if code not in installed_languages():
        raise MissingLanguagePackError(code)


def recognize(image: Path, *, language: str, psm: int, dpi: int | None, out_base: Path,
              threads: int | None = None) -> Reading:
    """OCR `image` in `language` (tesseract code): its text, mean word confidence and line skew."""
    config = f"--psm {psm} -c tessedit_create_tsv=1 -c tessedit_create_txt=0"
    if dpi:
        config += f" --dpi {dpi}"
    _run(image, out_base, "tsv", language, config, threads)
    tsv = _read(out_base.with_suffix(".tsv"))
    words = _words(tsv)
    confidences = [word.confidence for word in words]
    mean = sum(confidences) / len(confidences) if confidences else None
    characters = sum(word.length for word in words)
    arranged = layout.arrange([w.glyph for w in words], *_page_size(tsv))
    return Reading(
        confidence=mean, words=len(words), characters=characters, skew=_median_line_skew(words),
        text=arranged.text, boxes=arranged.words, image=image,
    )


def orientation(image: Path, *, dpi: int | None, out_base: Path, threads: int | None = None) -> Orientation | None:
    """Ask OSD how the page is turned; None when it cannot tell (too little text, no `osd` pack)."""
    if OSD_PACK not in installed_languages():
        return None
    config = "--psm 0" + (f" --dpi {dpi}" if dpi else "")
    try:
        _run(image, out_base, "osd", OSD_PACK, config, threads)
    except OcrEngineError:
        return None  # "Too few characters": nothing to turn
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (
            line.partition(":") for line in _read(out_base.with_suffix(".osd")).splitlines()
        )
    )
    try:
        return Orientation(int(fields["Rotate"]), float(fields["Orientation confidence"]))
    except (KeyError, ValueError):
        return None


# Output kinds tesseract writes from a config variable, not from a trailing config-file name.
_CONFIG_OUTPUTS = frozenset({"box", "osd", "tsv", "xml"})


def _run(image: Path, out_base: Path, extension: str, language: str, config: str,
         threads: int | None = None) -> None:
    """Run tesseract once; `threads` caps its OpenMP threads (`OMP_THREAD_LIMIT`) for this run only.

    Called directly rather than through pytesseract's `run_tesseract`, which cannot give one run its
    own environment: pages read side by side must not each start one thread per core.
    """
    args = [_command(), str(image), str(out_base), "-l", language, *shlex.split(config)]
    if extension not in _CONFIG_OUTPUTS:
        args.append(extension)
    env = None if threads is None else {**os.environ, "OMP_THREAD_LIMIT": str(threads)}
    try:
        proc = subprocess.run(args, capture_output=True, timeout=PAGE_TIMEOUT_S, env=env, check=False)
    except OSError as e:
        raise OcrEngineError(f"the `{_command()}` program is not installed") from e
    except subprocess.TimeoutExpired as e:
        raise OcrEngineError(f"tesseract took more than {PAGE_TIMEOUT_S} s on one page") from e
    if proc.returncode != 0:
        message = " ".join(proc.stderr.decode("utf-8", errors="replace").splitlines()).strip()
        raise OcrEngineError(f"tesseract exited with status {proc.returncode}: {message}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


@dataclass(frozen=True)
class _Word:
    line: tuple[str, str, str, str]
    centre_x: float
    centre_y: float
    confidence: float
    length: int
    glyph: layout.Glyph


def _words(tsv: str) -> list[_Word]:
    words = []
    for row in csv.reader(tsv.splitlines()[1:], delimiter="\t", quoting=csv.QUOTE_NONE):
        # level 5 = word; conf -1 marks layout rows, an empty text a space-only box.
        if len(row) != 12 or row[0] != "5" or not row[11].strip() or float(row[10]) < 0:
            continue
        left, top, width, height = (int(v) for v in row[6:10])
        line = (row[1], row[2], row[3], row[4])
        text, confidence = row[11].strip(), float(row[10])
        glyph = layout.Glyph(text, left, top, left + width, top + height, confidence, line)
        words.append(_Word(line, left + width / 2, top + height / 2, confidence, len(text), glyph))
    return words


def _page_size(tsv: str) -> tuple[int, int]:
    """The image's width and height in pixels, from the TSV's page row (level 1)."""
    for row in csv.reader(tsv.splitlines()[1:2], delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) >= 10 and row[0] == "1":
            return int(row[8]), int(row[9])
    return 1, 1


# Lines shorter than this (pixels between first and last word centres) give no usable slope.
_MIN_LINE_SPAN = 200
_MIN_LINE_WORDS = 3


def _median_line_skew(words: list[_Word]) -> float:
    """Median least-squares slope of the word centres of each long line, in degrees."""
    lines: dict[tuple[str, str, str, str], list[_Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    slopes = []
    for line in lines.values():
        xs = [w.centre_x for w in line]
        if len(line) < _MIN_LINE_WORDS or max(xs) - min(xs) < _MIN_LINE_SPAN:
            continue
        mean_x = sum(xs) / len(xs)
        mean_y = sum(w.centre_y for w in line) / len(line)
        covariance = sum((w.centre_x - mean_x) * (w.centre_y - mean_y) for w in line)
        variance = sum((x - mean_x) ** 2 for x in xs)
        slopes.append(covariance / variance)
    return math.degrees(math.atan(statistics.median(slopes))) if slopes else 0.0
