"""Background work of the document domain: `document.extract_text`."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import ocr
from service.document import extraction
from service.document.errors import EXTRACTION_FAILED, EXTRACTION_FAILED_DETAIL
from service.translation_request import pipeline
from service.translation_request.step_task import step_task
from service.worker.task import Failure, task_session

# A crashed tesseract (memory) or a database hiccup may pass; a refused document will not.
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


@step_task(pipeline.EXTRACT, known=(ocr.OcrError,), transient=(ocr.OcrEngineError,),
           unexpected=Failure(EXTRACTION_FAILED, EXTRACTION_FAILED_DETAIL), max_retries=MAX_RETRIES,
           retry_delay_s=RETRY_DELAY_S)
def extract_text(request_id: int) -> None:
    """Extract the text of a request's original into pages and segments (idempotent, retry-safe)."""
    # Three transactions, none open during OCR: see service.document.extraction.
    with task_session() as session:
        job = extraction.start(session, request_id=request_id)
    if job is None:
        return
    # The page images wait in a private folder until `finish` stores them in its transaction.
    with tempfile.TemporaryDirectory(prefix="passerelle-pages-") as folder:
        document = extraction.read(job, progress=ProgressReporter(request_id), image_dir=Path(folder))
        with task_session() as session:
            extraction.finish(session, request_id=request_id, document=document)
