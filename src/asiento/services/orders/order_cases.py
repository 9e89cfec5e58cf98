"""The use cases purchase and sales orders share, parameterized by their ``OrderKind``.

``purchasing`` and ``sales`` bind these to their kind and add what differs
(receipts vs. deliveries, waiting for payment); the state machine, reading
and listing are one code path for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asiento.services.orders import orders
from asiento.services.orders.orders import OrderKind, OrderView
from asiento.services.search.list_filter import ListColumns, text_condition
from asiento.store.query import get_scoped, page, scoped_select
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OrderPage:
    orders: Sequence[OrderView]
    next_cursor: str | None


def move(
    uow: UnitOfWork, kind: OrderKind, company_id: int, order_id: int, target: str
) -> OrderView:
    """Move an order to ``target`` (the transition rules live in ``domain.purchasing``)."""
    with uow:
        order = orders.transition(uow.session, kind, company_id, order_id, target)
        view = orders.order_view(uow.session, kind, order)
        uow.commit()
        return view


def get_order(uow: UnitOfWork, kind: OrderKind, company_id: int, order_id: int) -> OrderView:
    with uow:
        order = get_scoped(uow.session, kind.order, company_id, order_id, kind.label)
        return orders.order_view(uow.session, kind, order)


def list_orders(
    uow: UnitOfWork,
    kind: OrderKind,
    company_id: int,
    state: str | None = None,
    partner_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
    q: str | None = None,
) -> OrderPage:
    """Newest first, with the billing status of each order.

    ``q`` finds by order number prefix, partner name, exact reference or exact total
    (the stored ``amount_total``, in the order's currency).
    """
    model = kind.order
    cols = ListColumns(
        model.company_id,
        number=model.name,
        partner=model.partner_id,
        refs=(model.ref,),
        amount=model.amount_total,
        currency=model.currency,
    )
    found = text_condition(uow, company_id, q, cols)
    with uow:
        stmt = scoped_select(model, company_id)
        if found is not None:
            stmt = stmt.where(found)
        if state:
            stmt = stmt.where(model.state == state)
        if partner_id:
            stmt = stmt.where(model.partner_id == partner_id)
        rows, next_cursor = page(uow.session, stmt, model.id, cursor, limit)
        return OrderPage([orders.order_view(uow.session, kind, r) for r in rows], next_cursor)
