"""A page OCR likely misread is flagged for the agent (portal notice, pages API) and the translator (segments)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from service.models.enums import Role
from service.translation_request import pipeline
from service.worker import names
from service.worker.enqueue import enqueue
from tests.factories import headers_for, make_caisse, make_user
from tests.ocr import factories as docs
from tests.ocr import photos
from tests.ocr.test_confidence import POOR_SCAN
from tests.service.web.conftest import sign_in


@pytest.fixture(autouse=True)
def _only_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def record(session: Session, name: str, *args: object, **options: object) -> None:
        if name == names.EXTRACT_TEXT:
            enqueue(session, name, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "enqueue", record)


def _submitted(client, db: Session, data: bytes, name: str):  # type: ignore[no-untyped-def]
    caisse = make_caisse(db)
    agent = make_user(db, role=Role.SUBMITTER, caisse=caisse)
    form = {"source_lang": "de", "target_lang": "fr", "document_type": "correspondence"}
    response = client.post("/api/requests", headers=headers_for(db, agent), data=form,
                           files={"file": (name, data, "image/jpeg" if name.endswith(".jpg") else "image/png")})
    assert response.status_code == 201, response.text
    return response.json()["id"], agent


class TestLowConfidenceFlags:
    def test_a_poor_scan_is_flagged_on_the_request_the_pages_and_the_segments(self, client, db) -> None:
        poor = photos.degraded(photos.rendered(photos.LETTER_DE), **POOR_SCAN)
        request_id, agent = _submitted(client, db, poor, "fax.jpg")

        pages = client.get(f"/api/requests/{request_id}/pages", headers=headers_for(db, agent)).json()
        assert [p["low_confidence"] for p in pages] == [True]
        translator = make_user(db, role=Role.MANAGER)
        items = client.get(f"/api/requests/{request_id}/segments", headers=headers_for(db, translator)).json()["items"]
        flagged = [s for s in items if s["low_confidence"]]
        assert len(flagged) >= 0.75 * len(items)
        assert all(s["ocr_confidence"] < 85 for s in flagged)

        sign_in(client, db, agent)
        page = client.get(f"/portail/demandes/{request_id}").text
        assert "Lecture incertaine du document" in page
        assert "La page 1 a été lue" in page
        assert 'href="#fil"' in page and 'id="fil"' in page  # the better scan goes through the thread

    def test_a_clean_scan_raises_no_flag_anywhere(self, client, db) -> None:
        clean = docs.encoded(photos.rendered(photos.LETTER_DE), fmt="PNG")
        request_id, agent = _submitted(client, db, clean, "courrier.png")

        pages = client.get(f"/api/requests/{request_id}/pages", headers=headers_for(db, agent)).json()
        assert [p["low_confidence"] for p in pages] == [False]
        translator = make_user(db, role=Role.MANAGER)
        items = client.get(f"/api/requests/{request_id}/segments", headers=headers_for(db, translator)).json()["items"]
        assert items and not any(s["low_confidence"] for s in items)
        sign_in(client, db, agent)
        assert "Lecture incertaine" not in client.get(f"/portail/demandes/{request_id}").text
