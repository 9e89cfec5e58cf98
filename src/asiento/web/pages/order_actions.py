"""The order actions: confirm, receive / deliver, create the bill / invoice, done, cancel,
and Should Be Paid set by hand on a bill of a purchase order.

Each is a plain form POST answered by a 303 back to the order with a flash
message. A refusal of the rules (nothing left to bill, over-receipt, wrong
state) is flashed as an error; a role that may not act gets the 403 page
and an order of another company the 404 page, as anywhere else.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from asiento.domain.errors import AsientoError, Forbidden, NotFound
from asiento.http.deps import UowDep
from asiento.services.orders import should_be_paid
from asiento.services.orders.orders import MovementInput
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of
from asiento.web.i18n import gettext
from asiento.web.pages.order_forms import movement_lines, side_of

router = APIRouter()


def _back(kind: str, order_id: int, message: str, kind_of_message: str = "ok") -> Response:
    return session.flashed(f"/orders/{kind}/{order_id}", message, kind_of_message)


def _refused(kind: str, order_id: int, exc: AsientoError) -> Response:
    """A rule's refusal as a flash; a role or scope refusal goes on to the error page."""
    if isinstance(exc, Forbidden) or (isinstance(exc, NotFound) and exc.field is None):
        raise exc
    return _back(kind, order_id, exc.message, "error")


@router.post("/orders/{kind}/{order_id}/confirm", dependencies=[Csrf])
def confirm(kind: str, order_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    side = side_of(kind)
    try:
        view = side.confirm(uow, principal.company_id, order_id)
    except AsientoError as exc:
        return _refused(kind, order_id, exc)
    return _back(kind, order_id, gettext("Order %(name)s confirmed.") % {"name": view.name})


@router.post("/orders/{kind}/{order_id}/cancel", dependencies=[Csrf])
def cancel(kind: str, order_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    side = side_of(kind)
    try:
        view = side.cancel(uow, principal.company_id, order_id)
    except AsientoError as exc:
        return _refused(kind, order_id, exc)
    return _back(kind, order_id, gettext("Order %(name)s cancelled.") % {"name": view.name})


@router.post("/orders/{kind}/{order_id}/done", dependencies=[Csrf])
def done(kind: str, order_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    side = side_of(kind)
    try:
        view = side.done(uow, principal.company_id, order_id)
    except AsientoError as exc:
        return _refused(kind, order_id, exc)
    return _back(kind, order_id, gettext("Order %(name)s is done.") % {"name": view.name})


@router.post("/orders/{kind}/{order_id}/move", dependencies=[Csrf])
def move(
    kind: str,
    order_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    date: Annotated[str, Form()] = "",
    movement: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    line_id: Annotated[list[int] | None, Form()] = None,
    quantity: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Goods received (delivered), or sent back with ``movement=return``."""
    side = side_of(kind)
    try:
        day = date_of(date, "date") if date else dt.date.today()
        lines = movement_lines(line_id or [], quantity or [])
        cmd = MovementInput(day, lines, movement or side.forward, note.strip())
        side.move(uow, principal.company_id, order_id, cmd)
    except AsientoError as exc:
        return _refused(kind, order_id, exc)
    message = gettext("Returned.") if movement == "return" else gettext(side.moved_label) + "."
    return _back(kind, order_id, message)


@router.post("/orders/{kind}/{order_id}/document", dependencies=[Csrf])
def make_document(
    kind: str,
    order_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    invoice_date: Annotated[str, Form()] = "",
) -> Response:
    """The draft bill (invoice) of what is left to bill on the order."""
    side = side_of(kind)
    try:
        day = date_of(invoice_date, "invoice_date") if invoice_date else None
        side.make_document(uow, principal.company_id, order_id, day)
    except AsientoError as exc:
        return _refused(kind, order_id, exc)
    if kind == "purchase":
        return _back(kind, order_id, gettext("Draft bill created."))
    return _back(kind, order_id, gettext("Draft invoice created."))


@router.post("/orders/purchase/{order_id}/should-be-paid", dependencies=[Csrf])
def set_should_be_paid(
    order_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    bill_id: Annotated[int, Form()],
    value: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """An accountant's verdict on a bill of this order, recorded with who and when."""
    try:
        should_be_paid.set_should_be_paid(
            uow, principal.company_id, bill_id, value, reason, principal.name
        )
    except AsientoError as exc:
        return _refused("purchase", order_id, exc)
    return _back("purchase", order_id, gettext("Should Be Paid updated."))
