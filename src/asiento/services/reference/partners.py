"""Partners and products, with tax ids validated by python-stdnum where a scheme applies.

The checks themselves (VAT, e-mail, language, IBAN) live in ``identity``: the
company's fields are checked the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import purchasing
from asiento.domain.due_dates import parse_payment_days, payment_days_text
from asiento.domain.einvoice.codes import (
    DEFAULT_UNIT_CODE,
    checked_format,
    checked_scheme,
    checked_unit_code,
)
from asiento.domain.errors import InvalidInput, NotFound
from asiento.domain.money import MAX_AMOUNT
from asiento.services.reference.identity import (
    normal_country,
    normal_email,
    normal_iban,
    normal_language,
    normal_tax_id,
)
from asiento.services.reference.payment_terms import find_term
from asiento.services.reference.records import create_record, update_record
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Partner, PaymentTerm, Product, Tax, product_taxes
from asiento.store.uow import UnitOfWork


def _validate_partner(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    if not str(v.get("name") or "").strip():
        raise InvalidInput("name is required", field="name")
    if "country" in v:
        v["country"] = normal_country(v["country"])
    if v.get("tax_id"):
        v["tax_id"] = normal_tax_id(v["tax_id"], v.get("country"))
    for key in ("email", "invoice_email"):
        if key in v:
            v[key] = normal_email(v[key], key)
    if "language" in v:
        v["language"] = normal_language(v["language"])
    if v.get("iban"):
        v["iban"] = normal_iban(v["iban"])
    _einvoice_fields(v)
    if "payment_days" in v:
        v["payment_days"] = payment_days_text(parse_payment_days(v["payment_days"] or ""))
    for field, kind in (("receivable_account_id", "receivable"), ("payable_account_id", "payable")):
        if v.get(field) is not None:
            account = get_scoped(session, Account, company_id, v[field], "account")
            if account.kind != kind:
                raise InvalidInput(f"account {account.code} is not a {kind} account", field=field)
    return _default_terms(session, company_id, v)


def _einvoice_fields(v: dict[str, Any]) -> None:
    """Electronic address and scheme (BT-49), buyer reference (BT-10), e-invoice format."""
    if "electronic_address" in v:
        v["electronic_address"] = str(v["electronic_address"] or "").strip() or None
    if "electronic_address_scheme" in v:
        v["electronic_address_scheme"] = checked_scheme(v["electronic_address_scheme"])
    if "buyer_reference" in v:
        v["buyer_reference"] = str(v["buyer_reference"] or "").strip() or None
    if "einvoice_format" in v:
        v["einvoice_format"] = checked_format(v["einvoice_format"])


def _default_terms(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    """Resolve ``customer_payment_term`` / ``supplier_payment_term`` (id or name).

    Each must be a term of the same company; ``None`` or ``""`` clears it. The
    ``*_payment_term_id`` columns given directly are checked the same way.
    """
    for role in ("customer", "supplier"):
        key, column = f"{role}_payment_term", f"{role}_payment_term_id"
        if key in v:
            ref = v.pop(key)
            try:
                v[column] = None if ref in (None, "") else find_term(session, company_id, ref).id
            except NotFound:
                raise NotFound("payment term", repr(ref), field=key) from None
        elif v.get(column) is not None:
            get_scoped(session, PaymentTerm, company_id, v[column], "payment term")
    return v


def create_partner(uow: UnitOfWork, company_id: int, **values: Any) -> Partner:
    return create_record(uow, company_id, Partner, values, validate=_validate_partner)


def update_partner(uow: UnitOfWork, company_id: int, partner_id: int, **changes: Any) -> Partner:
    return update_record(
        uow, company_id, Partner, partner_id, changes, kind="partner", validate=_validate_partner
    )


def _validate_product(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    if not str(v.get("code") or "").strip():
        raise InvalidInput("code is required", field="code")
    for field in ("sale_price", "purchase_price"):
        value = v.get(field)
        if value is not None and Decimal(value) < 0:
            raise InvalidInput(f"{field} cannot be negative", field=field)
        if value is not None and Decimal(value) >= MAX_AMOUNT:
            raise InvalidInput(f"{field} must be below 10^15", field=field)
    for field in ("income_account_id", "expense_account_id"):
        if v.get(field) is not None:
            get_scoped(session, Account, company_id, v[field], "account")
    if "unit_code" in v:
        v["unit_code"] = checked_unit_code(v["unit_code"] or DEFAULT_UNIT_CODE)
    # empty policy: the company's default applies
    v["bill_policy"] = v.get("bill_policy") or None
    v["invoice_policy"] = v.get("invoice_policy") or None
    if v["bill_policy"] is not None:
        purchasing.require_bill_policy(v["bill_policy"])
    if v["invoice_policy"] is not None:
        purchasing.require_invoice_policy(v["invoice_policy"])
    return v


def _set_taxes(session: Session, company_id: int, product: Product, tax_ids: list[int]) -> None:
    for tax_id in tax_ids:
        get_scoped(session, Tax, company_id, tax_id, "tax")
    session.execute(product_taxes.delete().where(product_taxes.c.product_id == product.id))
    if tax_ids:
        session.execute(
            product_taxes.insert(),
            [{"company_id": company_id, "product_id": product.id, "tax_id": t} for t in tax_ids],
        )


def create_product(
    uow: UnitOfWork, company_id: int, tax_ids: list[int] | None = None, **values: Any
) -> Product:
    product = create_record(
        uow, company_id, Product, values, unique=("code",), validate=_validate_product
    )
    if tax_ids:
        set_product_taxes(uow, company_id, product.id, tax_ids)
    return product


def set_product_taxes(
    uow: UnitOfWork, company_id: int, product_id: int, tax_ids: list[int]
) -> None:
    with uow:
        product = get_scoped(uow.session, Product, company_id, product_id, "product")
        _set_taxes(uow.session, company_id, product, tax_ids)
        uow.commit()


def update_product(
    uow: UnitOfWork,
    company_id: int,
    product_id: int,
    tax_ids: list[int] | None = None,
    **changes: Any,
) -> Product:
    product = update_record(
        uow,
        company_id,
        Product,
        product_id,
        changes,
        kind="product",
        unique=("code",),
        validate=_validate_product,
    )
    if tax_ids is not None:
        set_product_taxes(uow, company_id, product_id, tax_ids)
    return product


def product_tax_ids(session: Session, product_id: int) -> list[int]:
    stmt = select(product_taxes.c.tax_id).where(product_taxes.c.product_id == product_id)
    return list(session.scalars(stmt))


def list_partners(uow: UnitOfWork, company_id: int) -> list[Partner]:
    """The company's partners ordered by name."""
    with uow:
        stmt = select(Partner).where(Partner.company_id == company_id)
        rows = list(uow.session.scalars(stmt.order_by(Partner.name, Partner.id)))
        uow.session.expunge_all()  # keep them loaded: leaving the block rolls back (expires)
        return rows
