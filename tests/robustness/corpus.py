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


_BOMB_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
               b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
               b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
               b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               b'wordprocessingml.document.main+xml"/></Types>')
_BOMB_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
              b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
              b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
              b'</Relationships>')
_BOMB_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.'
              b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Attestation</w:t></w:r></w:p>')


def docx_bomb(paragraphs: int) -> bytes:
    """A minimal valid DOCX whose body is `paragraphs` empty paragraphs: tiny zipped, huge unpacked.

    Issue 15's bombs: two million (12 MB of XML) zip to 19 KB; about six million (36 MB) to 56 KB.
    """
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", _BOMB_TYPES)
        bomb.writestr("_rels/.rels", _BOMB_RELS)
        bomb.writestr("word/document.xml", _BOMB_HEAD + b"<w:p/>" * paragraphs + b"</w:body></w:document>")
    return out.getvalue()
