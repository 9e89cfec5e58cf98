"""Sales orders and deliveries: the selling side, with "wait for payment before delivery".

Invoicing follows the line's policy (company default, product override):
"ordered" invoices the ordered quantities once the order is confirmed,
"delivered" only what was delivered. An order that waits for payment gets its
draft invoice (every ordered quantity) when it is confirmed, and no delivery
is accepted until each invoice of the order is paid.

Invariants:
    - a delivery of a waiting order is refused unless every non-cancelled
      customer invoice of the order has ``payment_state == "paid"``;
    - deliveries follow the receipt rules: positive quantities, the ordered
      quantity plus the company tolerance at most, returns below what left.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import purchasing as rules
from asiento.domain.access import Permission
from asiento.domain.errors import PaymentBeforeDelivery
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_views import InvoiceView, invoice_view
from asiento.services.ledger.entries import company_of
from asiento.services.orders import order_cases, orders
from asiento.services.orders.kinds import SALES
from asiento.services.orders.order_cases import OrderPage
from asiento.services.orders.orders import (
    MovementInput,
    MovementView,
    OrderInput,
    OrderView,
)
from asiento.services.orders.purchase_bills import billable_lines, draft_from_order_in
from asiento.services.orders.purchase_settings import settings_in
from asiento.store.document_locks import lock_order
from asiento.store.tables import Invoice, SaleOrder
from asiento.store.uow import UnitOfWork


@access.requires(Permission.ORDER_WRITE)
def create_sales_order(uow: UnitOfWork, company_id: int, cmd: OrderInput) -> OrderView:
    """A draft sales order; ``wait_for_payment`` defaults to the company setting."""
    with uow:
        s = uow.session
        order = orders.create_order_in(s, SALES, company_id, cmd)
        wait = cmd.wait_for_payment
        order.wait_for_payment = (
            settings_in(s, company_id).wait_for_payment if wait is None else wait
        )
        s.flush()
        view = orders.order_view(s, SALES, order)
        uow.commit()
        return view


@access.requires(Permission.ORDER_WRITE)
def confirm_sales_order(
    uow: UnitOfWork, company_id: int, order_id: int, invoice_date: dt.date | None = None
) -> OrderView:
    """Confirm; an order waiting for payment gets its draft invoice in the same transaction."""
    with uow:
        s = uow.session
        order = orders.transition(s, SALES, company_id, order_id, "confirmed")
        if order.wait_for_payment:
            _prepayment_invoice_in(s, order, invoice_date)
        view = orders.order_view(s, SALES, order)
        uow.commit()
        return view


def _prepayment_invoice_in(session: Session, order: SaleOrder, day: dt.date | None) -> Invoice:
    """The invoice of every ordered quantity, whatever the lines' policies: paid before shipping."""
    lines = orders.order_lines(session, SALES, order.id)
    billing = [
        (line, rules.LineBilling(line.quantity, rules.ZERO, rules.ZERO, "ordered"))
        for line in lines
    ]
    due = billable_lines(session, SALES, order, billing)
    return draft_from_order_in(session, SALES, order, due, day or order.order_date)


@access.requires(Permission.ORDER_WRITE)
def cancel_sales_order(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    return order_cases.move(uow, SALES, company_id, order_id, "cancelled")


@access.requires(Permission.ORDER_WRITE)
def mark_sales_order_done(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    return order_cases.move(uow, SALES, company_id, order_id, "done")


def get_sales_order(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    return order_cases.get_order(uow, SALES, company_id, order_id)


def list_sales_orders(
    uow: UnitOfWork,
    company_id: int,
    state: str | None = None,
    partner_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
    q: str | None = None,
) -> OrderPage:
    return order_cases.list_orders(uow, SALES, company_id, state, partner_id, cursor, limit, q)


def require_paid_before_delivery(session: Session, order: SaleOrder) -> None:
    """Refuse to ship an order that waits for payment while one of its invoices is unpaid."""
    if not order.wait_for_payment:
        return
    invoices = session.scalars(
        select(Invoice)
        .where(
            Invoice.sale_order_id == order.id,
            Invoice.kind == "customer_invoice",
            Invoice.state != "cancelled",
        )
        .order_by(Invoice.id)
    ).all()
    if not invoices:
        raise PaymentBeforeDelivery(
            f"sales order {order.name} waits for payment and has no invoice", field="order_id"
        )
    for invoice in invoices:
        if invoice.payment_state != "paid":
            name = invoice.number or f"{invoice.id} (draft)"
            raise PaymentBeforeDelivery(
                f"sales order {order.name} waits for payment: invoice {name} is "
                f"{invoice.payment_state.replace('_', ' ')}; deliver once it is paid",
                field="order_id",
            )


@access.requires(Permission.ORDER_WRITE)
def deliver(uow: UnitOfWork, company_id: int, order_id: int, cmd: MovementInput) -> MovementView:
    """Record goods delivered (``kind="delivery"``) or returned by the customer (``"return"``)."""
    with uow:
        s = uow.session
        order = lock_order(s, SaleOrder, company_id, order_id, "sales order")
        if cmd.kind == "delivery":
            rules.require_open("sales order", order.name, order.state, "delivered")
            require_paid_before_delivery(s, order)
        view = orders.record_movement(s, SALES, company_id, order_id, cmd, "delivery", "delivered")
        uow.commit()
        return view


def list_deliveries(
    uow: UnitOfWork, company_id: int, order_id: int | None = None
) -> list[MovementView]:
    return orders.list_movements(uow, SALES, company_id, order_id)


def create_invoice_in(
    session: Session, company_id: int, order_id: int, invoice_date: dt.date | None = None
) -> Invoice:
    """The draft customer invoice of what is left to invoice on a confirmed sales order."""
    order = lock_order(session, SaleOrder, company_id, order_id, "sales order")
    rules.require_open("sales order", order.name, order.state, "invoiced")
    lines = orders.order_lines(session, SALES, order.id)
    due = billable_lines(session, SALES, order, orders.line_billing(session, SALES, order, lines))
    return draft_from_order_in(session, SALES, order, due, invoice_date)


@access.requires(Permission.INVOICE_WRITE)
def create_invoice(
    uow: UnitOfWork, company_id: int, order_id: int, invoice_date: dt.date | None = None
) -> InvoiceView:
    with uow:
        s = uow.session
        invoice = create_invoice_in(s, company_id, order_id, invoice_date)
        view = invoice_view(s, company_of(s, company_id), invoice)
        uow.commit()
        return view
