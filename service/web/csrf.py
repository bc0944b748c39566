"""CSRF protection for web forms: a signed double-submit token.

A random value lives in an HttpOnly cookie; pages embed the same value signed with the secret key.
A forged cross-site form can send the cookie but cannot read or sign it, so it cannot supply the
matching field. The JSON API authenticates with bearer tokens and needs none of this.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer

from service.config import get_settings
from service.errors import Forbidden

CSRF_COOKIE = "passerelle_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class CsrfRejected(Forbidden):
    code = "csrf_rejected"
    title = "Formulaire expiré"

    def __init__(self) -> None:
        super().__init__("The form's security token is missing or stale; reload the page and send it again.")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt="passerelle-csrf")


def cookie_value(request: Request) -> str:
    """The browser's CSRF cookie value, or a new one (stored on `request.state` to be set on the response)."""
    value = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not value:
        value = secrets.token_urlsafe(24)
        request.state.new_csrf = value
    return value


def token_for(request: Request) -> str:
    """The token to embed in this page's forms."""
    return str(_serializer().dumps(cookie_value(request)))


def valid(request: Request, token: str | None) -> bool:
    """Whether `token` was signed by us for this browser's cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not token:
        return False
    try:
        signed = _serializer().loads(token)
    except BadSignature:
        return False
    return isinstance(signed, str) and hmac.compare_digest(signed, cookie)


async def require_csrf(request: Request) -> None:
    """Dependency for every state-changing web route: refuse a request without a matching token."""
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()  # parsed once; Starlette caches it for the route's Form() fields
        field = form.get(CSRF_FIELD)
        token = field if isinstance(field, str) else None
    if not valid(request, token):
        raise CsrfRejected()
