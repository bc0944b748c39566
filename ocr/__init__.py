"""Text extraction: digital PDFs, scans and photos into page text, with a language check.

Usage::

    from ocr import ExtractOptions, extract, segment
    document = extract(Path("scan.pdf"), ExtractOptions(language="de"))
    paragraphs = segment(document.pages[0].text, "de")
"""

from __future__ import annotations

from ocr.confidence import LOW_CONFIDENCE, likely_misread
from ocr.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedPdfError,
    ImageTooLargeError,
    MissingLanguagePackError,
    OcrEngineError,
    OcrError,
    PageNotInDocumentError,
    TooManyPagesError,
    UnsupportedFormatError,
    UnsupportedLanguageError,
)
from ocr.languages import SUPPORTED_LANGUAGES
from ocr.locate import sentences
from ocr.model import Box, ExtractedDocument, Page, Paragraph, Sentence, Word
from ocr.options import ExtractOptions
from ocr.pipeline import extract
from ocr.preview import Preview, preview
from ocr.segment import segment

__all__ = [
    "LOW_CONFIDENCE",
    "SUPPORTED_LANGUAGES",
    "Box",
    "CorruptDocumentError",
    "EmptyDocumentError",
    "EncryptedPdfError",
    "ExtractOptions",
    "ExtractedDocument",
    "ImageTooLargeError",
    "MissingLanguagePackError",
    "OcrEngineError",
    "OcrError",
    "Page",
    "PageNotInDocumentError",
    "Preview",
    "Paragraph",
    "Sentence",
    "TooManyPagesError",
    "UnsupportedFormatError",
    "UnsupportedLanguageError",
    "Word",
    "extract",
    "preview",
    "likely_misread",
    "segment",
    "sentences",
]
