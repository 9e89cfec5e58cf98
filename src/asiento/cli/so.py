"""``asiento so``: sales orders (create, confirm, deliver, invoice, list, show)."""

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
from asiento.services.orders import sales
from asiento.services.orders.orders import MovementInput, OrderInput
from asiento.services.reference.lookups import partner_id_of

app = typer.Typer(help="Sales orders, deliveries and invoices from orders.", no_args_is_help=True)


@app.command("create")
def create(
    ctx: typer.Context,
    partner: Annotated[str, typer.Option(help="customer id or exact name")],
    line: Annotated[list[str], typer.Option("--line", "-l", help=LINE_HELP)],
    date: Annotated[str | None, typer.Option(help="order date YYYY-MM-DD (today)")] = None,
    wait_for_payment: Annotated[
        bool | None,
        typer.Option("--wait-for-payment/--no-wait-for-payment", help="(company setting)"),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a draft sales order."""
    uow, company = scope(ctx)
    cmd = OrderInput(
        partner_id_of(uow, company, partner),
        today_or(parse_day(date, "date")),
        parse_lines(uow, company, line),
        wait_for_payment=wait_for_payment,
    )
    show_order(sales.create_sales_order(uow, company, cmd), fmt)


@app.command("confirm")
def confirm(ctx: typer.Context, order_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    """Confirm; an order waiting for payment gets its draft invoice now."""
    uow, company = scope(ctx)
    view = sales.confirm_sales_order(uow, company, order_id)
    show_order(view, fmt)
    if view.invoice_ids and fmt is OutputFormat.table:
        typer.echo(f"draft invoice {view.invoice_ids[-1]} created: delivery waits for its payment")


@app.command("deliver")
def deliver(
    ctx: typer.Context,
    order_id: int,
    line: Annotated[list[str], typer.Option("--line", "-l", help="LINE:QTY (line number)")],
    date: Annotated[str | None, typer.Option(help="delivery date (today)")] = None,
    return_: Annotated[bool, typer.Option("--return", help="goods sent back")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    uow, company = scope(ctx)
    view = sales.get_sales_order(uow, company, order_id)
    kind = "return" if return_ else "delivery"
    cmd = MovementInput(today_or(parse_day(date, "date")), parse_moves(view, line), kind)
    sales.deliver(uow, company, order_id, cmd)
    show_order(sales.get_sales_order(uow, company, order_id), fmt)


@app.command("invoice")
def invoice(
    ctx: typer.Context,
    order_id: int,
    date: Annotated[str | None, typer.Option(help="invoice date YYYY-MM-DD")] = None,
) -> None:
    """Create the draft invoice of what is left to invoice under the invoicing policy."""
    uow, company = scope(ctx)
    view = sales.create_invoice(uow, company, order_id, parse_day(date, "date"))
    typer.echo(
        f"draft invoice {view.id} for {view.amount_total} {view.currency} "
        f"({len(view.lines)} lines) from sales order {order_id}"
    )


@app.command("show")
def show(ctx: typer.Context, order_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company = scope(ctx)
    show_order(sales.get_sales_order(uow, company, order_id), fmt)


@app.command("list")
def list_orders(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help="draft, confirmed, done, cancelled")] = None,
    limit: int = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    uow, company = scope(ctx)
    result = sales.list_sales_orders(uow, company, state=state, limit=limit)
    render_rows(LIST_COLUMNS, [summary(v) for v in result.orders], fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="so")
