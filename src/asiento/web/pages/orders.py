"""/orders: purchase and sales orders with their billing status; the new order form; details.

The list has one tab per side (``?kind=purchase|sale``) and a state filter;
the detail shows per line the ordered, received (delivered) and billed
quantities, the documents created from the order (vendor bills with their
Should Be Paid verdict) and the actions the state and the role allow. The
actions themselves are in ``order_actions``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.access import Permission
from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.services.orders import order_documents as docs
from asiento.services.orders import should_be_paid
from asiento.services.orders.orders import OrderInput, OrderView
from asiento.services.orders.purchase_settings import get_settings
from asiento.services.search.chosen import chosen_labels
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of
from asiento.web.i18n import gettext
from asiento.web.pages.order_forms import (
    SIDES,
    LineRow,
    Side,
    line_rows,
    order_lines,
    plain_quantity,
    quantity_text,
    side_of,
)
from asiento.web.templating import render

router = APIRouter()
STATES = ("draft", "confirmed", "done", "cancelled")
BLANK_ROWS = 4


@router.get("/orders")
def order_list(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    kind: str = "purchase",
    state: str = "",
    cursor: str | None = None,
    q: str = "",
) -> Response:
    side = side_of(kind)
    q = q.strip()
    result = side.listing(uow, principal.company_id, state or None, None, cursor, 50, q or None)
    names = docs.partner_names(uow, principal.company_id, (o.partner_id for o in result.orders))
    return render(
        request,
        "orders/list.html",
        side=side,
        sides=SIDES,
        orders=result.orders,
        next_cursor=result.next_cursor,
        names=names,
        state=state,
        states=STATES,
        q=q,
        next_url=_next_url(side.kind, state, q, result.next_cursor),
    )


def _next_url(kind: str, state: str, q: str, cursor: str | None) -> str:
    """The next page with the same tab, state and search."""
    if not cursor:
        return ""
    params = [("kind", kind), ("state", state), ("q", q), ("cursor", cursor)]
    return "/orders?" + urlencode([(k, v) for k, v in params if v])


def _form(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    side: Side,
    values: dict[str, str],
    rows: list[LineRow],
    error: str = "",
    status_code: int = 200,
) -> Response:
    rows = rows + [LineRow() for _ in range(max(0, BLANK_ROWS - len(rows)))]
    partner_labels, product_labels = chosen_labels(
        uow, company_id, [values["partner_id"]], [r.product_id for r in rows]
    )
    return render(
        request,
        "orders/form.html",
        status_code=status_code,
        side=side,
        partner_label=partner_labels.get(values["partner_id"], ""),
        product_labels=product_labels,
        values=values,
        rows=rows,
        error=error,
        wait_default=get_settings(uow, company_id).wait_for_payment,
    )


@router.get("/orders/new")
def new_order(
    request: Request, uow: UowDep, principal: PagePrincipal, kind: str = "purchase"
) -> Response:
    """The blank form; a role that may not create orders gets the 403 page."""
    principal.require(Permission.ORDER_WRITE)
    side = side_of(kind)
    values = {"order_date": dt.date.today().isoformat(), "partner_id": "", "ref": ""}
    return _form(request, uow, principal.company_id, side, values, [])


@router.get("/orders/new/line")
def new_line(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    """One more blank line row (HTMX "Add line"), its picker's ids unique on the page."""
    return render(
        request, "orders/line_row.html", row=LineRow(), product_labels={},
        row_uid=secrets.token_hex(4),
    )  # fmt: skip


@router.post("/orders/new", dependencies=[Csrf])
def create_order(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    kind: Annotated[str, Form()],
    partner_id: Annotated[str, Form()] = "",
    order_date: Annotated[str, Form()] = "",
    ref: Annotated[str, Form()] = "",
    wait_for_payment: Annotated[str, Form()] = "",
    product_id: Annotated[list[str] | None, Form()] = None,
    quantity: Annotated[list[str] | None, Form()] = None,
    price_unit: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Create a draft order; on a refusal the form comes back with what was typed."""
    side = side_of(kind)
    rows = line_rows(product_id or [], quantity or [], price_unit or [])
    values = {"partner_id": partner_id, "order_date": order_date, "ref": ref}
    values["wait_for_payment"] = wait_for_payment
    try:
        if not partner_id.isdigit():
            raise _missing_partner(side)
        cmd = OrderInput(
            int(partner_id),
            date_of(order_date, "order_date"),
            order_lines(rows),
            ref.strip(),
            wait_for_payment=(wait_for_payment == "on") if side.kind == "sale" else None,
        )
        view = side.create(uow, principal.company_id, cmd)
    except AsientoError as exc:
        return _form(
            request, uow, principal.company_id, side, values, rows, exc.message, exc.status
        )
    return session.flashed(
        f"/orders/{side.kind}/{view.id}", gettext("Order %(name)s created.") % {"name": view.name}
    )


def _missing_partner(side: Side) -> AsientoError:
    return InvalidInput(f"partner_id: choose a {gettext(side.partner_label)}", field="partner_id")


def _remaining(view: OrderView) -> dict[int, str]:
    """Quantity still to receive (deliver) per line: the default of the movement form."""
    zero = Decimal(0)
    return {line.id: plain_quantity(max(line.quantity - line.moved, zero)) for line in view.lines}


@router.get("/orders/{kind}/{order_id}")
def order_detail(
    request: Request, uow: UowDep, principal: PagePrincipal, kind: str, order_id: int
) -> Response:
    side = side_of(kind)
    company_id = principal.company_id
    view = side.get(uow, company_id, order_id)
    documents = docs.order_documents(uow, company_id, view.invoice_ids)
    history = {
        d.id: should_be_paid.should_be_paid_history(uow, company_id, d.id)
        for d in documents
        if d.kind == "vendor_bill"
    }
    return render(
        request,
        "orders/detail.html",
        side=side,
        order=view,
        partner=docs.partner_names(uow, company_id, [view.partner_id]).get(view.partner_id, ""),
        codes=docs.product_codes(uow, company_id, (line.product_id for line in view.lines)),
        documents=documents,
        history=history,
        movements=side.movements(uow, company_id, order_id),
        remaining=_remaining(view),
        today=dt.date.today().isoformat(),
        qty=quantity_text,
        sequences={line.id: line.sequence for line in view.lines},
    )
