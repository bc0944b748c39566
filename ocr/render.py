"""A PDF opened with PDFium (pypdfium2): each page's text layer and form values, its images, its rendering.

PDFium reads text layers about 7x faster than pypdf (pure Python), which matters for long digital
documents. `ocr.pdf.open_pdf` opens the file and checks it; this class reads the pages.
"""

from __future__ import annotations

import ctypes
from types import TracebackType

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ocr import forms, layout
from ocr.errors import CorruptDocumentError, ImageTooLargeError
from ocr.model import Word

POINTS_PER_INCH = 72
# Form XObjects may nest; real documents rarely go deeper than this, hostile ones may loop.
MAX_FORM_DEPTH = 4
_IMAGE = [pdfium_c.FPDF_PAGEOBJ_IMAGE]


class PdfiumDocument:
    """An open PDF; use it as a context manager so PDFium's memory is released."""

    def __init__(self, document: pdfium.PdfDocument) -> None:
        self._document = document

    def __len__(self) -> int:
        return len(self._document)

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the document (and its form environment)."""
        self._document.close()

    def text(self, index: int) -> str:
        """Page `index`'s (0-based) text layer with its form values; empty when PDFium cannot decode it."""
        page = textpage = None
        try:
            page = self._document[index]
            textpage = page.get_textpage()
            fields = forms.filled_fields(self._document, page)
            text = forms.text_with_fields(textpage, fields) if fields else textpage.get_text_bounded()
        except pdfium.PdfiumError:
            return ""
        finally:
            for opened in (textpage, page):
                if opened is not None:
                    opened.close()
        # PDFium ends lines with CRLF and marks hyphens it found at a line's end as U+0002.
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")

    def characters(self, index: int) -> tuple[Word, ...]:
        """Page `index`'s text-layer characters with their boxes (fractions of the page, origin top left).

        Empty when PDFium cannot read them or the page is turned (/Rotate). Values typed into form fields
        are not characters of the page.
        """
        page = textpage = None
        try:
            page = self._document[index]
            if page.get_rotation():
                return ()  # boxes would be in the unturned page, not in the image shown
            textpage = page.get_textpage()
            width, height = page.get_size()
            return tuple(word for i in range(textpage.count_chars())
                         if (word := _character(textpage, i, width, height)) is not None)
        except pdfium.PdfiumError:
            return ()
        finally:
            for opened in (textpage, page):
                if opened is not None:
                    opened.close()

    def laid_out(self, index: int) -> layout.Arranged | None:
        """Page `index`'s text layer laid out like an OCR page (`ocr.layout`), words with their boxes.

        None when the page has filled form fields (their values are placed by `text`, not here), is turned
        (/Rotate: its boxes would not match the image shown) or when PDFium cannot read it.
        """
        page = textpage = None
        try:
            page = self._document[index]
            if page.get_rotation() or forms.filled_fields(self._document, page):
                return None
            textpage = page.get_textpage()
            width, height = page.get_size()
            glyphs = _glyphs(textpage)
        except pdfium.PdfiumError:
            return None
        finally:
            for opened in (textpage, page):
                if opened is not None:
                    opened.close()
        # Layout works in points scaled to tenths (integers) with the origin at the top.
        scaled = [layout.Glyph(g.text, g.left, round(height * 10) - g.bottom, g.right,
                               round(height * 10) - g.top, g.confidence, g.line) for g in glyphs]
        return layout.arrange(scaled, round(width * 10), round(height * 10))

    def has_images(self, index: int) -> bool:
        """Whether page `index` draws any image (directly, inside a form, or inline): a scan may hide there."""
        try:
            page = self._document[index]
        except pdfium.PdfiumError:
            return True  # cannot tell: be safe and let OCR look
        try:
            return any(True for _ in page.get_objects(filter=_IMAGE, max_depth=MAX_FORM_DEPTH))
        except pdfium.PdfiumError:
            return True
        finally:
            page.close()

    def page_width(self, index: int) -> float:
        """Page `index`'s (0-based) width in points (1/72 inch)."""
        try:
            page = self._document[index]
        except pdfium.PdfiumError as e:
            raise CorruptDocumentError("PDF", f"page {index + 1} cannot be read: {e}") from e
        try:
            return float(page.get_width())
        finally:
            page.close()

    def render(self, index: int, dpi: int, max_pixels: int) -> tuple[Image.Image, int]:
        """Render page `index` (0-based) in grayscale; returns the image and the DPI actually used.

        A page too large for `max_pixels` at `dpi` is rendered at the highest DPI that fits, as long as
        that stays readable (150 DPI); beyond that it is refused. So is a page drawing an image of more
        than `max_pixels` pixels: decoding it would take gigabytes (a decompression bomb).
        """
        try:
            page = self._document[index]
        except pdfium.PdfiumError as e:
            raise CorruptDocumentError("PDF", f"page {index + 1} cannot be read: {e}") from e
        try:
            _check_images(page, max_pixels)
            width_in, height_in = (side / POINTS_PER_INCH for side in page.get_size())
            used_dpi = _fitting_dpi(width_in, height_in, dpi, max_pixels)
            bitmap = page.render(scale=used_dpi / POINTS_PER_INCH, grayscale=True, may_draw_forms=True)
            return bitmap.to_pil(), used_dpi
        except pdfium.PdfiumError as e:
            raise CorruptDocumentError("PDF", f"page {index + 1} cannot be drawn: {e}") from e
        finally:
            page.close()


