"""Helpers for the web pages: sign a TestClient in with the session cookie, read the CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.deps import SESSION_COOKIE
from service.models import User


@pytest.fixture(scope="session")
def web_app_client(environment: None) -> Iterator[TestClient]:
    """One application for the whole web suite: building it per test dominated the runtime."""
    from service.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def client(web_app_client: TestClient) -> Iterator[TestClient]:
    """The shared client, with no cookie left over from the previous test."""
    web_app_client.cookies.clear()
    yield web_app_client
    web_app_client.cookies.clear()


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client: TestClient, session: Session, user: User) -> None:
    """Give `client` a session cookie for `user`, as the sign-in form would."""
    token, _ = auth_service.issue_token(session, user=user)
    session.commit()
    client.cookies.set(SESSION_COOKIE, token)


def csrf_token(client: TestClient, path: str) -> str:
    """The CSRF token embedded in the page at `path` (and its cookie set on `client`)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = CSRF_RE.search(page.text)
    assert match, "the page has no CSRF field"
    return match.group(1)
