"""Text out of Word (DOCX) originals, which intake accepts but the `ocr` library does not read."""

from __future__ import annotations

import io
import math
import re
import zipfile

import docx

from ocr.sniff import DOCX

DOCX_MIME = DOCX
# Word has no fixed pages: when the file does not say, count a billing page of 1,500 characters.
CHARACTERS_PER_PAGE = 1500
_PAGES = re.compile(rb"<Pages>(\d+)</Pages>")


def docx_text(data: bytes) -> str:
    """The paragraphs of the document body and its tables, separated by blank lines."""
    document = docx.Document(io.BytesIO(data))
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text for cell in row.cells))
    return "\n\n".join(block.strip() for block in blocks if block.strip())


def docx_pages(data: bytes, text: str) -> int:
    """The page count Word saved in docProps/app.xml, else an estimate from the text length."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            match = _PAGES.search(archive.read("docProps/app.xml"))
    except (KeyError, zipfile.BadZipFile):
        match = None
    if match and int(match.group(1)) > 0:
        return int(match.group(1))
    return max(1, math.ceil(len(text) / CHARACTERS_PER_PAGE))
