"""Issue 19 tried as a new user would: pages asked for, the information level, standard forms recognised.

Everything runs for real through the API in the worker path: tesseract reads the scanned pages, the shipped
de>fr model drafts, routing prices the job at contract rates, the indicators read the rollup.
"""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.assignment import service as assignment_service
from service.indicator import service as indicator_service
from service.models import AvoidedWork, Document, Event, OutsourcedJob, RoutingDecision, Segment, TranslationRequest
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user
from tests.ocr.factories import scanned_pdf, text_image
from tests.service.vendor.helpers import MONDAY, make_drafted, make_rate, make_vendor

PAGES = [
    ["Die Rente wird ab dem 1. Mai gezahlt."],
    ["Diese Seite enthält nur Anlagen."],
    ["Der Antrag wurde am 3. Juni bewilligt."],
    ["Mit freundlichen Grüßen, Ihre Rentenkasse."],
]


@pytest.fixture
def agent(db: Session):  # type: ignore[no-untyped-def]
    user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
    return user, headers_for(db, user)


def _submit(client, headers, data: bytes, name: str, **form: str) -> dict:  # type: ignore[no-untyped-def]
    fields = {"source_lang": "de", "target_lang": "fr", "document_type": "pension", **form}
    response = client.post("/api/requests", headers=headers, data=fields, files={"file": (name, data)})
    assert response.status_code == 201, response.text
    return client.get(f"/api/requests/{response.json()['id']}", headers=headers).json()


