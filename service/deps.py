"""Request dependencies: the transaction, the caller, role checks. Aliases keep signatures short."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.db.session import new_session
from service.errors import Forbidden, Unauthorized
from service.models import User
from service.models.enums import Role

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)

SESSION_COOKIE = "passerelle_session"


def get_session() -> Iterator[Session]:
    """One transaction per request, committed before the response is sent (the caller owns it)."""
    session = new_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_token(request: Request, bearer: Annotated[str | None, Depends(oauth2_scheme)]) -> str | None:
    """The caller's token: a bearer header, an `X-API-Key` header, or (reads only) the web session cookie."""
    # A browser sends the cookie on its own, even on a forged cross-site form: the API takes it for
    # reads only, so changing data needs a header a forged request cannot set (web forms use CSRF tokens).
    cookie = request.cookies.get(SESSION_COOKIE) if request.method in SAFE_METHODS else None
    return bearer or request.headers.get("x-api-key") or cookie


def get_current_user(session: SessionDep, token: Annotated[str | None, Depends(get_token)]) -> User:
    """The authenticated caller; 401 when there is none."""
    if not token:
        raise Unauthorized("Sign in first: POST /api/auth/token, then send `Authorization: Bearer <token>`.")
    return auth_service.user_for_token(session, token=token)


CurrentUser = Annotated[User, Depends(get_current_user, scope="function")]


def require_roles(*roles: Role):  # type: ignore[no-untyped-def]
    """A dependency that lets only `roles` through (403 otherwise)."""

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden(f"This action needs one of the roles: {', '.join(roles)}.")
        return user

    return check


ManagerUser = Annotated[User, Depends(require_roles(Role.MANAGER, Role.ADMIN), scope="function")]
AdminUser = Annotated[User, Depends(require_roles(Role.ADMIN), scope="function")]
StaffUser = Annotated[
    User, Depends(require_roles(Role.TRANSLATOR, Role.MANAGER, Role.ADMIN), scope="function")
]
