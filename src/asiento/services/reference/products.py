"""Products with their default taxes, written as one record in one transaction.

The rules that need no database are ``domain.commands.products.checked_product``;
this module adds those that do (the accounts and taxes are the company's, the code
is free). A product and its taxes are written in the same transaction: a refused
tax leaves no product behind, and an update changes both or neither.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.changes import merged
from asiento.domain.commands.products import NewProduct, ProductChanges, checked_product
from asiento.services.access import principal as access
from asiento.services.reference import product_taxes
from asiento.services.reference.unique_keys import require_free
from asiento.services.reference.views import ProductView, view_of
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Product
from asiento.store.uow import UnitOfWork


def product_view(row: Product, tax_ids: tuple[int, ...]) -> ProductView:
    return view_of(ProductView, row, tax_ids=tax_ids)


def create_product(uow: UnitOfWork, company_id: int, cmd: NewProduct) -> ProductView:
    """A new product and its taxes, both or neither."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        cmd = _checked(s, company_id, cmd, None)
        row = Product(company_id=company_id, **_columns(cmd))
        s.add(row)
        s.flush()
        product_taxes.write_tax_ids(s, company_id, row.id, cmd.tax_ids)
        view = product_view(row, product_taxes.tax_ids_in(s, [row.id])[row.id])
        uow.commit()
        return view


def update_product(
    uow: UnitOfWork, company_id: int, product_id: int, changes: ProductChanges
) -> ProductView:
    """Apply ``changes`` (taxes included) to the product, read under a row lock."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, Product, company_id, product_id, "product")
        current = _current(row, product_taxes.tax_ids_in(s, [row.id])[row.id])
        cmd = _checked(s, company_id, merged(current, changes), row.id)
        for name, value in _columns(cmd).items():
            setattr(row, name, value)
        s.flush()
        product_taxes.write_tax_ids(s, company_id, row.id, cmd.tax_ids)
        view = product_view(row, product_taxes.tax_ids_in(s, [row.id])[row.id])
        uow.commit()
        return view


def _checked(session: Session, company_id: int, cmd: NewProduct, own_id: int | None) -> NewProduct:
    cmd = checked_product(cmd)
    for field in ("income_account_id", "expense_account_id"):
        account_id = getattr(cmd, field)
        if account_id is not None:
            get_scoped(session, Account, company_id, account_id, "account")
    product_taxes.check_tax_ids(session, company_id, cmd.tax_ids)
    taken = select(Product.id).where(Product.company_id == company_id, Product.code == cmd.code)
    require_free(session, taken, own_id, "product", {"code": cmd.code})
    return cmd


def _current(row: Product, tax_ids: tuple[int, ...]) -> NewProduct:
    return NewProduct(
        code=row.code,
        name=row.name,
        unit=row.unit,
        unit_code=row.unit_code,
        sale_price=row.sale_price,
        purchase_price=row.purchase_price,
        income_account_id=row.income_account_id,
        expense_account_id=row.expense_account_id,
        active=row.active,
        bill_policy=row.bill_policy,
        invoice_policy=row.invoice_policy,
        tax_ids=tax_ids,
    )


def _columns(cmd: NewProduct) -> dict[str, Any]:
    return {
        "code": cmd.code,
        "name": cmd.name,
        "unit": cmd.unit,
        "unit_code": cmd.unit_code,
        "sale_price": cmd.sale_price,
        "purchase_price": cmd.purchase_price,
        "income_account_id": cmd.income_account_id,
        "expense_account_id": cmd.expense_account_id,
        "active": cmd.active,
        "bill_policy": cmd.bill_policy,
        "invoice_policy": cmd.invoice_policy,
    }
