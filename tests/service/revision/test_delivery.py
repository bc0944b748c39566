"""Delivery: QA gate, the documents built in each format, the certified statement, who may download."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pypdf
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Document, Segment, TranslationRequest
from service.models.enums import RequestStatus, Role
from service.revision import delivery
from service.revision import service as revision_service
from tests.factories import make_caisse, make_user
from tests.service.revision.conftest import World, auth, make_job

FINALS = {
    1: "Acte de naissance.",
    2: "Anna Schmidt est née le 12/03/1985 à Berlin.",
    3: "La caisse paie 1 234,56 EUR.",
    4: "Référence CPAM/2025/17.",
}


def revise_all(db: Session, request: TranslationRequest, finals: dict[int, str] = FINALS) -> None:
    """Every segment confirmed with its final text (directly: the API path is tested elsewhere)."""
    for seg in db.scalars(select(Segment).where(Segment.request_id == request.id)):
        seg.final_text, seg.status = finals[seg.position], "confirmed"
    db.commit()


def deliver(client, db: Session, world: World, request: TranslationRequest, **body: Any):  # type: ignore[no-untyped-def]
    return client.post(f"/api/requests/{request.id}/deliver", headers=auth(db, world.translator), json=body)


def download(client, db: Session, user, request: TranslationRequest):  # type: ignore[no-untyped-def]
    return client.get(f"/api/requests/{request.id}/deliverable", headers=auth(db, user))


class TestQaGate:
    def test_delivery_is_refused_with_the_open_issues_listed(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request, {**FINALS, 2: "Anna Schmidt est née le 13/03/1985 à Berlin."})
        response = deliver(client, db, world, request)
        body = response.json()
        assert response.status_code == 409 and body["code"] == "qa_blocking"
        assert [(i["position"], i["code"]) for i in body["issues"]] == [(2, "number_mismatch")]
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == "in_revision"  # type: ignore[union-attr]
        assert db.scalar(select(Document.id).where(Document.request_id == request.id)) is None

    def test_unconfirmed_segments_block_delivery(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        response = deliver(client, db, world, request)
        assert {i["code"] for i in response.json()["issues"]} == {"not_confirmed"}
        assert len(response.json()["issues"]) == 4

    def test_request_not_yet_in_revision_cannot_be_delivered(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world, status=RequestStatus.ASSIGNED)
        response = deliver(client, db, world, request)
        assert response.status_code == 409 and response.json()["code"] == "not_deliverable"


class TestDocx:
    def test_docx_keeps_the_source_paragraphs_in_order(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        assert deliver(client, db, world, request).json()["status"] == "delivered"
        response = download(client, db, world.submitter, request)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert f"{request.reference}_fr.docx" in response.headers["content-disposition"]
        paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.text]
        assert paragraphs[1:] == [
            "Acte de naissance.",
            "Anna Schmidt est née le 12/03/1985 à Berlin. La caisse paie 1 234,56 EUR.",
            "Référence CPAM/2025/17.",
        ]

    def test_delivery_stops_the_clock_and_records_who_handled_it(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        body = deliver(client, db, world, request).json()
        assert (body["status"], body["delivered_on"], body["handled_by"]) == (
            "delivered",
            date.today().isoformat(),
            "internal",
        )
        assert [d["role"] for d in body["documents"]] == ["deliverable"]


class TestTextAndPdf:
    def test_plain_text_has_one_block_per_paragraph(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        deliver(client, db, world, request, format="txt")
        text = download(client, db, world.submitter, request).content.decode("utf-8")
        blocks = text.strip().split("\n\n")
        assert blocks[1:] == [
            "Acte de naissance.",
            "Anna Schmidt est née le 12/03/1985 à Berlin. La caisse paie 1 234,56 EUR.",
            "Référence CPAM/2025/17.",
        ]

    def test_pdf_reads_back_with_text_and_page_numbers(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        deliver(client, db, world, request, format="pdf")
        response = download(client, db, world.submitter, request)
        assert response.headers["content-type"] == "application/pdf"
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        text = reader.pages[0].extract_text()
        assert len(reader.pages) == 1 and "Page 1 / 1" in text
        assert "Anna Schmidt est née le 12/03/1985 à Berlin." in text and "1 234,56 EUR" in text


class TestCertified:
    def test_certified_pdf_carries_statement_translator_and_date(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        deliver(client, db, world, request, format="pdf", certified=True)
        content = download(client, db, world.submitter, request).content
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages).replace(
            "\n", " "
        )
        assert "Traduction certifiée conforme à l'original rédigé en allemand" in text
        assert f"établie par {world.translator.full_name}, le {delivery.french_date(date.today())}" in text
        assert "Page 1 / 1" in text

    def test_certified_docx_ends_with_the_statement(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        deliver(client, db, world, request, certified=True)
        document = docx.Document(io.BytesIO(download(client, db, world.submitter, request).content))
        texts = [p.text for p in document.paragraphs if p.text]
        assert texts[0].startswith("Traduction certifiée de l’allemand vers le français")
        assert any(
            t.startswith("Traduction certifiée conforme") and world.translator.full_name in t for t in texts
        )
        footer = document.sections[0].footer.paragraphs[0]._p.xml
        assert "NUMPAGES" in footer and "PAGE" in footer


class TestOutsourced:
    def test_certified_outsourced_job_falls_back_to_drafts(self, db: Session, world: World) -> None:
        request = make_job(
            db, world, status=RequestStatus.CERTIFIED, assignee=world.manager, handled_by="external"
        )
        seg = db.scalar(select(Segment).where(Segment.request_id == request.id, Segment.position == 1))
        seg.final_text = "Extrait d'acte de naissance."  # type: ignore[union-attr]
        db.commit()
        document = revision_service.deliver(db, request, actor=world.manager, certified=False)
        db.commit()
        from service.kit.storage import get_store

        paragraphs = [
            p.text
            for p in docx.Document(io.BytesIO(get_store().read(document.storage_key or ""))).paragraphs
            if p.text
        ]
        assert paragraphs[1] == "Extrait d'acte de naissance."
        assert paragraphs[2].startswith("Anna Schmidt est née le 12.03.1985")
        assert (request.status, request.handled_by) == ("delivered", "external")


class TestDownload:
    def test_only_the_submitting_caisse_downloads_the_translation(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        deliver(client, db, world, request, format="txt")
        colleague = make_user(db, role=Role.SUBMITTER, caisse=world.caisse)
        outsider = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        assert download(client, db, colleague, request).status_code == 200
        assert download(client, db, outsider, request).status_code == 404

    def test_delivering_twice_is_refused(self, client: TestClient, db: Session, world: World) -> None:
        request = make_job(db, world)
        revise_all(db, request)
        assert deliver(client, db, world, request).status_code == 200
        again = deliver(client, db, world, request)
        assert again.status_code == 409
        assert len(db.scalars(select(Document).where(Document.request_id == request.id)).all()) == 1


class TestNothingToDeliver:
    def test_request_without_any_text_is_not_delivered_empty(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        request = make_job(db, world, rows=[])
        response = deliver(client, db, world, request)
        assert response.status_code == 409 and response.json()["code"] == "nothing_to_deliver"
