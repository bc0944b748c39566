"""Text extraction of a request's original: pages, counts, language warnings and segments.

The work is cut in three so that no database transaction stays open during OCR (minutes on a long
scan): `start` moves the request to `extracting` and hands back the original to read; `read` runs the
`ocr` library outside any transaction; `finish` stores pages and segments in one transaction and moves
the request on. Each step is safe to run twice: a duplicate delivery of the task, or a re-run after a
crash, replaces what an earlier run left and never duplicates it. The original is only ever read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import ocr
from service import engines
from service.agreement import LONG_DOCUMENT_PAGES
from service.cost import billing
from service.document import bounds, page_images, standard_forms, word
from service.document.errors import ORIGINAL_MISSING, ORIGINAL_MISSING_DETAIL
from service.kit.storage import get_store
from service.models import ExtractedPage, Segment, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus, SegmentStatus
from service.translation_request import intake, offers, pipeline
from service.translation_request import service as request_service
from service.translation_request.step_task import claim
from service.vendor import avoided

NO_TEXT = "no_text"
NO_TEXT_DETAIL = (
    "No text was found in the document (blank pages, or a photo without writing). Check the file and "
    "submit a readable scan or the digital document."
)


@dataclass(frozen=True)
class Job:
    """What `read` needs: the original's bytes, its type, and the declared source language."""

    request_id: int
    language: str
    mime_type: str
    data: bytes
    # The pages the caisse asked for (None: all).
    pages: tuple[int, ...] | None = None


def start(session: Session, *, request_id: int) -> Job | None:
    """Mark the request as extracting and return its original; None when there is nothing to do."""
    request = claim(session, pipeline.EXTRACT, request_id=request_id)
    if request is None:
        return None  # extracted, cancelled or failed already: a duplicate delivery changes nothing
    original = request_service.document(request, DocumentRole.ORIGINAL)
    store = get_store()
    if original is None or original.storage_key is None or not store.exists(original.storage_key):
        request_service.fail(session, request, code=ORIGINAL_MISSING, detail=ORIGINAL_MISSING_DETAIL)
        return None
    if request.status == RequestStatus.RECEIVED:
        request_service.transition(session, request, to=RequestStatus.EXTRACTING, action="extraction.started")
    selection = intake.parse_pages(request.page_selection, max_page=10**6) if request.page_selection else None
    return Job(request.id, request.source_lang, original.mime_type, store.read(original.storage_key), selection)


def read(job: Job, *, progress: Callable[[int, int], None] | None = None,
         image_dir: Path | None = None) -> ocr.ExtractedDocument:
    """Extract the original's text, page by page (Word files through python-docx, as one text page).

    Each page's image (as OCR finally read it) goes into `image_dir` when given; `finish` stores them.
    Bounded (`bounds`): a Word file is measured before python-docx parses it, and the text read is
    refused beyond the characters one request may hold.
    """
    limits = bounds.Limits.from_settings()
    document = _read_docx(job, limits, progress) if job.mime_type == word.DOCX_MIME \
        else ocr.extract(job.data, engines.ocr_options(job.language, progress, image_dir, pages=job.pages))
    bounds.check_text(sum(len(p.text) for p in document.pages), limits)
    return document


def _read_docx(job: Job, limits: bounds.Limits,
               progress: Callable[[int, int], None] | None) -> ocr.ExtractedDocument:
    bounds.check_docx(job.data, limits)
    try:
        text = word.docx_text(job.data)
    except Exception as e:  # python-docx raises assorted errors on damaged files
        raise ocr.CorruptDocumentError("Word", f"{type(e).__name__}: {e}") from e
    if not text.strip():
        raise ocr.EmptyDocumentError("The Word document holds no text")
    bounds.check_text(len(text), limits)  # before segmenting it as a text page
    page_count = word.docx_pages(job.data, text)
    bounds.check_pages(page_count, limits)
    document = ocr.extract(text.encode("utf-8"), engines.ocr_options(job.language, progress))
    return dataclasses.replace(document, page_count=page_count)


def show_progress(session: Session, *, request_id: int, done: int, total: int) -> None:
    """Show "OCR page 3/12" on a request still being extracted."""
    request = session.get(TranslationRequest, request_id)
    if request is not None and request.status == RequestStatus.EXTRACTING:
        request_service.set_progress(request, label=f"OCR page {done}/{total}", done=done, total=total)


