"""Sign-in and sign-out pages; the session cookie carries a bearer token from the auth service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.auth import service as auth_service
from service.auth.errors import InvalidToken
from service.config import get_settings
from service.deps import SESSION_COOKIE, SessionDep
from service.errors import ServiceError
from service.models.enums import Role
from service.web import csrf
from service.web.common import HOME_BY_ROLE, Csrf, french_error, render, secure_cookies

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str | None:
    # Only same-site paths: an open redirect would let a phishing link bounce through us.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/")
def home(request: Request, session: SessionDep) -> Response:
    """Send the visitor to their own space, or to the sign-in page."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            user = auth_service.user_for_token(session, token=token)
            return RedirectResponse(HOME_BY_ROLE[Role(user.role)], status_code=303)
        except InvalidToken:
            pass
    return RedirectResponse("/connexion", status_code=303)


@router.get("/connexion", response_class=HTMLResponse)
def login_page(request: Request, suite: str | None = None) -> HTMLResponse:
    """The sign-in form."""
    return render(
        request,
        "login.html",
        next_path=_safe_next(suite) or "",
        email="",
        error=None,
        demo=get_settings().demo_mode,
    )


@router.post("/connexion", dependencies=[Csrf])
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    suite: Annotated[str, Form()] = "",
) -> Response:
    """Check the credentials, set the session cookie and open the user's space."""
    client = request.client.host if request.client else ""
    try:
        user = auth_service.authenticate(session, email=email, password=password, client=client)
    except ServiceError as exc:
        return render(
            request,
            "login.html",
            status_code=exc.status_code,
            next_path=_safe_next(suite) or "",
            email=email,
            error=french_error(exc),
            demo=get_settings().demo_mode,
        )
    token, expires_at = auth_service.issue_token(session, user=user)
    response = RedirectResponse(_safe_next(suite) or HOME_BY_ROLE[Role(user.role)], status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        expires=expires_at,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(),
        path="/",
    )
    return response


@router.post("/deconnexion", dependencies=[Csrf])
def logout(request: Request, session: SessionDep) -> Response:
    """Revoke the session token and forget the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth_service.revoke_token(session, token=token)
    response = RedirectResponse("/connexion", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(csrf.CSRF_COOKIE, path="/")
    return response
