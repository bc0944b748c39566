"""The service's error base and the one handler that renders every error as RFC 9457 problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class ServiceError(Exception):
    """An error a client can act on: an HTTP status, a stable `code` slug, a title and a detail."""

    status_code = 400
    code = "bad_request"
    title = "Bad request"
    headers: dict[str, str] = {}

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(ServiceError):
    status_code = 404
    code = "not_found"
    title = "Not found"


class Forbidden(ServiceError):
    status_code = 403
    code = "forbidden"
    title = "Forbidden"


class Unauthorized(ServiceError):
    status_code = 401
    code = "unauthorized"
    title = "Authentication required"


class Conflict(ServiceError):
    status_code = 409
    code = "conflict"
    title = "Conflict"


class DatabaseUnavailable(ServiceError):
    status_code = 503
    code = "database_unavailable"
    title = "Service temporarily unavailable"
    headers = {"Retry-After": "30"}

    def __init__(self) -> None:
        super().__init__("The database cannot be reached right now; nothing was saved. Try again in a minute.")


class InvalidInput(ServiceError):
    status_code = 422
    code = "invalid_input"
    title = "Invalid input"


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": f"https://passerelle.example/problems/{code}", "title": title, "status": status,
            "detail": detail, "code": code, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def _service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    response = problem(exc.status_code, exc.code, exc.title, exc.detail, **exc.extra)
    response.headers.update(exc.headers)
    return response


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")),
         "message": err.get("msg", "")}
        for err in exc.errors()
    ]
    fields = ", ".join(e["field"] or "request" for e in errors)
    return problem(422, "validation_error", "Invalid request",
                   f"Some fields are missing or invalid: {fields}.", errors=errors)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
    return problem(exc.status_code, code, str(exc.detail), str(exc.detail))


async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
    # An id or number beyond what the database column holds (SQLite raises OverflowError, PostgreSQL
    # a DataError with SQLSTATE 22003): the client's value is wrong, not the service.
    if isinstance(exc, DataError) and getattr(exc.orig, "sqlstate", None) != "22003":
        return await _unexpected(request, exc)
    logger.info("value out of range for the database: %s", type(exc).__name__)
    return problem(422, "value_out_of_range", "Invalid request",
                   "A number in the request is too large or otherwise out of range; check ids and amounts.")


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    logger.exception("Unhandled error", exc_info=exc)
    return problem(500, "internal_error", "Internal error",
                   "Something went wrong on our side; nothing you sent was lost. Try again later.")


def install_handlers(app: FastAPI) -> None:
    """Route every exception type to its problem+json renderer."""
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)

    async def database_unavailable(request: Request, exc: Exception) -> Response:
        # The database cannot be reached, or stayed locked past the busy timeout. The transaction is
        # rolled back, so the client may send the same request again; answered by whichever handler
        # renders service errors at that time (the web pages install their own, in French).
        logger.error("database unavailable: %s", exc)
        handler = app.exception_handlers[ServiceError]
        return await handler(request, DatabaseUnavailable())  # type: ignore[no-any-return, misc]

    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
