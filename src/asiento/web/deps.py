"""Page dependencies: the logged-in principal, the language, and the CSRF check.

As in the API, the principal is resolved in a sync dependency (database
work off the event loop) and bound to the request's context in an async one,
so the services see it and enforce roles themselves.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from asiento.domain.access import Principal
from asiento.domain.errors import AsientoError, CsrfRejected
from asiento.http.deps import UowDep, bind_principal
from asiento.services.access import sessions
from asiento.web import i18n, session


class LoginRequired(Exception):
    """No valid session: the page redirects to the login form, then back to ``next_url``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


async def web_session(request: Request) -> session.WebSession:
    """The session (anonymous when there is none) and the page language."""
    current = session.read(request) or session.WebSession.anonymous()
    request.state.web_session = current
    i18n.set_language(current.lang or i18n.negotiate(request.headers.get("accept-language")))
    return current


SessionDep = Annotated[session.WebSession, Depends(web_session)]


def _resolve(request: Request, uow: UowDep, current: SessionDep) -> Principal:
    if current.user_id is None or current.company_id is None or current.sid is None:
        raise LoginRequired(str(request.url.path))
    try:
        return sessions.resolve(uow, current.sid, current.user_id, current.company_id)
    except AsientoError:
        raise LoginRequired(str(request.url.path)) from None


async def web_principal(
    request: Request, principal: Annotated[Principal, Depends(_resolve)]
) -> Principal:
    return bind_principal(request, principal)


PagePrincipal = Annotated[Principal, Depends(web_principal)]


async def csrf_checked(request: Request, current: SessionDep) -> None:
    """Refuse a state-changing request whose token does not match the session's."""
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, current.csrf):
        raise CsrfRejected("the form has expired or did not come from this site: reload the page")


Csrf = Depends(csrf_checked)
