"""/settings/year-end: the fiscal year's checklist, closing and re-opening.

The page shows the chosen year's state and result and every document that
blocks closing (drafts, statements not validated, unreconciled bank lines),
each linked where it has a page. Closing needs the lock date permission,
re-opening is for admins (the services refuse the others: 403 page).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.access import Principal
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.ledger import year_closing
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()

LINKS = {"entry": "/entries/{id}", "invoice": "/invoices/{id}", "statement": "/bank"}


def _year_of(raw: str | None) -> int:
    return year_closing.parse_year(raw) if raw else date.today().year - 1


def year_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    year: int,
    error: str = "",
    status: int = 200,
) -> Response:
    state = year_closing.year_status(uow, principal.company_id, year)
    return render(
        request, "settings/year_end.html", status_code=status, year=year, status=state,
        links=LINKS, error=error,
    )  # fmt: skip


@router.get("/settings/year-end")
def show_year(
    request: Request, uow: UowDep, principal: PagePrincipal, year: str | None = None
) -> Response:
    """The year (default: last calendar year) with its checklist."""
    try:
        chosen = _year_of(year)
    except AsientoError as exc:
        return year_page(request, uow, principal, date.today().year - 1, refused(exc), exc.status)
    return year_page(request, uow, principal, chosen)


@router.post("/settings/year-end/close", dependencies=[Csrf])
def close_year(
    request: Request, uow: UowDep, principal: PagePrincipal, year: Annotated[str, Form()]
) -> Response:
    chosen = _year_of(year)
    try:
        year_closing.close_year(uow, principal.company_id, chosen)
    except AsientoError as exc:
        return year_page(request, uow, principal, chosen, refused(exc), exc.status)
    return session.flashed(f"/settings/year-end?year={chosen}", gettext("Fiscal year closed."))


@router.post("/settings/year-end/reopen", dependencies=[Csrf])
def reopen_year(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    year: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    chosen = _year_of(year)
    try:
        year_closing.reopen_year(uow, principal.company_id, chosen, reason)
    except AsientoError as exc:
        return year_page(request, uow, principal, chosen, refused(exc), exc.status)
    return session.flashed(f"/settings/year-end?year={chosen}", gettext("Fiscal year re-opened."))
