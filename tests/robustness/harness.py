"""Real processes for crash and load scenarios: a private Redis, a private PostgreSQL database, workers.

The Redis server is our own (port 6390 by default, append-only file on) so restarting it disturbs
nobody; the PostgreSQL database is our own too (`robustness` by default), so cutting its connections
touches no one else's tests.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.config import REPO_ROOT
from service.kit.storage import FileStore
from service.models import Caisse, Document, Event, ExtractedPage, Segment, TranslationRequest, User
from service.models.enums import DocumentRole, RequestStatus, Role

PG_ADMIN_URL = os.environ.get(
    "PASSERELLE_TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PG_DB = os.environ.get("PASSERELLE_TEST_ROBUSTNESS_DB", "robustness")
REDIS_PORT = int(os.environ.get("PASSERELLE_TEST_REDIS_PORT", "6390"))
DONE = {RequestStatus.DRAFTED, RequestStatus.ASSIGNED, RequestStatus.OUTSOURCED}


def wait_for(condition: Callable[[], Any], *, timeout: float, what: str, every: float = 0.3) -> Any:
    """Poll `condition` until it is truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class RedisServer:
    """A private redis-server with an append-only file, so a restart keeps queued and unacked tasks."""

    def __init__(self, workdir: Path, port: int = REDIS_PORT) -> None:
        self.workdir, self.port = workdir, port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or restart) the server and wait until it answers."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.workdir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._ping, timeout=20, what=f"redis-server on port {self.port}")

    def _ping(self) -> bool:
        result = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
        return result.stdout.strip() == "PONG"

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (SIGTERM flushes the append-only file; SIGKILL is a crash)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=20)


