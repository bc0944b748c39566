"""What every web page shares: templates, the signed-in user, rendering with the CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.auth.errors import InvalidToken
from service.deps import SESSION_COOKIE, SessionDep
from service.errors import ServiceError
from service.models import User
from service.models.enums import Role
from service.translation_request.schemas import DOCUMENT_TYPES, LANGUAGES
from service.web import csrf, labels

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=WEB_DIR / "templates")

def _date_fr(value: date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else "—"


def _number_fr(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


templates.env.filters.update(
    date_fr=_date_fr,
    number_fr=_number_fr,
    status_fr=lambda code: labels.STATUS_LABELS.get(code, code),
    origin_fr=lambda code: labels.ORIGIN_LABELS.get(code or "none", code),
    lang_fr=lambda code: LANGUAGES.get(code, code),
    doctype_fr=lambda code: DOCUMENT_TYPES.get(code, code),
    channel_fr=lambda code: labels.CHANNEL_LABELS.get(code, code),
    urgency_fr=lambda code: labels.URGENCY_LABELS.get(code, code),
    handled_fr=lambda code: labels.HANDLED_BY_LABELS.get(code or "", "—"),
)

HOME_BY_ROLE = {
    Role.SUBMITTER: "/portail",
    Role.TRANSLATOR: "/atelier",
    Role.MANAGER: "/pilotage",
    Role.ADMIN: "/pilotage",
    Role.EXPERT: "/consultations",
    Role.PARTNER: "/consultations",
}


class LoginRequired(Exception):
    """The page needs a signed-in user (or one with another role): send the browser to sign in."""

    def __init__(self, next_path: str = "/") -> None:
        super().__init__(next_path)
        self.next_path = next_path


def current_web_user(request: Request, session: SessionDep) -> User:
    """The user behind the session cookie; otherwise the browser is sent to the sign-in page."""
    # After signing in, come back to the page; a form's target (POST only) cannot be reopened.
    back = request.url.path if request.method == "GET" else ""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequired(back)
    try:
        return auth_service.user_for_token(session, token=token)
    except InvalidToken:
        raise LoginRequired(back) from None


WebUser = Annotated[User, Depends(current_web_user, scope="function")]


def role_user(*roles: Role):  # type: ignore[no-untyped-def]
    """A dependency letting only `roles` in; others are sent back to their own home page."""

    def check(request: Request, user: WebUser) -> User:
        if user.role not in roles:
            raise PageForbidden(HOME_BY_ROLE.get(Role(user.role), "/"))
        return user

    return Depends(check, scope="function")


class Refused(Exception):
    """A form action the service refused. Raised, so the request's transaction is rolled back as on any
    error (the session dependency owns it); the page saying why is then rendered from a fresh session by
    `page(session)`, so it shows what is stored, not what the refused action had begun to change."""

    def __init__(self, page: Callable[[Session], Response]) -> None:
        super().__init__("refused")
        self.page = page


def refused(request: Request, user: User, exc: ServiceError, page: Callable[..., Response],
            **kwargs: Any) -> Refused:
    """The refusal to raise for a form the service refused: `page(request, session, user, error=...,
    status_code=..., **kwargs)` rendered again from a fresh session, with the reason in French."""
    user_id, status_code, error = user.id, exc.status_code, french_error(exc)
    return Refused(lambda session: page(request, session, session.get_one(User, user_id), error=error,
                                        status_code=status_code, **kwargs))


class PageForbidden(Exception):
    """A signed-in user opened a page of another audience."""

    def __init__(self, home: str) -> None:
        super().__init__(home)
        self.home = home


SubmitterPage = Annotated[User, role_user(Role.SUBMITTER)]
TranslatorPage = Annotated[User, role_user(Role.TRANSLATOR, Role.MANAGER, Role.ADMIN)]
ManagerPage = Annotated[User, role_user(Role.MANAGER, Role.ADMIN)]
Csrf = Depends(csrf.require_csrf)


def render(
    request: Request, name: str, *, user: User | None = None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render template `name` with the user, the CSRF token and the navigation."""
    context.update(
        user=user,
        csrf_token=csrf.token_for(request),
        csrf_field=csrf.CSRF_FIELD,
        languages=LANGUAGES,
        document_types=DOCUMENT_TYPES,
        labels=labels,
        today=date.today(),
        home=HOME_BY_ROLE.get(Role(user.role)) if user else "/connexion",
    )
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    set_csrf_cookie(request, response)
    return response


def set_csrf_cookie(request: Request, response: Any) -> None:
    """Give the browser its CSRF cookie if this request created one."""
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(
            csrf.CSRF_COOKIE, new, httponly=True, samesite="lax", secure=secure_cookies(), path="/"
        )


def secure_cookies() -> bool:
    """Whether cookies are marked Secure: always in production (TLS ends at the reverse proxy, so the
    service may see plain HTTP and an http:// base URL), and whenever the base URL is https."""
    from service.config import get_settings

    settings = get_settings()
    return settings.env == "production" or settings.base_url.startswith("https://")


def french_error(exc: ServiceError) -> str:
    """A French sentence for a service error, with its English detail kept for support."""
    field = exc.extra.get("field")
    if field and f"{exc.code}:{field}" in labels.ERROR_MESSAGES:
        return labels.ERROR_MESSAGES[f"{exc.code}:{field}"]
    return labels.error_message(exc.code, exc.detail)