def _glyphs(textpage: pdfium.PdfTextPage) -> list[layout.Glyph]:
    """The text layer's words (runs of characters between spaces and line ends), in tenths of points,
    origin bottom left (`top` holds the lower edge until the caller flips it), one line key per line."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    box = _CharBox(textpage)
    glyphs: list[layout.Glyph] = []
    line, start = 0, -1
    for i, char in enumerate(text + "\n"):
        if char.isspace() or (not char.isprintable() and char != "\x02"):
            if start >= 0:
                glyphs.append(box.word(text[start:i].replace("\x02", "-"), range(start, i), line))
                start = -1
            if char in "\r\n":
                line += 1
        elif start < 0:
            start = i
    return glyphs


class _CharBox:
    """PDFium's character boxes read into one reused set of doubles (the page's thousands of calls)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self._raw = textpage.raw
        self._sides = [ctypes.c_double() for _ in range(4)]
        self._pointers = [ctypes.byref(side) for side in self._sides]

    def word(self, text: str, indices: range, line: int) -> layout.Glyph:
        left = bottom = float("inf")
        right = top = float("-inf")
        # The first and last characters are enough for a word's box: one word is one run of one font.
        for i in {indices[0], indices[-1]}:
            pdfium_c.FPDFText_GetCharBox(self._raw, i, *self._pointers)
            x0, x1, y0, y1 = (side.value for side in self._sides)
            left, right, bottom, top = min(left, x0), max(right, x1), min(bottom, y0), max(top, y1)
        return layout.Glyph(text, round(left * 10), round(bottom * 10), round(right * 10), round(top * 10), 100.0,
                            (str(line),))


def _character(textpage: pdfium.PdfTextPage, index: int, width: float, height: float) -> Word | None:
    char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
    if char.isspace() or not char.isprintable():
        return None
    left, bottom, right, top = textpage.get_charbox(index)
    w, h = max(width, 1e-6), max(height, 1e-6)
    box = (round(left / w, 4), round(1 - top / h, 4), round(right / w, 4), round(1 - bottom / h, 4))
    return Word(char, box)


def _check_images(page: pdfium.PdfPage, max_pixels: int) -> None:
    for image in page.get_objects(filter=_IMAGE, max_depth=MAX_FORM_DEPTH):
        width, height = image.get_px_size()
        if width * height > max_pixels:
            raise ImageTooLargeError(width * height, max_pixels)


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
