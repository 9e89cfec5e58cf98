"""``asiento po``: purchase orders (create, confirm, receive, bill, list, show)."""

from __future__ import annotations

from typing import Annotated

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import parse_day
from asiento.cli.order_render import (
    LINE_HELP,
    LIST_COLUMNS,
    parse_lines,
    parse_moves,
    show_order,
    summary,
    today_or,
)
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.services.orders import purchasing
from asiento.services.orders.orders import MovementInput, OrderInput
from asiento.services.orders.purchase_bills import create_bill
from asiento.services.reference.lookups import partner_id_of

app = typer.Typer(help="Purchase orders, receipts and bills from orders.", no_args_is_help=True)
Lines = Annotated[list[str], typer.Option("--line", "-l", help=LINE_HELP)]


@app.command("create")
def create(
    ctx: typer.Context,
    partner: Annotated[str, typer.Option(help="supplier id or exact name")],
    line: Lines,
    date: Annotated[str | None, typer.Option(help="order date YYYY-MM-DD (today)")] = None,
    confirm: Annotated[bool, typer.Option(help="confirm at once")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a draft purchase order (``--confirm`` confirms it)."""
    uow, company = scope(ctx)
    cmd = OrderInput(
        partner_id_of(uow, company, partner),
        today_or(parse_day(date, "date")),
        parse_lines(uow, company, line),
    )
    view = purchasing.create_purchase_order(uow, company, cmd)
    if confirm:
        view = purchasing.confirm_purchase_order(uow, company, view.id)
    show_order(view, fmt)


@app.command("confirm")
def confirm(ctx: typer.Context, order_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company = scope(ctx)
    show_order(purchasing.confirm_purchase_order(uow, company, order_id), fmt)


@app.command("cancel")
def cancel(ctx: typer.Context, order_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company = scope(ctx)
    show_order(purchasing.cancel_purchase_order(uow, company, order_id), fmt)


@app.command("receive")
def receive(
    ctx: typer.Context,
    order_id: int,
    line: Annotated[list[str], typer.Option("--line", "-l", help="LINE:QTY (line number)")],
    date: Annotated[str | None, typer.Option(help="receipt date (today)")] = None,
    return_: Annotated[bool, typer.Option("--return", help="send goods back")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Record goods received on a confirmed order (``--return`` to send some back)."""
    uow, company = scope(ctx)
    view = purchasing.get_purchase_order(uow, company, order_id)
    kind = "return" if return_ else "receipt"
    cmd = MovementInput(today_or(parse_day(date, "date")), parse_moves(view, line), kind)
    purchasing.receive(uow, company, order_id, cmd)
    show_order(purchasing.get_purchase_order(uow, company, order_id), fmt)


@app.command("bill")
def bill(
    ctx: typer.Context,
    order_id: int,
    date: Annotated[str | None, typer.Option(help="bill date YYYY-MM-DD")] = None,
) -> None:
    """Create the draft vendor bill of what is left to bill under the bill control policy."""
    uow, company = scope(ctx)
    view = create_bill(uow, company, order_id, parse_day(date, "date"))
    typer.echo(
        f"draft bill {view.id} for {view.amount_total} {view.currency} "
        f"({len(view.lines)} lines) from purchase order {order_id}"
    )


@app.command("show")
def show(ctx: typer.Context, order_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company = scope(ctx)
    show_order(purchasing.get_purchase_order(uow, company, order_id), fmt)


@app.command("list")
def list_orders(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help="draft, confirmed, done, cancelled")] = None,
    limit: int = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    uow, company = scope(ctx)
    result = purchasing.list_purchase_orders(uow, company, state=state, limit=limit)
    render_rows(LIST_COLUMNS, [summary(v) for v in result.orders], fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="po")
