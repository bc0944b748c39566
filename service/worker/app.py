"""The Celery application, configured from settings; the broker is swapped by `PASSERELLE_BROKER_URL` alone."""

from __future__ import annotations

import functools
import sqlite3

from celery import Celery
from celery.signals import worker_process_init
from kombu import pools
from sqlalchemy.engine import make_url

from service.config import get_settings
from service.worker import names

# Modules whose tasks the worker registers; each domain with background work adds its own here.
TASK_MODULES = [
    "service.translation_request.tasks",
    "service.assignment.tasks",
    "service.revision.tasks",
    "service.translation_request.sweep",
    "service.retention.tasks",
    "service.document.tasks",
    "service.segment.tasks",
    "service.message.tasks",
    # No task: its flush listeners keep the indicators' rollup in step with what tasks deliver.
    "service.indicator.rollup",
    "service.vendor.tasks",
]


def transport_options(broker_url: str, visibility_timeout: int) -> dict[str, object]:
    """Broker options. The SQLAlchemy transport hands its options to `create_engine`: an embedded SQLite
    broker gets a connection factory that turns WAL on, nothing else."""
    if broker_url.startswith("sqla+sqlite"):
        database = make_url(broker_url.removeprefix("sqla+")).database
        if database and database != ":memory:":
            return {"creator": functools.partial(_sqlite_broker_connection, database)}
    if broker_url.startswith("sqla+"):
        return {}
    return {"visibility_timeout": visibility_timeout, "polling_interval": 0.5}


def _sqlite_broker_connection(database: str) -> sqlite3.Connection:
    # Without WAL every enqueue waited for a full journal sync: the embedded broker was the slowest step
    # of a submission. NORMAL still survives a crash of the process; a lost power may drop the last
    # messages, which the stalled-request sweep sends again.
    connection = sqlite3.connect(database, timeout=30, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def create_celery() -> Celery:
    """A Celery app for the current settings."""
    settings = get_settings()
    app = Celery("passerelle", broker=settings.broker_url, include=TASK_MODULES)
    app.conf.update(
        task_ignore_result=True,
        # OCR, MT and light work on their own queues: `passerelle worker --queues ocr` gives OCR its own
        # processes, so a huge scan never holds up drafting or callbacks.
        task_routes={name: {"queue": queue.value} for name, queue in names.QUEUES.items()},
        task_default_queue=names.Queue.LIGHT.value,
        # Long OCR/MT work: acknowledge only once done, give a killed worker's task to another,
        # and take one task at a time so a crash loses at most the one in hand (and it is redelivered).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(settings.broker_url, settings.broker_visibility_timeout),
        task_always_eager=settings.celery_eager,
        task_eager_propagates=False,
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        beat_schedule={
            names.SWEEP_STALLED: {"task": names.SWEEP_STALLED, "schedule": 300.0},
            names.PURGE: {"task": names.PURGE, "schedule": 86400.0},
        },
    )
    return app


celery_app = create_celery()


def reconfigure() -> None:
    """Re-read settings into the existing app (tests switch brokers and eager mode)."""
    settings = get_settings()
    celery_app.conf.broker_url = settings.broker_url
    celery_app.conf.broker_transport_options = transport_options(settings.broker_url,
                                                                 settings.broker_visibility_timeout)
    celery_app.conf.task_always_eager = settings.celery_eager
    # Drop every cached connection and producer: kombu keeps its pools in a process-wide registry, so
    # closing only the app's pool would leave a closed pool there ("Acquire on closed pool").
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@worker_process_init.connect
def _fresh_connections(**_: object) -> None:
    # Connections inherited across fork are shared with the parent: start clean in each child.
    from service.db.session import dispose_all

    dispose_all()
