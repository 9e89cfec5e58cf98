"""Editing and archiving journals, taxes and payment terms in the browser.

The services are the API's (``chart.update_journal``, ``chart.update_tax``,
``payment_terms.update_term``) with their refusals: a journal's code never changes once
created, a tax keeps its checks (percent within -100..100, no price-included fixed tax,
accounts of the company). Archiving sets ``active`` off: the record leaves the choices of
new documents while posted ones keep it. A refusal shows the form again with the message
and its status; nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.commands.changes import UNSET
from asiento.domain.commands.chart import JournalChanges
from asiento.domain.commands.taxes import TaxChanges
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.reference import chart, payment_terms, reads
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import decimal_of, optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()
Action = Literal["archive", "restore"]
"""The last path segment of the archive and restore forms; anything else is a 422."""


def _journal_page(
    request: Request, uow: UnitOfWork, company_id: int, journal_id: int,
    values: dict[str, Any] | None = None, error: str = "", status: int = 200,
) -> Response:  # fmt: skip
    journal = reads.get_journal(uow, company_id, journal_id)
    shown = values or {"name": journal.name, "default_account_id": journal.default_account_id,
                       "currency": journal.currency or "", "iban": journal.iban or ""}  # fmt: skip
    return render(
        request, "settings/journal.html", status_code=status, journal=journal, values=shown,
        accounts=chart.list_accounts(uow, company_id), error=error,
    )  # fmt: skip


@router.get("/settings/journals/{journal_id:int}")
def journal_page(
    request: Request, journal_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    return _journal_page(request, uow, principal.company_id, journal_id)


@router.post("/settings/journals/{journal_id:int}", dependencies=[Csrf])
def update_journal(
    request: Request,
    journal_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()] = "",
    default_account_id: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "",
    iban: Annotated[str, Form()] = "",
) -> Response:
    values: dict[str, Any] = {"name": name.strip(), "currency": currency.strip().upper() or None,
                              "default_account_id": optional_id(default_account_id),
                              "iban": iban.strip() or None}  # fmt: skip
    try:
        changes = JournalChanges(name=values["name"], currency=values["currency"],
                                 default_account_id=values["default_account_id"],
                                 iban=values["iban"])  # fmt: skip
        chart.update_journal(uow, principal.company_id, journal_id, changes)
    except AsientoError as exc:
        return _journal_page(request, uow, principal.company_id, journal_id, values,
                             refused(exc), exc.status)  # fmt: skip
    return session.flashed(f"/settings/journals/{journal_id}", gettext("Journal saved."))


@router.post("/settings/journals/{journal_id:int}/{action}", dependencies=[Csrf])
def journal_active(
    request: Request, journal_id: int, action: Action, uow: UowDep, principal: PagePrincipal
) -> Response:
    try:
        chart.update_journal(
            uow, principal.company_id, journal_id, JournalChanges(active=action == "restore")
        )
    except AsientoError as exc:
        return _journal_page(request, uow, principal.company_id, journal_id, None,
                             refused(exc), exc.status)  # fmt: skip
    return session.flashed(f"/settings/journals/{journal_id}", _done(action))


def _done(action: str) -> str:
    return gettext("Archived.") if action == "archive" else gettext("Restored.")


def _tax_page(
    request: Request, uow: UnitOfWork, company_id: int, tax_id: int,
    values: dict[str, Any] | None = None, error: str = "", status: int = 200,
) -> Response:  # fmt: skip
    tax = reads.get_tax(uow, company_id, tax_id)
    shown = values or {"name": tax.name, "amount": tax.amount, "tax_group": tax.tax_group,
                       "tax_account_id": tax.tax_account_id, "price_include": tax.price_include,
                       "base_account_id": tax.base_account_id}  # fmt: skip
    return render(
        request, "settings/tax.html", status_code=status, tax=tax, values=shown,
        accounts=chart.list_accounts(uow, company_id), error=error,
    )  # fmt: skip


@router.get("/settings/taxes/{tax_id:int}")
def tax_page(request: Request, tax_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    return _tax_page(request, uow, principal.company_id, tax_id)


@router.post("/settings/taxes/{tax_id:int}", dependencies=[Csrf])
def update_tax(
    request: Request,
    tax_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()] = "",
    amount: Annotated[str, Form()] = "",
    tax_account_id: Annotated[str, Form()] = "",
    base_account_id: Annotated[str, Form()] = "",
    price_include: Annotated[str, Form()] = "",
    tax_group: Annotated[str, Form()] = "",
) -> Response:
    shown: dict[str, Any] = {"name": name, "amount": amount, "tax_group": tax_group,
                             "tax_account_id": optional_id(tax_account_id),
                             "base_account_id": optional_id(base_account_id),
                             "price_include": price_include == "on"}  # fmt: skip
    try:
        tax_account = optional_id(tax_account_id)
        changes = TaxChanges(
            name=name.strip(), amount=decimal_of(amount, "amount"),
            tax_group=tax_group.strip() or "VAT", base_account_id=optional_id(base_account_id),
            price_include=price_include == "on",
            # the tax account is required: none given keeps the current one
            tax_account_id=UNSET if tax_account is None else tax_account,
        )  # fmt: skip
        chart.update_tax(uow, principal.company_id, tax_id, changes)
    except AsientoError as exc:
        return _tax_page(request, uow, principal.company_id, tax_id, shown, refused(exc),
                         exc.status)  # fmt: skip
    return session.flashed(f"/settings/taxes/{tax_id}", gettext("Tax saved."))


@router.post("/settings/taxes/{tax_id:int}/{action}", dependencies=[Csrf])
def tax_active(
    request: Request, tax_id: int, action: Action, uow: UowDep, principal: PagePrincipal
) -> Response:
    try:
        chart.update_tax(uow, principal.company_id, tax_id, TaxChanges(active=action == "restore"))
    except AsientoError as exc:
        return _tax_page(request, uow, principal.company_id, tax_id, None, refused(exc),
                         exc.status)  # fmt: skip
    return session.flashed(f"/settings/taxes/{tax_id}", _done(action))


@router.post("/settings/terms/{term_id:int}/{action}", dependencies=[Csrf])
def term_active(term_id: int, action: Action, uow: UowDep, principal: PagePrincipal) -> Response:
    """Archive (deactivate) or restore a payment term; invoices keep their installments."""
    payment_terms.update_term(uow, principal.company_id, term_id, active=action == "restore")
    return session.flashed(f"/settings/terms/{term_id}", _done(action))
