"""RFC 9457 problem+json for every error the API returns.

Domain errors keep their own status and code. A ``NotFound`` that names a
field is a reference inside the request body (``lines[0].account``) rather
than the resource in the URL, so it is invalid input (422), not 404.
Unexpected exceptions are logged here and reach the client as a bare 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from asiento.domain.errors import AsientoError, NotFound, StateConflict

log = logging.getLogger("asiento.api")

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
    members: dict[str, str] | None = None,
) -> JSONResponse:
    """The one constructor of error responses; ``members`` are extension members (``state``)."""
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
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def asiento_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AsientoError)
    status, title = exc.status, exc.title
    if isinstance(exc, NotFound) and exc.field is not None:
        status, title = 422, "Invalid input"
    errors = [{"field": p.field, "message": p.message, "code": p.code} for p in exc.problems]
    state = exc.extra.get("state")
    members = None
    if isinstance(exc, StateConflict) and isinstance(state, str):
        members = {"state": state}  # the loser of a race learns where the document stands
    return problem(status, exc.code, title, exc.message, errors, members)


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


def integrity_problem(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("integrity error: %s", exc)
    return problem(409, "conflict", "Conflict", "the request conflicts with existing data")


def http_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return problem(exc.status_code, code, str(exc.detail), str(exc.detail))


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
        (IntegrityError, integrity_problem),
        (StarletteHTTPException, http_problem),
        (Exception, unexpected_problem),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, _routed(handler, html))
