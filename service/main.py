"""The FastAPI application: API routers, web pages, error handlers, security headers."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.assignment.endpoints import router as assignment_router
from service.auth.endpoints import router as auth_router
from service.auth.endpoints import users_router
from service.caisse.endpoints import router as caisse_router
from service.config import get_settings
from service.consultation.endpoints import router as consultation_router
from service.cost.endpoints import router as cost_router
from service.document.endpoints import router as document_router
from service.errors import install_handlers
from service.experiment.endpoints import router as experiment_router
from service.indicator.endpoints import router as indicator_router
from service.kit.limiter import ConcurrencyLimit
from service.knowledge.endpoints import router as knowledge_router
from service.message.endpoints import router as message_router
from service.partner.endpoints import router as partner_router
from service.privacy.endpoints import router as privacy_router
from service.quote.endpoints import router as quote_router
from service.revision.endpoints import router as revision_router
from service.translation_request.endpoints import router as request_router
from service.vendor.endpoints import jobs_router
from service.vendor.endpoints import router as vendor_router
from service.web import install as install_web

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
}


def _secure(path: str, headers: MutableHeaders) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if not path.startswith(("/docs", "/openapi")):
        headers.setdefault("Cache-Control", "no-store")


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response.

    Plain ASGI rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware runs each request
    through an extra task and stream, which cost about 2 ms a request here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                _secure(scope["path"], MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_secured)


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(title="Passerelle", version="0.1.0",
                  description="Translation requests for the French social-security funds.")
    install_handlers(app)
    app.include_router(auth_router)
    app.include_router(users_router)
    app.include_router(caisse_router)
    app.include_router(request_router)
    app.include_router(document_router)
    app.include_router(assignment_router)
    app.include_router(vendor_router)
    app.include_router(jobs_router)
    app.include_router(cost_router)
    app.include_router(quote_router)
    app.include_router(revision_router)
    app.include_router(message_router)
    app.include_router(consultation_router)
    app.include_router(knowledge_router)
    app.include_router(partner_router)
    app.include_router(privacy_router)
    app.include_router(indicator_router)
    app.include_router(experiment_router)
    install_web(app)
    settings = get_settings()
    # Uploads plus their form fields; anything larger is refused before it is read.
    app.add_middleware(ConcurrencyLimit, limit=settings.max_concurrent_requests,
                       uploads=settings.max_concurrent_uploads, idle_timeout=settings.body_idle_timeout_seconds,
                       total_timeout=settings.body_timeout_seconds,
                       max_body_bytes=settings.max_upload_bytes + 1024 * 1024)

    app.add_middleware(SecurityHeaders)

    # A 500 is rendered outside every middleware (Starlette's outermost layer): add the headers there too.
    unexpected = app.exception_handlers[Exception]

    async def unexpected_with_headers(request: Request, exc: Exception) -> Response:
        response: Response = await unexpected(request, exc)  # type: ignore[misc]
        _secure(request.url.path, response.headers)
        return response

    app.add_exception_handler(Exception, unexpected_with_headers)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        """Liveness probe."""
        return {"status": "ok"}

    return app
