"""Shared by the order pages: the two sides (purchase, sale) and the order forms' rows.

A side names the use cases of ``services.purchasing`` or ``services.sales``
the pages call, exactly as the API routers call them; the page code is one
for both sides. Form parsing only turns text into the services' input
dataclasses: every rule is checked by the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from asiento.domain.errors import InvalidInput, NotFound
from asiento.services.orders import purchasing, sales
from asiento.services.orders.order_cases import OrderPage
from asiento.services.orders.orders import MovementInput, MovementView, OrderLineInput, OrderView
from asiento.services.orders.purchase_bills import create_bill
from asiento.store.uow import UnitOfWork
from asiento.web.form_values import decimal_of
from asiento.web.i18n import format_amount


def _(message: str) -> str:
    return message


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the business as the pages see it."""

    kind: str  # URL segment: "purchase" / "sale"
    title: str
    partner_label: str
    moved_label: str  # column of received / delivered quantities
    move_label: str  # the action: receive / deliver
    forward: str  # movement kind: receipt / delivery
    document_label: str  # create bill / create invoice
    document_path: str  # where the created documents live: /bills / /invoices
    create: Callable[..., OrderView]
    get: Callable[[UnitOfWork, int, int], OrderView]
    listing: Callable[..., OrderPage]
    confirm: Callable[..., OrderView]
    cancel: Callable[[UnitOfWork, int, int], OrderView]
    done: Callable[[UnitOfWork, int, int], OrderView]
    move: Callable[[UnitOfWork, int, int, MovementInput], MovementView]
    movements: Callable[[UnitOfWork, int, int | None], list[MovementView]]
    make_document: Callable[..., Any]


SIDES: Final = {
    "purchase": Side(
        kind="purchase",
        title=_("Purchase orders"),
        partner_label=_("Vendor"),
        moved_label=_("Received"),
        move_label=_("Receive"),
        forward="receipt",
        document_label=_("Create bill"),
        document_path="/bills",
        create=purchasing.create_purchase_order,
        get=purchasing.get_purchase_order,
        listing=purchasing.list_purchase_orders,
        confirm=purchasing.confirm_purchase_order,
        cancel=purchasing.cancel_purchase_order,
        done=purchasing.mark_purchase_order_done,
        move=purchasing.receive,
        movements=purchasing.list_receipts,
        make_document=create_bill,
    ),
    "sale": Side(
        kind="sale",
        title=_("Sales orders"),
        partner_label=_("Customer"),
        moved_label=_("Delivered"),
        move_label=_("Deliver"),
        forward="delivery",
        document_label=_("Create invoice"),
        document_path="/invoices",
        create=sales.create_sales_order,
        get=sales.get_sales_order,
        listing=sales.list_sales_orders,
        confirm=sales.confirm_sales_order,
        cancel=sales.cancel_sales_order,
        done=sales.mark_sales_order_done,
        move=sales.deliver,
        movements=sales.list_deliveries,
        make_document=sales.create_invoice,
    ),
}


def side_of(kind: str) -> Side:
    """The side named in a URL; anything else is a page that does not exist."""
    side = SIDES.get(kind)
    if side is None:
        raise NotFound("order kind", kind)
    return side


@dataclass(frozen=True, slots=True)
class LineRow:
    """One row of the order form as typed, kept to show the form again on an error."""

    product_id: str = ""
    quantity: str = ""
    price_unit: str = ""


def line_rows(products: list[str], quantities: list[str], prices: list[str]) -> list[LineRow]:
    count = max(len(products), len(quantities), len(prices))

    def at(values: list[str], n: int) -> str:
        return values[n].strip() if n < len(values) else ""

    return [LineRow(at(products, n), at(quantities, n), at(prices, n)) for n in range(count)]


def order_lines(rows: list[LineRow]) -> tuple[OrderLineInput, ...]:
    """The filled rows as order lines (a row without a product is left out)."""
    out: list[OrderLineInput] = []
    for row in rows:
        if not row.product_id:
            continue
        where = f"lines[{len(out)}]"
        if not row.product_id.isdigit():
            raise InvalidInput(f"{where}.product_id: choose a product", field=f"{where}.product_id")
        quantity = decimal_of(row.quantity or "1", f"{where}.quantity")
        price = decimal_of(row.price_unit, f"{where}.price_unit") if row.price_unit else None
        out.append(OrderLineInput(int(row.product_id), quantity, price))
    return tuple(out)


def movement_lines(line_ids: list[int], quantities: list[str]) -> tuple[tuple[int, Decimal], ...]:
    """(order line id, quantity) of every row with a quantity other than zero."""
    out: list[tuple[int, Decimal]] = []
    for n, (line_id, text) in enumerate(zip(line_ids, quantities, strict=False)):
        if not text.strip():
            continue
        quantity = decimal_of(text, f"lines[{n}].quantity")
        if quantity != 0:
            out.append((line_id, quantity))
    if not out:
        raise InvalidInput("enter a quantity on at least one line", field="lines")
    return tuple(out)


def quantity_text(value: Decimal) -> str:
    """A quantity in the reader's notation with the decimals it has: 10, 2.5, 0.125."""
    exponent = value.normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_amount(value, digits)


def plain_quantity(value: Decimal) -> str:
    """A quantity as a number input's value: ``10``, ``2.5`` (never ``1E+1``)."""
    return format(value.normalize(), "f")
