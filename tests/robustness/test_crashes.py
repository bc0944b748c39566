"""Crashes on the real broker and database: every request still ends done exactly once.

A worker SIGKILLed in the middle of text extraction or of drafting, the broker restarted, the broker
down when work is queued, the database unreachable for a moment. Runs against a private Redis server
and a private PostgreSQL database (see harness.py); workers are real `passerelle worker` processes,
slowed down per page and per drafting batch so the crash lands mid-step.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.robustness import harness
from tests.robustness.harness import Stack, assert_done_once, drafted_segments, state, submit, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(300)]

PAGES = 6


def _need(binary: str) -> None:
    if shutil.which(binary) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{binary} is required under CI=true (apt-get install redis-server)")
        pytest.skip(f"{binary} is not installed")


@pytest.fixture(scope="module")
def document() -> tuple[bytes, int]:
    """A 6-page digital PDF and the number of segments extraction makes of it."""
    import ocr

    data = harness.pdf_pages(PAGES)
    extracted = ocr.extract(data, ocr.ExtractOptions(language="de"))
    segments = sum(len(p.sentences) for page in extracted.pages for p in ocr.segment(page.text, "de"))
    return data, segments


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A fresh private database, a private Redis with an append-only file, and no worker yet."""
    _need("redis-server")
    redis = harness.RedisServer(tmp_path / "redis")
    redis.start()
    logs = tmp_path / "logs"
    logs.mkdir()
    stack = Stack(url=harness.reset_database(), redis=redis, storage=tmp_path / "var" / "storage", logs=logs)
    try:
        yield stack
    finally:
        stack.stop_all()
        redis.stop()
        stack.engine.dispose()


def _worker_log(stack: Stack) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(stack.logs.glob("*.log")))


class TestWorkerKilled:
    def test_killed_in_the_middle_of_text_extraction(self, stack: Stack, document: tuple[bytes, int]) -> None:
        data, segments = document
        user = harness.seed_submitter(stack)
        first = stack.start_worker()
        request_id = submit(stack, user, data)
        wait_for(
            lambda: (state(stack, request_id).progress_done or 0) >= 2,
            timeout=90,
            what="extraction to reach page 2",
        )
        stack.kill_worker(first)
        assert state(stack, request_id).status == "extracting"
        stack.start_worker()
        wait_for(
            lambda: state(stack, request_id).status in harness.DONE,
            timeout=120,
            what=f"the request to be drafted after the crash\n{_worker_log(stack)}",
        )
        assert_done_once(stack, request_id, pages=PAGES, segments=segments)

    def test_killed_in_the_middle_of_drafting(self, stack: Stack, document: tuple[bytes, int]) -> None:
        data, segments = document
        user = harness.seed_submitter(stack)
        first = stack.start_worker()
        request_id = submit(stack, user, data)
        wait_for(
            lambda: (
                state(stack, request_id).status == "drafting" and drafted_segments(stack, request_id) >= 2
            ),
            timeout=120,
            what="drafting to be under way",
        )
        stack.kill_worker(first)
        assert drafted_segments(stack, request_id) < segments
        stack.start_worker()
        wait_for(
            lambda: state(stack, request_id).status in harness.DONE,
            timeout=120,
            what=f"the request to be drafted after the crash\n{_worker_log(stack)}",
        )
        assert_done_once(stack, request_id, pages=PAGES, segments=segments)


class TestBrokerRestarted:
    def test_restarted_while_requests_are_queued_and_in_progress(
        self, stack: Stack, document: tuple[bytes, int]
    ) -> None:
        data, segments = document
        user = harness.seed_submitter(stack)
        stack.start_worker()
        ids = [submit(stack, user, data) for _ in range(3)]
        wait_for(
            lambda: state(stack, ids[0]).status in ("extracting", "extracted", "drafting"),
            timeout=90,
            what="the first request to be in progress",
        )
        stack.redis.stop()
        time.sleep(2)
        stack.redis.start()
        for request_id in ids:
            wait_for(
                lambda rid=request_id: state(stack, rid).status in harness.DONE,
                timeout=150,
                what=f"request {request_id} to be drafted after the broker restart\n{_worker_log(stack)}",
            )
        for request_id in ids:
            assert_done_once(stack, request_id, pages=PAGES, segments=segments)

    def test_work_queued_while_the_broker_was_down_is_recovered_by_the_sweep(
        self, stack: Stack, document: tuple[bytes, int]
    ) -> None:
        data, segments = document
        user = harness.seed_submitter(stack)
        # The API committed the request but could not reach the broker: no task exists for it.
        request_id = submit(stack, user, data, enqueue=False)
        stack.start_worker()
        time.sleep(1.5)
        assert state(stack, request_id).status == "received"
        stack.send("request.sweep_stalled")  # what beat sends every 5 minutes (threshold 0 here)
        wait_for(
            lambda: state(stack, request_id).status in harness.DONE,
            timeout=120,
            what=f"the swept request to be drafted\n{_worker_log(stack)}",
        )
        assert_done_once(stack, request_id, pages=PAGES, segments=segments)


class TestDatabaseUnreachable:
    def test_the_database_gone_for_a_moment_during_drafting(
        self, stack: Stack, document: tuple[bytes, int]
    ) -> None:
        data, segments = document
        user = harness.seed_submitter(stack)
        stack.start_worker()
        request_id = submit(stack, user, data)
        wait_for(lambda: state(stack, request_id).status == "drafting", timeout=120, what="drafting to start")
        harness.cut_database(3.0)
        wait_for(
            lambda: state(stack, request_id).status in harness.DONE,
            timeout=150,
            what=f"the request to be drafted after the outage\n{_worker_log(stack)}",
        )
        assert_done_once(stack, request_id, pages=PAGES, segments=segments)


class TestTimeLimits:
    def test_text_extraction_past_its_soft_limit_ends_failed_with_a_code_once(
        self, stack: Stack, document: tuple[bytes, int]
    ) -> None:
        from sqlalchemy import func, select

        from service.models import Event

        data, _ = document
        user = harness.seed_submitter(stack)
        # Six pages at 0.7 s each: well past a 2-second limit on OCR work.
        stack.start_worker(PASSERELLE_OCR_SOFT_TIME_LIMIT="2", PASSERELLE_OCR_TIME_LIMIT="30")
        request_id = submit(stack, user, data)
        wait_for(
            lambda: state(stack, request_id).status == "failed",
            timeout=90,
            what=f"the request to fail at its time limit\n{_worker_log(stack)}",
        )
        assert state(stack, request_id).failure_code == "time_limit_exceeded"
        time.sleep(1.5)  # anything racing the failure would show by now
        with stack.session() as session:
            failures = session.scalar(select(func.count()).select_from(Event).where(
                Event.request_id == request_id, Event.to_status == "failed"))
        assert failures == 1
