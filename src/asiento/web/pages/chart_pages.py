"""/settings/chart: the chart of accounts as a tree by code; create, edit, archive, restore.

A change that posted data or settings forbid (the type or reconcile flag of an account
with journal items; archiving an account a setting names or with an open balance) is
refused by the service (``domain.chart``) and the page shows the reason in words with
the status of the refusal; nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.commands.chart import AccountChanges, NewAccount
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.reference import chart, chart_view, reads
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()


def _chart_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    archived: bool = False,
    values: dict[str, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    return render(
        request, "settings/chart.html", status_code=status, archived=archived,
        rows=chart_view.chart_rows(uow, company_id, archived), kinds=chart.ACCOUNT_KINDS,
        values=values or {"kind": "current_asset"}, error=error,
    )  # fmt: skip


@router.get("/settings/chart")
def chart_page(
    request: Request, uow: UowDep, principal: PagePrincipal, archived: bool = False
) -> Response:
    return _chart_page(request, uow, principal.company_id, archived)


@router.post("/settings/chart", dependencies=[Csrf])
def create_account(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    reconcilable: Annotated[str, Form()] = "",
) -> Response:
    values: dict[str, Any] = {"code": code.strip(), "name": name.strip(), "kind": kind}
    values |= {"reconcilable": reconcilable == "on"}
    try:
        cmd = NewAccount(code=values["code"], name=values["name"], kind=kind,
                         reconcilable=values["reconcilable"])  # fmt: skip
        row = chart.create_account(uow, principal.company_id, cmd)
    except AsientoError as exc:
        return _chart_page(request, uow, principal.company_id, False, values, refused(exc),
                           exc.status)  # fmt: skip
    message = gettext("Account %(code)s created.") % {"code": row.code}
    return session.flashed("/settings/chart", message)


def _account_page(
    request: Request, uow: UnitOfWork, company_id: int, account_id: int, error: str = "",
    status: int = 200, values: dict[str, Any] | None = None,
) -> Response:  # fmt: skip
    account = reads.get_account(uow, company_id, account_id)
    shown = values or {"code": account.code, "name": account.name, "kind": account.kind,
                       "reconcilable": account.reconcilable}  # fmt: skip
    return render(
        request, "settings/chart_account.html", status_code=status, account=account,
        values=shown, kinds=chart.ACCOUNT_KINDS, error=error,
    )  # fmt: skip


@router.get("/settings/chart/{account_id:int}")
def account_page(
    request: Request, account_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    return _account_page(request, uow, principal.company_id, account_id)


@router.post("/settings/chart/{account_id:int}", dependencies=[Csrf])
def update_account(
    request: Request,
    account_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    reconcilable: Annotated[str, Form()] = "",
) -> Response:
    values: dict[str, Any] = {"code": code.strip(), "name": name.strip(), "kind": kind}
    values |= {"reconcilable": reconcilable == "on"}
    try:
        changes = AccountChanges(code=values["code"], name=values["name"], kind=kind,
                                 reconcilable=values["reconcilable"])  # fmt: skip
        chart.update_account(uow, principal.company_id, account_id, changes)
    except AsientoError as exc:
        return _account_page(request, uow, principal.company_id, account_id, refused(exc),
                             exc.status, values)  # fmt: skip
    return session.flashed(f"/settings/chart/{account_id}", gettext("Account saved."))


def _set_active(
    request: Request, uow: UnitOfWork, company_id: int, account_id: int, active: bool
) -> Response:
    try:
        chart.update_account(uow, company_id, account_id, AccountChanges(active=active))
    except AsientoError as exc:
        return _account_page(request, uow, company_id, account_id, refused(exc), exc.status)
    message = gettext("Account archived.") if not active else gettext("Account restored.")
    return session.flashed(f"/settings/chart/{account_id}", message)


@router.post("/settings/chart/{account_id:int}/archive", dependencies=[Csrf])
def archive_account(
    request: Request, account_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    return _set_active(request, uow, principal.company_id, account_id, False)


@router.post("/settings/chart/{account_id:int}/restore", dependencies=[Csrf])
def restore_account(
    request: Request, account_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    return _set_active(request, uow, principal.company_id, account_id, True)
