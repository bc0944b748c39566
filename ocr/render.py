"""PDF pages through PDFium (pypdfium2): each page's text layer, and an image of the pages to recognise.

PDFium reads text layers about 7x faster than pypdf (pure Python), which matters for long digital
documents; pypdf still opens the file first (encryption, damage, page count) and looks for images.
"""

from __future__ import annotations

from types import TracebackType

import pypdfium2 as pdfium
from PIL import Image

from ocr.errors import CorruptDocumentError, EncryptedPdfError, ImageTooLargeError

POINTS_PER_INCH = 72


class PdfiumDocument:
    """The PDF opened with PDFium on first use, for text layers and rendering."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        self._data = data
        self._password = password
        self._document: pdfium.PdfDocument | None = None

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._document is not None:
            self._document.close()

    def text(self, index: int) -> str:
        """Page `index`'s (0-based) text layer; empty when PDFium cannot decode it (the page is then OCRed)."""
        page = textpage = None
        try:
            page = self._open()[index]
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
        except pdfium.PdfiumError:
            return ""
        finally:
            for opened in (textpage, page):
                if opened is not None:
                    opened.close()
        # PDFium ends lines with CRLF and marks hyphens it found at a line's end as U+0002.
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")

    def render(self, index: int, dpi: int, max_pixels: int) -> tuple[Image.Image, int]:
        """Render page `index` (0-based) in grayscale; returns the image and the DPI actually used.

        A page too large for `max_pixels` at `dpi` is rendered at the highest DPI that fits, as long as
        that stays readable (150 DPI); beyond that it is refused.
        """
        page = self._open()[index]
        try:
            width_in, height_in = (side / POINTS_PER_INCH for side in page.get_size())
            used_dpi = _fitting_dpi(width_in, height_in, dpi, max_pixels)
            bitmap = page.render(scale=used_dpi / POINTS_PER_INCH, grayscale=True, may_draw_forms=True)
            return bitmap.to_pil(), used_dpi
        except pdfium.PdfiumError as e:
            raise CorruptDocumentError("PDF", f"page {index + 1} cannot be drawn: {e}") from e
        finally:
            page.close()

    def _open(self) -> pdfium.PdfDocument:
        if self._document is None:
            try:
                self._document = pdfium.PdfDocument(self._data, password=self._password)
            except pdfium.PdfiumError as e:
                if "password" in str(e).lower():
                    raise EncryptedPdfError() from e
                raise CorruptDocumentError("PDF", str(e)) from e
        return self._document


MIN_READABLE_DPI = 150


def _fitting_dpi(width_in: float, height_in: float, dpi: int, max_pixels: int) -> int:
    """The requested DPI, lowered so the bitmap stays under `max_pixels`; refuse if unreadably low."""
    area = max(width_in * height_in, 1e-6)
    if area * dpi * dpi <= max_pixels:
        return dpi
    fitting = int((max_pixels / area) ** 0.5)
    if fitting < MIN_READABLE_DPI:
        raise ImageTooLargeError(int(area * dpi * dpi), max_pixels)
    return fitting
