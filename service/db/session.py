"""Engines and sessions, one engine per database URL and process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from service.config import get_settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets the API read while a worker writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


_ENGINES: dict[str, Engine] = {}
_FACTORIES: dict[str, sessionmaker[Session]] = {}
_LOCK = threading.Lock()


def get_engine(url: str) -> Engine:
    """The engine for `url`, created once per process."""
    if url not in _ENGINES:
        # The first requests arrive together on many threads: without the lock each built its own
        # engine and pool, and a burst opened more connections than PostgreSQL allows.
        with _LOCK:
            if url not in _ENGINES:
                _ENGINES[url] = _create_engine(url)
    return _ENGINES[url]


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Keep as many connections as requests run at once: an overflow connection is closed when handed
        # back, and a new SQLite connection pays its pragmas and reads the whole schema again on its first
        # query (under 16 clients that was most of a list page's time).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=15, max_overflow=5)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=15, max_overflow=15)


def _factory(url: str) -> sessionmaker[Session]:
    if url not in _FACTORIES:
        engine = get_engine(url)
        with _LOCK:
            _FACTORIES.setdefault(url, sessionmaker(bind=engine, expire_on_commit=False))
    return _FACTORIES[url]


def new_session(url: str | None = None) -> Session:
    """A new session on `url` (default: the configured database)."""
    return _factory(url or get_settings().database_url)()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error: the caller owns the transaction."""
    session = new_session(url)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_all() -> None:
    """Close and forget every engine (after a fork, or when tests switch databases)."""
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()
    _FACTORIES.clear()
