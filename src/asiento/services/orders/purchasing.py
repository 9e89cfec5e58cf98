"""Purchase orders and receipts: the buying side of bill control.

Use cases over a unit of work: create a draft order, confirm, cancel, mark
done, receive goods (partial receipts, several, returns) and read orders with
their billing status. Bills are created from orders in ``purchase_bills``;
every receipt or return matches the order's open bills again (3-way).
"""

from __future__ import annotations

from asiento.domain.access import Permission
from asiento.services.access import principal as access
from asiento.services.ledger.entries import company_of
from asiento.services.orders import order_cases, orders
from asiento.services.orders.kinds import PURCHASE
from asiento.services.orders.order_cases import OrderPage
from asiento.services.orders.orders import MovementInput, MovementView, OrderInput, OrderView
from asiento.services.orders.should_be_paid import recheck_order_bills_in
from asiento.store.uow import UnitOfWork


@access.requires(Permission.ORDER_WRITE)
def create_purchase_order(uow: UnitOfWork, company_id: int, cmd: OrderInput) -> OrderView:
    """A draft purchase order; unit prices and taxes default to the product's purchase ones."""
    with uow:
        order = orders.create_order_in(uow.session, PURCHASE, company_id, cmd)
        view = orders.order_view(uow.session, PURCHASE, order)
        uow.commit()
        return view


@access.requires(Permission.ORDER_WRITE)
def confirm_purchase_order(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    return order_cases.move(uow, PURCHASE, company_id, order_id, "confirmed")


@access.requires(Permission.ORDER_WRITE)
def cancel_purchase_order(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    """Cancel a draft, or a confirmed order on which nothing was received or billed."""
    return order_cases.move(uow, PURCHASE, company_id, order_id, "cancelled")


@access.requires(Permission.ORDER_WRITE)
def mark_purchase_order_done(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    """Lock a confirmed order: no more receipts or bills."""
    return order_cases.move(uow, PURCHASE, company_id, order_id, "done")


def get_purchase_order(uow: UnitOfWork, company_id: int, order_id: int) -> OrderView:
    return order_cases.get_order(uow, PURCHASE, company_id, order_id)


def list_purchase_orders(
    uow: UnitOfWork,
    company_id: int,
    state: str | None = None,
    partner_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
    q: str | None = None,
) -> OrderPage:
    """Newest first, with the billing status of each order."""
    return order_cases.list_orders(uow, PURCHASE, company_id, state, partner_id, cursor, limit, q)


@access.requires(Permission.ORDER_WRITE)
def receive(uow: UnitOfWork, company_id: int, order_id: int, cmd: MovementInput) -> MovementView:
    """Record goods received (``kind="receipt"``) or sent back (``kind="return"``).

    Raises:
        OrderNotOpen: the order is not confirmed.
        OverReceipt: a line would be received beyond ordered plus the tolerance.
        ExcessReturn: a return sends back more than was received.
    """
    with uow:
        s = uow.session
        view = orders.record_movement(s, PURCHASE, company_id, order_id, cmd, "receipt", "received")
        recheck_order_bills_in(s, company_of(s, company_id), order_id)
        uow.commit()
        return view


def list_receipts(
    uow: UnitOfWork, company_id: int, order_id: int | None = None
) -> list[MovementView]:
    """Receipts and returns, oldest first, optionally of one order."""
    return orders.list_movements(uow, PURCHASE, company_id, order_id)
