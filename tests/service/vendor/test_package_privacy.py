"""What leaves for a vendor: the masked preview a manager checks, the redacted original sent only when asked
(drawn in the background), refusals that change nothing, and every read of a package in the access log."""

from __future__ import annotations

import io
import zipfile

import pypdfium2 as pdfium
import pytesseract
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocr.redact import key
from service.assignment import service as assignment_service
from service.kit.storage import put_in_transaction
from service.models import Document, DocumentAccess, Event, OutsourcedJob, TranslationRequest, User
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user
from tests.ocr.factories import scanned_pdf, text_image
from tests.service.vendor.helpers import make_drafted, make_rate, make_vendor

LETTER = [("Frau Anna Schmidt", "Mme Anna Schmidt"),
          ("Lindenweg 14, 50667 Köln", "Lindenweg 14, 50667 Cologne"),
          ("Sie wurden am 12.03.1985 geboren.", "Vous êtes née le 12 mars 1985."),
          ("IBAN DE89 3704 0044 0532 0130 00, Tel. +49 30 865 12345", None),
          ("Die Rente wird am Ende des Monats gezahlt.", "La pension est versée à la fin du mois.")]
VALUES = ["Anna Schmidt", "Lindenweg 14", "50667 Köln", "12.03.1985", "DE89 3704 0044 0532 0130 00",
          "+49 30 865 12345", "Cologne", "12 mars 1985"]


def _job(db: Session, *, original: bytes, mime_type: str) -> tuple[TranslationRequest, OutsourcedJob]:
    vendor = make_vendor(db)
    make_rate(db, vendor=vendor, job_class="full_revision")
    make_rate(db, vendor=vendor, job_class="translation")
    request = make_drafted(db, caisse=make_caisse(db), segments=LETTER, characters=3000)
    stored = put_in_transaction(db, original)
    db.add(Document(request_id=request.id, role="original", storage_key=stored.key, sha256=stored.sha256,
                    size_bytes=stored.size_bytes, mime_type=mime_type, original_name="Schmidt_Anna_Rente.pdf"))
    db.commit()
    assignment_service.route(db, request)
    db.commit()
    job = db.scalar(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id))
    assert job is not None
    return request, job


def _scan() -> bytes:
    return scanned_pdf(pages=[text_image(lines=[s for s, _ in LETTER], width=2200)])


def _manager(db: Session) -> tuple[User, dict[str, str]]:
    manager = make_user(db, role=Role.MANAGER)
    return manager, headers_for(db, manager)


def _reads(db: Session, request: TranslationRequest) -> list[tuple[str, str, str | None]]:
    db.expire_all()
    return [(a.object_kind, a.purpose, a.channel) for a in
            db.scalars(select(DocumentAccess).where(DocumentAccess.request_id == request.id))]


class TestPreview:
    def test_the_manager_sees_the_masked_segments_and_what_is_masked_never_the_values(
            self, client: TestClient, db: Session) -> None:
        request, job = _job(db, original=_scan(), mime_type="application/pdf")
        manager, headers = _manager(db)
        answer = client.get(f"/api/jobs/{job.id}/preview", headers=headers)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["segments"][0] == {"position": 1, "source": "Frau ⟦PERSON_1⟧", "draft": "Mme ⟦PERSON_1⟧"}
        assert body["segments"][4]["source"] == "Die Rente wird am Ende des Monats gezahlt."
        masked = {m["kind"]: m["count"] for m in body["masked"]}
        assert masked == {"address": 1, "birth_date": 1, "iban": 1, "person": 1, "phone": 1}
        assert body["masked_total"] == 5 and body["original_redactable"] is True
        assert body["files"] == [f"{request.reference}.xlf", "glossary.csv", "LISEZMOI.txt"]
        for value in VALUES:
            assert value not in answer.text
        assert _reads(db, request) == [("vendor_package", "preview_vendor_package", "api")]
        # A preview sends nothing.
        db.refresh(job)
        assert job.status == "pending" and job.package_key is None

    def test_a_text_original_is_said_not_redactable(self, client: TestClient, db: Session) -> None:
        _, job = _job(db, original=b"Frau Anna Schmidt", mime_type="text/plain")
        _, headers = _manager(db)
        body = client.get(f"/api/jobs/{job.id}/preview", headers=headers).json()
        assert (body["original_redactable"], body["original_refusal"]) == (False, "format")


