"""`document.extract_text`: from a submitted original to pages, counts and segments."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import ocr
from service.document import extraction, tasks
from service.kit.storage import get_store
from service.models import Event, ExtractedPage, Segment, TranslationRequest
from service.models.enums import RequestStatus, Role
from service.translation_request import pipeline
from service.worker import names
from service.worker.app import celery_app
from service.worker.enqueue import enqueue
from tests.factories import headers_for, make_caisse, make_user
from tests.ocr import factories as docs
from tests.ocr.factories import FRENCH_LINES, GERMAN_LINES, normalised

LETTER = (
    "Sehr geehrte Frau Schmidt,\n\nwir haben Ihren Antrag vom 3. Mai erhalten. Die Bearbeitung dauert "
    "etwa zwei Wochen.\n\nMit freundlichen Grüßen"
)


@pytest.fixture(autouse=True)
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[object, ...]]]:
    """Tasks extraction queues next, recorded instead of run: drafting is another domain's test."""
    sent: list[tuple[str, tuple[object, ...]]] = []

    def record(session: Session, name: str, *args: object, **options: object) -> None:
        if name == names.EXTRACT_TEXT:  # a submission's own extraction runs as usual
            enqueue(session, name, *args, **options)  # type: ignore[arg-type]
        else:
            sent.append((name, args))

    monkeypatch.setattr(pipeline, "enqueue", record)
    return sent


@pytest.fixture
def agent(db: Session):  # type: ignore[no-untyped-def]
    caisse = make_caisse(db)
    user = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    return user, headers_for(db, user)


def _submit(client, headers, data: bytes, *, name: str, lang: str = "de") -> dict:  # type: ignore[no-untyped-def]
    form = {
        "source_lang": lang,
        "target_lang": "fr" if lang != "fr" else "de",
        "document_type": "correspondence",
    }
    response = client.post(
        "/api/requests", headers=headers, data=form, files={"file": (name, data, "application/octet-stream")}
    )
    assert response.status_code == 201, response.text
    return response.json()


def _run(request_id: int) -> None:
    celery_app.tasks[names.EXTRACT_TEXT].apply(args=(request_id,))


def _reached(client, headers, request_id: int, status: str) -> bool:  # type: ignore[no-untyped-def]
    events = client.get(f"/api/requests/{request_id}/events", headers=headers).json()
    return any(e["to_status"] == status for e in events)


def _segments(db: Session, request_id: int) -> list[Segment]:
    db.expire_all()
    return list(
        db.scalars(select(Segment).where(Segment.request_id == request_id).order_by(Segment.position))
    )


