"""RFC 9457 problem+json for every error the API returns.

Domain errors keep their own status and code. A ``NotFound`` that names a
field is a reference inside the request body (``lines[0].account``) rather
than the resource in the URL, so it is invalid input (422), not 404.
Safety nets, logged: a model validated inside a route, a value out of a
column's range (``DataError``) or too large for the driver or for date
arithmetic (``OverflowError``) are 422; the bounded request types should have
refused them first (see docs/design/input-limits.md).
Unexpected exceptions are logged here and reach the client as a bare 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from asiento.domain.errors import AsientoError, NotFound, StateConflict

log = logging.getLogger("asiento.http")

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://asiento.dev/problems/"
LOCATIONS = ("body", "query", "path", "header", "cookie")
Handler = Callable[[Request, Exception], Response]


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: Sequence[dict[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    members: dict[str, str] | None = None,
) -> JSONResponse:
    """The one constructor of error responses; ``members`` are RFC 9457 extension members
    (``state``, ``difference``)."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = list(errors)
    body |= members or {}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def asiento_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AsientoError)
    status, title = exc.status, exc.title
    if isinstance(exc, NotFound) and exc.field is not None:
        status, title = 422, "Invalid input"
    errors = [{"field": p.field, "message": p.message, "code": p.code} for p in exc.problems]
    members = dict(getattr(exc, "extensions", None) or {})
    state = exc.extra.get("state")
    if isinstance(exc, StateConflict) and isinstance(state, str):
        members["state"] = state  # the loser of a race learns where the document stands
    return problem(status, exc.code, title, exc.message, errors, members=members or None)


def dotted(loc: Sequence[int | str]) -> str:
    """``("body", "lines", 0, "debit")`` -> ``"lines[0].debit"``."""
    parts = list(loc[1:] if loc and loc[0] in LOCATIONS else loc)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or str(loc[0] if loc else "body")


def validation_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": dotted(e.get("loc", ())), "message": str(e.get("msg")), "code": str(e["type"])}
        for e in exc.errors()
    ]
    detail = f"{errors[0]['field']}: {errors[0]['message']}" if errors else "invalid request"
    return problem(422, "validation_failed", "Invalid input", detail, errors)


def model_problem(_request: Request, exc: Exception) -> JSONResponse:
    """A model built inside a route (a PATCH merged onto the stored document) is invalid."""
    assert isinstance(exc, ValidationError)
    errors = [
        {"field": dotted(e.get("loc", ())), "message": str(e.get("msg")), "code": str(e["type"])}
        for e in exc.errors()
    ]
    detail = f"{errors[0]['field']}: {errors[0]['message']}" if errors else "invalid request"
    return problem(422, "validation_failed", "Invalid input", detail, errors)


def data_problem(_request: Request, exc: Exception) -> JSONResponse:
    """A value out of range (refused by the database, or too large for SQLite's
    driver or for date arithmetic): invalid input, never a 500."""
    log.warning("data error: %s", exc)
    return problem(422, "invalid_value", "Invalid input", "a value is out of the range stored")


def integrity_problem(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("integrity error: %s", exc)
    return problem(409, "conflict", "Conflict", "the request conflicts with existing data")


HTTP_CODES = {
    400: ("malformed_body", "Malformed body"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("body_too_large", "Body too large"),
}


def http_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = str(exc.detail)
    code, title = HTTP_CODES.get(exc.status_code, ("http_error", detail))
    # keep the exception's headers: ``Allow`` on 405 lists the methods the path takes
    return problem(exc.status_code, code, title, detail, headers=exc.headers)


def unexpected_problem(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal_error", "Internal server error", "an unexpected error occurred")


HtmlErrors = Callable[[Request, dict[str, Any]], Response]
MACHINE_PATHS = ("/api/", "/openapi.json", "/healthz", "/docs", "/redoc")


def _routed(handler: Handler, html: HtmlErrors | None) -> Handler:
    """``handler``'s problem, rendered by ``html`` for browser pages (not the API)."""
    if html is None:
        return handler

    def dispatch(request: Request, exc: Exception) -> Response:
        response = handler(request, exc)
        if request.url.path.startswith(MACHINE_PATHS):
            return response
        return html(request, json.loads(bytes(response.body)))

    return dispatch


def install(app: FastAPI, html: HtmlErrors | None = None) -> None:
    """Register the handlers: every error leaves the API as problem+json.

    With ``html``, the same problem reaches a browser page as HTML instead:
    one classification of errors (status, code, detail) for both surfaces.
    """
    handlers: list[tuple[type[Exception], Handler]] = [
        (AsientoError, asiento_problem),
        (RequestValidationError, validation_problem),
        (ValidationError, model_problem),
        (IntegrityError, integrity_problem),
        (DataError, data_problem),
        (OverflowError, data_problem),
        (StarletteHTTPException, http_problem),
        (Exception, unexpected_problem),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, _routed(handler, html))
