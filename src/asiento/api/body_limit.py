"""Request body limits for ``/api/``, checked before the body is parsed.

Why: without a limit a 43 MB JSON body costs tens of seconds of CPU before any
rule runs. Here the declared ``Content-Length`` is checked first (413 at once),
then the bytes actually received are counted while the route reads them (413
as soon as the limit is passed, whatever the header said). A body larger than
``EARLY_AUTH_BYTES`` is read only for a valid token whose role may write at
all: a read-only token gets its 403 (and no token its 401) before the server
spends anything on the body.

Limits (``asiento.domain.limits``): JSON ``ASIENTO_MAX_BODY_BYTES`` (default
10 MB); multipart uploads the file limit of ``ASIENTO_MAX_UPLOAD_MB`` (``http.uploads``, one
setting for the API and the browser) plus 1 MB for the envelope.
"""

from __future__ import annotations

import os
from typing import Any

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from asiento.domain.access import Permission, Role, allows
from asiento.domain.errors import AsientoError
from asiento.domain.limits import MAX_BODY_BYTES
from asiento.http.problems import problem
from asiento.http.uploads import max_upload_bytes
from asiento.services.access import tokens
from asiento.store.uow import UnitOfWork

EARLY_AUTH_BYTES = 64 * 1024
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def configured(name: str, default: int) -> int:
    """A byte limit from the environment (``name``), else ``default``."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdecimal() else default


MULTIPART_ENVELOPE = 1_000_000


class BodyLimit:
    """ASGI middleware: 413 for a body over the limit, before or while it is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.json_limit = configured("ASIENTO_MAX_BODY_BYTES", MAX_BODY_BYTES)
        # the file limit of http.uploads, plus room for the multipart envelope and fields
        self.upload_limit = max_upload_bytes() + MULTIPART_ENVELOPE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in WRITE_METHODS
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").startswith("multipart/form-data")
        limit = self.upload_limit if multipart else self.json_limit
        declared = _declared_length(headers)
        if declared is not None and declared > limit:
            await _too_large(limit)(scope, receive, send)
            return
        if declared is None or declared > EARLY_AUTH_BYTES:
            refusal = await _refuse_early(scope, headers)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, _counting(receive, limit), send)


def _declared_length(headers: Headers) -> int | None:
    raw = headers.get("content-length")
    if raw is None:
        return None
    return int(raw) if raw.strip().isdecimal() else None


def _too_large(limit: int) -> Any:
    return problem(
        413, "body_too_large", "Body too large", f"the request body exceeds {limit} bytes"
    )


def _counting(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises 413 once more than ``limit`` bytes arrived."""
    total = 0

    async def counted() -> Message:
        nonlocal total
        message = await receive()
        if message["type"] == "http.request":
            total += len(message.get("body", b""))
            if total > limit:
                raise HTTPException(413, f"the request body exceeds {limit} bytes")
        return message

    return counted


async def _refuse_early(scope: Scope, headers: Headers) -> Any | None:
    """401/403 for a large body whose token is invalid or may not write anything."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return problem(401, "unauthenticated", "Not authenticated", "an API token is required")
    factory = scope["app"].state.session_factory
    try:
        principal = await anyio.to_thread.run_sync(
            tokens.resolve_token, UnitOfWork(factory), token.strip()
        )
    except AsientoError as exc:
        return problem(exc.status, exc.code, exc.title, exc.message)
    if not _may_write(principal.role):
        return problem(403, "forbidden", "Not allowed", "this token's role is read-only")
    return None


def _may_write(role: Role) -> bool:
    return any(allows(role, p) for p in Permission if p is not Permission.READ)
