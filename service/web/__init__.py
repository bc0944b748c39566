"""The web interface: the caisse portal, the translator workspace and the manager dashboard."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.db.session import session_scope
from service.errors import ServiceError
from service.web import labels
from service.web.common import WEB_DIR, LoginRequired, PageForbidden, Refused, french_error, render

WEB_PREFIXES = (
    "/connexion", "/deconnexion", "/portail", "/atelier", "/pilotage", "/consultations", "/savoirs", "/admin",
)


def install(app: FastAPI) -> None:
    """Mount the web pages, their static files and their HTML error pages on `app`."""
    from service.web import (
        absences,
        admin,
        auth,
        dashboard,
        dialogue,
        experiment,
        outsourcing,
        portal,
        privacy,
        quotes,
        vendors,
        workspace,
    )

    for module in (auth, portal, workspace, experiment, dashboard, dialogue, privacy, outsourcing, vendors, admin,
                   absences, quotes):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    api_handler = app.exception_handlers.get(ServiceError)

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.headers.get("x-requested-with") == "fetch":
            return Response(status_code=401)
        target = f"/connexion?suite={quote(exc.next_path)}" if exc.next_path else "/connexion"
        return RedirectResponse(target, status_code=303)

    async def forbidden_page(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageForbidden)
        return RedirectResponse(exc.home, status_code=303)

    async def refused(_: Request, exc: Exception) -> Response:
        # The refused action's transaction is already rolled back: render the page again from what is stored.
        assert isinstance(exc, Refused)
        return await run_in_threadpool(_render_refused, exc)

    async def service_error(request: Request, exc: Exception) -> Response:
        # Pages get a French HTML page; the JSON API keeps its problem+json answer.
        assert isinstance(exc, ServiceError)
        if not request.url.path.startswith(WEB_PREFIXES) or api_handler is None:
            assert api_handler is not None
            return await api_handler(request, exc)  # type: ignore[no-any-return, misc]
        page = render(
            request, "error.html", status_code=exc.status_code, message=french_error(exc), detail=exc.detail
        )
        page.headers.update(exc.headers)
        return page

    http_handler = app.exception_handlers.get(StarletteHTTPException)

    async def http_error(request: Request, exc: Exception) -> Response:
        # An unknown page under the web paths: a French page, not a JSON problem.
        assert isinstance(exc, StarletteHTTPException)
        if request.url.path.startswith(WEB_PREFIXES) and exc.status_code == 404:
            return render(request, "error.html", status_code=404, message=labels.error_message("not_found"),
                          detail=str(exc.detail))
        assert http_handler is not None
        return await http_handler(request, exc)  # type: ignore[no-any-return, misc]

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(PageForbidden, forbidden_page)
    app.add_exception_handler(Refused, refused)
    app.add_exception_handler(ServiceError, service_error)


def _render_refused(exc: Refused) -> Response:
    with session_scope() as session:
        return exc.page(session)
