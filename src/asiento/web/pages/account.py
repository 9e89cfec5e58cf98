"""/settings/account: the logged-in person's own page, whatever their role.

It changes their password (the current one is required; their other
sessions end) and lists their companies to switch between. This is the one
place a person's other companies are shown, and only to that person.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.access import Principal
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.access import passwords, users
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal, SessionDep
from asiento.web.i18n import gettext
from asiento.web.templating import render

router = APIRouter()


def _account_page(
    request: Request, uow: UnitOfWork, principal: Principal, error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "settings/account.html",
        status_code=status,
        companies=users.companies_of(uow, principal.user_id),
        current_company=principal.company_id,
        error=error,
    )


@router.get("/settings/account")
def account(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _account_page(request, uow, principal)


@router.post("/settings/account/password", dependencies=[Csrf])
def change_password(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    current: SessionDep,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
    confirm_password: Annotated[str, Form()],
) -> Response:
    """Change one's own password; this session stays, every other one ends."""
    if new_password != confirm_password:
        message = gettext("The new password and its confirmation differ.")
        return _account_page(request, uow, principal, message, 422)
    try:
        passwords.change_password(
            uow, principal.user_id, current_password, new_password, keep_session=current.sid
        )
    except AsientoError as exc:
        return _account_page(request, uow, principal, exc.message, exc.status)
    return session.flashed("/settings/account", gettext("Password changed."))
