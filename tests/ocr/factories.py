"""Plain keyword-only factories for documents with known text: images, scanned and digital PDFs."""

from __future__ import annotations

import io
import re
import struct
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


def encrypted_pdf(*, lines: Sequence[str], user_password: str, algorithm: str = "RC4-128") -> bytes:
    """A digital PDF encrypted by pypdf (an empty `user_password` opens without asking)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(digital_pdf(pages=[lines]))))
    writer.encrypt(user_password=user_password, owner_password="proprietaire", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(objects: Sequence[bytes], *, xref: bool = True) -> bytes:
    """A PDF written object by object (object 1 is the catalog); `xref=False` leaves out the table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    if xref:
        start = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
        out += trailer + f"startxref\n{start}\n".encode()
    else:
        out += trailer
    return bytes(out + b"%%EOF\n")


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _jbig2_segment(number: int, kind: int, data: bytes) -> bytes:
    # Segment header: number, flags (type), no referred-to segment, page 1, data length.
    return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data


def jbig2_blank(width: int, height: int) -> bytes:
    """A JBIG2 stream (PDF embedded organisation) of a white bitmap: page information + MMR generic region.

    In MMR (T.6) coding a white row under a white reference row is one "vertical 0" code, bit 1.
    """
    page = struct.pack(">IIIIBH", width, height, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", width, height, 0, 0, 0) + b"\x01" + b"\xff" * ((height + 7) // 8)
    return _jbig2_segment(0, 48, page) + _jbig2_segment(1, 38, region)


def one_page_pdf(content: bytes, *, jbig2_size: tuple[int, int] | None = None, xref: bool = True) -> bytes:
    """A 300x300 pt page drawing `content` (Helvetica as /F1), with a blank JBIG2 image as /Im1 if sized."""
    resources = b"/Font << /F1 5 0 R >>" + (b" /XObject << /Im1 4 0 R >>" if jbig2_size else b"")
    image_object = b"<< >>"
    if jbig2_size:
        width, height = jbig2_size
        image_object = _stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                               b"/BitsPerComponent 1 /Filter /JBIG2Decode" % (width, height),
                               jbig2_blank(width, height))
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources << " + resources
        + b" >> /Contents 6 0 R >>",
        image_object,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(b"", content),
    ], xref=xref)


def filled_form_pdf(*, fields: Sequence[tuple[str, str]], ticked: Sequence[tuple[str, bool]] = (),
                    above: tuple[str, str] | None = None) -> bytes:
    """A form as caisses receive them: "label" + text field per line, tick boxes before their label.

    `fields` are (label, typed value); `ticked` are (label, checked); `above` is a label printed over
    its field instead of beside it.
    """
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(8 * inch, 6 * inch))
    name = _register_font()
    pdf.setFont(name, 11)
    y = 5.4 * inch
    for n, (label, value) in enumerate(fields):
        pdf.drawString(0.5 * inch, y, label)
        pdf.acroForm.textfield(name=f"field{n}", value=value, x=2.2 * inch, y=y - 6, width=200, height=20,
                               fontName="Helvetica", fontSize=10)
        y -= 0.5 * inch
    for n, (label, checked) in enumerate(ticked):
        pdf.acroForm.checkbox(name=f"tick{n}", checked=checked, x=0.5 * inch, y=y - 4, size=14)
        pdf.drawString(0.5 * inch + 20, y, label)
        y -= 0.5 * inch
    if above is not None:
        pdf.drawString(0.5 * inch, y, above[0])
        pdf.acroForm.textfield(name="below", value=above[1], x=0.5 * inch, y=y - 30, width=300, height=20,
                               fontName="Helvetica", fontSize=10)
    pdf.drawString(0.5 * inch, 0.5 * inch, "Fait pour servir et valoir ce que de droit.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


BOLD_FONT = f"{FONT_DIR}/DejaVuSans-Bold.ttf"
LETTERHEAD = ("Caisse primaire d'assurance maladie", "12 rue de la Paix", "75002 Paris")
ADDRESS = ("Monsieur Jean Dupont", "4 avenue Victor Hugo", "69003 Lyon")
REFERENCE, DATE_LINE = "Réf. : 2024/AM/001234", "Paris, le 3 mai 2024"
BODY = (
    "Monsieur, nous avons bien reçu votre demande de remboursement des frais",
    "médicaux engagés lors de votre séjour. Après examen de votre dossier, nous",
    "vous informons que les montants suivants vous seront versés.",
)
TABLE = (("Consultation du 12 mars", "25,00 EUR"), ("Analyses de laboratoire", "48,30 EUR"),
         ("Médicaments prescrits", "17,45 EUR"))
CLOSING = "Veuillez agréer, Monsieur, nos salutations distinguées."
# Where each part of the letter is drawn (pixels at 300 DPI on an A4-wide page).
LETTER_SIZE = (2480, 1500)
LETTER_X, ADDRESS_X, DATE_X, AMOUNT_X = 150, 1500, 1600, 1300


def letter_image() -> Image.Image:
    """A caisse's letter as scanned: letterhead top left, address block right, reference and date on one
    line, a paragraph, a two-column table of amounts, a closing line."""
    image = Image.new("L", LETTER_SIZE, 255)
    draw = ImageDraw.Draw(image)
    face, bold = ImageFont.truetype(FONT, 42), ImageFont.truetype(BOLD_FONT, 50)
    for row, line in enumerate(LETTERHEAD):
        draw.text((LETTER_X, 120 + row * 62), line, font=bold if row == 0 else face, fill=0)
    for row, line in enumerate(ADDRESS):
        draw.text((ADDRESS_X, 400 + row * 55), line, font=face, fill=0)
    draw.text((LETTER_X, 650), REFERENCE, font=face, fill=0)
    draw.text((DATE_X, 650), DATE_LINE, font=face, fill=0)
    for row, line in enumerate(BODY):
        draw.text((LETTER_X, 800 + row * 60), line, font=face, fill=0)
    for row, (label, amount) in enumerate(TABLE):
        draw.text((LETTER_X, 1050 + row * 70), label, font=face, fill=0)
        draw.text((AMOUNT_X, 1050 + row * 70), amount, font=face, fill=0)
    draw.text((LETTER_X, 1300), CLOSING, font=face, fill=0)
    return image


def digital_letter_pdf() -> bytes:
    """The letter of `letter_image` as a digital PDF (reportlab text layer), parts where the scan has them."""
    buffer = io.BytesIO()
    width, height = (side / DPI * 72 for side in LETTER_SIZE)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setFont(_register_font(), 10)

    def line(x_px: int, y_px: int, text: str) -> None:
        pdf.drawString(x_px / DPI * 72, height - (y_px + 40) / DPI * 72, text)

    for row, text in enumerate(LETTERHEAD):
        line(LETTER_X, 120 + row * 62, text)
    for row, text in enumerate(ADDRESS):
        line(ADDRESS_X, 400 + row * 55, text)
    line(LETTER_X, 650, REFERENCE)
    line(DATE_X, 650, DATE_LINE)
    for row, text in enumerate(BODY):
        line(LETTER_X, 800 + row * 60, text)
    for row, (label, amount) in enumerate(TABLE):
        line(LETTER_X, 1050 + row * 70, label)
        line(AMOUNT_X, 1050 + row * 70, amount)
    line(LETTER_X, 1300, CLOSING)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
