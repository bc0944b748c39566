"""What an extraction returns: pages of text with how they were read, and paragraphs of sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Method = Literal["text_layer", "ocr"]
PAGE_SEPARATOR = "\f"
# A box on the page: (x0, y0, x1, y1) as fractions of the page's width and height, origin top left.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    """A word (or, from a PDF's text layer, a character) with its box and OCR confidence (0-100, or None)."""

    text: str
    box: Box
    confidence: float | None = None


@dataclass(frozen=True)
class Page:
    """One page of extracted text.

    Attributes:
        number: 1-based page number in the source document.
        text: the page text, paragraphs separated by blank lines.
        method: `text_layer` when the PDF (or text file) carried the text, `ocr` when it was recognised.
        confidence: tesseract's mean word confidence, 0-100, for OCR pages; None otherwise.
        language: ISO 639-1 code detected on this page, None when too little text to tell.
        image: the page image as it was finally read (turned, straightened and perspective-corrected),
            a PNG file in `ExtractOptions.page_image_dir`; None when no folder was given or the page
            has no image (text files). Word boxes of the reading are in this image's pixels.
        words: the page's words in the order of `text`, with their boxes (empty for text files, or when
            PDFium gives no boxes); `ocr.locate` finds each sentence's box among them.
    """

    number: int
    text: str
    method: Method
    confidence: float | None = None
    language: str | None = None
    image: Path | None = None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class ExtractedDocument:
    """The text of a whole document, page by page, with what was noticed on the way.

    `page_count` is the document's number of pages; `pages` holds those read (all of them, or the
    selection `ExtractOptions.pages` asked for).
    """

    pages: list[Page]
    language: str | None
    page_count: int
    warnings: list[str] = field(default_factory=list)
    mime_type: str = "application/octet-stream"

    @property
    def text(self) -> str:
        """All pages' text, separated by form feeds."""
        return PAGE_SEPARATOR.join(page.text for page in self.pages)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as a list of sentences; joining them rebuilds the paragraph."""

    sentences: list[str]

    @property
    def text(self) -> str:
        """The paragraph as one line of text."""
        return " ".join(self.sentences)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a page where it stands: its paragraph (0-based), box and mean word confidence.

    `box` is None when the sentence could not be found among the page's words (no boxes known, or text
    the page's words do not hold, such as a form field's value); `confidence` is None on text layers.
    """

    paragraph: int
    text: str
    box: Box | None = None
    confidence: float | None = None