@dataclass
class Stack:
    """The database, broker, file store and workers of one scenario run."""

    url: str
    redis: RedisServer
    storage: Path
    logs: Path
    engine: Engine = field(init=False)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = create_engine(self.url, pool_pre_ping=True)

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a worker of this stack."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PASSERELLE_")}
        env.update(
            PASSERELLE_ENV="test",
            PASSERELLE_DATABASE_URL=self.url,
            PASSERELLE_BROKER_URL=self.redis.url,
            PASSERELLE_STORAGE_DIR=str(self.storage),
            PASSERELLE_VAR_DIR=str(self.storage.parent),
            PASSERELLE_CELERY_EAGER="false",
            PASSERELLE_BROKER_VISIBILITY_TIMEOUT="12",
            PASSERELLE_MT_MAX_BATCH_SIZE="2",
            PASSERELLE_TEST_STEP_DELAY="0.7",
            PASSERELLE_STALLED_AFTER_MINUTES="0",
            PYTHONPATH=str(REPO_ROOT),
        )
        env.update(extra)
        return env

    def start_worker(self, **extra: str) -> subprocess.Popen[bytes]:
        """A slowed-down `passerelle worker` in its own process group (so SIGKILL takes its children)."""
        log = (self.logs / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.robustness.crash_worker"],
            cwd=REPO_ROOT,
            env=self.env(**extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(worker)
        return worker

    def kill_worker(self, worker: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool processes: no chance to acknowledge or clean up."""
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)

    def stop_all(self) -> None:
        """Kill every worker of the scenario."""
        for worker in self.workers:
            self.kill_worker(worker)

    def send(self, task: str, *args: Any) -> None:
        """Queue `task(*args)` on the stack's broker, as the API would after its commit."""
        from celery import Celery

        from service.worker.names import queue_of

        app = Celery("passerelle-test", broker=self.redis.url)
        app.conf.broker_connection_retry_on_startup = True
        with app.connection_for_write() as connection:
            app.send_task(task, args=args, connection=connection, queue=queue_of(task).value)

    def session(self) -> Session:
        """A session on the stack's database."""
        return Session(self.engine, expire_on_commit=False)


def reset_database() -> str:
    """Recreate the private database with the current schema; returns its URL."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{PG_DB}" ALLOW_CONNECTIONS true')) if _exists(conn) else None
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"), {"d": PG_DB}
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB}"'))
        conn.execute(text(f'CREATE DATABASE "{PG_DB}"'))
    admin.dispose()
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
    from service.db.migrate import upgrade

    upgrade(url)
    return url


def _exists(conn: Any) -> bool:
    return (
        conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": PG_DB}).scalar() is not None
    )


def cut_database(seconds: float) -> None:
    """Make the private database unreachable: refuse new connections and drop live ones, then reopen."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{PG_DB}" ALLOW_CONNECTIONS false'))
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": PG_DB},
            )
            time.sleep(0.2)
        conn.execute(text(f'ALTER DATABASE "{PG_DB}" ALLOW_CONNECTIONS true'))
    admin.dispose()


def pdf_pages(pages: int, sentences: int = 2) -> bytes:
    """A digital PDF of `pages` pages with `sentences` German sentences each (text layer: no OCR)."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A5)
    for page in range(1, pages + 1):
        for line in range(sentences):
            pdf.drawString(
                40, 500 - 20 * line, f"Die Rente wird ab Seite {page} im Monat {line + 1} gezahlt."
            )
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def seed_submitter(stack: Stack) -> User:
    """A caisse and its agent."""
    with stack.session() as session:
        caisse = Caisse(code=f"R{time.time_ns() % 10**8}", name="CPAM test", kind="CPAM", callback_secret="s")
        session.add(caisse)
        session.flush()
        user = auth_service.create_user(session, email=f"agent{caisse.code}@test.example", full_name="Agent",
                                        role=Role.SUBMITTER, caisse=caisse)
        session.commit()
        return user


def submit(stack: Stack, user: User, data: bytes, *, enqueue: bool = True) -> int:
    """A request in `received` with its original, as intake stores it; extraction queued unless told not."""
    from datetime import date, timedelta

    stored = FileStore(stack.storage).put(data)
    with stack.session() as session:
        request = TranslationRequest(
            reference=f"TR-R-{time.time_ns()}",
            caisse_id=user.caisse_id,
            submitter_id=user.id,
            source_lang="de",
            target_lang="fr",
            document_type="other",
            received_on=date.today(),
            due_on=date.today() + timedelta(days=21),
            status=RequestStatus.RECEIVED,
            warnings=[],
        )
        session.add(request)
        session.flush()
        session.add(
            Document(
                request_id=request.id,
                role=DocumentRole.ORIGINAL,
                storage_key=stored.key,
                sha256=stored.sha256,
                size_bytes=stored.size_bytes,
                mime_type="application/pdf",
                original_name="rente.pdf",
            )
        )
        session.add(
            Event(request_id=request.id, action="submitted", to_status=RequestStatus.RECEIVED, detail={})
        )
        session.commit()
        request_id = request.id
    if enqueue:
        stack.send("document.extract_text", request_id)
    return request_id


def state(stack: Stack, request_id: int) -> TranslationRequest:
    """The request as the database has it now."""
    with stack.session() as session:
        request = session.get(TranslationRequest, request_id)
        assert request is not None
        return request


def drafted_segments(stack: Stack, request_id: int) -> int:
    """How many of the request's segments have a draft."""
    with stack.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Segment)
                .where(Segment.request_id == request_id, Segment.draft_origin.is_not(None))
            )
            or 0
        )


def assert_done_once(stack: Stack, request_id: int, *, pages: int, segments: int) -> None:
    """The request went through every step exactly once: no lost step, no duplicated row or event."""
    with stack.session() as session:
        request = session.get(TranslationRequest, request_id)
        assert request is not None and request.status in DONE, f"request ended {request.status}"
        reached = session.scalars(
            select(Event.to_status).where(Event.request_id == request_id, Event.to_status.is_not(None))
        ).all()
        for status in ("received", "extracting", "extracted", "drafting", "drafted"):
            assert reached.count(status) == 1, (
                f"status {status} recorded {reached.count(status)} times: {reached}"
            )
        assert "failed" not in reached, f"the request failed on the way: {reached}"
        positions = session.scalars(
            select(Segment.position).where(Segment.request_id == request_id).order_by(Segment.position)
        ).all()
        assert positions == list(range(1, segments + 1)), f"segments {positions}"
        assert drafted_segments(stack, request_id) == segments
        numbers = session.scalars(
            select(ExtractedPage.number)
            .where(ExtractedPage.request_id == request_id)
            .order_by(ExtractedPage.number)
        ).all()
        assert numbers == list(range(1, pages + 1)), f"pages {numbers}"
        assert request.pages == pages
