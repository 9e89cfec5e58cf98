"""/partners: customers and suppliers, their address, VAT number, language, e-mails
and bank accounts.

Billing clerks and above change partners (the services refuse the others); a
refused change shows the page again with the message and its 4xx status.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.reference import bank_accounts, partners, reads
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import LANGUAGES, gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()

TEXT_FIELDS = (
    "name",
    "street",
    "zip",
    "city",
    "region",
    "country",
    "tax_id",
    "email",
    "invoice_email",
    "language",
)


def _list_page(
    request: Request, uow: UnitOfWork, company_id: int, error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "partners/list.html",
        status_code=status,
        partners=partners.list_partners(uow, company_id),
        doc_languages=tuple(LANGUAGES.items()),
        error=error,
    )


def _detail_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    partner_id: int,
    error: str = "",
    status: int = 200,
) -> Response:
    return render(
        request,
        "partners/detail.html",
        status_code=status,
        partner=reads.get_partner(uow, company_id, partner_id),
        accounts=bank_accounts.list_bank_accounts(uow, company_id, partner_id),
        doc_languages=tuple(LANGUAGES.items()),
        error=error,
    )


@router.get("/partners")
def partner_list(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _list_page(request, uow, principal.company_id)


def _form_values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: str(form.get(k) or "").strip() or None for k in TEXT_FIELDS if k in form
    }
    for flag in ("is_customer", "is_supplier"):
        if f"{flag}_sent" in form:
            values[flag] = form.get(flag) == "on"
    return values


@router.post("/partners", dependencies=[Csrf])
async def create_partner(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    values = _form_values(await request.form())
    try:
        row = partners.create_partner(uow, principal.company_id, **values)
    except AsientoError as exc:
        return _list_page(request, uow, principal.company_id, refused(exc), exc.status)
    return session.flashed(f"/partners/{row.id}", gettext("Partner created."))


@router.get("/partners/{partner_id}")
def partner_detail(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    return _detail_page(request, uow, principal.company_id, partner_id)


@router.post("/partners/{partner_id}", dependencies=[Csrf])
async def update_partner(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    changes = _form_values(await request.form())
    try:
        partners.update_partner(uow, principal.company_id, partner_id, **changes)
    except AsientoError as exc:
        cid = principal.company_id
        return _detail_page(request, uow, cid, partner_id, refused(exc), exc.status)
    return session.flashed(f"/partners/{partner_id}", gettext("Partner saved."))


@router.post("/partners/{partner_id}/bank-accounts", dependencies=[Csrf])
async def add_account(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    form = await request.form()
    fields = ("iban", "account_number", "bank_code", "bic", "bank_name", "currency")
    values = {k: str(form.get(k) or "").strip() or None for k in fields}
    try:
        bank_accounts.create_bank_account(uow, principal.company_id, partner_id, **values)
    except AsientoError as exc:
        cid = principal.company_id
        return _detail_page(request, uow, cid, partner_id, refused(exc), exc.status)
    return session.flashed(f"/partners/{partner_id}", gettext("Bank account added."))
