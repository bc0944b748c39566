"""Tell the format of a document from its first bytes, never from its name."""

from __future__ import annotations

import io
import zipfile

from ocr.errors import EmptyDocumentError, UnsupportedFormatError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"
# Recognised so that intake can accept it; the service reads Word files itself (python-docx).
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMAGE_TYPES = frozenset({PNG, JPEG, TIFF})

# The PDF header may follow a little junk (mail gateways, scanners); readers look in the first KiB.
_PDF_HEADER_WINDOW = 1024
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"II+\x00", TIFF),  # BigTIFF
    (b"MM\x00+", TIFF),
)
_KNOWN_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"RIFF", "a WebP image or other RIFF file"),
)


def detect(data: bytes) -> str | None:
    """The MIME type of `data` (PDF, PNG, JPEG, TIFF, UTF-8 text or DOCX), or None for anything else.

    The one rule for every caller: the service refuses at intake exactly what extraction could not read.
    """
    for signature, mime_type in _SIGNATURES:
        if data.startswith(signature):
            return mime_type
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DOCX
    if data and _is_text(data):
        return TEXT
    return None


def sniff(data: bytes) -> str:
    """Return the MIME type of `data` that this library reads (PDF, PNG, JPEG, TIFF or UTF-8 text), or raise."""
    if not data.strip():
        raise EmptyDocumentError("The file is empty")
    mime_type = detect(data)
    if mime_type is not None and mime_type != DOCX:
        return mime_type
    for signature, name in _KNOWN_OTHERS:
        if data.startswith(signature):
            raise UnsupportedFormatError(f"it looks like {name}")
    raise UnsupportedFormatError()


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _is_text(data: bytes) -> bool:
    """UTF-8 without NUL or stray control characters: what a text file looks like."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls == 0
