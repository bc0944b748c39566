"""The image of each page of a request's original, stored beside it so the editor shows the original next
to the segments.

The image kept is the one OCR finally read (`ocr.Page.image`: turned, straightened, perspective-corrected
for photos; rendered at 150 DPI for text-layer pages), so segment boxes, fractions of that image, fall
where the words are. It is stored as WebP, at most `DISPLAY_WIDTH` pixels wide: the boxes are fractions,
so any size shows them right. Page images are files of the request like the original (role
`page_image`): retention purges them with it and the data-subject erasure removes them.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy.orm import Session

import ocr
from service.db.base import utcnow
from service.document.errors import PageImageUnavailable
from service.kit.storage import delete_after_commit, put_in_transaction
from service.models import Document, TranslationRequest
from service.models.enums import DocumentRole

DISPLAY_WIDTH = 1600
WEBP_QUALITY = 80
MIME_TYPE = "image/webp"


def replace(session: Session, request: TranslationRequest, document: ocr.ExtractedDocument) -> int:
    """Store the page images of a new extraction in place of an earlier one's; returns how many."""
    # The earlier rows stay, file-less, so the access log keeps what was read; their files go on commit.
    for old in [d for d in request.documents if d.role == DocumentRole.PAGE_IMAGE and d.storage_key]:
        delete_after_commit(session, old.storage_key or "")
        old.storage_key, old.purged_at = None, utcnow()
    stored = 0
    for page in document.pages:
        if page.image is None or not Path(page.image).is_file():
            continue
        data = _display_copy(Path(page.image))
        file = put_in_transaction(session, data)
        request.documents.append(Document(
            role=DocumentRole.PAGE_IMAGE, page=page.number, storage_key=file.key, sha256=file.sha256,
            size_bytes=file.size_bytes, mime_type=MIME_TYPE, original_name=f"page-{page.number}.webp"))
        stored += 1
    session.flush()
    return stored


def image(request: TranslationRequest, number: int) -> Document:
    """The stored image of page `number`; `PageImageUnavailable` when there is none (any more)."""
    for doc in request.documents:
        if doc.role == DocumentRole.PAGE_IMAGE and doc.page == number and doc.storage_key:
            return doc
    purged = any(d.role == DocumentRole.ORIGINAL and d.purged_at is not None for d in request.documents)
    raise PageImageUnavailable(request.reference, number, purged=purged, pages=request.pages)


def numbers(request: TranslationRequest) -> list[int]:
    """The pages of the request that have a stored image."""
    return sorted(d.page for d in request.documents
                  if d.role == DocumentRole.PAGE_IMAGE and d.storage_key and d.page is not None)


def _display_copy(path: Path) -> bytes:
    with Image.open(path) as opened:
        pixels = opened.convert("L") if opened.mode not in ("L", "RGB") else opened.copy()
    if pixels.width > DISPLAY_WIDTH:
        pixels = pixels.resize((DISPLAY_WIDTH, round(pixels.height * DISPLAY_WIDTH / pixels.width)),
                               Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    pixels.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()
