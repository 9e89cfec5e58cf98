"""/settings/tokens and /settings/audit: with which credentials, and what they did.

API tokens are everyone's own (an admin sees and issues those of the
company's users); a new token is shown once, on the page that answers the
form, never stored in clear and never shown again. The audit log is read-only.
Users are on ``settings_users``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.access import Permission, Principal, Role, allows
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.access import audit, audit_views, tokens, users
from asiento.store.uow import UnitOfWork
from asiento.web import audit_words, session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()
ROLES = tuple(r.value for r in Role)
AUDIT_LIMIT = 200


def _emails(uow: UnitOfWork, company_id: int) -> dict[int, str]:
    return {u.id: u.email for u in users.list_users(uow, company_id)}


def _tokens_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    error: str = "",
    status: int = 200,
    issued: tokens.IssuedToken | None = None,
) -> Response:
    response = render(
        request,
        "settings/tokens.html",
        status_code=status,
        tokens=tokens.list_tokens(uow, principal.company_id),
        emails=_emails(uow, principal.company_id),
        roles=ROLES,
        for_others=allows(principal.role, Permission.USERS),
        issued=issued,
        error=error,
    )
    response.headers["Cache-Control"] = "no-store"  # the one page that shows a secret
    return response


@router.get("/settings/tokens")
def token_list(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _tokens_page(request, uow, principal)


@router.post("/settings/tokens", dependencies=[Csrf])
def create_token(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
) -> Response:
    """Issue a token; the answer shows its value this once (no redirect, not cached)."""
    own = _emails(uow, principal.company_id).get(principal.user_id, "")
    try:
        issued = tokens.create_token(
            uow, principal.company_id, email.strip() or own, role=role or None, name=name.strip()
        )
    except AsientoError as exc:
        return _tokens_page(request, uow, principal, refused(exc), exc.status)
    return _tokens_page(request, uow, principal, status=201, issued=issued)


@router.post("/settings/tokens/{token_id}/revoke", dependencies=[Csrf])
def revoke_token(token_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    view = tokens.revoke_token(uow, principal.company_id, token_id)
    return session.flashed(
        "/settings/tokens", gettext("Token %(prefix)s… revoked.") % {"prefix": view.prefix}
    )


@router.get("/settings/audit")
def audit_log(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    object_kind: str = "",
    action: str = "",
) -> Response:
    """The latest events, newest first, filtered by object kind and action prefix."""
    events = audit_views.described_events(
        uow,
        principal.company_id,
        object_kind=object_kind or None,
        action=action.strip() or None,
        limit=AUDIT_LIMIT,
    )
    return render(
        request,
        "settings/audit.html",
        events=events,
        phrase=audit_words.phrase,
        link=audit_words.link,
        kinds=audit.object_kinds(uow, principal.company_id),
        object_kind=object_kind,
        action=action,
        limit=AUDIT_LIMIT,
    )
