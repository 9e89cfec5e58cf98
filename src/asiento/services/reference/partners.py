"""Partners, with tax ids validated by python-stdnum where a scheme applies.

The checks themselves (VAT, e-mail, language, IBAN) live in ``identity``: the
company's fields are checked the same way. The rules that need no database are
``domain.commands.partners.checked_partner``; this module adds those that do
(the accounts are of the right kind, the payment terms are the company's).
Partners are everyday work for billing clerks, so writing one needs
``INVOICE_WRITE``, not the settings permission.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.changes import merged
from asiento.domain.commands.partners import NewPartner, PartnerChanges, checked_partner
from asiento.domain.errors import InvalidInput, NotFound
from asiento.services.access import principal as access
from asiento.services.reference.identity import (
    normal_country,
    normal_email,
    normal_iban,
    normal_language,
    normal_tax_id,
)
from asiento.services.reference.payment_terms import find_term
from asiento.services.reference.views import PartnerView, view_of
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Partner
from asiento.store.uow import UnitOfWork


def partner_view(row: Partner) -> PartnerView:
    return view_of(PartnerView, row)


def create_partner(uow: UnitOfWork, company_id: int, cmd: NewPartner) -> PartnerView:
    """A new partner of the company (see ``checked_partner`` for the rules)."""
    access.require(Permission.INVOICE_WRITE, company_id)
    with uow:
        s = uow.session
        row = Partner(company_id=company_id, **_columns(s, company_id, cmd))
        s.add(row)
        s.flush()
        view = partner_view(row)
        uow.commit()
        return view


def update_partner(
    uow: UnitOfWork, company_id: int, partner_id: int, changes: PartnerChanges
) -> PartnerView:
    """Apply ``changes`` to the partner, read under a row lock; the whole result is checked."""
    access.require(Permission.INVOICE_WRITE, company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, Partner, company_id, partner_id, "partner")
        for name, value in _columns(s, company_id, merged(current_partner(row), changes)).items():
            setattr(row, name, value)
        s.flush()
        view = partner_view(row)
        uow.commit()
        return view


def current_partner(row: Partner) -> NewPartner:
    """The stored partner as the command that would create it (terms by id)."""
    return NewPartner(
        name=row.name,
        ref=row.ref,
        is_customer=row.is_customer,
        is_supplier=row.is_supplier,
        email=row.email,
        street=row.street,
        city=row.city,
        zip=row.zip,
        region=row.region,
        country=row.country,
        language=row.language,
        invoice_email=row.invoice_email,
        tax_id=row.tax_id,
        iban=row.iban,
        electronic_address=row.electronic_address,
        electronic_address_scheme=row.electronic_address_scheme,
        buyer_reference=row.buyer_reference,
        einvoice_format=row.einvoice_format,
        receivable_account_id=row.receivable_account_id,
        payable_account_id=row.payable_account_id,
        customer_payment_term=row.customer_payment_term_id,
        supplier_payment_term=row.supplier_payment_term_id,
        payment_days=row.payment_days,
        active=row.active,
    )


def _columns(session: Session, company_id: int, cmd: NewPartner) -> dict[str, Any]:
    """The column values of a valid partner, normalised; refuses an invalid one."""
    cmd = checked_partner(cmd)
    country = normal_country(cmd.country)
    for field, kind in (("receivable_account_id", "receivable"), ("payable_account_id", "payable")):
        account_id = getattr(cmd, field)
        if account_id is not None:
            account = get_scoped(session, Account, company_id, account_id, "account")
            if account.kind != kind:
                raise InvalidInput(f"account {account.code} is not a {kind} account", field=field)
    return {
        "name": cmd.name,
        "ref": cmd.ref,
        "is_customer": cmd.is_customer,
        "is_supplier": cmd.is_supplier,
        "email": normal_email(cmd.email, "email"),
        "street": cmd.street,
        "city": cmd.city,
        "zip": cmd.zip,
        "region": cmd.region,
        "country": country,
        "language": normal_language(cmd.language),
        "invoice_email": normal_email(cmd.invoice_email, "invoice_email"),
        "tax_id": normal_tax_id(cmd.tax_id, country) if cmd.tax_id else cmd.tax_id,
        "iban": normal_iban(cmd.iban) if cmd.iban else cmd.iban,
        "electronic_address": cmd.electronic_address,
        "electronic_address_scheme": cmd.electronic_address_scheme,
        "buyer_reference": cmd.buyer_reference,
        "einvoice_format": cmd.einvoice_format,
        "receivable_account_id": cmd.receivable_account_id,
        "payable_account_id": cmd.payable_account_id,
        "customer_payment_term_id": _term_id(session, company_id, cmd, "customer"),
        "supplier_payment_term_id": _term_id(session, company_id, cmd, "supplier"),
        "payment_days": cmd.payment_days,
        "active": cmd.active,
    }


def _term_id(session: Session, company_id: int, cmd: NewPartner, role: str) -> int | None:
    """The id of the ``role`` default term (id or name) of this company; None clears it."""
    field = f"{role}_payment_term"
    ref = getattr(cmd, field)
    if ref is None or ref == "":
        return None
    try:
        return find_term(session, company_id, ref).id
    except NotFound:
        raise NotFound("payment term", repr(ref), field=field) from None


def list_partners(uow: UnitOfWork, company_id: int) -> list[PartnerView]:
    """The company's partners ordered by name."""
    with uow:
        stmt = select(Partner).where(Partner.company_id == company_id)
        rows = uow.session.scalars(stmt.order_by(Partner.name, Partner.id))
        return [partner_view(r) for r in rows]