class TestExtractText:
    def test_scanned_pdf_submitted_through_the_api_ends_extracted_with_its_text(
        self, client, db, agent, queued
    ) -> None:
        _, headers = agent
        scan = docs.scanned_pdf(pages=[docs.text_image(lines=FRENCH_LINES)])

        body = _submit(client, headers, scan, name="courrier.pdf", lang="fr")

        assert _reached(client, headers, body["id"], "extracted")
        pages = client.get(f"/api/requests/{body['id']}/pages", headers=headers).json()
        assert [(p["number"], p["method"]) for p in pages] == [(1, "ocr")]
        assert normalised(pages[0]["text"]) == normalised(" ".join(FRENCH_LINES))
        request = client.get(f"/api/requests/{body['id']}", headers=headers).json()
        assert request["status"] == "extracted"
        assert request["pages"] == 1 and request["detected_lang"] == "fr"
        assert request["words"] == len(" ".join(FRENCH_LINES).split())
        assert queued == [("segment.draft", (body["id"],))]

    def test_text_is_cut_into_sentence_segments_that_keep_page_and_paragraph(self, client, db, agent) -> None:
        _, headers = agent

        body = _submit(client, headers, LETTER.encode(), name="brief.txt")

        segments = _segments(db, body["id"])
        assert [s.source_text for s in segments] == [
            "Sehr geehrte Frau Schmidt,",
            "wir haben Ihren Antrag vom 3. Mai erhalten.",
            "Die Bearbeitung dauert etwa zwei Wochen.",
            "Mit freundlichen Grüßen",
        ]
        assert [(s.page, s.paragraph) for s in segments] == [(1, 0), (1, 1), (1, 1), (1, 2)]
        assert {s.status for s in segments} == {"pending"}
        request = db.get(TranslationRequest, body["id"])
        assert request is not None and request.characters == len(LETTER)

    def test_running_twice_changes_nothing(self, client, db, agent) -> None:
        _, headers = agent
        body = _submit(client, headers, LETTER.encode(), name="brief.txt")
        before = [s.source_text for s in _segments(db, body["id"])]

        _run(body["id"])

        assert [s.source_text for s in _segments(db, body["id"])] == before
        done = db.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.request_id == body["id"], Event.to_status == "extracted")
        )
        assert done == 1

    def test_rerun_after_a_crash_replaces_what_the_first_run_left(self, db) -> None:
        request = _request_with_original(
            db, docs.digital_pdf(pages=[GERMAN_LINES]), status=RequestStatus.EXTRACTING
        )
        db.add(ExtractedPage(request_id=request.id, number=1, text="stale", method="ocr"))
        db.add(Segment(request_id=request.id, position=1, source_text="stale"))
        db.commit()

        _run(request.id)

        texts = [s.source_text for s in _segments(db, request.id)]
        assert "stale" not in texts and texts[0].startswith("Die Krankenkasse hat Ihren Antrag")
        assert (
            db.scalar(
                select(func.count()).select_from(ExtractedPage).where(ExtractedPage.request_id == request.id)
            )
            == 1
        )

    def test_progress_per_page_is_visible_on_the_request(self, client, db, agent, monkeypatch) -> None:
        _, headers = agent
        seen: list[dict] = []
        report = tasks.ProgressReporter.__call__

        def report_then_look(reporter: tasks.ProgressReporter, done: int, total: int) -> None:
            report(reporter, done, total)  # committed: any other session (the API) sees it now
            seen.append(
                client.get(f"/api/requests/{reporter.request_id}", headers=headers).json()["progress"]
            )

        monkeypatch.setattr(tasks.ProgressReporter, "__call__", report_then_look)
        monkeypatch.setattr(tasks, "PROGRESS_INTERVAL_S", 0.0)

        body = _submit(client, headers, docs.digital_pdf(pages=[GERMAN_LINES] * 3), name="brief.pdf")

        assert [p["label"] for p in seen] == ["OCR page 1/3", "OCR page 2/3", "OCR page 3/3"]
        assert client.get(f"/api/requests/{body['id']}", headers=headers).json()["progress"]["label"] is None

    def test_document_over_60_pages_is_counted_and_flagged(self, db) -> None:
        request = _request_with_original(db, docs.digital_pdf(pages=[GERMAN_LINES[:1]] * 61))

        _run(request.id)

        db.expire_all()
        assert request.status == RequestStatus.EXTRACTED
        assert request.pages == 61
        assert any("over 60 pages" in w for w in request.warnings)

    def test_declared_language_mismatch_is_a_warning_on_the_request(self, client, db, agent) -> None:
        _, headers = agent

        body = _submit(client, headers, LETTER.encode(), name="brief.txt", lang="fr")

        request = client.get(f"/api/requests/{body['id']}", headers=headers).json()
        assert request["detected_lang"] == "de"
        assert any("declared 'fr'" in w for w in request["warnings"])

    def test_word_original_is_extracted_as_text(self, db) -> None:
        word = WordDocument()
        word.add_paragraph("Sehr geehrte Frau Schmidt,")
        word.add_paragraph("wir haben Ihren Antrag erhalten. Die Bearbeitung dauert zwei Wochen.")
        buffer = io.BytesIO()
        word.save(buffer)
        request = _request_with_original(db, buffer.getvalue(), mime_type=extraction.word.DOCX_MIME)

        _run(request.id)

        assert [s.source_text for s in _segments(db, request.id)][-1] == "Die Bearbeitung dauert zwei Wochen."


