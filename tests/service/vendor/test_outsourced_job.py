"""The outsourced job: package, XLIFF round trip and refusals, service done, invoice, payment."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from translate.storage import xliff, xliff2

from service.assignment import service as assignment_service
from service.kit.storage import put_in_transaction
from service.models import Document, Event, OutsourcedJob, Segment, TranslationRequest
from service.models.enums import RequestStatus, Role
from service.vendor import jobs
from service.vendor.errors import JobStateConflict, XliffRejected
from service.workflow import outsourcing
from tests.factories import make_caisse, make_user
from tests.service.vendor.helpers import MONDAY, make_drafted, make_rate, make_vendor

NS2 = "{urn:oasis:names:tc:xliff:document:2.0}"
NS12 = "{urn:oasis:names:tc:xliff:document:1.2}"
SEGMENTS = [("Versicherungsnummer 1 84 12 75 108 123 45.", "Numéro d'assurance 1 84 12 75 108 123 45."),
            ("Die Rente wird gezahlt & bestätigt.", "La pension est versée & confirmée."),
            ("Kontakt: hans.muller@example.de", None)]


def _outsourced(db: Session) -> tuple[TranslationRequest, OutsourcedJob]:
    caisse = make_caisse(db)
    vendor = make_vendor(db)
    make_rate(db, vendor=vendor, job_class="full_revision", page=2000, minimum=1000)
    make_rate(db, vendor=vendor, job_class="translation", page=3500)
    request = make_drafted(db, caisse=caisse, segments=SEGMENTS, characters=3000)
    stored = put_in_transaction(db, b"%PDF-1.4 original")
    db.add(Document(request_id=request.id, role="original", storage_key=stored.key, sha256=stored.sha256,
                    size_bytes=stored.size_bytes, mime_type="application/pdf", original_name="rente.pdf"))
    db.query(Segment).filter(Segment.position == 2, Segment.request_id == request.id).one().glossary = [
        {"source": "Rente", "target": "pension", "note": "CNAV"}]
    db.commit()
    assignment_service.route(db, request, today=MONDAY)
    job = db.scalar(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id))
    assert job is not None and job.job_class == "full_revision"
    assert job.translation_cost_cents == 7000
    return request, job


def _xliff_from(package: bytes, reference: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(package)).read(f"{reference}.xlf")


def _fill_targets(data: bytes, version: str) -> bytes:
    """Edit every target the way a vendor would, with the standard library's parser."""
    ns = NS2 if version == "2.0" else NS12
    ET.register_namespace("", ns[1:-1])
    root = ET.fromstring(data)
    for source in root.iter(f"{ns}source"):
        parent = next(p for p in root.iter() if source in list(p))
        target = parent.find(f"{ns}target")
        if target is None:
            target = ET.SubElement(parent, f"{ns}target")
        target.text = "REV " + (source.text or "")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@pytest.fixture
def manager(db: Session):  # type: ignore[no-untyped-def]
    return make_user(db, role=Role.MANAGER)


