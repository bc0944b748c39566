"""The pipeline table: which task runs from which status, what follows it, where a retry goes back to."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from service.models.enums import RequestStatus
from service.translation_request import pipeline
from service.translation_request import service as request_service
from service.translation_request.state import TRANSITIONS
from service.worker import names
from tests.factories import make_caisse, make_request

S = RequestStatus


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The tasks `advance` queues (captured instead of sent)."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(pipeline, "enqueue", lambda _s, name, rid: calls.append((name, rid)))
    return calls


class TestTable:
    def test_the_steps_chain_from_receipt_to_routing(self, db: Session) -> None:
        request = make_request(db, caisse=make_caisse(db))
        chain, step = [], pipeline.step_for(request)
        while step is not None:
            chain.append((step.name, step.task))
            step = pipeline.following(step, request)
        assert chain == [("extract", names.EXTRACT_TEXT), ("draft", names.DRAFT), ("route", names.ROUTE)]

    def test_every_step_starts_where_an_earlier_one_ends(self) -> None:
        reached = {S.RECEIVED}
        for step in pipeline.STEPS:
            assert step.starts_from in reached, step.name
            reached |= {s for s in (step.running, step.done) if s is not None}

    def test_each_step_task_has_a_queue_of_its_kind(self) -> None:
        assert [names.queue_of(s.task) for s in pipeline.STEPS] == [names.Queue.OCR, names.Queue.MT,
                                                                    names.Queue.LIGHT, names.Queue.LIGHT]

    def test_an_information_request_is_delivered_unrevised_after_drafting_instead_of_routed(
            self, db: Session) -> None:
        request = make_request(db, caisse=make_caisse(db), service_level="information")
        chain, step = [], pipeline.step_for(request)
        while step is not None:
            chain.append(step.name)
            step = pipeline.following(step, request)
        assert chain == ["extract", "draft", "deliver_unrevised"]

    @pytest.mark.parametrize("status", [S.RECEIVED, S.EXTRACTED])
    def test_a_request_with_an_offer_pending_waits_for_the_agent(self, db: Session, sent: list, status) -> None:
        request = make_request(db, caisse=make_caisse(db), status=status, offer_status="pending")
        assert pipeline.advance(db, request) is None and sent == []
        request.offer_status = "declined"
        assert pipeline.advance(db, request) is not None and len(sent) == 1

    def test_the_state_machine_allows_every_move_the_steps_make(self) -> None:
        for step in pipeline.STEPS:
            for status in step.statuses:
                assert {S.FAILED, S.CANCELLED} <= TRANSITIONS[status]
            if step.running:
                assert step.running in TRANSITIONS[step.starts_from]
            if step.done:
                assert step.done in TRANSITIONS[step.running or step.starts_from]
            assert step.retry_from in TRANSITIONS[S.FAILED]

    @pytest.mark.parametrize(("failed_from", "back_to"), [
        (S.RECEIVED, S.RECEIVED), (S.EXTRACTING, S.RECEIVED), (S.EXTRACTED, S.EXTRACTED),
        (S.DRAFTING, S.EXTRACTED), (S.DRAFTED, S.DRAFTED), (None, S.RECEIVED),
    ])
    def test_a_retry_goes_back_to_the_start_of_the_failed_step(self, failed_from, back_to) -> None:
        assert pipeline.retry_point(failed_from) == back_to


class TestAdvance:
    @pytest.mark.parametrize(("status", "task"), [
        (S.RECEIVED, names.EXTRACT_TEXT), (S.EXTRACTING, names.EXTRACT_TEXT), (S.EXTRACTED, names.DRAFT),
        (S.DRAFTING, names.DRAFT), (S.DRAFTED, names.ROUTE), (S.ASSIGNED, None), (S.FAILED, None),
    ])
    def test_advance_queues_the_step_the_status_calls_for(self, db: Session, sent: list, status, task) -> None:
        request = make_request(db, caisse=make_caisse(db), status=status)
        pipeline.advance(db, request)
        assert sent == ([(task, request.id)] if task else [])

    def test_a_request_failed_in_routing_is_routed_again_on_retry(self, db: Session, sent: list) -> None:
        request = make_request(db, caisse=make_caisse(db), status=S.DRAFTED)
        request_service.fail(db, request, code="routing_failed", detail="bug")
        request_service.retry(db, request, actor=None)
        assert request.status == S.DRAFTED
        assert sent == [(names.ROUTE, request.id)]

    def test_a_step_for_some_requests_is_one_table_entry(
            self, db: Session, sent: list, monkeypatch: pytest.MonkeyPatch) -> None:
        # How another level of service plugs in: some drafted work skips routing for a task of its own.
        shortcut = pipeline.Step("shortcut", "test.shortcut", starts_from=S.DRAFTED, resumable=False,
                                 applies=lambda r: r.source_lang == "en")
        monkeypatch.setattr(pipeline, "STEPS", (*pipeline.STEPS[:2], shortcut, pipeline.STEPS[2]))
        english = make_request(db, caisse=make_caisse(db), status=S.DRAFTED, source_lang="en")
        german = make_request(db, caisse=english.caisse, status=S.DRAFTED)
        pipeline.advance(db, english)
        pipeline.advance(db, german)
        assert sent == [("test.shortcut", english.id), (names.ROUTE, german.id)]
        assert pipeline.following(pipeline.DRAFT, english) == shortcut
        assert pipeline.following(pipeline.DRAFT, german) == pipeline.ROUTE


class TestSweepWithSteps:
    def test_the_sweep_resumes_only_steps_meant_to_be_resumed(
            self, db: Session, sent: list, monkeypatch: pytest.MonkeyPatch) -> None:
        from datetime import timedelta

        from service.db.base import utcnow
        from service.translation_request import sweep

        # A resumable step for some drafted requests: the others wait in the pool, routing is not re-sent.
        shortcut = pipeline.Step("shortcut", "test.shortcut", starts_from=S.DRAFTED,
                                 applies=lambda r: r.source_lang == "en")
        monkeypatch.setattr(pipeline, "STEPS", (*pipeline.STEPS[:2], shortcut, pipeline.STEPS[2]))
        old = utcnow() - timedelta(hours=1)
        english = make_request(db, caisse=make_caisse(db), status=S.DRAFTED, source_lang="en", updated_at=old)
        make_request(db, caisse=english.caisse, status=S.DRAFTED, updated_at=old)
        assert sweep.requeue_stalled(db, older_than=timedelta(minutes=15)) == [english.id]
        assert sent == [("test.shortcut", english.id)]
