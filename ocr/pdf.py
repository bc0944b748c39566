"""Opening PDFs with PDFium (pypdfium2): encryption, damage, page count, then the pages themselves.

PDFium is the one PDF reader here: it reads files whose cross-reference table is missing or broken
(it rebuilds it, as viewers do), AES-256 and RC4 encryption with an empty user password, and JBIG2 and
JPX images natively, so no decoder is missing at run time. What it cannot open is refused with a
stable code (pypdf only tells an empty document from a damaged one, which PDFium both refuses).
"""

from __future__ import annotations

import io
import logging
import warnings

import pypdfium2 as pdfium
from pypdf import PdfReader

from ocr.errors import CorruptDocumentError, EmptyDocumentError, EncryptedPdfError, TooManyPagesError
from ocr.render import PdfiumDocument

# pypdfium2 logs, for every XFA form, how to rebuild it with XFA: advice for its developers, not for the
# operators reading the worker's log (the AcroForm fields of such a form are read all the same).
logging.getLogger("pypdfium2._helpers.document").addFilter(
    lambda record: "compiled without XFA support" not in record.getMessage())

# A complete PDF ends with "%%EOF" (a few bytes of junk may follow: mail gateways, scanners).
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 2048


def open_pdf(data: bytes, max_pages: int) -> PdfiumDocument:
    """Open a PDF for reading, refusing encrypted, damaged, truncated, empty and too-long documents."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        message = str(e).lower()
        if "password" in message:
            raise EncryptedPdfError() from e
        if "security" in message:
            raise EncryptedPdfError(f"encryption not supported here: {e}") from e
        if _has_no_pages(data):
            raise EmptyDocumentError() from e
        raise CorruptDocumentError("PDF", str(e)) from e
    try:
        _check(data, document, max_pages)
    except BaseException:
        document.close()
        raise
    return PdfiumDocument(document)


def _has_no_pages(data: bytes) -> bool:
    """Whether a file PDFium refused is a well-formed PDF without pages (PDFium refuses those too)."""
    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages) == 0
    except Exception:  # pypdf raises assorted errors on broken files: then it is simply damaged
        return False


def _check(data: bytes, document: pdfium.PdfDocument, max_pages: int) -> None:
    if _EOF_MARKER not in data[-_EOF_WINDOW:]:
        # PDFium would rebuild what is left of a cut file; its last pages would be silently missing.
        raise CorruptDocumentError("PDF", "the end of the file is missing: it was cut during transfer")
    # Forms must be set up before any page is loaded, so their values can be read and drawn.
    with warnings.catch_warnings():
        # An XFA form warns that this PDFium build cannot run XFA; its AcroForm fields are read anyway.
        warnings.simplefilter("ignore")
        document.init_forms()
    count = len(document)
    if count == 0:
        raise EmptyDocumentError()
    if count > max_pages:
        raise TooManyPagesError(count, max_pages)
