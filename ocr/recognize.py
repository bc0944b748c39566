"""Reading one page image: a single tesseract pass, and corrections only when that reading is poor.

Most pages are upright and straight, and tesseract copes with small skews by itself, so the first pass
is taken as it is when its mean word confidence reaches `CONFIDENT` and its lines are level. Only a
poor reading pays for orientation detection (OSD), and a poor or slanted one for skew estimation. The
corrected image is read again and kept unless it reads clearly worse (by confidence-weighted count of
characters), so a correction is applied only when it helps.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ocr import images, photo
from ocr._exec import tesseract
from ocr._exec.tesseract import Reading

CONFIDENT = 60.0
# Text lines sloping more than this (measured on the first reading's word boxes, at no extra cost) can
# make tesseract read a page as columns, in the wrong order, with confidence still high.
SLANTED_DEGREES = 2.5
SCORE_TOLERANCE = 0.1
# OSD confidences run ~15-20 on clear text; a wrong turn is caught anyway by comparing readings.
OSD_MIN_CONFIDENCE = 2.0


@dataclass
class PageImage:
    """A page as tesseract will read it: a file, its resolution, and its pixels when already in memory."""

    path: Path
    dpi: int | None
    pixels: Image.Image | None = None

    def load(self) -> Image.Image:
        """The page's pixels, decoded from the file on first use."""
        if self.pixels is None:
            with Image.open(self.path) as opened:
                self.pixels = images.normalised(opened)
        return self.pixels


class PageReader:
    """Reads page images in one language, writing tesseract's files into a private work folder.

    Safe to share between threads: each run gets its own file names.
    """

    def __init__(self, *, language: str, psm: int, workdir: Path,
                 photo_steps: tuple[str, ...] = photo.STEPS, threads: int | None = None) -> None:
        self.language = language
        self.threads = threads  # OpenMP threads per tesseract run; None: tesseract's own choice
        self.psm = psm
        self.workdir = workdir
        self.photo_steps = photo_steps
        self._names = itertools.count(1)

    def read(self, page: PageImage) -> Reading:
        """OCR the page; correct its orientation and skew only if the first reading is poor or slanted.

        A photo is first cut out, flattened and evenly lit (`ocr.photo`), which a scan never needs.
        """
        page = self._photo_corrected(page)
        first = self._recognize(page.path, page.dpi)
        confident = first.confidence is not None and first.confidence >= CONFIDENT
        if confident and abs(first.skew) < SLANTED_DEGREES:
            return first
        corrected = self._corrected(page, find_orientation=not confident)
        if corrected is None:
            return first
        second = self._recognize(images.write_pnm(corrected, self._file(".pgm")), page.dpi)
        # Level lines give the right reading order, which the score cannot see: the corrected page
        # wins unless it reads clearly worse.
        return second if second.score >= first.score * (1 - SCORE_TOLERANCE) else first

    def _photo_corrected(self, page: PageImage) -> PageImage:
        if not self.photo_steps:
            return page
        fixed = photo.corrected(page.load(), self.photo_steps)
        if fixed is None:
            return page
        return PageImage(images.write_pnm(fixed.pixels, self._file(".pgm")), fixed.dpi or page.dpi, fixed.pixels)

    def _corrected(self, page: PageImage, *, find_orientation: bool) -> Image.Image | None:
        """The page turned upright and deskewed, or None when it already is."""
        turn_cw = 0
        if find_orientation:
            verdict = tesseract.orientation(page.path, dpi=page.dpi, out_base=self._file(""),
                                            threads=self.threads)
            turn_cw = verdict.rotate if verdict and verdict.confidence >= OSD_MIN_CONFIDENCE else 0
        pixels = page.load()
        upright = images.rotated(pixels, -turn_cw) if turn_cw else pixels
        skew = images.estimate_skew(upright)
        if abs(skew) < images.SKEW_WORTH_FIXING:
            return upright if turn_cw else None
        return images.rotated(upright, skew)

    def _recognize(self, path: Path, dpi: int | None) -> Reading:
        return tesseract.recognize(
            path, language=self.language, psm=self.psm, dpi=dpi, out_base=self._file(""), threads=self.threads
        )

    def _file(self, suffix: str) -> Path:
        return self.workdir / f"t{next(self._names)}{suffix}"
