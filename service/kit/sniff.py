"""What intake accepts, by MIME type read from the bytes (the `ocr` library's one sniffer): the file
name and the client's Content-Type are not trusted."""

from __future__ import annotations

from ocr.sniff import DOCX, JPEG, PDF, PNG, TEXT, TIFF, detect

ACCEPTED = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    TIFF: (".tif", ".tiff"),
    TEXT: (".txt", ".text"),
    DOCX: (".docx",),
}


def sniff_mime(data: bytes) -> str | None:
    """The MIME type the bytes really are, or None when not a format we accept."""
    mime = detect(data)
    return mime if mime in ACCEPTED else None


def extension_matches(filename: str, mime: str) -> bool:
    """Whether the file name's extension is one of those expected for `mime` (no extension is fine)."""
    name = filename.lower()
    if "." not in name:
        return True
    return name.endswith(ACCEPTED.get(mime, ()))
