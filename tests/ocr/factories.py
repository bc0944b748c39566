"""Plain keyword-only factories for documents with known text: images, scanned and digital PDFs."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = f"{FONT_DIR}/DejaVuSans.ttf"
DPI = 300
# About 12 pt at 300 DPI: what a letter looks like when scanned.
FONT_PX = 48
MARGIN_PX = 60
LINE_PX = 72

FRENCH_LINES = (
    "La caisse primaire d'assurance maladie a bien reçu",
    "votre demande de remboursement du 12 mars 2024.",
    "Merci de nous retourner le formulaire signé avant",
    "le 15 avril, avec une attestation de l'employeur.",
)
GERMAN_LINES = (
    "Die Krankenkasse hat Ihren Antrag vom 3. Mai",
    "erhalten und wird ihn innerhalb von zwei Wochen",
    "bearbeiten. Bitte senden Sie uns die Bescheinigung.",
)
ENGLISH_LINES = (
    "The pension fund received your claim on 5 June.",
    "Please send the signed form back within two weeks.",
)


def text_image(*, lines: Sequence[str], font: str = FONT, width: int = 1500, mode: str = "L") -> Image.Image:
    """Lines of dark text on a white page, as a 300 DPI scan would show them."""
    face = ImageFont.truetype(font, FONT_PX)
    height = 2 * MARGIN_PX + LINE_PX * len(lines)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((MARGIN_PX, MARGIN_PX + row * LINE_PX), line, font=face, fill=0)
    return image.convert(mode)


def encoded(image: Image.Image, *, fmt: str, **params: object) -> bytes:
    """The image saved in `fmt` (PNG, JPEG, TIFF) at 300 DPI."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, dpi=(DPI, DPI), **params)
    return buffer.getvalue()


def multipage_tiff(*, pages: Sequence[Image.Image]) -> bytes:
    """A multi-page TIFF, one frame per image."""
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=list(pages[1:]), dpi=(DPI, DPI))
    return buffer.getvalue()


def _register_font() -> str:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    return "DejaVuSans"


def digital_pdf(*, pages: Sequence[Sequence[str]], font_size: float = 11) -> bytes:
    """A PDF with a real text layer (reportlab, embedded DejaVu font), one list of lines per page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(6 * inch, 4 * inch))
    name = _register_font()
    for lines in pages:
        pdf.setFont(name, font_size)
        for row, line in enumerate(lines):
            pdf.drawString(0.4 * inch, 3.5 * inch - row * font_size * 1.5, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_pdf(*, pages: Sequence[Image.Image | Sequence[str]]) -> bytes:
    """A PDF whose pages are images (a scan); a page given as lines is drawn as digital text instead."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in pages:
        if isinstance(page, Image.Image):
            size = (page.width / DPI * 72, page.height / DPI * 72)
            pdf.setPageSize(size)
            pdf.drawImage(ImageReader(page), 0, 0, width=size[0], height=size[1])
        else:
            pdf.setPageSize((6 * inch, 4 * inch))
            pdf.setFont(_register_font(), 11)
            for row, line in enumerate(page):
                pdf.drawString(0.4 * inch, 3.5 * inch - row * 16, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def normalised(text: str) -> str:
    """Text with whitespace runs collapsed and typographic apostrophes made plain, for comparisons."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()