def finish(session: Session, *, request_id: int, document: ocr.ExtractedDocument) -> bool:
    """Store pages, counts, warnings and segments, mark the request extracted and queue the next step.

    Returns False, storing nothing, when the request left `extracting` meanwhile (cancelled, or
    finished by a twin run).
    """
    request = request_service.get(session, request_id, lock=True)
    if request.status != RequestStatus.EXTRACTING:
        return False
    sentences = _sentences(request, document)
    try:
        bounds.check_segments(len(sentences), bounds.Limits.from_settings())
    except bounds.RequestTooLarge as e:
        request_service.fail(session, request, code=e.code, detail=str(e))
        return True
    _replace_pages(session, request, document)
    page_images.replace(session, request, document)
    segments = _replace_segments(session, request, sentences)
    if segments == 0:
        request_service.fail(session, request, code=NO_TEXT, detail=NO_TEXT_DETAIL)
        return True
    _record_counts(request, document)
    _record_scope(session, request, document)
    _recognise_standard_form(session, request, document)
    request_service.clear_progress(request)
    request_service.transition(
        session,
        request,
        to=RequestStatus.EXTRACTED,
        action="extraction.done",
        detail={
            "pages": document.page_count,
            "pages_read": len(document.pages),
            "segments": segments,
            "language": document.language,
            "methods": sorted({p.method for p in document.pages}),
        },
    )
    pipeline.advance(session, request)
    return True


def pages(session: Session, request: TranslationRequest) -> list[ExtractedPage]:
    """The text read from each page of the request's original, in page order."""
    return list(session.scalars(select(ExtractedPage).where(ExtractedPage.request_id == request.id)
                                .order_by(ExtractedPage.number)))


def doubtful_pages(session: Session, request: TranslationRequest) -> list[int]:
    """The numbers of the pages OCR likely misread (below the calibrated confidence cut), in order."""
    return [page.number for page in pages(session, request) if engines.likely_misread(page.confidence)]


def _replace_pages(session: Session, request: TranslationRequest, document: ocr.ExtractedDocument) -> None:
    session.execute(delete(ExtractedPage).where(ExtractedPage.request_id == request.id))
    session.add_all(
        ExtractedPage(
            request_id=request.id,
            number=p.number,
            text=p.text,
            method=p.method,
            confidence=p.confidence,
            language=p.language,
        )
        for p in document.pages
    )


def _sentences(request: TranslationRequest, document: ocr.ExtractedDocument) -> list[tuple[int, ocr.Sentence]]:
    """(page, sentence with its paragraph and box) in reading order: what becomes the request's segments."""
    return [(page.number, sentence)
            for page in document.pages
            for sentence in engines.located_sentences(page, request.source_lang)]


def _replace_segments(session: Session, request: TranslationRequest,
                      sentences: list[tuple[int, ocr.Sentence]]) -> int:
    """One segment per sentence, in reading order, keeping page and paragraph for the rebuild, and where
    it stands on the page image."""
    session.execute(delete(Segment).where(Segment.request_id == request.id))
    session.add_all(Segment(request_id=request.id, position=position, page=page, paragraph=sentence.paragraph,
                            source_text=sentence.text, status=SegmentStatus.PENDING,
                            bbox=list(sentence.box) if sentence.box else None,
                            ocr_confidence=sentence.confidence)
                    for position, (page, sentence) in enumerate(sentences, start=1))
    session.flush()
    return len(sentences)


def _record_scope(session: Session, request: TranslationRequest, document: ocr.ExtractedDocument) -> None:
    """The pages left out by the caisse's selection, priced at contract rates (estimated from the pages read)."""
    left_out = (request.document_pages or 0) - (request.pages or 0)
    if not request.page_selection or left_out <= 0:
        return
    read = max(len(document.pages), 1)
    characters = round(sum(len(p.text) for p in document.pages) / read * left_out)
    words = round(sum(len(p.text.split()) for p in document.pages) / read * left_out)
    avoided.record(session, request, kind=avoided.SCOPE, pages=left_out,
                   units=billing.units_from_counts(characters, words),
                   detail={"selection": request.page_selection, "document_pages": request.document_pages,
                           "estimated_from_pages_read": len(document.pages)})


def _recognise_standard_form(session: Session, request: TranslationRequest,
                             document: ocr.ExtractedDocument) -> None:
    """A multilingual standard form or extract needs no translation: offer its French key and wait."""
    found = standard_forms.recognise(document.text)
    if found is None or request.offer_status is not None:
        return  # an offer already answered (a re-run after "translate anyway") is not made twice
    request.standard_form, request.offer_status = found.code, offers.PENDING
    request_service.record_event(session, request, action="standard_form.recognised",
                                 detail={"form": found.code, "evidence": list(found.evidence)})


def _record_counts(request: TranslationRequest, document: ocr.ExtractedDocument) -> None:
    texts = [page.text for page in document.pages]
    request.document_pages = document.page_count
    # What is translated and billed: the pages asked for, else the whole document.
    request.pages = len(document.pages) if request.page_selection else document.page_count
    request.words = sum(len(text.split()) for text in texts)
    request.characters = sum(len(text) for text in texts)  # spaces included: the 1,500-character page
    request.detected_lang = document.language
    warnings = list(document.warnings)
    if document.page_count > LONG_DOCUMENT_PAGES:
        warnings.append(
            f"{document.page_count} pages: documents over {LONG_DOCUMENT_PAGES} pages are counted apart in "
            "the late-delivery indicator (IR.8.3)."
        )
    # A new list: the JSON column only notices reassignment; a re-run adds no duplicates.
    request.warnings = [*request.warnings, *(w for w in warnings if w not in request.warnings)]
