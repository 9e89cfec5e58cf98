"""/settings/accounts: the accounts automatic postings use, for the company and each bank journal.

One select per setting, listing only the accounts of the kinds the setting
accepts (``domain.account_settings.ALLOWED_KINDS``); the service checks again
and a refusal shows the page with its message. Only the settings that changed
are sent, so the audit log records exactly them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.account_settings import (
    ALLOWED_KINDS,
    COMPANY_ACCOUNT_SETTINGS,
    JOURNAL_ACCOUNT_SETTINGS,
)
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.reference import account_settings, chart, companies
from asiento.services.reference.companies import CompanyInput
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.settings import company_page, refused
from asiento.web.templating import render

router = APIRouter()


def _(message: str) -> str:
    """Marks a string for extraction; the template translates it."""
    return message


LABELS = {
    "receivable_account": _("Default receivable"),
    "payable_account": _("Default payable"),
    "exchange_gain_account": _("Exchange gains"),
    "exchange_loss_account": _("Exchange losses"),
    "discount_granted_account": _("Cash discounts granted"),
    "discount_received_account": _("Cash discounts received"),
    "writeoff_account": _("Default write-off"),
    "rounding_account": _("Rounding differences"),
    "retained_earnings_account": _("Retained earnings"),
    "opening_balance_account": _("Opening balances"),
    "default_account": _("Bank account"),
    "outstanding_receipts_account": _("Outstanding receipts"),
    "outstanding_payments_account": _("Outstanding payments"),
    "suspense_account": _("Suspense"),
}


def _page(
    request: Request, uow: UnitOfWork, company_id: int, error: str = "", status: int = 200
) -> Response:
    accounts = chart.list_accounts(uow, company_id)
    choices = {
        setting: [a for a in accounts if a.kind in kinds and a.active]
        for setting, kinds in ALLOWED_KINDS.items()
    }
    return render(
        request,
        "settings/accounts.html",
        status_code=status,
        settings=account_settings.get_settings(uow, company_id),
        company_settings=COMPANY_ACCOUNT_SETTINGS,
        journal_settings=JOURNAL_ACCOUNT_SETTINGS,
        labels=LABELS,
        choices=choices,
        error=error,
    )


@router.get("/settings/accounts")
def accounts_page(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _page(request, uow, principal.company_id)


def _changed(
    form: dict[str, str], names: tuple[str, ...], current: dict[str, int | None]
) -> dict[str, int | str | None]:
    given = {n: optional_id(form.get(n, "")) for n in names if n in form}
    return {n: v for n, v in given.items() if v != current.get(n)}


@router.post("/settings/accounts", dependencies=[Csrf])
async def update_company_accounts(
    request: Request, uow: UowDep, principal: PagePrincipal
) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    cid = principal.company_id
    try:
        view = account_settings.get_settings(uow, cid)
        current = {k: (a.id if a else None) for k, a in view.accounts.items()}
        changes = _changed(form, COMPANY_ACCOUNT_SETTINGS, current)
        if changes:
            account_settings.update_company_settings(uow, cid, **changes)
    except AsientoError as exc:
        return _page(request, uow, cid, refused(exc), exc.status)
    message = gettext("Accounting settings saved.") if changes else gettext("Nothing changed.")
    return session.flashed("/settings/accounts", message)


@router.post("/settings/accounts/journals/{journal_id}", dependencies=[Csrf])
async def update_journal_accounts(
    request: Request, uow: UowDep, principal: PagePrincipal, journal_id: int
) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    cid = principal.company_id
    try:
        found = [j for j in account_settings.get_settings(uow, cid).journals if j.id == journal_id]
        current = {k: (a.id if a else None) for k, a in found[0].accounts.items()} if found else {}
        changes = _changed(form, JOURNAL_ACCOUNT_SETTINGS, current)
        if changes:
            account_settings.update_journal_settings(uow, cid, journal_id, **changes)
    except AsientoError as exc:
        return _page(request, uow, cid, refused(exc), exc.status)
    message = gettext("Accounting settings saved.") if changes else gettext("Nothing changed.")
    return session.flashed("/settings/accounts", message)


@router.post("/settings/companies", dependencies=[Csrf])
def create_company(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()],
    currency: Annotated[str, Form()],
    chart: Annotated[str, Form()] = "generic",
) -> Response:
    """A new company from a chart template; the user becomes its admin."""
    cmd = CompanyInput(name=name, currency=currency.strip().upper(), chart=chart)
    try:
        row = companies.create_company(uow, cmd)
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    message = gettext("Company %(name)s created (id %(id)s).") % {"name": row.name, "id": row.id}
    return session.flashed("/settings", message)
