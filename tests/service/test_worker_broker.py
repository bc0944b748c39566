"""A real worker process on a real broker: the embedded SQLite broker, or Redis when
`PASSERELLE_TEST_BROKER=redis` (the PostgreSQL pass of `make test`). Same code, only the URL changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import get_settings
from service.models import TranslationRequest
from service.models.enums import Role
from service.worker.app import reconfigure
from tests.factories import headers_for, make_caisse, make_user

REDIS = os.environ.get("PASSERELLE_TEST_BROKER") == "redis"


def _broker_url(root: Path) -> str:
    if REDIS:
        return os.environ.get("PASSERELLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    return f"sqla+sqlite:///{root / 'broker.db'}"


@pytest.fixture
def live_worker(test_root: Path) -> Iterator[None]:
    """A `passerelle worker` subprocess, and the app sending to the same broker (not eagerly)."""
    settings = get_settings()
    broker = _broker_url(test_root)
    if REDIS:
        import redis

        try:
            redis.Redis.from_url(broker).flushdb()
        except redis.ConnectionError as exc:
            pytest.fail(f"Redis is required for this test: {exc}")
    env = {**os.environ, "PASSERELLE_BROKER_URL": broker, "PASSERELLE_CELERY_EAGER": "false"}
    log = open(test_root / "worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen([sys.executable, "-m", "service.cli", "worker", "--concurrency", "1"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    old = (settings.broker_url, settings.celery_eager)
    settings.broker_url, settings.celery_eager = broker, False
    reconfigure()
    try:
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        settings.broker_url, settings.celery_eager = old
        reconfigure()


@pytest.mark.slow
class TestWorkerOnBroker:
    def test_submitted_text_is_extracted_by_the_worker_process(self, client, db, live_worker, test_root) -> None:
        caisse = make_caisse(db)
        headers = headers_for(db, make_user(db, role=Role.SUBMITTER, caisse=caisse))
        text = "Sehr geehrte Damen und Herren,\n\nanbei die Geburtsurkunde meiner Tochter.\n"
        response = client.post("/api/requests", headers=headers,
                               files={"file": ("brief.txt", text.encode())},
                               data={"source_lang": "de", "target_lang": "fr", "document_type": "correspondence"})
        assert response.status_code == 201
        request_id = response.json()["id"]
        deadline = time.monotonic() + 180
        status = "received"
        while time.monotonic() < deadline and status in {"received", "extracting"}:
            time.sleep(1)
            db.expire_all()
            status = db.get(TranslationRequest, request_id).status
        worker_log = (test_root / "worker.log").read_text(errors="replace")[-3000:]
        assert status not in {"received", "extracting", "failed"}, worker_log
        assert db.get(TranslationRequest, request_id).words, "the worker stored the extracted text"
