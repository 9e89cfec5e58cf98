"""/purchase-orders and /receipts: buying, receiving, and bills under bill control."""

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
    PurchaseSettingsIn,
    PurchaseSettingsPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.orders import purchase_settings, purchasing
from asiento.services.orders.orders import OrderView
from asiento.services.orders.purchase_bills import create_bill
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(tags=["purchasing"])


def render(view: OrderView) -> OrderPublic:
    return OrderPublic.model_validate(view)


@router.post("/purchase-orders", status_code=status.HTTP_201_CREATED)
def create_purchase_order(body: OrderIn, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    """A draft order; prices and taxes default to the products' purchase ones."""
    return render(purchasing.create_purchase_order(uow, company_id, body.command()))


@router.get("/purchase-orders")
def list_purchase_orders(
    uow: UowDep,
    company_id: CompanyDep,
    state: Text | None = None,
    partner_id: Id | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    q: Text | None = None,
) -> Page[OrderPublic]:
    """``q``: order number prefix, partner name, exact reference or exact total."""
    result = purchasing.list_purchase_orders(uow, company_id, state, partner_id, cursor, limit, q)
    return Page(items=[render(o) for o in result.orders], next_cursor=result.next_cursor)


@router.get("/purchase-orders/{order_id}")
def read_purchase_order(order_id: Id, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(purchasing.get_purchase_order(uow, company_id, order_id))


@router.post("/purchase-orders/{order_id}/confirm")
def confirm_purchase_order(order_id: Id, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(purchasing.confirm_purchase_order(uow, company_id, order_id))


@router.post("/purchase-orders/{order_id}/cancel")
def cancel_purchase_order(order_id: Id, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(purchasing.cancel_purchase_order(uow, company_id, order_id))


@router.post("/purchase-orders/{order_id}/done")
def mark_purchase_order_done(order_id: Id, uow: UowDep, company_id: CompanyDep) -> OrderPublic:
    return render(purchasing.mark_purchase_order_done(uow, company_id, order_id))


@router.post("/purchase-orders/{order_id}/create-bill", status_code=status.HTTP_201_CREATED)
def create_bill_from_order(
    order_id: Id, uow: UowDep, company_id: CompanyDep, body: DocumentIn | None = None
) -> InvoicePublic:
    """The draft vendor bill of what the bill control policy allows and is not billed yet."""
    day = body.invoice_date if body else None
    return InvoicePublic.model_validate(create_bill(uow, company_id, order_id, day))


@router.post("/receipts", status_code=status.HTTP_201_CREATED)
def create_receipt(body: MovementIn, uow: UowDep, company_id: CompanyDep) -> MovementPublic:
    """Goods received on a confirmed order (or ``kind: return`` to send some back)."""
    view = purchasing.receive(uow, company_id, body.order_id, body.command("receipt"))
    return MovementPublic.of(view)


@router.get("/receipts")
def list_receipts(
    uow: UowDep, company_id: CompanyDep, order_id: Id | None = None
) -> list[MovementPublic]:
    return [MovementPublic.of(r) for r in purchasing.list_receipts(uow, company_id, order_id)]


@router.get("/purchase-settings")
def read_purchase_settings(uow: UowDep, company_id: CompanyDep) -> PurchaseSettingsPublic:
    return PurchaseSettingsPublic.model_validate(purchase_settings.get_settings(uow, company_id))


@router.patch("/purchase-settings")
def update_purchase_settings(
    body: PurchaseSettingsIn, uow: UowDep, company_id: CompanyDep
) -> PurchaseSettingsPublic:
    updated = purchase_settings.update_settings(uow, company_id, body.command())
    return PurchaseSettingsPublic.model_validate(updated)
