"""Fixtures of revision tests: a caisse, its people, a request with segments, a recording memory."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.models import Caisse, Segment, TranslationRequest, User
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_request, make_user

# page, paragraph, source, draft
ACTE = [
    (1, 0, "Geburtsurkunde.", "Acte de naissance."),
    (
        1,
        1,
        "Anna Schmidt wurde am 12.03.1985 in Berlin geboren.",
        "Anna Schmidt est née le 12.03.1985 à Berlin.",
    ),
    (1, 1, "Die Krankenkasse zahlt 1.234,56 EUR.", "La caisse paie 1.234,56 EUR."),
    (1, 2, "Aktenzeichen CPAM/2025/17.", "Référence CPAM/2025/17."),
]


@dataclass
class World:
    caisse: Caisse
    submitter: User
    translator: User
    other_translator: User
    manager: User


@pytest.fixture
def world(db: Session) -> World:
    """A caisse with a submitter, two de>fr translators and a manager."""
    caisse = make_caisse(db)
    return World(
        caisse=caisse,
        submitter=make_user(db, role=Role.SUBMITTER, caisse=caisse),
        translator=make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"]),
        other_translator=make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"]),
        manager=make_user(db, role=Role.MANAGER),
    )


def add_segments(
    db: Session,
    request: TranslationRequest,
    rows: list[tuple[int, int, str, str | None]] = ACTE,
    **fields: Any,
) -> list[Segment]:
    """Drafted segments in reading order."""
    segments = [
        Segment(
            request_id=request.id,
            position=n,
            page=page,
            paragraph=para,
            source_text=source,
            draft_text=draft,
            draft_origin="mt",
            draft_score=0.8,
            status="drafted",
            glossary=[],
            protected=[],
            qa=[],
            **fields,
        )
        for n, (page, para, source, draft) in enumerate(rows, start=1)
    ]
    db.add_all(segments)
    db.commit()
    return segments


def make_job(
    db: Session,
    world: World,
    *,
    status: RequestStatus = RequestStatus.IN_REVISION,
    assignee: User | None = None,
    rows: list[tuple[int, int, str, str | None]] = ACTE,
    **fields: Any,
) -> TranslationRequest:
    """A de>fr request of the world's caisse in `status`, assigned to the translator, with segments."""
    who = assignee if assignee is not None else world.translator
    request = make_request(
        db, caisse=world.caisse, status=status, submitter=world.submitter, assignee_id=who.id, **fields
    )
    add_segments(db, request, rows)
    return request


def auth(db: Session, user: User) -> dict[str, str]:
    """Bearer headers for `user`."""
    return headers_for(db, user)


@pytest.fixture
def remembered(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls to the translation memory's `remember`, recorded instead of stored.

    When the memory domain is not there yet, a stand-in module takes its place.
    """
    calls: list[dict[str, Any]] = []

    def remember(session: Session, **kwargs: Any) -> None:
        calls.append(kwargs)

    try:
        from service.memory import service as memory_service
    except ImportError:
        package = types.ModuleType("service.memory")
        memory_service = types.ModuleType("service.memory.service")
        package.service = memory_service  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "service.memory", package)
        monkeypatch.setitem(sys.modules, "service.memory.service", memory_service)
    monkeypatch.setattr(memory_service, "remember", remember, raising=False)
    return calls


@pytest.fixture(scope="session")
def client():  # type: ignore[no-untyped-def]
    """One in-process HTTP client for all revision tests: building the app per test dominated their runtime.

    The tests authenticate with bearer headers, so no cookie carries over from one test to the next.
    """
    from fastapi.testclient import TestClient

    from service.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _clean_tables() -> Iterator[None]:
    """Empty every table after each test, with DELETE rather than the root fixture's TRUNCATE.

    On PostgreSQL a TRUNCATE of every table costs about 1.6 s per test on this machine and DELETE
    of the few rows a test writes about 0.1 s; ids are not reset, and no test here relies on them.
    """
    yield
    from sqlalchemy import text

    from service.config import get_settings
    from service.db.base import Base
    from service.db.session import get_engine

    with get_engine(get_settings().database_url).begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f'DELETE FROM "{table.name}"'))
