"""/settings identity: what documents print about the company, its logo and bank accounts.

The sections sit on the company settings page (``settings/_identity.html``);
each form posts to its own route and answers with the page again (refused,
with the message) or a redirect with a flash (saved). Only changed identity
fields are sent, so the audit log records exactly them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from asiento.domain.commands.bank_accounts import BankAccountChanges, NewBankAccount
from asiento.domain.commands.companies import IDENTITY_SETTINGS, CompanyChanges
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.reference import bank_accounts, companies, company_settings
from asiento.services.reference.identity import LOGO_MAX_BYTES
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.settings import company_page, refused

router = APIRouter()

IDENTITY_FORM = (*IDENTITY_SETTINGS, "tax_id", "country")


@router.post("/settings/identity", dependencies=[Csrf])
async def update_identity(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    """Save the identity fields that changed ("" clears one)."""
    form = await request.form()
    given = {k: str(form.get(k) or "").strip() for k in IDENTITY_FORM if k in form}
    try:
        company = companies.get_company(uow, principal.company_id)
        changes: dict[str, Any] = {
            k: v or None for k, v in given.items() if (v or None) != getattr(company, k)
        }
        if changes:
            company_settings.update_company(uow, principal.company_id, CompanyChanges(**changes))
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    message = gettext("Company identity saved.") if changes else gettext("Nothing changed.")
    return session.flashed("/settings#identity", message)


@router.post("/settings/logo", dependencies=[Csrf])
def upload_logo(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    logo: Annotated[UploadFile | None, File()] = None,
    remove: Annotated[str, Form()] = "",
) -> Response:
    """Upload the logo (type and size checked) or remove it."""
    try:
        content = None if remove else (logo.file.read(LOGO_MAX_BYTES + 1) if logo else b"")
        company_settings.set_logo(uow, principal.company_id, content)
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    message = gettext("Logo removed.") if remove else gettext("Logo saved.")
    return session.flashed("/settings#identity", message)


@router.get("/settings/logo")
def logo(uow: UowDep, principal: PagePrincipal) -> Response:
    found = company_settings.company_logo(uow, principal.company_id)
    if found is None:
        return Response(status_code=404)
    return Response(content=found[0], media_type=found[1])


@router.post("/settings/bank-accounts", dependencies=[Csrf])
async def create_account(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    """Add a company bank account; "default" makes it the one its currency prints."""
    form = await request.form()

    def text(name: str) -> str | None:
        return str(form.get(name) or "").strip() or None

    cmd = NewBankAccount(
        iban=text("iban"), account_number=text("account_number"), bank_code=text("bank_code"),
        bic=text("bic"), bank_name=text("bank_name"), currency=text("currency"),
        holder_name=text("holder_name"), is_default=form.get("is_default") == "on",
    )  # fmt: skip
    try:
        bank_accounts.create_bank_account(uow, principal.company_id, cmd)
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    return session.flashed("/settings#bank-accounts", gettext("Bank account added."))


@router.post("/settings/bank-accounts/{account_id}/default", dependencies=[Csrf])
def make_default(
    request: Request, account_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    try:
        bank_accounts.update_bank_account(
            uow, principal.company_id, account_id, BankAccountChanges(is_default=True)
        )
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    return session.flashed("/settings#bank-accounts", gettext("Default account changed."))


@router.post("/settings/bank-accounts/{account_id}/delete", dependencies=[Csrf])
def delete_account(
    request: Request, account_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    try:
        bank_accounts.delete_bank_account(uow, principal.company_id, account_id)
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    return session.flashed("/settings#bank-accounts", gettext("Bank account removed."))
