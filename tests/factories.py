"""Plain keyword-only factories for test data (committed, so the application sees it)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.models import Caisse, Partner, TranslationRequest, User
from service.models.enums import RequestStatus, Role

_seq = itertools.count(1)


def make_caisse(session: Session, *, code: str | None = None, kind: str = "CPAM") -> Caisse:
    """A caisse with a unique code."""
    n = next(_seq)
    caisse = Caisse(code=code or f"C{n:04d}", name=f"Caisse {n}", kind=kind, callback_secret=f"secret-{n}")
    session.add(caisse)
    session.commit()
    return caisse


def make_user(session: Session, *, role: Role = Role.SUBMITTER, caisse: Caisse | None = None,
              pairs: list[str] | None = None, trainee: bool = False, capacity: float = 10.0,
              email: str | None = None, partner: Partner | None = None) -> User:
    """An active account (no password: tests authenticate with `headers_for`)."""
    n = next(_seq)
    user = auth_service.create_user(session, email=email or f"user{n}@test.example", full_name=f"User {n}",
                                    role=role, caisse=caisse, trainee=trainee, pairs=pairs or [],
                                    capacity_pages_per_day=capacity, partner=partner)
    session.commit()
    return user


def headers_for(session: Session, user: User) -> dict[str, str]:
    """An Authorization header with a fresh bearer token for `user`."""
    token, _ = auth_service.issue_token(session, user=user)
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def make_request(session: Session, *, caisse: Caisse, status: RequestStatus = RequestStatus.RECEIVED,
                 source_lang: str = "de", target_lang: str = "fr", received_on: date | None = None,
                 submitter: User | None = None, pages: int | None = 1, **fields: object) -> TranslationRequest:
    """A request row inserted directly in `status` (no document, no background work)."""
    n = next(_seq)
    received = received_on or date.today()
    request = TranslationRequest(reference=f"TR-{received.year}-9{n:05d}", caisse_id=caisse.id,
                                 submitter_id=submitter.id if submitter else None, source_lang=source_lang,
                                 target_lang=target_lang, document_type="other", channel="standard",
                                 urgency="normal", received_on=received, due_on=received + timedelta(days=21),
                                 status=status, pages=pages, warnings=[], **fields)
    session.add(request)
    session.commit()
    return request
