"""``asiento bill``: vendor bills to pay and their Should Be Paid verdict."""

from __future__ import annotations

import getpass
from dataclasses import asdict
from typing import Annotated

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.services.orders import should_be_paid

app = typer.Typer(help="Vendor bills: bills to pay, Should Be Paid.", no_args_is_help=True)
COLUMNS = (
    "id",
    "number",
    "state",
    "payment_state",
    "amount_total",
    "purchase_order_id",
    "should_be_paid",
    "should_be_paid_reason",
)


@app.command("list")
def list_bills(
    ctx: typer.Context,
    to_pay: Annotated[
        bool, typer.Option("--to-pay", help="posted, unpaid, Should Be Paid = yes")
    ] = False,
    limit: int = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    uow, company = scope(ctx)
    page = should_be_paid.list_bills(uow, company, to_pay=to_pay, limit=limit)
    render_rows(COLUMNS, [asdict(b) for b in page.bills], fmt)


@app.command("should-be-paid")
def set_should_be_paid(
    ctx: typer.Context,
    bill_id: int,
    value: Annotated[str, typer.Argument(help="yes, exception or no")],
    reason: Annotated[str, typer.Option(help="why (recorded with who and when)")],
    user: Annotated[str | None, typer.Option(help="who decides (the login name)")] = None,
) -> None:
    """Set a bill's Should Be Paid by hand."""
    uow, company = scope(ctx)
    who = user or getpass.getuser()
    view = should_be_paid.set_should_be_paid(uow, company, bill_id, value, reason, who)
    typer.echo(
        f"bill {view.number or view.id}: should be paid {view.should_be_paid} ({reason}, by {who})"
    )


@app.command("history")
def history(ctx: typer.Context, bill_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company = scope(ctx)
    rows = [asdict(c) for c in should_be_paid.should_be_paid_history(uow, company, bill_id)]
    cols = ("changed_at", "changed_by", "old_value", "new_value", "manual", "reason")
    render_rows(cols, rows, fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bill")
