"""The original beside the text: each page's image stored at extraction, served to those who may see the
request (access-logged), segments placed on it by their boxes, and gone with the original when purged."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.kit.storage import get_store
from service.models import Document, DocumentAccess, Segment
from service.models.enums import Role
from service.retention import service as retention_service
from service.translation_request import pipeline
from service.worker import names
from service.worker.app import celery_app
from service.worker.enqueue import enqueue
from tests.factories import headers_for, make_caisse, make_user
from tests.ocr import factories as docs


@pytest.fixture(autouse=True)
def _only_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def record(session: Session, name: str, *args: object, **options: object) -> None:
        if name == names.EXTRACT_TEXT:
            enqueue(session, name, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "enqueue", record)


@pytest.fixture
def letter(client, db: Session):  # type: ignore[no-untyped-def]
    """A scanned letter (PNG) submitted by a caisse's agent and extracted: (request id, agent's headers)."""
    caisse = make_caisse(db)
    agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    headers = headers_for(db, agent)
    form = {"source_lang": "fr", "target_lang": "de", "document_type": "correspondence"}
    response = client.post("/api/requests", headers=headers, data=form,
                           files={"file": ("courrier.png", docs.encoded(docs.letter_image(), fmt="PNG"), "image/png")})
    assert response.status_code == 201, response.text
    return response.json()["id"], headers


def _images(db: Session, request_id: int) -> list[Document]:
    db.expire_all()
    return list(db.scalars(select(Document).where(Document.request_id == request_id,
                                                  Document.role == "page_image").order_by(Document.id)))


class TestPageImage:
    def test_the_page_image_is_served_as_webp_with_the_page_proportions(self, client, db, letter) -> None:
        request_id, headers = letter

        response = client.get(f"/api/requests/{request_id}/pages/1/image", headers=headers)

        assert response.status_code == 200 and response.headers["content-type"] == "image/webp"
        image = Image.open(io.BytesIO(response.content))
        width, height = docs.LETTER_SIZE
        assert abs(image.width / image.height - width / height) < 0.01

    def test_each_read_is_in_the_access_log_with_its_page(self, client, db, letter) -> None:
        request_id, headers = letter
        client.get(f"/api/requests/{request_id}/pages/1/image", headers=headers)

        [access] = db.scalars(select(DocumentAccess).where(DocumentAccess.request_id == request_id,
                                                           DocumentAccess.object_kind == "page_image"))
        assert (access.purpose, access.object_ref, access.channel) == ("read_page_image", "1", "api")
        assert access.document_id == _images(db, request_id)[0].id

    def test_segments_carry_their_box_and_confidence_in_the_api(self, client, db, letter) -> None:
        request_id, _ = letter
        manager = make_user(db, role=Role.MANAGER)
        headers = headers_for(db, manager)
        db.expire_all()
        segments = db.scalars(select(Segment).where(Segment.request_id == request_id)
                              .order_by(Segment.position)).all()
        assert [s.source_text for s in segments[:3]] == list(docs.LETTERHEAD)
        address = next(s for s in segments if s.source_text == docs.ADDRESS[0])
        assert address.bbox is not None and abs(address.bbox[0] * docs.LETTER_SIZE[0] - docs.ADDRESS_X) < 15
        response = client.get(f"/api/requests/{request_id}/segments", headers=headers)
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert items[0]["bbox"] == segments[0].bbox and items[0]["ocr_confidence"] > 80

    def test_someone_who_may_not_see_the_request_learns_nothing_not_even_a_missing_page(
        self, client, db, letter
    ) -> None:
        request_id, _ = letter
        stranger = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        headers = headers_for(db, stranger)

        for page in (1, 7):
            response = client.get(f"/api/requests/{request_id}/pages/{page}/image", headers=headers)
            assert response.status_code == 404 and response.json()["code"] == "request_not_found"
        assert not db.scalars(select(DocumentAccess).where(DocumentAccess.object_kind == "page_image")).all()

    def test_a_page_beyond_the_document_says_how_many_pages_there_are(self, client, db, letter) -> None:
        request_id, headers = letter

        response = client.get(f"/api/requests/{request_id}/pages/2/image", headers=headers)

        assert response.status_code == 404 and response.json()["code"] == "page_image_unavailable"
        assert "1 page" in response.json()["detail"]

    def test_extracting_again_replaces_the_image_and_removes_the_old_file(self, client, db, letter) -> None:
        request_id, headers = letter
        old_key = _images(db, request_id)[0].storage_key
        from service.models import TranslationRequest
        from service.models.enums import RequestStatus

        request = db.get(TranslationRequest, request_id)
        assert request is not None
        request.status = RequestStatus.EXTRACTING  # a twin delivery arriving while it was still extracting
        db.commit()
        celery_app.tasks[names.EXTRACT_TEXT].apply(args=(request_id,))

        old, new = _images(db, request_id)  # the old row stays, file-less: the access log still points at it
        assert old.storage_key is None and old.purged_at is not None
        assert new.storage_key != old_key and get_store().exists(new.storage_key or "")
        assert not get_store().exists(old_key or "")
        assert client.get(f"/api/requests/{request_id}/pages/1/image", headers=headers).status_code == 200

    def test_purging_the_original_purges_the_page_images(self, client, db, letter) -> None:
        request_id, headers = letter
        from service.models import TranslationRequest

        [image] = _images(db, request_id)
        key = image.storage_key
        request = db.get(TranslationRequest, request_id)
        assert request is not None
        item = retention_service.inventory(db, request, originals=True, translations=True)
        assert item.objects["page_image"] == 1
        retention_service.apply(db, request, item)
        db.commit()

        assert not get_store().exists(key or "")
        response = client.get(f"/api/requests/{request_id}/pages/1/image", headers=headers)
        assert response.status_code == 404 and "purged" in response.json()["detail"]

    def test_the_data_subject_erasure_removes_the_page_images_of_a_closed_request(self, client, db, letter) -> None:
        from datetime import date

        from service.models import TranslationRequest
        from service.models.enums import RequestStatus

        request_id, _ = letter
        [image] = _images(db, request_id)
        key = image.storage_key
        request = db.get(TranslationRequest, request_id)
        assert request is not None
        request.status, request.delivered_on = RequestStatus.DELIVERED, date.today()
        request.subject_name, request.subject_birth_date = "Jean Dupont", date(1960, 2, 1)
        db.commit()
        admin = headers_for(db, make_user(db, role=Role.ADMIN))

        answer = client.post("/api/data-subjects/erase", headers=admin,
                             json={"name": "Jean Dupont", "birth_date": "1960-02-01"})

        assert answer.status_code == 200 and answer.json()["erased"] == [request.reference]
        assert not get_store().exists(key or "")
        assert all(d.storage_key is None for d in _images(db, request_id))
