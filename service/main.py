"""The FastAPI application: API routers, web pages, error handlers, security headers."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

from service.assignment.endpoints import router as assignment_router
from service.auth.endpoints import router as auth_router
from service.config import get_settings
from service.cost.endpoints import router as cost_router
from service.document.endpoints import router as document_router
from service.errors import install_handlers
from service.indicator.endpoints import router as indicator_router
from service.kit.limiter import ConcurrencyLimit
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


def _secure(request: Request, response: Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith(("/docs", "/openapi")):
        response.headers.setdefault("Cache-Control", "no-store")


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(title="Passerelle", version="0.1.0",
                  description="Translation requests for the French social-security funds.")
    install_handlers(app)
    app.include_router(auth_router)
    app.include_router(request_router)
    app.include_router(document_router)
    app.include_router(assignment_router)
    app.include_router(vendor_router)
    app.include_router(jobs_router)
    app.include_router(cost_router)
    app.include_router(quote_router)
    app.include_router(revision_router)
    app.include_router(indicator_router)
    install_web(app)
    app.add_middleware(ConcurrencyLimit, limit=get_settings().max_concurrent_requests)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        _secure(request, response)
        return response

    # A 500 is rendered outside every middleware (Starlette's outermost layer): add the headers there too.
    unexpected = app.exception_handlers[Exception]

    async def unexpected_with_headers(request: Request, exc: Exception) -> Response:
        response: Response = await unexpected(request, exc)  # type: ignore[misc]
        _secure(request, response)
        return response

    app.add_exception_handler(Exception, unexpected_with_headers)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        """Liveness probe."""
        return {"status": "ok"}

    return app
