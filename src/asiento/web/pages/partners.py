"""Customers and suppliers: the list (with search), one partner's page, create, edit, archive.

The editable fields here are the ones every partner has (name, roles, payment terms);
identity fields (address, VAT number, language, e-mails) and bank accounts have their own
forms on the partner's page. A partner is
archived, never deleted once it has documents (``services.reference.partner_pages``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.invoicing.invoice_form import form_choices
from asiento.services.reference import (
    bank_accounts,
    partner_contacts,
    partner_pages,
    partners,
    reads,
)
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import LANGUAGES, gettext
from asiento.web.templating import render

router = APIRouter()


@router.get("/partners")
def partner_list(
    request: Request, uow: UowDep, principal: PagePrincipal, q: str = "", archived: bool = False
) -> Response:
    rows = partner_pages.partner_list(uow, principal.company_id, q, archived)
    return render(request, "partners/list.html", rows=rows, q=q, archived=archived)


def _form_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, Any],
    page: partner_pages.PartnerPage | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    terms = form_choices(uow, company_id, "customer_invoice", partner_ids=(), product_ids=()).terms
    template = "partners/detail.html" if page else "partners/form.html"
    identity: dict[str, Any] = {}
    if page is not None:
        identity = {
            "identity": reads.get_partner(uow, company_id, page.partner.id),
            "accounts": bank_accounts.list_bank_accounts(uow, company_id, page.partner.id),
            "contacts": partner_contacts.list_contacts(uow, company_id, page.partner.id),
        }
    return render(
        request, template, status_code=status, page=page, values=values, terms=terms,
        error=error, doc_languages=tuple(LANGUAGES.items()), **identity,
    )  # fmt: skip


@router.get("/partners/new")
def new_partner(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    values = {"name": "", "is_customer": True, "is_supplier": False}
    return _form_page(request, uow, principal.company_id, values)


def _values(
    name: str, is_customer: str, is_supplier: str, customer_term: str, supplier_term: str
) -> dict[str, Any]:
    return {
        "name": name.strip(),
        "is_customer": bool(is_customer),
        "is_supplier": bool(is_supplier),
        "customer_payment_term_id": optional_id(customer_term),
        "supplier_payment_term_id": optional_id(supplier_term),
    }


def _command(values: dict[str, Any]) -> NewPartner:
    return NewPartner(
        name=values["name"],
        is_customer=values["is_customer"],
        is_supplier=values["is_supplier"],
        customer_payment_term=values["customer_payment_term_id"],
        supplier_payment_term=values["supplier_payment_term_id"],
    )


@router.post("/partners/new", dependencies=[Csrf])
def create_partner(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()] = "",
    is_customer: Annotated[str, Form()] = "",
    is_supplier: Annotated[str, Form()] = "",
    customer_term: Annotated[str, Form()] = "",
    supplier_term: Annotated[str, Form()] = "",
) -> Response:
    values = _values(name, is_customer, is_supplier, customer_term, supplier_term)
    try:
        row = partners.create_partner(uow, principal.company_id, _command(values))
    except AsientoError as exc:
        return _form_page(request, uow, principal.company_id, values, error=exc.message,
                          status=exc.status)  # fmt: skip
    message = gettext("Partner %(name)s created.") % {"name": row.name}
    return session.flashed(f"/partners/{row.id}", message)


@router.get("/partners/{partner_id:int}")
def partner_detail(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    page = partner_pages.partner_page(uow, principal.company_id, partner_id)
    values = {
        "name": page.partner.name,
        "is_customer": page.partner.is_customer,
        "is_supplier": page.partner.is_supplier,
        "customer_payment_term_id": page.customer_payment_term_id,
        "supplier_payment_term_id": page.supplier_payment_term_id,
    }
    return _form_page(request, uow, principal.company_id, values, page)


@router.post("/partners/{partner_id:int}", dependencies=[Csrf])
def update_partner(
    request: Request,
    partner_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()] = "",
    is_customer: Annotated[str, Form()] = "",
    is_supplier: Annotated[str, Form()] = "",
    customer_term: Annotated[str, Form()] = "",
    supplier_term: Annotated[str, Form()] = "",
) -> Response:
    values = _values(name, is_customer, is_supplier, customer_term, supplier_term)
    try:
        changes = PartnerChanges(**asdict(_command(values)))  # the form's fields only
        partners.update_partner(uow, principal.company_id, partner_id, changes)
    except AsientoError as exc:
        page = partner_pages.partner_page(uow, principal.company_id, partner_id)
        return _form_page(request, uow, principal.company_id, values, page, exc.message,
                          exc.status)  # fmt: skip
    return session.flashed(f"/partners/{partner_id}", gettext("Partner saved."))


@router.post("/partners/{partner_id:int}/archive", dependencies=[Csrf])
def archive_partner(partner_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    partners.update_partner(uow, principal.company_id, partner_id, PartnerChanges(active=False))
    return session.flashed(f"/partners/{partner_id}", gettext("Partner archived."))


@router.post("/partners/{partner_id:int}/restore", dependencies=[Csrf])
def restore_partner(partner_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    partners.update_partner(uow, principal.company_id, partner_id, PartnerChanges(active=True))
    return session.flashed(f"/partners/{partner_id}", gettext("Partner restored."))


def _refused_page(request: Request, uow: UnitOfWork, company_id: int, partner_id: int,
                  exc: AsientoError) -> Response:  # fmt: skip
    page = partner_pages.partner_page(uow, company_id, partner_id)
    values = {"name": page.partner.name, "is_customer": page.partner.is_customer,
              "is_supplier": page.partner.is_supplier}  # fmt: skip
    return _form_page(request, uow, company_id, values, page, exc.message, exc.status)


@router.post("/partners/{partner_id:int}/identity", dependencies=[Csrf])
async def update_identity(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    """Address, VAT number (validated), e-mails and the language of documents."""
    form = await request.form()

    def sent(name: str) -> str | Unset | None:
        return str(form.get(name) or "").strip() or None if name in form else UNSET

    changes = PartnerChanges(
        street=sent("street"), zip=sent("zip"), city=sent("city"), region=sent("region"),
        country=sent("country"), tax_id=sent("tax_id"), email=sent("email"),
        invoice_email=sent("invoice_email"), language=sent("language"),
    )  # fmt: skip
    try:
        partners.update_partner(uow, principal.company_id, partner_id, changes)
    except AsientoError as exc:
        return _refused_page(request, uow, principal.company_id, partner_id, exc)
    return session.flashed(f"/partners/{partner_id}", gettext("Partner saved."))


@router.post("/partners/{partner_id:int}/bank-accounts", dependencies=[Csrf])
async def add_account(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    form = await request.form()

    def text(name: str) -> str | None:
        return str(form.get(name) or "").strip() or None

    cmd = NewBankAccount(
        partner_id=partner_id, iban=text("iban"), account_number=text("account_number"),
        bank_code=text("bank_code"), bic=text("bic"), bank_name=text("bank_name"),
        currency=text("currency"),
    )  # fmt: skip
    try:
        bank_accounts.create_bank_account(uow, principal.company_id, cmd)
    except AsientoError as exc:
        return _refused_page(request, uow, principal.company_id, partner_id, exc)
    return session.flashed(f"/partners/{partner_id}", gettext("Bank account added."))


@router.post("/partners/{partner_id:int}/contacts", dependencies=[Csrf])
async def add_contact(
    request: Request, partner_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    """A person at the partner: name (required), role, e-mail, phone."""
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in ("name", "role", "email", "phone")}
    try:
        partner_contacts.add_contact(uow, principal.company_id, partner_id, **values)
    except AsientoError as exc:
        return _refused_page(request, uow, principal.company_id, partner_id, exc)
    return session.flashed(f"/partners/{partner_id}", gettext("Contact added."))


@router.post("/partners/{partner_id:int}/contacts/{contact_id:int}/delete", dependencies=[Csrf])
def remove_contact(
    partner_id: int, contact_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    partner_contacts.remove_contact(uow, principal.company_id, partner_id, contact_id)
    return session.flashed(f"/partners/{partner_id}", gettext("Contact removed."))
