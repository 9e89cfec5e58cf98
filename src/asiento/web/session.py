"""The signed session cookie: who is logged in, in which company, and the CSRF secret.

The cookie carries no password and no role: only the user id, the company id,
the server-side session's secret (``sid``), the CSRF token and the language.
It is signed and timestamped with itsdangerous, so it cannot be forged or kept
alive beyond ``MAX_AGE``; the session must also be live on the server
(``services.access.sessions``), so logging out ends it for good, and the role
is read from an active membership on every request, so deactivating a
membership or a user takes effect at once.

Invariant: every state-changing request carries the session's CSRF token
(hidden form field or ``X-CSRF-Token`` header) -- see ``web.deps``.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import asdict, dataclass, replace
from typing import Any, Final

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from asiento.services.access import sessions

COOKIE: Final = "asiento_session"
FLASH_COOKIE: Final = "asiento_flash"
MAX_AGE: Final = int(sessions.MAX_AGE.total_seconds())
SALT: Final = "asiento.web.session"
log = logging.getLogger("asiento.web")


@dataclass(frozen=True, slots=True)
class WebSession:
    """The cookie's content; ``user_id`` is None before login (the login form's CSRF)."""

    csrf: str
    user_id: int | None = None
    company_id: int | None = None
    lang: str | None = None
    sid: str | None = None

    @classmethod
    def anonymous(cls, lang: str | None = None) -> WebSession:
        return cls(csrf=secrets.token_urlsafe(24), lang=lang)

    def with_language(self, lang: str) -> WebSession:
        return replace(self, lang=lang)

    def logged_in(self, user_id: int, company_id: int, sid: str) -> WebSession:
        """A fresh CSRF token at login: a token seen before login is never reused after."""
        return replace(
            self, user_id=user_id, company_id=company_id, sid=sid, csrf=secrets.token_urlsafe(24)
        )

    def in_company(self, company_id: int) -> WebSession:
        """The same server-side session acting in another company (membership re-checked)."""
        return replace(self, company_id=company_id, csrf=secrets.token_urlsafe(24))


def secret_key() -> str:
    """``ASIENTO_SECRET_KEY``, or a random key for this process (sessions end on restart)."""
    key = os.environ.get("ASIENTO_SECRET_KEY")
    if key:
        return key
    global _process_key
    if _process_key is None:
        log.warning("ASIENTO_SECRET_KEY is not set: web sessions last until the server restarts")
        _process_key = secrets.token_urlsafe(32)
    return _process_key


_process_key: str | None = None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(), salt=SALT)


def read(request: Request) -> WebSession | None:
    """The request's session, or None when absent, expired or tampered with."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data: dict[str, Any] = _serializer().loads(raw, max_age=MAX_AGE)
        return WebSession(**data)
    except (BadSignature, TypeError):
        return None


def secure_cookies() -> bool:
    return os.environ.get("ASIENTO_SECURE_COOKIES", "") in ("1", "true", "yes")


def write(response: Response, session: WebSession) -> None:
    response.set_cookie(
        COOKIE,
        _serializer().dumps(asdict(session)),
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(),
        path="/",
    )


def clear(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")


def flash(response: Response, message: str, kind: str = "ok") -> None:
    """A one-time message shown on the next page (after a redirect)."""
    value = _serializer().dumps({"m": message, "k": kind})
    response.set_cookie(
        FLASH_COOKIE, value, max_age=120, httponly=True, samesite="lax", secure=secure_cookies()
    )


def flashed(url: str, message: str, kind: str = "ok") -> RedirectResponse:
    """A 303 to ``url`` that shows ``message`` there: how every form answers a success."""
    response = RedirectResponse(url, status_code=303)
    flash(response, message, kind)
    return response


def read_flash(request: Request) -> tuple[str, str] | None:
    """The pending flash message (text, kind), or None; ``forget_flash`` drops it."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data: dict[str, str] = _serializer().loads(raw, max_age=120)
        return data["m"], data["k"]
    except (BadSignature, KeyError, TypeError):
        return None


def forget_flash(request: Request, response: Response) -> None:
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE)
