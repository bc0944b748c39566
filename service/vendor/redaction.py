"""The original as a vendor may see it: a PDF of page images with every masked value under a black box.

Drawing it needs OCR (the words' boxes), so it runs in the background task of `vendor.prepare_package`;
`check_redactable` refuses at once what could never be redacted, before a manager waits for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from service import engines
from service.kit.storage import get_store
from service.models import Document, TranslationRequest
from service.models.enums import DocumentRole
from service.translation_request import service as request_service
from service.vendor.errors import OriginalNotRedactable, RedactionIncomplete

REDACTABLE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/tiff"})


def check_redactable(request: TranslationRequest) -> Document:
    """The request's original, if it can be redacted (a PDF or an image still stored)."""
    original = request_service.document(request, DocumentRole.ORIGINAL)
    if original is None or original.storage_key is None:
        raise OriginalNotRedactable(request.reference, "it is no longer stored (retention policy)", "purged")
    if original.mime_type not in REDACTABLE_TYPES:
        raise OriginalNotRedactable(request.reference, f"it is a {original.mime_type} file, not a PDF or an image",
                                    "format")
    return original


@dataclass(frozen=True)
class Work:
    """An original to redact: its bytes, the values to hide, its language."""

    data: bytes
    values: list[str]
    language: str


def work(request: TranslationRequest, values: list[str]) -> Work:
    """The redaction to do for the request's original (refused if it cannot be redacted)."""
    original = check_redactable(request)
    assert original.storage_key is not None
    return Work(get_store().read(original.storage_key), values, request.source_lang)


def draw(job: Work) -> bytes:
    """The original redacted: page images only, each value boxed; refused if a value was not located."""
    redacted = engines.redact(job.data, job.values, language=job.language)
    if redacted.missing:
        raise RedactionIncomplete(len(redacted.missing))
    return redacted.pdf
