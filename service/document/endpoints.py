"""HTTP API of extracted text."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from service.deps import CurrentUser, SessionDep
from service.document import extraction, page_images, standard_forms
from service.document.schemas import ExtractedPageRead, StandardFormRead
from service.kit.storage import get_store
from service.translation_request import service as request_service
from service.translation_request.errors import DocumentUnavailable

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


@router.get("/{request_id}/pages/{number}/image", response_class=FileResponse,
            responses={200: {"content": {page_images.MIME_TYPE: {}}}})
def page_image(session: SessionDep, user: CurrentUser, request_id: int, number: int) -> FileResponse:
    """The image of page `number` (1-based) as OCR read it, WebP; segment boxes are fractions of it."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    doc = page_images.image(request, number)
    request_service.record_read(session, request, user=user, object_kind="page_image", purpose="read_page_image",
                                channel="api", ref=str(number), doc=doc)
    return FileResponse(get_store().path(doc.storage_key or ""), media_type=doc.mime_type,
                        headers={"Cache-Control": "private, no-store"})


@router.get("/{request_id}/standard-form", response_model=StandardFormRead)
def standard_form_key(session: SessionDep, user: CurrentUser, request_id: int) -> StandardFormRead:
    """The French key of the multilingual standard form recognised in the request's document."""
    request = request_service.get_visible(session, user=user, request_id=request_id)
    key = standard_forms.french_key(request.standard_form or "")
    if key is None:
        raise DocumentUnavailable(f"No standard form was recognised in {request.reference}.")
    return StandardFormRead(code=request.standard_form or "", title=key.title, fields=list(key.fields),
                            codes=key.codes, source=key.source)