class TestSendWithTheOriginal:
    def test_the_original_goes_as_a_redacted_pdf_drawn_in_the_background(self, client: TestClient,
                                                                          db: Session) -> None:
        request, job = _job(db, original=_scan(), mime_type="application/pdf")
        _, headers = _manager(db)
        sent = client.post(f"/api/jobs/{job.id}/send", headers=headers, json={"include_original": True})
        assert sent.status_code == 200, sent.text
        assert (sent.json()["status"], sent.json()["package_state"]) == ("pending", "preparing")
        # The background task (run at commit here) drew the redaction and sent the package.
        after = client.get(f"/api/jobs/{job.id}", headers=headers).json()
        assert (after["status"], after["package_state"], after["original_included"]) == ("sent", "ready", True)
        package = client.get(f"/api/jobs/{job.id}/package", headers=headers).content
        archive = zipfile.ZipFile(io.BytesIO(package))
        redacted = archive.read(f"original/{request.reference}-caviarde.pdf")
        assert "Schmidt_Anna" not in " ".join(archive.namelist())
        document = pdfium.PdfDocument(redacted)
        try:
            assert document[0].get_textpage().get_text_range().strip() == ""  # no text layer beneath
            read = pytesseract.image_to_string(document[0].render(scale=300 / 72).to_pil(), lang="deu")
        finally:
            document.close()
        for value in ("Anna Schmidt", "Lindenweg 14", "12.03.1985", "DE89 3704 0044 0532 0130 00",
                      "+49 30 865 12345"):
            assert key(value) not in key(read), value
        assert "Rente" in read
        assert ("vendor_package", "download_vendor_package", "api") in _reads(db, request)

    def test_an_original_that_cannot_be_redacted_is_refused_and_nothing_is_sent(
            self, client: TestClient, db: Session) -> None:
        _, job = _job(db, original=b"Frau Anna Schmidt", mime_type="text/plain")
        _, headers = _manager(db)
        refused = client.post(f"/api/jobs/{job.id}/send", headers=headers, json={"include_original": True})
        assert refused.status_code == 409 and refused.json()["code"] == "original_not_redactable"
        assert "without the original" in refused.json()["detail"]
        db.refresh(job)
        assert (job.status, job.package_state, job.package_key) == ("pending", None, None)

    def test_values_the_pages_do_not_show_stop_the_redaction_and_the_job_says_why(
            self, client: TestClient, db: Session) -> None:
        # A scan of another letter: the segments' values are nowhere on its page.
        other = scanned_pdf(pages=[text_image(lines=["Die Rente wird gezahlt."], width=1500)])
        request, job = _job(db, original=other, mime_type="application/pdf")
        _, headers = _manager(db)
        client.post(f"/api/jobs/{job.id}/send", headers=headers, json={"include_original": True})
        after = client.get(f"/api/jobs/{job.id}", headers=headers).json()
        assert (after["status"], after["package_state"], after["package_error"]) == (
            "pending", "failed", "redaction_incomplete")
        assert after["original_included"] is True
        event = db.scalar(select(Event).where(Event.request_id == request.id, Event.action == "job.package_failed"))
        assert event is not None and "Schmidt" not in str(event.detail)
        # Sending without the original still works.
        resent = client.post(f"/api/jobs/{job.id}/send", headers=headers, json={})
        assert (resent.json()["status"], resent.json()["package_state"]) == ("sent", "ready")
