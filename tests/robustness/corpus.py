"""Small valid documents to mutate: a text PDF, a PNG, a JPEG, a TIFF, a DOCX, all tiny so OCR is quick."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw


def _image(fmt: str) -> bytes:
    image = Image.new("L", (220, 60), color=255)
    ImageDraw.Draw(image).text((8, 20), "Bonjour Madame", fill=0)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(220, 100))
    pdf.drawString(10, 50, "Attestation de droits CPAM")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Attestation de droits")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def samples() -> dict[str, bytes]:
    """One valid file per accepted format, keyed by extension."""
    return {
        "pdf": _pdf(),
        "png": _image("PNG"),
        "jpg": _image("JPEG"),
        "tif": _image("TIFF"),
        "docx": _docx(),
        "txt": "Attestation de droits, délivrée le 3 mars.\n".encode(),
    }


MAGICS = [
    b"%PDF-1.4\n",
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"II*\x00",
    b"MM\x00*",
    b"PK\x03\x04",
    b"\xef\xbb\xbf",
]
