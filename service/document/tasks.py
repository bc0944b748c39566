"""Background work of the document domain: `document.extract_text`."""

from __future__ import annotations

import logging
import time

from sqlalchemy.exc import OperationalError

import ocr
from service.document import extraction
from service.document.errors import EXTRACTION_FAILED, EXTRACTION_FAILED_DETAIL
from service.worker import names
from service.worker.app import celery_app
from service.worker.task import task_session

logger = logging.getLogger(__name__)

# A crashed tesseract (memory) or a database hiccup may pass; a refused document will not.
TRANSIENT = (ocr.OcrEngineError, OperationalError)
RETRY_DELAY_S = 60
MAX_RETRIES = 2
# Progress is written in its own transaction; text-layer PDFs read 100 pages a second.
PROGRESS_INTERVAL_S = 1.0


class ProgressReporter:
    """Writes "OCR page 3/12" on the request as pages are read, at most once per interval."""

    def __init__(self, request_id: int, interval: float | None = None) -> None:
        self.request_id = request_id
        self.interval = PROGRESS_INTERVAL_S if interval is None else interval
        self._last = float("-inf")

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        with task_session() as session:
            extraction.show_progress(session, request_id=self.request_id, done=done, total=total)


@celery_app.task(name=names.EXTRACT_TEXT, bind=True, acks_late=True, max_retries=MAX_RETRIES)
def extract_text(self, request_id: int) -> None:  # type: ignore[no-untyped-def]
    """Extract the text of a request's original into pages and segments (idempotent, retry-safe)."""
    try:
        _extract(request_id)
    except TRANSIENT as e:
        if self.request.retries < self.max_retries:
            logger.warning("text extraction of request %s hit a transient error; retrying", request_id)
            raise self.retry(exc=e, countdown=RETRY_DELAY_S) from e
        code = e.code if isinstance(e, ocr.OcrError) else EXTRACTION_FAILED
        _fail(request_id, code, str(e) if isinstance(e, ocr.OcrError) else EXTRACTION_FAILED_DETAIL)
    except ocr.OcrError as e:
        _fail(request_id, e.code, str(e))
    except Exception:
        # A bug, not the document: keep the details in the log, give people a next step.
        logger.exception("text extraction of request %s failed", request_id)
        _fail(request_id, EXTRACTION_FAILED, EXTRACTION_FAILED_DETAIL)


def _extract(request_id: int) -> None:
    # Three transactions, none open during OCR: see service.document.extraction.
    with task_session() as session:
        job = extraction.start(session, request_id=request_id)
    if job is None:
        return
    document = extraction.read(job, progress=ProgressReporter(request_id))
    with task_session() as session:
        extraction.finish(session, request_id=request_id, document=document)


def _fail(request_id: int, code: str, detail: str) -> None:
    with task_session() as session:
        extraction.record_failure(session, request_id=request_id, code=code, detail=detail)
