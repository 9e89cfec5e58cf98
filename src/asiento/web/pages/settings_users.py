"""/settings/users: the admin's page of the company's members.

Anyone but an admin gets the 403 page, on GET as on POST. Each member shows
this company's role and state only (never their other companies). The admin
adds a person, changes a member's role, deactivates or reactivates a
membership, and resets a password where the services allow it; a new
password is shown once, on the page that answers the form, never again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.access import Permission, Principal, Role
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.access import memberships, passwords, users
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()
ROLES = tuple(r.value for r in Role)


def _users_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    values: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
    reset: tuple[str, str] | None = None,
) -> Response:
    principal.require(Permission.USERS)
    response = render(
        request,
        "settings/users.html",
        status_code=status,
        users=users.list_users(uow, principal.company_id),
        me=principal.user_id,
        roles=ROLES,
        values=values or {},
        error=error,
        reset=reset,
    )
    if reset is not None:
        response.headers["Cache-Control"] = "no-store"  # the page shows a password once
    return response


@router.get("/settings/users")
def user_list(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _users_page(request, uow, principal)


@router.post("/settings/users", dependencies=[Csrf])
def add_user(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    email: Annotated[str, Form()],
    role: Annotated[str, Form()],
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """A new person with ``role`` here, or a known person made a member (nothing else changes)."""
    principal.require(Permission.USERS)
    values = {"email": email, "role": role, "name": name}
    try:
        view = users.create_user(uow, principal.company_id, email, password, role, name.strip())
    except AsientoError as exc:
        return _users_page(request, uow, principal, values, refused(exc), exc.status)
    return session.flashed("/settings/users", gettext("%(email)s added.") % {"email": view.email})


@router.post("/settings/users/{user_id}", dependencies=[Csrf])
def update_user(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    user_id: int,
    role: Annotated[str, Form()],
    active: Annotated[str, Form()] = "",
) -> Response:
    """Set the member's role and whether the membership is active (unchecked: deactivated)."""
    principal.require(Permission.USERS)
    try:
        view = memberships.update_member(
            uow, principal.company_id, user_id, role=role, active=active == "on"
        )
    except AsientoError as exc:
        return _users_page(request, uow, principal, error=refused(exc), status=exc.status)
    return session.flashed("/settings/users", gettext("%(email)s saved.") % {"email": view.email})


@router.post("/settings/users/{user_id}/reset-password", dependencies=[Csrf])
def reset_password(
    request: Request, uow: UowDep, principal: PagePrincipal, user_id: int
) -> Response:
    """A new random password, shown on this answer only (no redirect, not cached)."""
    principal.require(Permission.USERS)
    try:
        password = passwords.reset_password(uow, principal.company_id, user_id)
    except AsientoError as exc:
        return _users_page(request, uow, principal, error=exc.message, status=exc.status)
    email = users.get_member(uow, principal.company_id, user_id).email
    return _users_page(request, uow, principal, reset=(email, password))
