"""The OpenAPI document says what the API really answers.

FastAPI documents only the success response and its own 422. Every
operation of ``/api/v1`` can also answer with a problem+json error: 401
without a valid token, 403 for a role or company it may not act in, 404 for
an unknown resource, 409 for a state conflict, 413 for a body over the size
limit, 422 for invalid input (and 400 for a body that is not JSON at all).
This module adds those responses, with the one ``Problem`` schema, to every
operation, so that a client (or a fuzzer) can rely on the document.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from asiento.http.problems import MEDIA_TYPE

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; ``errors`` names each invalid field.",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message", "code"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}

ERRORS: dict[int, str] = {
    400: "The body is not well-formed JSON",
    401: "No valid API token",
    403: "The token's role or company does not allow this",
    404: "No such resource in this company",
    409: "The document's state (or existing data) conflicts with the request",
    422: "Invalid input: ``errors`` names each field",
}
BODY_ERRORS: dict[int, str] = {
    413: "The body is larger than the configured limit",
    415: "The body's media type is not accepted",
}
EXTRA: dict[tuple[str, str], dict[int, str]] = {
    ("post", "/api/v1/invoices/{invoice_id}/send"): {
        502: "The mail server refused the message (nothing was marked sent)",
    },
}


def _problem(description: str) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {MEDIA_TYPE: {"schema": ref}}}


def _document_errors(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    statuses = dict(ERRORS)
    if "requestBody" in operation:
        statuses |= BODY_ERRORS
    statuses |= EXTRA.get((method, path), {})
    for status, description in statuses.items():
        responses[str(status)] = _problem(description)


def build(app: FastAPI) -> dict[str, Any]:
    """The app's document with the problem responses added to every API operation."""
    schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            _document_errors(path, method, operation)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    """Serve ``build(app)`` at ``/openapi.json`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
