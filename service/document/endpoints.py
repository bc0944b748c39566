"""HTTP API of extracted text."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import CurrentUser, SessionDep
from service.document import extraction
from service.document.schemas import ExtractedPageRead
from service.translation_request import service as request_service

router = APIRouter(prefix="/api/requests", tags=["documents"])


@router.get("/{request_id}/pages", response_model=list[ExtractedPageRead])
def list_pages(session: SessionDep, user: CurrentUser, request_id: int) -> list[ExtractedPageRead]:
    """The text extracted from each page of the original, with how it was read (text layer or OCR)."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    pages = extraction.pages(session, request)
    if pages:
        request_service.record_read(session, request, user=user, object_kind="extracted_text",
                                    purpose="read_extracted_text", channel="api")
    return [ExtractedPageRead.model_validate(page) for page in pages]
