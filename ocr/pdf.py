"""Reading PDFs with pypdf: opening (encryption, damage, page count) and finding images on a page."""

from __future__ import annotations

import io
import re

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError
from pypdf.generic import DictionaryObject

from ocr.errors import CorruptDocumentError, EmptyDocumentError, EncryptedPdfError, TooManyPagesError

# Inline images (BI ... ID ... EI) live in the content stream itself; a few scanners use them.
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s")
# Form XObjects may nest; real documents rarely go deeper than this, hostile ones may loop.
_MAX_FORM_DEPTH = 4


def open_pdf(data: bytes, max_pages: int) -> PdfReader:
    """Open a PDF for reading, refusing encrypted, damaged, empty and too-long documents."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _unlock(reader)
        count = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as e:
        raise EncryptedPdfError() from e
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        # pypdf surfaces broken structures as assorted exceptions; all mean "cannot parse".
        raise CorruptDocumentError("PDF", f"{type(e).__name__}: {e}") from e
    if count == 0:
        raise EmptyDocumentError()
    if count > max_pages:
        raise TooManyPagesError(count, max_pages)
    return reader


def _unlock(reader: PdfReader) -> None:
    """Open PDFs protected by an owner password only (no password to open, e.g. "no copy" flags)."""
    try:
        unlocked = reader.decrypt("")
    except (DependencyError, NotImplementedError) as e:
        raise EncryptedPdfError(f"encryption not supported here: {e}") from e
    if not unlocked:
        raise EncryptedPdfError()


def has_images(page: PageObject) -> bool:
    """Whether the page draws any image (directly, inside a form, or inline): a scan may hide behind it."""
    try:
        if _resources_have_images(page.get("/Resources"), depth=0):
            return True
        contents = page.get_contents()
        return contents is not None and _INLINE_IMAGE.search(contents.get_data()) is not None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return True  # cannot tell: be safe and let OCR look


def _resources_have_images(resources: object, depth: int) -> bool:
    if depth > _MAX_FORM_DEPTH or resources is None:
        return False
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject):
        return False
    xobjects = _resolved(resources.get("/XObject"))
    if not isinstance(xobjects, DictionaryObject):
        return False
    for ref in xobjects.values():
        xobject = _resolved(ref)
        if not isinstance(xobject, DictionaryObject):
            continue
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _resources_have_images(xobject.get("/Resources"), depth + 1):
            return True
    return False


def _resolved(value: object) -> object:
    get_object = getattr(value, "get_object", None)
    return get_object() if get_object is not None else value
