"""Small pictures of a document's pages, so that a person can choose which ones to translate.

PDF pages are drawn by PDFium (through `ocr.render`) at the resolution that gives the asked width; image
files (multi-page TIFF included) are scaled down with Pillow. The same checks as extraction apply: an
encrypted, damaged or too long file, or a decompression bomb, is refused with the same errors.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ocr import images, pdf, sniff
from ocr.errors import TooManyPagesError, UnsupportedFormatError
from ocr.render import POINTS_PER_INCH


@dataclass(frozen=True)
class Preview:
    """The document's page count and a PNG thumbnail of each of its first pages."""

    page_count: int
    thumbnails: list[bytes]


def preview(data: bytes, *, width: int = 160, max_pages: int = 500, max_thumbnails: int = 60,
            max_image_pixels: int = 120_000_000) -> Preview:
    """Thumbnails `width` pixels wide of the first `max_thumbnails` pages of a PDF or image file.

    A text file is one page without a picture. Raises the extraction errors (`EncryptedPdfError`,
    `CorruptDocumentError`, `TooManyPagesError`, `ImageTooLargeError`, `UnsupportedFormatError`).
    """
    kind = sniff.sniff(data)
    if kind == sniff.TEXT:
        return Preview(1, [])
    if kind == sniff.PDF:
        return _pdf_preview(data, width, max_pages, max_thumbnails, max_image_pixels)
    if kind in (sniff.PNG, sniff.JPEG, sniff.TIFF):
        return _image_preview(data, width, max_pages, max_thumbnails, max_image_pixels)
    raise UnsupportedFormatError(f"{kind} cannot be shown page by page")


def _pdf_preview(data: bytes, width: int, max_pages: int, max_thumbnails: int, max_pixels: int) -> Preview:
    with pdf.open_pdf(data, max_pages) as document:
        count = len(document)
        pictures = []
        for index in range(min(count, max_thumbnails)):
            width_pt = document.page_width(index)
            dpi = max(1, round(width * POINTS_PER_INCH / max(width_pt, 1.0)))
            image, _ = document.render(index, dpi, max_pixels)
            pictures.append(_png(image, width))
    return Preview(count, pictures)


def _image_preview(data: bytes, width: int, max_pages: int, max_thumbnails: int, max_pixels: int) -> Preview:
    with tempfile.TemporaryDirectory(prefix="passerelle-preview-") as tmp:
        path = Path(tmp) / "source"
        path.write_bytes(data)
        with images.open_image(path, max_pixels) as image:
            count = images.frame_count(image)
            if count > max_pages:
                raise TooManyPagesError(count, max_pages)
            pictures = []
            for index, frame in enumerate(images.frames(image, max_pixels)):
                if index >= max_thumbnails:
                    break
                pictures.append(_png(images.normalised(frame), width))
    return Preview(count, pictures)


def _png(image: Image.Image, width: int) -> bytes:
    picture = image.convert("L")
    picture.thumbnail((width, width * 2))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
