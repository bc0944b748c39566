"""MIME types from the bytes themselves: the file name and the client's Content-Type are not trusted."""

from __future__ import annotations

import zipfile
from io import BytesIO

ACCEPTED = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/tiff": (".tif", ".tiff"),
    "text/plain": (".txt", ".text"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
}


def sniff_mime(data: bytes) -> str | None:
    """The MIME type the bytes really are, or None when not a format we accept."""
    head = data[:16]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"PK\x03\x04") and _is_docx(data):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if _is_text(data):
        return "text/plain"
    return None


def extension_matches(filename: str, mime: str) -> bool:
    """Whether the file name's extension is one of those expected for `mime` (no extension is fine)."""
    name = filename.lower()
    if "." not in name:
        return True
    return name.endswith(ACCEPTED.get(mime, ()))


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still text.
        if exc.start < len(sample) - 4:
            return False
        text = sample[: exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in text)
    return bool(text) and printable / len(text) > 0.95
