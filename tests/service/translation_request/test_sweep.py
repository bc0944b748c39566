"""The sweep re-queues requests whose background step was lost, and only those."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from service.db.base import utcnow
from service.models.enums import RequestStatus
from service.translation_request import pipeline, sweep
from tests.factories import make_caisse, make_request


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The tasks the sweep queues (captured instead of sent)."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(pipeline, "enqueue", lambda _s, name, rid: calls.append((name, rid)))
    return calls


class TestSweepStalled:
    def test_each_stalled_status_gets_its_own_step_again(self, db: Session, sent: list) -> None:
        caisse = make_caisse(db)
        old = utcnow() - timedelta(hours=1)
        rows = {
            status: make_request(db, caisse=caisse, status=status, updated_at=old)
            for status in (
                RequestStatus.RECEIVED,
                RequestStatus.EXTRACTING,
                RequestStatus.EXTRACTED,
                RequestStatus.DRAFTING,
            )
        }
        ids = sweep.requeue_stalled(db, older_than=timedelta(minutes=15))
        assert sorted(ids) == sorted(r.id for r in rows.values())
        assert sorted(sent) == sorted(
            [
                ("document.extract_text", rows[RequestStatus.RECEIVED].id),
                ("document.extract_text", rows[RequestStatus.EXTRACTING].id),
                ("segment.draft", rows[RequestStatus.EXTRACTED].id),
                ("segment.draft", rows[RequestStatus.DRAFTING].id),
            ]
        )

    def test_recent_or_later_stage_requests_are_left_alone(self, db: Session, sent: list) -> None:
        caisse = make_caisse(db)
        make_request(db, caisse=caisse, status=RequestStatus.EXTRACTING)
        make_request(
            db, caisse=caisse, status=RequestStatus.ASSIGNED, updated_at=utcnow() - timedelta(days=3)
        )
        make_request(db, caisse=caisse, status=RequestStatus.FAILED, updated_at=utcnow() - timedelta(days=3))
        assert sweep.requeue_stalled(db, older_than=timedelta(minutes=15)) == []
        assert sent == []

    def test_requests_waiting_for_an_answer_to_an_offer_never_fill_the_batch(self, db: Session, sent: list) -> None:
        caisse = make_caisse(db)
        old = utcnow() - timedelta(hours=2)
        for _ in range(3):
            make_request(db, caisse=caisse, status=RequestStatus.EXTRACTED, offer_status="pending", updated_at=old)
        stalled = make_request(db, caisse=caisse, status=RequestStatus.RECEIVED,
                               updated_at=old + timedelta(minutes=30))
        assert sweep.requeue_stalled(db, older_than=timedelta(minutes=15), limit=2) == [stalled.id]

    def test_a_requeued_request_waits_a_full_period_before_the_next_sweep(
        self, db: Session, sent: list
    ) -> None:
        caisse = make_caisse(db)
        make_request(
            db, caisse=caisse, status=RequestStatus.RECEIVED, updated_at=utcnow() - timedelta(hours=1)
        )
        assert len(sweep.requeue_stalled(db, older_than=timedelta(minutes=15))) == 1
        db.commit()
        assert sweep.requeue_stalled(db, older_than=timedelta(minutes=15)) == []
        assert len(sent) == 1

    def test_the_beat_schedule_runs_the_sweep_and_the_retention_purge(self) -> None:
        from service.worker.app import TASK_MODULES, celery_app

        tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
        assert {"request.sweep_stalled", "retention.purge"} <= tasks
        assert {"service.translation_request.sweep", "service.retention.tasks"} <= set(TASK_MODULES)
