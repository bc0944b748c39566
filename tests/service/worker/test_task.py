"""The task wrapper: a bug in any step leaves the request `failed` with a code, once; only transient errors
retry; time limits end in `failed` too; each kind of work has its queue; no transaction during callbacks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mt_models import FakeTranslator
from service import engines
from service.assignment import service as assignment_service
from service.config import get_settings
from service.db.session import get_engine
from service.document import extraction
from service.models import CallbackDelivery, Event, Segment, TranslationRequest
from service.models.enums import RequestStatus
from service.segment import drafting
from service.translation_request import callbacks
from service.translation_request import service as request_service
from service.worker import names
from service.worker.app import celery_app
from service.worker.task import TIME_LIMIT_EXCEEDED
from service.workflow import cancellation
from tests.factories import make_caisse, make_request
from tests.service.vendor.helpers import make_drafted


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    celery_app.loader.import_default_modules()


def _bug(*_: object, **__: object) -> None:
    raise KeyError("internal detail")


def _failures(db: Session, request: TranslationRequest) -> list[Event]:
    return list(db.scalars(select(Event).where(Event.request_id == request.id, Event.to_status == "failed")))


@pytest.fixture
def translator() -> Iterator[None]:
    engines.use_translator(FakeTranslator())
    yield
    engines.use_translator(None)


def _with_segment(db: Session, status: RequestStatus) -> TranslationRequest:
    request = make_request(db, caisse=make_caisse(db), status=status, source_lang="en", target_lang="fr")
    db.add(Segment(request_id=request.id, position=1, source_text="Hello world", glossary=[], protected=[], qa=[]))
    db.commit()
    return request


class TestCatchAll:
    @pytest.mark.usefixtures("translator")
    def test_a_bug_while_drafting_fails_the_request_with_a_code_once(self, db: Session, monkeypatch) -> None:
        request = _with_segment(db, RequestStatus.EXTRACTED)
        monkeypatch.setattr(drafting, "draft_segments", _bug)
        celery_app.tasks[names.DRAFT].delay(request.id)
        celery_app.tasks[names.DRAFT].delay(request.id)  # a redelivery of the same message
        db.expire_all()
        assert (request.status, request.failure_code, request.failed_from) == ("failed", "drafting_failed",
                                                                              "drafting")
        assert "internal detail" not in (request.failure_detail or "") and "retry" in request.failure_detail
        assert len(_failures(db, request)) == 1

    def test_a_bug_while_routing_fails_the_request_and_retry_routes_it(self, db: Session, monkeypatch) -> None:
        request = make_drafted(db, caisse=make_caisse(db))
        route = assignment_service.route
        monkeypatch.setattr(assignment_service, "route", _bug)
        celery_app.tasks[names.ROUTE].delay(request.id)
        db.expire_all()
        assert (request.status, request.failure_code) == ("failed", "routing_failed")
        monkeypatch.setattr(assignment_service, "route", route)
        request_service.retry(db, request, actor=None)
        db.commit()  # the retry queues routing again (run at once, eagerly, in tests)
        db.expire_all()
        assert request.status in (RequestStatus.ASSIGNED, RequestStatus.DRAFTED)
        assert [e.action for e in request_service.events(db, request)][-2:][0] == "retried"
        assert len(_failures(db, request)) == 1

    def test_a_bug_while_extracting_fails_once_even_when_run_twice(self, db: Session, monkeypatch) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.RECEIVED)
        monkeypatch.setattr(extraction, "start", _bug)
        for _ in range(2):
            celery_app.tasks[names.EXTRACT_TEXT].delay(request.id)
        db.expire_all()
        assert (request.status, request.failure_code) == ("failed", "extraction_failed")
        assert len(_failures(db, request)) == 1

    def test_a_request_that_moved_on_is_not_failed_by_a_late_report(self, db: Session, monkeypatch) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.ASSIGNED)
        monkeypatch.setattr(drafting, "draft_batch", _bug)
        celery_app.tasks[names.DRAFT].delay(request.id)
        db.expire_all()
        assert request.status == RequestStatus.ASSIGNED and _failures(db, request) == []


class TestRetries:
    @pytest.mark.usefixtures("translator")
    def test_a_database_hiccup_is_retried_and_the_work_goes_on(self, db: Session, monkeypatch) -> None:
        request = _with_segment(db, RequestStatus.EXTRACTED)
        real, calls = drafting.draft_batch, []

        def flaky(*args: object, **kwargs: object) -> bool:
            calls.append(1)
            if len(calls) == 1:
                raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(drafting, "draft_batch", flaky)
        celery_app.tasks[names.DRAFT].delay(request.id)
        db.expire_all()
        assert request.status == RequestStatus.DRAFTED and _failures(db, request) == []

    def test_a_database_that_stays_away_ends_in_failed(self, db: Session, monkeypatch) -> None:
        request = make_drafted(db, caisse=make_caisse(db))
        calls: list[int] = []

        def down(*_: object, **__: object) -> None:
            calls.append(1)
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))

        monkeypatch.setattr(assignment_service, "route", down)
        celery_app.tasks[names.ROUTE].delay(request.id)
        db.expire_all()
        assert len(calls) == celery_app.tasks[names.ROUTE].max_retries + 1
        assert (request.status, request.failure_code) == ("failed", "routing_failed")


class TestTimeLimits:
    @pytest.mark.usefixtures("translator")
    def test_the_soft_limit_fails_the_request_with_its_code(self, db: Session, monkeypatch) -> None:
        request = _with_segment(db, RequestStatus.EXTRACTED)

        def too_long(*_: object, **__: object) -> None:
            raise SoftTimeLimitExceeded()

        monkeypatch.setattr(drafting, "draft_segments", too_long)
        celery_app.tasks[names.DRAFT].delay(request.id)
        db.expire_all()
        assert (request.status, request.failure_code) == ("failed", TIME_LIMIT_EXCEEDED)

    def test_the_hard_limit_reported_by_the_worker_fails_the_request_once(self, db: Session) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.EXTRACTING)
        task = celery_app.tasks[names.EXTRACT_TEXT]
        for _ in range(2):  # what the worker's parent process calls once it killed the task
            task.on_failure(TimeLimitExceeded(1900), "task-id", (request.id,), {}, None)
        db.expire_all()
        assert (request.status, request.failure_code) == ("failed", TIME_LIMIT_EXCEEDED)
        assert len(_failures(db, request)) == 1

    def test_limits_come_from_the_settings_of_each_queue(self, monkeypatch) -> None:
        settings = get_settings()
        monkeypatch.setattr(settings, "ocr_soft_time_limit", 42)
        monkeypatch.setattr(settings, "mt_time_limit", 4242)
        assert celery_app.tasks[names.EXTRACT_TEXT].soft_time_limit == 42
        assert celery_app.tasks[names.DRAFT].time_limit == 4242
        assert celery_app.tasks[names.ROUTE].soft_time_limit == settings.light_soft_time_limit

    def test_a_soft_limit_above_the_hard_one_is_refused(self, monkeypatch) -> None:
        from service.config import Settings

        monkeypatch.setenv("PASSERELLE_MT_SOFT_TIME_LIMIT", "600")
        monkeypatch.setenv("PASSERELLE_MT_TIME_LIMIT", "300")
        with pytest.raises(ValueError, match="PASSERELLE_MT_SOFT_TIME_LIMIT"):
            Settings()


class TestQueues:
    def test_ocr_mt_and_light_work_each_go_to_their_queue(self) -> None:
        routes = celery_app.conf.task_routes
        assert routes[names.EXTRACT_TEXT] == {"queue": "ocr"}
        assert routes[names.DRAFT] == {"queue": "mt"}
        assert {routes[n]["queue"] for n in (names.ROUTE, names.DELIVER_CALLBACK, names.SWEEP_STALLED,
                                              names.PURGE)} == {"light"}
        registered = {n for n in celery_app.tasks if not n.startswith("celery.")}
        assert registered <= set(names.QUEUES), "a task without a queue of its own"

    def test_the_worker_refuses_an_unknown_queue(self) -> None:
        from typer.testing import CliRunner

        from service.cli import app

        result = CliRunner().invoke(app, ["worker", "--queues", "ocr,gpu"])
        assert result.exit_code != 0 and "gpu" in result.output


class TestCallbackOutsideTransactions:
    def test_no_connection_is_held_while_the_caisse_server_answers(self, db: Session, monkeypatch) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTED,
                               callback_url="http://127.0.0.1:9/hook")
        engine = get_engine(get_settings().database_url)
        held: list[int] = []

        def post(notification: callbacks.Notification, **_: object) -> callbacks.Attempt:
            held.append(engine.pool.checkedout())  # type: ignore[attr-defined]
            return callbacks.Attempt(204, None)

        monkeypatch.setattr(callbacks, "post", post)
        queued: list[int] = []
        monkeypatch.setattr(callbacks, "enqueue", lambda _s, _name, delivery_id: queued.append(delivery_id))
        cancellation.cancel(db, request, actor=None, reason="test")
        db.commit()
        before = engine.pool.checkedout()  # type: ignore[attr-defined]
        celery_app.tasks[names.DELIVER_CALLBACK].delay(*queued)
        assert held == [before]
        delivery = db.scalars(select(CallbackDelivery).where(CallbackDelivery.request_id == request.id)).one()
        assert (delivery.status, delivery.attempts) == ("delivered", 1)