class TestExtractionFailures:
    def test_encrypted_pdf_fails_with_its_code_and_the_original_is_kept(self, client, db, agent) -> None:
        _, headers = agent
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(docs.digital_pdf(pages=[GERMAN_LINES]))))
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
        locked = io.BytesIO()
        writer.write(locked)

        body = _submit(client, headers, locked.getvalue(), name="verschlossen.pdf")

        request = client.get(f"/api/requests/{body['id']}", headers=headers).json()
        assert request["status"] == "failed"
        assert request["failure_code"] == "encrypted_pdf"
        assert "qpdf --decrypt" in request["failure_detail"]
        original = client.get(f"/api/requests/{body['id']}/original", headers=headers)
        assert original.status_code == 200 and original.content == locked.getvalue()

    def test_blank_scan_fails_as_having_no_text(self, db) -> None:
        request = _request_with_original(db, docs.digital_pdf(pages=[()]))

        _run(request.id)

        db.expire_all()
        assert request.status == RequestStatus.FAILED and request.failure_code == "no_text"

    def test_transient_engine_failure_is_retried_then_recorded(self, db, monkeypatch) -> None:
        calls: list[int] = []

        def crash(job: extraction.Job, **_: object) -> ocr.ExtractedDocument:
            calls.append(job.request_id)
            raise ocr.OcrEngineError("tesseract was killed")

        monkeypatch.setattr(extraction, "read", crash)
        request = _request_with_original(db, LETTER.encode())

        _run(request.id)

        db.expire_all()
        assert len(calls) == tasks.MAX_RETRIES + 1
        assert request.status == RequestStatus.FAILED and request.failure_code == "ocr_engine_failed"

    def test_unexpected_error_fails_with_a_next_step_and_no_internals(self, db, monkeypatch) -> None:
        def bug(job: extraction.Job, **_: object) -> ocr.ExtractedDocument:
            raise KeyError("internal detail")

        monkeypatch.setattr(extraction, "read", bug)
        request = _request_with_original(db, LETTER.encode())

        _run(request.id)

        db.expire_all()
        assert request.failure_code == "extraction_failed"
        assert "internal detail" not in (request.failure_detail or "") and "retry" in request.failure_detail

    def test_purged_original_fails_as_missing(self, db) -> None:
        request = _request_with_original(db, LETTER.encode())
        get_store().delete(request.documents[0].storage_key)

        _run(request.id)

        db.expire_all()
        assert request.status == RequestStatus.FAILED and request.failure_code == "original_missing"

    def test_request_cancelled_during_ocr_keeps_no_result(self, db) -> None:
        request = _request_with_original(db, LETTER.encode(), status=RequestStatus.EXTRACTING)
        job = extraction.start(db, request_id=request.id)
        assert job is not None
        document = extraction.read(job)
        request.status = RequestStatus.CANCELLED
        db.commit()

        assert extraction.finish(db, request_id=request.id, document=document) is False
        assert _segments(db, request.id) == []


def _request_with_original(
    db: Session, data: bytes, *, status: RequestStatus = RequestStatus.RECEIVED, mime_type: str | None = None
) -> TranslationRequest:
    """A request whose original is stored, inserted directly in `status` (no background work)."""
    from service.models import Document
    from tests.factories import make_request

    caisse = make_caisse(db)
    request = make_request(db, caisse=caisse, status=status, pages=None)
    stored = get_store().put(data)
    db.add(
        Document(
            request_id=request.id,
            role="original",
            storage_key=stored.key,
            sha256=stored.sha256,
            size_bytes=stored.size_bytes,
            mime_type=mime_type or ocr.sniff.sniff(data),
            original_name=Path("original").name,
        )
    )
    db.commit()
    db.refresh(request)
    return request
