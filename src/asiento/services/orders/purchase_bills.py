"""Vendor bills created from purchase orders, under the bill control policy.

``create_bill`` turns what the policy allows to bill and is not billed yet
into a draft vendor bill through the invoices service (``create_invoice_in``):
under "ordered quantities" the ordered quantities, under "received
quantities" only what was received. Each bill line points at its order line
(``purchase_line_id``), which is how billed quantities are counted, and the
bill points at its order (``purchase_order_id``). Under 3-way matching the
bill starts with Should Be Paid = Yes.

Refusals (nothing written): an order that is not confirmed (409), nothing
received yet on a received-quantities order (409), nothing left to bill
(409 "Invalid Operation: nothing left to bill on this order"), a product
without a purchase (expense) account (422).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import purchasing as rules
from asiento.domain.access import Permission
from asiento.domain.errors import MissingExpenseAccount, NothingReceived, NothingToBill
from asiento.domain.three_way import ShouldBePaid
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_drafts import create_invoice_in
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_views import InvoiceView, invoice_view
from asiento.services.ledger.entries import company_of
from asiento.services.orders import orders
from asiento.services.orders.kinds import PURCHASE
from asiento.services.orders.purchase_settings import settings_in
from asiento.services.orders.should_be_paid import record_in
from asiento.store.document_locks import lock_order
from asiento.store.tables import Invoice, InvoiceLine, Product, PurchaseOrder
from asiento.store.uow import UnitOfWork

NOTHING_LEFT = "Invalid Operation: nothing left to bill on this order"


def billable_lines(
    session: Session,
    kind: orders.OrderKind,
    order: Any,
    billing: Sequence[tuple[Any, rules.LineBilling]],
) -> list[tuple[Any, rules.LineBilling, Product]]:
    """Lines with a quantity to bill, each with its product; refuses when there are none."""
    due = [(line, b) for line, b in billing if b.to_bill > 0]
    if not due:
        if all(b.policy != "ordered" and b.moved <= 0 and b.billed <= 0 for _, b in billing):
            moved = "received" if kind.prefix == "PO" else "delivered"
            raise NothingReceived(
                f"{kind.label} {order.name}: nothing {moved} yet; under the {moved}-quantities "
                f"policy {'a bill' if kind.prefix == 'PO' else 'an invoice'} needs "
                f"{'a receipt' if kind.prefix == 'PO' else 'a delivery'} first",
                field="order_id",
            )
        raise NothingToBill(NOTHING_LEFT, field="order_id")
    out = []
    for line, b in due:
        product = session.get(Product, line.product_id)
        if product is None or getattr(product, kind.product_account) is None:
            code = product.code if product is not None else line.product_id
            what = "purchase (expense)" if kind.prefix == "PO" else "sales (income)"
            raise MissingExpenseAccount(
                f"line {line.sequence} ({line.description}): product {code} has no {what} "
                "account to bill it on",
                field=f"lines[{line.sequence - 1}].product_id",
            )
        out.append((line, b, product))
    return out


def draft_from_order_in(
    session: Session,
    kind: orders.OrderKind,
    order: Any,
    due: Sequence[tuple[Any, rules.LineBilling, Product]],
    invoice_date: dt.date | None,
) -> Invoice:
    """A draft invoice or bill of the ``due`` lines, each linked to its order line."""
    taxes = orders.line_taxes(session, kind, order.company_id, [line.id for line, _, _ in due])
    data = InvoiceInput(
        kind=kind.invoice_kind,
        partner_id=order.partner_id,
        invoice_date=invoice_date,
        currency=order.currency,
        ref=order.name,
        lines=tuple(
            InvoiceLineInput(
                product_id=product.id,
                description=line.description,
                quantity=b.to_bill,
                price_unit=line.price_unit,
                account_id=getattr(product, kind.product_account),
                tax_ids=taxes[line.id],
            )
            for line, b, product in due
        ),
    )
    invoice = create_invoice_in(session, company_of(session, order.company_id), data)
    rows = session.scalars(
        select(InvoiceLine)
        .where(InvoiceLine.invoice_id == invoice.id)
        .order_by(InvoiceLine.sequence)
    )
    for row, (line, _, _) in zip(rows, due, strict=True):
        setattr(row, kind.link_name, line.id)
    setattr(invoice, kind.order_link, order.id)
    session.flush()
    return invoice


def _create_bill_in(
    session: Session, company_id: int, order_id: int, invoice_date: dt.date | None = None
) -> Invoice:
    """The draft vendor bill of what is left to bill on a confirmed purchase order."""
    order = lock_order(session, PurchaseOrder, company_id, order_id, "purchase order")
    rules.require_open("purchase order", order.name, order.state, "billed")
    lines = orders.order_lines(session, PURCHASE, order.id)
    billing = orders.line_billing(session, PURCHASE, order, lines)
    due = billable_lines(session, PURCHASE, order, billing)
    bill = draft_from_order_in(session, PURCHASE, order, due, invoice_date)
    if settings_in(session, company_id).three_way_matching:
        verdict = ShouldBePaid("yes", f"created from purchase order {order.name}")
        record_in(session, bill, verdict, manual=False)
    return bill


@access.requires(Permission.INVOICE_WRITE)
def create_bill(
    uow: UnitOfWork, company_id: int, order_id: int, invoice_date: dt.date | None = None
) -> InvoiceView:
    """Create the draft vendor bill of a purchase order (see the module docstring)."""
    with uow:
        s = uow.session
        bill = _create_bill_in(s, company_id, order_id, invoice_date)
        view = invoice_view(s, company_of(s, company_id), bill)
        uow.commit()
        return view
