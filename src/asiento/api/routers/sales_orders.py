"""/sales-orders and /deliveries: selling, shipping (after payment when asked), invoicing."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.invoices import InvoicePublic
from asiento.api.schemas.purchasing import (
    DocumentIn,
    MovementIn,
    MovementPublic,
    OrderIn,
    OrderPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.orders import sales
from asiento.services.orders.orders import OrderView
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(tags=["sales"])


def render(view: OrderView) -> OrderPublic:
    return OrderPublic.model_validate(view)


@router.post("/sales-orders", status_code=status.HTTP_201_CREATED)
def create_sales_order(body: OrderIn, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(sales.create_sales_order(uow, company_id, body.command()))


@router.get("/sales-orders")
def list_sales_orders(
    uow: UowDep,
    company_id: CompanyDep,
    state: Text | None = None,
    partner_id: Id | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    q: Text | None = None,
) -> Page[OrderPublic]:
    """``q``: order number prefix, partner name, exact reference or exact total."""
    result = sales.list_sales_orders(uow, company_id, state, partner_id, cursor, limit, q)
    return Page(items=[render(o) for o in result.orders], next_cursor=result.next_cursor)


@router.get("/sales-orders/{order_id}")
def read_sales_order(order_id: Id, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(sales.get_sales_order(uow, company_id, order_id))


@router.post("/sales-orders/{order_id}/confirm")
def confirm_sales_order(
    order_id: Id, uow: UowDep, company_id: CompanyDep, body: DocumentIn | None = None
) -> OrderPublic:
    """Confirm; an order waiting for payment gets its draft invoice now."""
    day = body.invoice_date if body else None
    return render(sales.confirm_sales_order(uow, company_id, order_id, day))


@router.post("/sales-orders/{order_id}/cancel")
def cancel_sales_order(order_id: Id, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(sales.cancel_sales_order(uow, company_id, order_id))


@router.post("/sales-orders/{order_id}/create-invoice", status_code=status.HTTP_201_CREATED)
def create_invoice_from_order(
    order_id: Id, uow: UowDep, company_id: CompanyDep, body: DocumentIn | None = None
) -> InvoicePublic:
    day = body.invoice_date if body else None
    return InvoicePublic.model_validate(sales.create_invoice(uow, company_id, order_id, day))


@router.post("/deliveries", status_code=status.HTTP_201_CREATED)
def create_delivery(body: MovementIn, uow: UowDep, company_id: CompanyDep) -> MovementPublic:
    """Goods shipped (refused while a wait-for-payment order's invoice is unpaid)."""
    view = sales.deliver(uow, company_id, body.order_id, body.command("delivery"))
    return MovementPublic.of(view)


@router.get("/deliveries")
def list_deliveries(
    uow: UowDep, company_id: CompanyDep, order_id: Id | None = None
) -> list[MovementPublic]:
    return [MovementPublic.of(d) for d in sales.list_deliveries(uow, company_id, order_id)]
