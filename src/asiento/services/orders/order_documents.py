"""What an order page shows around the order: names, its bills or invoices, their verdicts.

An ``OrderView`` carries ids only (partner, products, documents); a page that
lists orders or shows one needs the names and the documents' state, amounts
and -- for vendor bills -- the Should Be Paid verdict as it stands now
(``should_be_paid.effective_should_be_paid``: a paid bill is ``no``). Reads only,
always scoped to the company: an id of another company is simply absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from asiento.services.orders.should_be_paid import effective_manual, effective_should_be_paid
from asiento.store.tables import Invoice, Partner, Product
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OrderDocument:
    """A bill or invoice created from an order; ``should_be_paid`` only for vendor bills."""

    id: int
    number: str | None
    kind: str
    state: str
    payment_state: str
    invoice_date: dt.date | None
    currency: str
    amount_total: Decimal
    should_be_paid: str | None
    should_be_paid_reason: str
    should_be_paid_manual: bool


def _document(invoice: Invoice) -> OrderDocument:
    verdict = effective_should_be_paid(invoice)
    return OrderDocument(
        invoice.id,
        invoice.number,
        invoice.kind,
        invoice.state,
        invoice.payment_state,
        invoice.invoice_date,
        invoice.currency,
        from_minor(invoice.amount_total, invoice.currency),
        verdict.status if verdict else None,
        verdict.reason if verdict else "",
        effective_manual(invoice),
    )


def order_documents(
    uow: UnitOfWork, company_id: int, invoice_ids: Iterable[int]
) -> list[OrderDocument]:
    """The documents ``invoice_ids`` of the company, oldest first."""
    ids = list(invoice_ids)
    if not ids:
        return []
    with uow:
        rows = uow.session.scalars(
            select(Invoice)
            .where(Invoice.company_id == company_id, Invoice.id.in_(ids))
            .order_by(Invoice.id)
        )
        return [_document(row) for row in rows]


def partner_names(uow: UnitOfWork, company_id: int, ids: Iterable[int]) -> dict[int, str]:
    """Partner id -> name, for the ids of this company only."""
    wanted = set(ids)
    if not wanted:
        return {}
    with uow:
        rows = uow.session.execute(
            select(Partner.id, Partner.name).where(
                Partner.company_id == company_id, Partner.id.in_(wanted)
            )
        )
        return {int(r[0]): str(r[1]) for r in rows}


def product_codes(uow: UnitOfWork, company_id: int, ids: Iterable[int]) -> dict[int, str]:
    """Product id -> code, for the ids of this company only."""
    wanted = set(ids)
    if not wanted:
        return {}
    with uow:
        rows = uow.session.execute(
            select(Product.id, Product.code).where(
                Product.company_id == company_id, Product.id.in_(wanted)
            )
        )
        return {int(r[0]): str(r[1]) for r in rows}


@dataclass(frozen=True, slots=True)
class ProductChoice:
    id: int
    code: str
    name: str
    sale_price: Decimal
    purchase_price: Decimal


def product_choices(uow: UnitOfWork, company_id: int) -> list[ProductChoice]:
    """Active products by code, with the prices an order line defaults to."""
    with uow:
        rows = uow.session.scalars(
            select(Product)
            .where(Product.company_id == company_id, Product.active.is_(True))
            .order_by(Product.code)
        )
        return [ProductChoice(p.id, p.code, p.name, p.sale_price, p.purchase_price) for p in rows]
