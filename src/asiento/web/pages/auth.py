"""Login, logout, company and language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from asiento.domain.errors import AsientoError, Forbidden, Unauthenticated
from asiento.http.deps import UowDep
from asiento.services.access import passwords, sessions, users
from asiento.web import i18n, session
from asiento.web.deps import Csrf, PagePrincipal, SessionDep
from asiento.web.templating import render

router = APIRouter()


def safe_next(value: str | None) -> str:
    """Only a path of this site: never an absolute URL (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return "/"
    return value


@router.get("/login")
def login_form(request: Request, current: SessionDep, next: str = "/") -> Response:
    response = render(request, "login.html", next=safe_next(next), email="")
    session.write(response, current)
    return response


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    uow: UowDep,
    current: SessionDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = passwords.authenticate(uow, email, password)
        companies = users.companies_of(uow, user.id)
        if not companies:
            raise Unauthenticated("this user is not a member of any company")
    except AsientoError as exc:
        refused = render(
            request,
            "login.html",
            status_code=exc.status,
            error=exc.message,
            next=safe_next(next),
            email=email,
        )
        session.write(refused, current)
        return refused
    response = RedirectResponse(safe_next(next), status_code=303)
    sid = sessions.start(uow, user.id)
    session.write(response, current.logged_in(user.id, companies[0][0], sid))
    return response


@router.post("/logout", dependencies=[Csrf])
def logout(uow: UowDep, current: SessionDep) -> Response:
    """End the session on the server: the cookie, even if kept, no longer logs anyone in."""
    if current.sid is not None:
        sessions.end(uow, current.sid)
    response = RedirectResponse("/login", status_code=303)
    session.write(response, session.WebSession.anonymous(current.lang))
    return response


@router.post("/company", dependencies=[Csrf])
def switch_company(
    uow: UowDep,
    principal: PagePrincipal,
    current: SessionDep,
    company_id: Annotated[int, Form()],
) -> Response:
    """Act in another company where the person has an active membership; else 403.

    Re-checked on every request anyway: a membership deactivated later ends
    the session's access to that company at once.
    """
    member_of = {c[0] for c in users.companies_of(uow, principal.user_id)}
    if company_id not in member_of:
        raise Forbidden(f"you are not an active member of company {company_id}")
    response = RedirectResponse("/", status_code=303)
    session.write(response, current.in_company(company_id))
    return response


@router.post("/language", dependencies=[Csrf])
def switch_language(
    current: SessionDep, lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    chosen = lang if lang in i18n.LANGUAGES else i18n.DEFAULT
    response = RedirectResponse(safe_next(next), status_code=303)
    session.write(response, current.with_language(chosen))
    return response
