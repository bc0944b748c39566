"""The explicit options of one extraction; the library reads no environment variables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ExtractOptions:
    """How to extract text from one document.

    Attributes:
        language: the declared source language, ISO 639-1 (`fr`, `de`, ...); it picks the OCR language pack
            and is checked against the detected language.
        max_pages: documents with more pages are refused before any work is done.
        dpi: resolution at which scanned PDF pages are rendered for OCR.
        max_image_pixels: images (and rendered pages) above this many pixels are refused as likely
            decompression bombs.
        detect_language: detect the language of each page and of the document, and warn on a mismatch.
        psm: tesseract page segmentation mode (3 = fully automatic layout, no OSD).
        progress: called as `progress(done_pages, total_pages)` after each page.
        processes: how many pages are OCRed at once, each by its own tesseract process limited to one
            OpenMP thread (`OMP_THREAD_LIMIT=1`) so that the pages do not fight over the cores; 1 reads
            one page after the other with tesseract's default threads.
        photo_steps: the corrections tried on photos before OCR (`ocr.photo.STEPS`: `page` cuts out and
            flattens the page, `lighting` evens its light); each applies only where the image needs it.
        page_image_dir: when given, an existing folder where each page's final image is written as
            `page-<n>.png` (see `Page.image`); the caller owns and removes it.
        pages: only these 1-based page numbers are read (the scope a request asked for); the other pages
            are counted but neither read nor OCRed. None reads every page.
    """

    language: str = "fr"
    max_pages: int = 500
    dpi: int = 300
    max_image_pixels: int = 120_000_000
    detect_language: bool = True
    psm: int = 3
    progress: ProgressCallback | None = None
    processes: int = 1
    photo_steps: tuple[str, ...] = ("page", "lighting")
    page_image_dir: Path | None = None
    pages: tuple[int, ...] | None = None
