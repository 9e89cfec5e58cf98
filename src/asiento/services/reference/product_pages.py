"""What the product pages show: the list (searched), one product with its accounts,
taxes, policies and the documents that sold or bought it; archiving and restoring.

A product that appears on documents is archived, never deleted: archiving hides it
from pickers and the default list while every document keeps pointing at it.

Invariants:
    - every query filters on ``company_id``;
    - archive and restore read and change ``active`` under a row lock, and refuse
      (``StateConflict``) a product already in the asked state, so of two racing
      callers exactly one wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from asiento.domain.access import Permission
from asiento.domain.errors import StateConflict
from asiento.services.access import principal as access
from asiento.services.search import search_products
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Invoice, InvoiceLine, Product, Tax, product_taxes
from asiento.store.uow import UnitOfWork

LIST_SIZE = 50


@dataclass(frozen=True, slots=True)
class ProductRow:
    id: int
    code: str
    name: str
    unit: str
    sale_price: Decimal
    purchase_price: Decimal
    active: bool


@dataclass(frozen=True, slots=True)
class ProductDocument:
    """A document with a line of this product."""

    id: int
    number: str
    kind: str
    state: str
    date: dt.date | None
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class ProductPage:
    product: ProductRow
    income_account_id: int | None
    expense_account_id: int | None
    income_account: str
    expense_account: str
    tax_ids: list[int]
    taxes: list[str]
    bill_policy: str | None
    invoice_policy: str | None
    documents: list[ProductDocument]


def _row(p: Product) -> ProductRow:
    return ProductRow(p.id, p.code, p.name, p.unit, p.sale_price, p.purchase_price, p.active)


def product_list(
    uow: UnitOfWork, company_id: int, q: str = "", archived: bool = False
) -> list[ProductRow]:
    """The first ``LIST_SIZE`` products by code, or the ones the search text finds."""
    ids = None
    if q.strip():
        ids = [h.id for h in search_products(uow, company_id, q, LIST_SIZE, archived=archived)]
    with uow:
        stmt = select(Product).where(Product.company_id == company_id)
        if ids is not None:
            stmt = stmt.where(Product.id.in_(ids))
        elif not archived:
            stmt = stmt.where(Product.active.is_(True))
        rows = uow.session.scalars(stmt.order_by(Product.code, Product.id).limit(LIST_SIZE))
        return [_row(p) for p in rows]


def product_page(uow: UnitOfWork, company_id: int, product_id: int) -> ProductPage:
    with uow:
        s = uow.session
        p = get_scoped(s, Product, company_id, product_id, "product")
        taxes = list(
            s.execute(
                select(Tax.id, Tax.name)
                .join(
                    product_taxes,
                    (product_taxes.c.company_id == Tax.company_id)
                    & (product_taxes.c.tax_id == Tax.id),
                )
                .where(product_taxes.c.company_id == company_id, product_taxes.c.product_id == p.id)
                .order_by(Tax.name)
            )
        )
        return ProductPage(
            product=_row(p),
            income_account_id=p.income_account_id,
            expense_account_id=p.expense_account_id,
            income_account=_account_label(uow, company_id, p.income_account_id),
            expense_account=_account_label(uow, company_id, p.expense_account_id),
            tax_ids=[t.id for t in taxes],
            taxes=[t.name for t in taxes],
            bill_policy=p.bill_policy,
            invoice_policy=p.invoice_policy,
            documents=_documents(uow, company_id, p.id),
        )


def _account_label(uow: UnitOfWork, company_id: int, account_id: int | None) -> str:
    if account_id is None:
        return ""
    stmt = select(Account.code, Account.name).where(
        Account.company_id == company_id, Account.id == account_id
    )
    found = uow.session.execute(stmt).first()
    return f"{found.code} {found.name}" if found else ""


def _documents(uow: UnitOfWork, company_id: int, product_id: int) -> list[ProductDocument]:
    stmt = (
        select(Invoice, InvoiceLine.quantity)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .where(
            Invoice.company_id == company_id,
            InvoiceLine.company_id == company_id,
            InvoiceLine.product_id == product_id,
        )
        .order_by(Invoice.invoice_date.desc(), Invoice.id.desc())
        .limit(LIST_SIZE)
    )
    return [
        ProductDocument(i.id, i.number or "", i.kind, i.state, i.invoice_date, qty)
        for i, qty in uow.session.execute(stmt)
    ]


def set_product_active(uow: UnitOfWork, company_id: int, product_id: int, active: bool) -> None:
    """Archive (``active=False``) or restore a product; refused when already so."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        p = lock_scoped(uow.session, Product, company_id, product_id, "product")
        if p.active == active:
            state = "active" if active else "archived"
            raise StateConflict(f"product {p.code} is already {state}")
        p.active = active
        uow.commit()
