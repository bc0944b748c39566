"""Retention: personal data goes after its keeping period; indicators read the same afterwards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.config import get_settings
from service.kit.storage import get_store
from service.models import Document, Event, ExtractedPage, Segment, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus
from service.retention import service as retention_service
from service.retention import tasks as retention_tasks
from service.retention.policy import RetentionPolicy
from tests.factories import make_caisse, make_request

TODAY = date(2026, 11, 23)
_original_run = retention_tasks.run
SOURCE = "Herr Max Mustermann, geboren am 01.02.1960, Rentenversicherungsnummer 12 010260 M 123"


def _delivered(db: Session, *, days_ago: int, with_deliverable: bool = True) -> TranslationRequest:
    caisse = make_caisse(db)
    delivered_on = TODAY - timedelta(days=days_ago)
    request = make_request(
        db,
        caisse=caisse,
        status=RequestStatus.DELIVERED,
        received_on=delivered_on - timedelta(days=9),
        delivered_on=delivered_on,
        pages=3,
        words=120,
        characters=800,
        handled_by="external",
        external_cost_cents=4500,
    )
    store = get_store()
    roles = [DocumentRole.ORIGINAL] + ([DocumentRole.DELIVERABLE] if with_deliverable else [])
    for role in roles:
        stored = store.put(f"{role} {SOURCE}".encode())
        db.add(
            Document(
                request_id=request.id,
                role=role,
                storage_key=stored.key,
                sha256=stored.sha256,
                size_bytes=stored.size_bytes,
                mime_type="text/plain",
                original_name=f"{role}.txt",
            )
        )
    db.add(ExtractedPage(request_id=request.id, number=1, text=SOURCE, method="text"))
    db.add(
        Segment(
            request_id=request.id,
            position=1,
            page=1,
            source_text=SOURCE,
            draft_text="M. Max Mustermann",
            final_text="M. Max Mustermann, né le",
            status="confirmed",
            edit_distance=0.25,
            glossary=[{"term": "Rentenversicherungsnummer"}],
            protected=["12 010260 M 123"],
            entities=[{"text": "Max Mustermann", "kind": "person", "start": 5, "end": 19}],
            draft_notes=[{"code": "exonym", "source": "Köln", "target": "Cologne"}],
        )
    )
    db.commit()
    return request


def _indicator_inputs(db: Session) -> list[tuple]:
    """What IR.8.1-8.3 and post-editing statistics read: dates, pages, handler, cost, edit distances."""
    requests = db.execute(
        select(
            TranslationRequest.id,
            TranslationRequest.received_on,
            TranslationRequest.delivered_on,
            TranslationRequest.status,
            TranslationRequest.pages,
            TranslationRequest.words,
            TranslationRequest.characters,
            TranslationRequest.handled_by,
            TranslationRequest.external_cost_cents,
        ).order_by(TranslationRequest.id)
    ).all()
    segments = db.execute(
        select(Segment.request_id, Segment.position, Segment.status, Segment.edit_distance).order_by(
            Segment.id
        )
    ).all()
    return [tuple(r) for r in requests] + [tuple(s) for s in segments]


class TestRetentionPurge:
    def test_originals_and_texts_go_after_the_period_but_the_translation_stays(self, db: Session) -> None:
        old = _delivered(db, days_ago=100)
        keys = {d.role: d.storage_key for d in old.documents}
        report = retention_service.purge(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        db.commit()
        db.expire_all()
        assert [i.reference for i in report.items] == [old.reference]
        original, deliverable = sorted(old.documents, key=lambda d: d.role != DocumentRole.ORIGINAL)
        assert original.purged_at is not None and original.storage_key is None
        assert not get_store().exists(keys[DocumentRole.ORIGINAL])
        assert deliverable.storage_key == keys[DocumentRole.DELIVERABLE]
        assert get_store().exists(keys[DocumentRole.DELIVERABLE])
        assert db.scalar(select(func.count()).select_from(ExtractedPage)) == 0
        segment = db.scalar(select(Segment))
        assert (segment.source_text, segment.draft_text, segment.final_text) == ("", None, None)
        assert segment.protected == [] and segment.glossary == []
        assert segment.entities == [] and segment.draft_notes == []
        assert segment.edit_distance == 0.25

    def test_requests_inside_the_period_or_still_open_are_untouched(self, db: Session) -> None:
        recent = _delivered(db, days_ago=30)
        caisse = make_caisse(db)
        open_request = make_request(
            db, caisse=caisse, status=RequestStatus.IN_REVISION, received_on=TODAY - timedelta(days=400)
        )
        db.add(ExtractedPage(request_id=open_request.id, number=1, text=SOURCE, method="text"))
        db.commit()
        report = retention_service.purge(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        assert report.items == []
        assert all(d.storage_key for d in recent.documents)
        assert db.scalar(select(func.count()).select_from(ExtractedPage)) == 2

    def test_translations_are_purged_only_when_the_policy_says_so(self, db: Session) -> None:
        old = _delivered(db, days_ago=400)
        retention_service.purge(
            db, policy=RetentionPolicy(originals_days=90, translations_days=365), today=TODAY
        )
        db.commit()
        db.expire_all()
        assert all(d.purged_at is not None and d.storage_key is None for d in old.documents)

    def test_zero_days_keeps_everything_forever(self, db: Session) -> None:
        _delivered(db, days_ago=4000)
        report = retention_service.purge(
            db, policy=RetentionPolicy(originals_days=0, translations_days=0), today=TODAY
        )
        assert report.items == []

    def test_indicators_read_the_same_after_a_purge(self, db: Session) -> None:
        for days in (100, 200, 10):
            _delivered(db, days_ago=days)
        before = _indicator_inputs(db)
        retention_service.purge(
            db, policy=RetentionPolicy(originals_days=90, translations_days=150), today=TODAY
        )
        db.commit()
        db.expire_all()
        assert _indicator_inputs(db) == before
        purged = db.scalars(select(Event).where(Event.action == "retention.purged")).all()
        assert len(purged) == 2

    def test_the_indicator_report_is_the_same_after_a_purge(self, db: Session) -> None:
        from service.indicator import service as indicator_service

        for days in (100, 130, 20):
            _delivered(db, days_ago=days)
        before = indicator_service.report(db, year=TODAY.year, today=TODAY)
        retention_service.purge(
            db, policy=RetentionPolicy(originals_days=90, translations_days=120), today=TODAY
        )
        db.commit()
        after = indicator_service.report(db, year=TODAY.year, today=TODAY)
        assert before.delivered == 3
        assert after == before

    def test_a_second_run_finds_nothing_left(self, db: Session) -> None:
        _delivered(db, days_ago=100)
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        db.commit()
        assert retention_service.plan(db, policy=RetentionPolicy(originals_days=90), today=TODAY) == []

    def test_a_rolled_back_purge_keeps_the_files(self, db: Session) -> None:
        old = _delivered(db, days_ago=100)
        keys = [d.storage_key for d in old.documents]
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        db.rollback()
        assert all(get_store().exists(k) for k in keys)

    def test_a_cancelled_request_loses_its_original_after_the_period(self, db: Session) -> None:
        caisse = make_caisse(db)
        request = make_request(db, caisse=caisse, status=RequestStatus.CANCELLED)
        db.add(ExtractedPage(request_id=request.id, number=1, text=SOURCE, method="text"))
        db.commit()
        later = date.today() + timedelta(days=91)
        items = retention_service.plan(db, policy=RetentionPolicy(originals_days=90), today=later)
        assert [i.request_id for i in items] == [request.id]


class TestRetentionCommand:
    @pytest.fixture(autouse=True)
    def _policy(self, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
        monkeypatch.setenv("PASSERELLE_RETENTION_ORIGINALS_DAYS", "90")
        get_settings.cache_clear()
        yield
        monkeypatch.delenv("PASSERELLE_RETENTION_ORIGINALS_DAYS")
        get_settings.cache_clear()

    def test_dry_run_lists_what_would_go_and_changes_nothing(self, db: Session) -> None:
        from service.cli import app

        old = _delivered(db, days_ago=date.today().toordinal() - TODAY.toordinal() + 100)
        result = CliRunner().invoke(app, ["retention", "run", "--dry-run"])
        assert result.exit_code == 0, result.output
        assert f"would purge {old.reference}" in result.output
        assert "1 request(s) would be purged, 1 file(s)" in result.output
        db.expire_all()
        assert all(d.storage_key for d in old.documents)

    def test_run_purges_and_reports(self, db: Session) -> None:
        from service.cli import app

        old = _delivered(db, days_ago=date.today().toordinal() - TODAY.toordinal() + 100)
        result = CliRunner().invoke(app, ["retention", "run"])
        assert result.exit_code == 0, result.output
        assert f"purged {old.reference}" in result.output
        db.expire_all()
        assert db.scalar(select(Document.purged_at).where(Document.role == DocumentRole.ORIGINAL)) is not None

    def test_a_long_backlog_is_handed_on_to_a_next_task(
        self, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        olds = [_delivered(db, days_ago=date.today().toordinal() - TODAY.toordinal() + 100) for _ in range(5)]
        monkeypatch.setattr(retention_tasks, "BATCH", 2)
        monkeypatch.setattr(retention_tasks, "MAX_BATCHES_PER_RUN", 1)
        monkeypatch.setattr(retention_tasks, "run", lambda **kw: _original_run(batch=2, **kw))
        assert retention_tasks.purge_due.delay().get() == 2  # eager: the hand-offs run inline
        db.expire_all()
        assert all(
            d.purged_at is not None for r in olds for d in r.documents if d.role == DocumentRole.ORIGINAL
        )

    def test_the_scheduled_task_purges_in_batches(self, db: Session) -> None:
        olds = [_delivered(db, days_ago=date.today().toordinal() - TODAY.toordinal() + 100) for _ in range(3)]
        items = retention_tasks.run(batch=2)
        assert sorted(i.request_id for i in items) == sorted(r.id for r in olds)
        assert retention_tasks.purge_due.delay().get() == 0  # eager: nothing left on the second pass


def _with_everything(db: Session, request: TranslationRequest) -> dict[str, str]:
    """A page image, a vendor package, a memory entry, a thread with an attachment and a subject on `request`;
    returns the storage keys of the files."""
    from service.models import MemoryEntry, Message, MessageAttachment, OutsourcedJob, Vendor
    from service.models.enums import Role
    from tests.factories import make_user

    store = get_store()
    image, package, piece = (store.put(f"{what} {SOURCE}".encode()) for what in ("image", "zip", "piece"))
    db.add(Document(request_id=request.id, role="page_image", storage_key=image.key, sha256=image.sha256,
                    size_bytes=image.size_bytes, mime_type="image/webp", original_name="page-1.webp"))
    vendor = Vendor(name="Cabinet", is_active=True)
    author = make_user(db, role=Role.MANAGER)
    db.add(vendor)
    db.flush()
    db.add(OutsourcedJob(request_id=request.id, vendor_id=vendor.id, job_class="translation", status="paid",
                         package_key=package.key, package_state="ready", computed_cost_cents=4500,
                         mask_occurrences=[[1, "source", 5, 19, "⟦PERSON_1⟧"]]))
    db.add(MemoryEntry(source_lang="de", target_lang="fr", source_text="Herr ⟦PERSON_1⟧", target_text="M. ⟦PERSON_1⟧",
                       source_hash=f"h{request.id}", length=15, origin="revision", request_id=request.id))
    db.add(Message(request_id=request.id, author_id=author.id, body=f"Question {SOURCE}", attachments=[
        MessageAttachment(storage_key=piece.key, sha256=piece.sha256, size_bytes=piece.size_bytes,
                          mime_type="text/plain", original_name="Mustermann_Max.txt")]))
    request.subject_name, request.subject_birth_date = "Max Mustermann", date(1960, 2, 1)
    db.add(Event(request_id=request.id, action="submitted", detail={"file": "Mustermann_Max.pdf"}))
    db.commit()
    return {"image": image.key, "package": package.key, "piece": piece.key}


class TestPurgeMeansPurge:
    def test_the_dry_run_lists_every_kind_of_object_and_changes_nothing(self, db: Session) -> None:
        old = _delivered(db, days_ago=400)
        keys = _with_everything(db, old)
        [item] = retention_service.plan(db, policy=RetentionPolicy(originals_days=90, translations_days=365),
                                        today=TODAY)
        assert item.objects == {"original": 1, "page_image": 1, "other_file": 0, "deliverable": 1,
                                "extracted_page": 1, "segment_text": 1, "vendor_package": 1, "memory_entry": 1,
                                "message_body": 1, "message_attachment": 1, "subject": 1}
        assert set(keys.values()) <= set(item.files) and len(item.files) == 5
        assert all(get_store().exists(k) for k in keys.values())

    def test_every_object_goes_and_what_the_indicators_count_stays(self, db: Session) -> None:
        from service.models import MemoryEntry, Message, MessageAttachment, OutsourcedJob

        old = _delivered(db, days_ago=400)
        keys = _with_everything(db, old)
        before = _indicator_inputs(db)
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90, translations_days=365), today=TODAY)
        db.commit()
        db.expire_all()
        assert not any(get_store().exists(k) for k in keys.values())
        assert all(d.storage_key is None and d.purged_at is not None for d in old.documents)
        assert "Mustermann" not in " ".join(d.original_name for d in old.documents)
        job = db.scalar(select(OutsourcedJob))
        assert (job.package_key, job.package_state, job.mask_occurrences) == (None, "purged", [])
        assert job.computed_cost_cents == 4500
        assert db.scalar(select(func.count()).select_from(MemoryEntry)) == 0
        message = db.scalar(select(Message))
        assert message.body == ""
        attachment = db.scalar(select(MessageAttachment))
        assert attachment.storage_key is None and attachment.purged_at is not None
        assert "Mustermann" not in attachment.original_name
        assert (old.subject_name, old.subject_birth_date) == (None, None)
        trail = " ".join(str(e.detail) for e in db.scalars(select(Event).where(Event.request_id == old.id)))
        assert "Mustermann" not in trail
        assert _indicator_inputs(db) == before
        assert retention_service.plan(db, policy=RetentionPolicy(originals_days=90, translations_days=365),
                                      today=TODAY) == []

    def test_a_request_purged_before_loses_what_was_left(self, db: Session) -> None:
        # Purged by an earlier release: original and texts gone, the vendor package and the memory left.
        old = _delivered(db, days_ago=400)
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        db.commit()
        keys = _with_everything(db, old)
        [item] = retention_service.plan(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        assert item.objects["vendor_package"] == 1 and item.objects["original"] == 0
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90), today=TODAY)
        db.commit()
        assert not get_store().exists(keys["package"])