class TestPackage:
    def test_package_holds_xliff_with_drafts_glossary_and_masks_identifiers(self, db: Session,
                                                                            manager) -> None:
        request, job = _outsourced(db)
        package = jobs.send(db, job, actor=manager)
        db.commit()
        archive = zipfile.ZipFile(io.BytesIO(package))
        data = archive.read(f"{request.reference}.xlf")
        # Read back by translate-toolkit...
        store = xliff2.Xliff2File.parsestring(data)
        units = {u.getid(): u for u in store.units}
        assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("de", "fr")
        assert units["1"].source == "Versicherungsnummer ⟦REF_1⟧."
        assert units["1"].target == "Numéro d'assurance ⟦REF_1⟧."
        assert units["3"].source == "Kontakt: ⟦EMAIL_1⟧"
        assert units["2"].target == "La pension est versée & confirmée."
        # ...and by an independent parser.
        root = ET.fromstring(data)
        assert root.get("version") == "2.0"
        ids = [u.get("id") for u in root.iter(f"{NS2}unit")]
        assert ids == ["1", "2", "3"]
        assert b"1 84 12 75" not in package.replace(b"\n", b"") and b"hans.muller" not in data
        rows = list(csv.DictReader(io.StringIO(archive.read("glossary.csv").decode())))
        assert rows == [{"segment": "2", "source": "Rente", "target": "pension", "note": "CNAV"}]
        # The original goes only when a manager asks for it (and then redacted).
        assert not any(n.startswith("original/") for n in archive.namelist())
        assert b"rente.pdf" not in package  # the submitted file's name may carry a person's name
        assert job.status == "sent" and job.pii_masked == 2 and job.package_state == "ready"
        event = db.scalar(select(Event).where(Event.request_id == request.id, Event.action == "pii_masked"))
        assert event is not None and event.detail["count"] == 2 and event.detail["kinds"] == {"email": 1, "ref": 1}
        assert "1 84" not in str(event.detail) and "1 84" not in str(job.mask_occurrences)

    def test_nothing_found_to_mask_never_sends_the_original(self, db: Session, manager) -> None:
        request, job = _outsourced(db)
        for segment in db.scalars(select(Segment).where(Segment.request_id == request.id)):
            segment.source_text, segment.draft_text = "Die Rente wird gezahlt.", "La pension est versée."
        archive = zipfile.ZipFile(io.BytesIO(jobs.send(db, job, actor=manager)))
        assert job.pii_masked == 0
        assert not any(n.startswith("original/") for n in archive.namelist())

    def test_with_masking_turned_off_the_text_goes_as_it_is(self, db: Session, manager, monkeypatch) -> None:
        from service.config import get_settings

        monkeypatch.setenv("PASSERELLE_VENDOR_MASK_PII", "false")
        get_settings.cache_clear()
        try:
            request, job = _outsourced(db)
            archive = zipfile.ZipFile(io.BytesIO(jobs.send(db, job, actor=manager)))
        finally:
            monkeypatch.delenv("PASSERELLE_VENDOR_MASK_PII")
            get_settings.cache_clear()
        assert b"1 84 12 75 108 123 45" in archive.read(f"{request.reference}.xlf")


class TestXliffRoundTrip:
    @pytest.mark.parametrize("version", ["2.0", "1.2"])
    def test_export_edit_import_writes_final_text_and_restores_identifiers(self, db: Session, manager,
                                                                           version: str) -> None:
        request, job = _outsourced(db)
        data = _xliff_from(jobs.send(db, job, actor=manager, xliff_version=version), request.reference)
        if version == "1.2":
            store = xliff.xlifffile.parsestring(data)
            assert [u.xmlelement.get("id") for u in store.units] == ["1", "2", "3"]
            assert ET.fromstring(data).get("version") == "1.2"
        assert jobs.receive(db, job, data=_fill_targets(data, version), actor=manager) == 3
        db.commit()
        finals = db.scalars(select(Segment.final_text).where(Segment.request_id == request.id)
                            .order_by(Segment.position)).all()
        assert finals == ["REV Versicherungsnummer 1 84 12 75 108 123 45.",
                          "REV Die Rente wird gezahlt & bestätigt.", "REV Kontakt: hans.muller@example.de"]
        assert request.status == RequestStatus.RETURNED and job.status == "returned"


