"""Shared pieces of ``asiento po`` and ``asiento so``: line syntax and order rendering."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import typer

from asiento.cli.render import OutputFormat, plain, render_rows
from asiento.domain.errors import InvalidInput
from asiento.services.orders.orders import OrderLineInput, OrderView
from asiento.services.reference.lookups import product_id_of
from asiento.store.uow import UnitOfWork

LINE_HELP = "PRODUCT:QTY[:PRICE] (product code or id), repeatable"
LIST_COLUMNS = ("id", "name", "state", "partner_id", "order_date", "amount", "billing_status")
LINE_COLUMNS = ("line", "product", "description", "ordered", "moved", "billed", "to_bill", "status")


def decimal_of(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{field}: {text!r} is not a decimal number", field=field) from None
    if not value.is_finite():
        raise InvalidInput(f"{field}: {text!r} is not a decimal number", field=field)
    return value


def parse_lines(
    uow: UnitOfWork, company_id: int, specs: Sequence[str]
) -> tuple[OrderLineInput, ...]:
    out = []
    for n, spec in enumerate(specs):
        parts = spec.split(":")
        if len(parts) not in (2, 3):
            raise InvalidInput(f"--line {spec!r}: expected {LINE_HELP}", field=f"lines[{n}]")
        price = decimal_of(parts[2], f"lines[{n}].price_unit") if len(parts) == 3 else None
        out.append(
            OrderLineInput(
                product_id_of(uow, company_id, parts[0]),
                decimal_of(parts[1], f"lines[{n}].quantity"),
                price,
            )
        )
    return tuple(out)


def parse_moves(view: OrderView, specs: Sequence[str]) -> tuple[tuple[int, Decimal], ...]:
    """``LINE:QTY`` where LINE is the line number on the order (1, 2, ...)."""
    by_number = {line.sequence: line.id for line in view.lines}
    out = []
    for n, spec in enumerate(specs):
        number, _, qty = spec.partition(":")
        if not number.isdigit() or int(number) not in by_number or not qty:
            raise InvalidInput(
                f"--line {spec!r}: expected LINE:QTY with LINE one of {sorted(by_number)}",
                field=f"lines[{n}]",
            )
        out.append((by_number[int(number)], decimal_of(qty, f"lines[{n}].quantity")))
    return tuple(out)


def summary(view: OrderView) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "state": view.state,
        "partner_id": view.partner_id,
        "order_date": view.order_date,
        "amount": view.amount_untaxed,
        "total": view.amount_total,
        "billing_status": view.billing_status_label,
    }


def show_order(view: OrderView, fmt: OutputFormat) -> None:
    """Header line and a table of lines with ordered, moved and billed quantities."""
    if fmt is OutputFormat.json:
        import json

        typer.echo(json.dumps(plain(view), indent=2))
        return
    if fmt is OutputFormat.table:
        typer.echo(
            f"{view.name}  {view.state}  {view.billing_status_label}  "
            f"untaxed {view.amount_untaxed} {view.currency}"
        )
    rows = [
        {
            "line": line.sequence,
            "product": line.product_id,
            "description": line.description,
            "ordered": line.quantity,
            "moved": line.moved,
            "billed": line.billed,
            "to_bill": line.to_bill,
            "status": line.billing_status,
        }
        for line in view.lines
    ]
    render_rows(LINE_COLUMNS, rows, fmt)


def today_or(value: date | None) -> date:
    return value or date.today()