class TestPagesAskedFor:
    def test_a_four_page_scan_with_pages_1_and_3_is_read_drafted_and_billed_on_those_two(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        vendor = make_vendor(db)
        for job_class in ("light_revision", "full_revision", "translation"):
            make_rate(db, vendor=vendor, job_class=job_class, page=None, word=20)
        _, headers = agent
        scan = scanned_pdf(pages=[text_image(lines=lines) for lines in PAGES])
        shown = _submit(client, headers, scan, "bescheid.pdf", pages="3, 1")

        assert shown["page_selection"] == "1,3"
        assert shown["pages"] == 2 and shown["document_pages"] == 4
        db.expire_all()
        segments = list(db.scalars(select(Segment).where(Segment.request_id == shown["id"])))
        assert {s.page for s in segments} == {1, 3}
        text = " ".join(s.source_text for s in segments)
        assert "Rente" in text and "bewilligt" in text
        assert "Anlagen" not in text and "Grüßen" not in text
        assert all(s.draft_text for s in segments), "the shipped model drafted the pages asked for"
        # Billed on the words of pages 1 and 3 only, at the contract's word rate.
        words = sum(len(s.source_text.split()) for s in segments)
        request = db.get(TranslationRequest, shown["id"])
        assert request is not None and request.words == words
        decision = db.scalar(select(RoutingDecision).where(RoutingDecision.request_id == shown["id"]))
        job = db.scalar(select(OutsourcedJob).where(OutsourcedJob.request_id == shown["id"]))
        assert decision is not None and job is not None
        assert job.billed_words == words and job.computed_cost_cents == words * 20
        # The two pages left out are recorded as avoided, priced at the translation rate.
        scope = db.scalar(select(AvoidedWork).where(AvoidedWork.request_id == shown["id"]))
        assert scope is not None and scope.kind == "scope" and scope.pages == 2
        assert scope.cost_cents == (scope.words or 0) * 20 > 0

    def test_a_page_the_document_lacks_fails_the_request_with_the_page_count(
            self, client, agent) -> None:  # type: ignore[no-untyped-def]
        _, headers = agent
        scan = scanned_pdf(pages=[list(lines) for lines in PAGES[:2]])
        shown = _submit(client, headers, scan, "deux.pdf", pages="1,5")
        assert shown["status"] == "failed" and shown["failure_code"] == "page_not_in_document"
        assert "has 2 pages" in shown["failure_detail"]

    def test_a_malformed_selection_is_refused_at_intake_with_the_way_to_write_it(
            self, client, agent) -> None:  # type: ignore[no-untyped-def]
        _, headers = agent
        response = client.post("/api/requests", headers=headers,
                               data={"source_lang": "de", "target_lang": "fr", "document_type": "pension",
                                     "pages": "4-2"}, files={"file": ("a.pdf", scanned_pdf(pages=[["x"]]))})
        assert response.status_code == 422
        assert "range goes upwards" in response.json()["detail"]


class TestInformationLevel:
    def test_an_information_request_is_delivered_unrevised_marked_and_left_out_of_the_indicators(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        _, headers = agent
        before = indicator_service.report(db, year=date.today().year)
        letter = b"Die Rente wird ab dem 1. Mai gezahlt.\n\nDer Antrag wurde bewilligt."
        shown = _submit(client, headers, letter, "brief.txt", purpose="information")

        assert shown["service_level"] == "information"
        assert shown["service_level_reason"] == "purpose.information"
        assert shown["status"] == "delivered" and shown["handled_by"] == "machine"
        assert shown["due_on"] == shown["received_on"]
        db.expire_all()
        events = list(db.scalars(select(Event.action).where(Event.request_id == shown["id"])))
        assert "delivered_unrevised" in events and not any(a.startswith("assignment.") for a in events)
        deliverable = client.get(f"/api/requests/{shown['id']}/deliverable", headers=headers)
        assert deliverable.status_code == 200
        paragraphs = [p.text for p in docx.Document(io.BytesIO(deliverable.content)).paragraphs]
        assert paragraphs[0].startswith("Traduction automatique non révisée")
        assert any("ne vaut pour aucune décision" in p for p in paragraphs)
        drafts = list(db.scalars(select(Segment.draft_text).where(Segment.request_id == shown["id"])))
        assert all(d and d in "\n".join(paragraphs) for d in drafts)

        after = indicator_service.report(db, year=date.today().year)
        assert after.delivered == before.delivered
        assert after.information_delivered == before.information_delivered + 1

    def test_a_purpose_that_needs_a_decision_refuses_a_lower_level(
            self, client, agent) -> None:  # type: ignore[no-untyped-def]
        _, headers = agent
        response = client.post("/api/requests", headers=headers,
                               data={"source_lang": "de", "target_lang": "fr", "document_type": "pension",
                                     "purpose": "rights_decision", "service_level": "information"},
                               files={"file": ("b.txt", b"Die Rente wird gezahlt.")})
        assert response.status_code == 422
        assert "full_revision" in response.json()["detail"]


CIEC_BIRTH = [
    "Extrait plurilingue d'acte de naissance",
    "Auszug aus dem Geburtseintrag",
    "Estratto dell'atto di nascita",
    "Jo Mo An   12 03 1984",
    "Nom / Name: KOWALSKA",
]


class TestStandardForms:
    def test_a_scanned_ciec_extract_is_recognised_and_waits_for_the_agent_instead_of_being_drafted(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        _, headers = agent
        scan = scanned_pdf(pages=[text_image(lines=CIEC_BIRTH)])
        shown = _submit(client, headers, scan, "extrait.pdf", document_type="civil_status")
        assert shown["standard_form"] == "ciec:birth"
        assert shown["offer"] == "standard_form" and shown["status"] == "extracted"
        db.expire_all()
        assert all(s.draft_text is None for s in db.scalars(select(Segment).where(
            Segment.request_id == shown["id"])))

    def test_accepting_the_forms_french_key_closes_the_request_and_records_the_avoided_cost(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        vendor = make_vendor(db)
        make_rate(db, vendor=vendor, job_class="translation", page=None, word=30)
        _, headers = agent
        shown = _submit(client, headers, "\n".join(CIEC_BIRTH).encode(), "extrait.txt",
                        document_type="civil_status")
        key = client.get(f"/api/requests/{shown['id']}/standard-form", headers=headers).json()
        assert key["title"] == "Extrait plurilingue d'acte de naissance"
        assert "Date de naissance (Jo Mo An)" in key["fields"]
        answered = client.post(f"/api/requests/{shown['id']}/offer", headers=headers, json={"accept": True})
        assert answered.status_code == 200, answered.text
        assert answered.json()["status"] == "cancelled" and answered.json()["offer_status"] == "accepted"
        db.expire_all()
        row = db.scalar(select(AvoidedWork).where(AvoidedWork.request_id == shown["id"]))
        assert row is not None and row.kind == "standard_form" and row.cost_cents == (row.words or 0) * 30 > 0
        again = client.post(f"/api/requests/{shown['id']}/offer", headers=headers, json={"accept": True})
        assert again.status_code == 409

    def test_declining_lets_the_request_be_drafted_as_any_other(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        _, headers = agent
        shown = _submit(client, headers, "\n".join(CIEC_BIRTH).encode(), "extrait.txt",
                        document_type="civil_status")
        answered = client.post(f"/api/requests/{shown['id']}/offer", headers=headers, json={"accept": False})
        assert answered.status_code == 200, answered.text
        after = client.get(f"/api/requests/{shown['id']}", headers=headers).json()
        assert after["offer_status"] == "declined" and after["status"] not in ("extracted", "cancelled")


class TestReuse:
    def test_the_same_file_certified_earlier_for_the_caisse_is_offered_and_its_cost_recorded_as_avoided(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        vendor = make_vendor(db)
        make_rate(db, vendor=vendor, job_class="translation", page=None, word=25)
        _, headers = agent
        letter = b"Die Rente wird ab dem 1. Mai gezahlt.\n\nDer Antrag wurde bewilligt."
        first = _submit(client, headers, letter, "brief.txt", purpose="litigation")
        earlier = db.get(TranslationRequest, first["id"])
        assert earlier is not None and earlier.service_level == "certified"
        earlier.status, earlier.delivered_on = "delivered", date.today()
        db.add(Document(request_id=earlier.id, role="deliverable", storage_key="delivered-key", sha256="0" * 64,
                        size_bytes=1, mime_type="text/plain", original_name="brief_fr.txt"))
        db.commit()

        second = _submit(client, headers, letter, "brief.txt")
        assert second["offer"] == "reuse" and second["reuse_of"] == f"/api/requests/{first['id']}"
        assert second["status"] == "received", "nothing is read before the agent answers"
        other_language = _submit(client, headers, letter, "brief.txt", target_lang="en")
        assert other_language["offer"] is None

        answered = client.post(f"/api/requests/{second['id']}/offer", headers=headers, json={"accept": True})
        assert answered.json()["status"] == "cancelled"
        db.expire_all()
        row = db.scalar(select(AvoidedWork).where(AvoidedWork.request_id == second["id"]))
        assert row is not None and row.kind == "reuse" and row.earlier_request_id == first["id"]
        assert row.words == earlier.words and row.cost_cents == (earlier.words or 0) * 25


class TestLevelRouting:
    @pytest.mark.parametrize(("level", "job_class"), [("light_revision", "light_revision"),
                                                      ("full_revision", "full_revision")])
    def test_the_level_sets_the_job_class_of_drafts_that_would_need_a_full_revision(
            self, db: Session, level: str, job_class: str) -> None:
        vendor = make_vendor(db)
        for name in ("light_revision", "full_revision", "translation"):
            make_rate(db, vendor=vendor, job_class=name, page=None, word=10)
        request = make_drafted(db, caisse=make_caisse(db), score=-0.5)  # quality 0.61: full revision
        request.service_level = level
        decision = assignment_service.route(db, request, today=MONDAY)
        assert decision.outcome == "external" and decision.job_class == job_class

    def test_a_trainee_never_gets_a_certified_translation(self, db: Session) -> None:
        make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], trainee=True)
        make_rate(db, vendor=make_vendor(db), job_class="light_revision", page=None, word=10)
        request = make_drafted(db, caisse=make_caisse(db), score=-0.05)
        request.service_level = "certified"
        decision = assignment_service.route(db, request, today=MONDAY)
        assert decision.outcome == "external"
        assert any(c.get("excluded") == "stagiaire : pas de traduction certifiée" for c in decision.considered)


class TestExtract:
    def test_an_extract_delivers_only_the_marked_segments_and_says_it_is_an_extract(
            self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        staff = headers_for(db, translator)
        _, headers = agent
        record = ("Geburtsurkunde Nr. 123.\n\nDas Kind wurde am 12. Mai 1990 in Köln geboren.\n\n"
                  "Die Urkunde wurde im Archiv des Standesamts abgelegt.").encode()
        shown = _submit(client, headers, record, "urkunde.txt", document_type="civil_status", scope="extract",
                        purpose="rights_decision")
        assert shown["scope"] == "extract" and shown["status"] == "assigned"
        rid = shown["id"]
        assert client.post(f"/api/requests/{rid}/revision/start", headers=staff).status_code == 200
        segments = client.get(f"/api/requests/{rid}/segments", headers=staff).json()["items"]
        born = next(s for s in segments if "geboren" in s["source_text"])
        marked = client.put(f"/api/requests/{rid}/segments/{born['position']}/extract", headers=staff,
                            json={"in_extract": True})
        assert marked.status_code == 200 and marked.json()["in_extract"] is True
        confirmed = client.post(f"/api/requests/{rid}/segments/{born['position']}/confirm", headers=staff,
                                json={"final_text": "L'enfant est né le 12 mai 1990 à Cologne."})
        assert confirmed.status_code == 200, confirmed.text
        delivered = client.post(f"/api/requests/{rid}/deliver", headers=staff, json={"format": "txt"})
        assert delivered.status_code == 200, delivered.text
        text = client.get(f"/api/requests/{rid}/deliverable", headers=headers).content.decode()
        assert text.startswith("Traduction par extrait")
        assert "L'enfant est né le 12 mai 1990 à Cologne." in text
        assert "Archiv" not in text and "archives" not in text.lower()

    def test_a_full_translation_has_no_segments_to_mark(self, client, db: Session, agent) -> None:  # type: ignore[no-untyped-def]
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        staff = headers_for(db, translator)
        _, headers = agent
        shown = _submit(client, headers, b"Die Rente wird gezahlt.", "a.txt")
        client.post(f"/api/requests/{shown['id']}/revision/start", headers=staff)
        refused = client.put(f"/api/requests/{shown['id']}/segments/1/extract", headers=staff,
                             json={"in_extract": True})
        assert refused.status_code == 409 and refused.json()["code"] == "not_an_extract"