class TestXliffRefusals:
    def _sent(self, db: Session, manager) -> tuple[TranslationRequest, OutsourcedJob, bytes]:
        request, job = _outsourced(db)
        data = _fill_targets(_xliff_from(jobs.send(db, job, actor=manager), request.reference), "2.0")
        db.commit()
        return request, job, data

    @pytest.mark.parametrize(("edit", "message"), [
        (lambda d: d.replace(b'<unit id="3"', b'<unit id="99"'), "unknown segment ids: 99"),
        (lambda d: d.replace(b'trgLang="fr"', b'trgLang="en"'), "wrong language pair de>en"),
        (lambda d: d.replace("<target>REV Kontakt: ⟦EMAIL_1⟧</target>".encode(), b"<target></target>"),
         "segments without a target: 3"),
        (lambda d: d.replace(b"</source>", b"</sourc>", 1), "broken markup"),
        (lambda d: d.replace("REV Versicherungsnummer ⟦REF_1⟧.".encode(), b"REV Versicherungsnummer."),
         "placeholders dropped: ⟦REF_1⟧"),
        (lambda d: d.replace("REV Versicherungsnummer ⟦REF_1⟧.".encode(), "REV ⟦REF_1⟧ ⟦PERSON_7⟧.".encode()),
         "unknown placeholders: ⟦PERSON_7⟧"),
        (lambda d: d.replace(b"<source>Die Rente", b"<source>Das Kindergeld"), "source text differs"),
    ])
    def test_bad_file_is_refused_with_the_reason_and_changes_nothing(self, db: Session, manager, edit,
                                                                     message: str) -> None:
        request, job, data = self._sent(db, manager)
        bad = edit(data)
        assert bad != data
        with pytest.raises(XliffRejected) as refused:
            jobs.receive(db, job, data=bad, actor=manager)
        assert message in refused.value.detail
        db.rollback()
        finals = db.scalars(select(Segment.final_text).where(Segment.request_id == request.id)).all()
        assert finals == [None] * 3
        assert job.status == "sent" and request.status == RequestStatus.OUTSOURCED


class TestServiceDoneAndInvoice:
    def _returned(self, db: Session, manager) -> tuple[TranslationRequest, OutsourcedJob]:
        request, job = _outsourced(db)
        data = _xliff_from(jobs.send(db, job, actor=manager), request.reference)
        jobs.receive(db, job, data=_fill_targets(data, "2.0"), actor=manager)
        db.commit()
        return request, job

    def test_service_done_costs_the_job_and_delivers(self, db: Session, manager) -> None:
        request, job = self._returned(db, manager)
        outsourcing.certify_service_done(db, job, actor=manager, remarks="conforme")
        db.commit()
        assert (job.status, job.certifier_id, job.remarks) == ("service_done", manager.id, "conforme")
        assert job.service_done_on is not None
        assert request.status == RequestStatus.DELIVERED and request.handled_by == "external"
        assert request.external_cost_cents == job.computed_cost_cents == 4000

    def test_invoice_matching_the_cost_is_not_flagged_then_paid(self, db: Session, manager) -> None:
        request, job = self._returned(db, manager)
        outsourcing.certify_service_done(db, job, actor=manager)
        jobs.record_invoice(db, job, number="F-2026-118", amount_cents=4050, actor=manager)
        assert job.status == "invoiced" and job.invoice_mismatch is False
        jobs.mark_paid(db, job, actor=manager)
        assert job.status == "paid" and job.paid_on is not None

    def test_invoice_above_the_computed_cost_is_flagged_and_counts_as_the_cost(self, db: Session,
                                                                              manager) -> None:
        request, job = self._returned(db, manager)
        outsourcing.certify_service_done(db, job, actor=manager)
        jobs.record_invoice(db, job, number="F-2026-119", amount_cents=5200, actor=manager)
        assert job.invoice_mismatch is True and request.external_cost_cents == 5200

    def test_invoice_before_service_done_is_refused(self, db: Session, manager) -> None:
        _, job = self._returned(db, manager)
        with pytest.raises(JobStateConflict, match="service_done"):
            jobs.record_invoice(db, job, number="F-1", amount_cents=100, actor=manager)

    def test_service_done_after_in_house_revision_costs_without_delivering(self, db: Session,
                                                                           manager) -> None:
        from service.translation_request import service as request_service

        request, job = self._returned(db, manager)
        request_service.transition(db, request, to=RequestStatus.IN_REVISION, actor=manager)
        outsourcing.certify_service_done(db, job, actor=manager)
        assert job.status == "service_done" and request.status == RequestStatus.IN_REVISION
        assert request.external_cost_cents == job.computed_cost_cents
