"""``asiento payment``: register payments from invoices, record and list payments."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import parse_day
from asiento.cli.render import FormatOption, OutputFormat, note, render_rows
from asiento.domain.errors import InvalidInput
from asiento.services.ledger.document_links import find_links
from asiento.services.payments import payment_docs as payments
from asiento.services.payments.payment_docs import PaymentInput, PaymentView
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment

app = typer.Typer(help="Payments.", no_args_is_help=True)
COLUMNS = ("id", "type", "state", "date", "partner_id", "amount", "currency", "communication")


def _amount(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise InvalidInput(f"amount {value!r} is not a decimal number", field="amount") from None


def _row(p: PaymentView) -> dict[str, Any]:
    return {
        "id": p.id,
        "type": p.payment_type,
        "state": p.state,
        "date": p.date,
        "partner_id": p.partner_id,
        "amount": p.amount,
        "currency": p.currency,
        "communication": p.communication,
    }


@app.command("register")
def register_cmd(
    ctx: typer.Context,
    invoice: Annotated[list[int], typer.Option("--invoice", help="Invoice id (repeatable).")],
    date: Annotated[str, typer.Option(help="Payment date YYYY-MM-DD.")],
    amount: Annotated[str | None, typer.Option(help="Amount; default the open amount.")] = None,
    journal: Annotated[str, typer.Option(help="Bank or cash journal code.")] = "BNK1",
    separate: Annotated[bool, typer.Option(help="One payment per invoice.")] = False,
    writeoff_account: Annotated[int | None, typer.Option(help="Write-off account id.")] = None,
    writeoff_label: str = "Write-off",
    write_off: Annotated[
        bool, typer.Option("--write-off", help="Write the rest off to the default account.")
    ] = False,
    communication: str = "",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Pay one or more invoices of a partner (full, partial, grouped or one each)."""
    uow, cid = scope(ctx)
    cmd = RegisterPaymentInput(
        date=parse_day(date, "date"),  # type: ignore[arg-type]
        amount=_amount(amount),
        journal=journal,
        group=not separate,
        writeoff_account_id=writeoff_account,
        writeoff_label=writeoff_label,
        write_off_difference=write_off,
        communication=communication,
    )
    result = register_payment(uow, cid, invoice, cmd)
    render_rows(COLUMNS, [_row(p) for p in result.payments], fmt)
    named = find_links(uow, cid, [("invoice", i) for i in result.payment_states])
    for inv, state in result.payment_states.items():
        link = named.get(("invoice", inv))
        note(f"invoice {link.label if link else inv}: {state}")


@app.command("create")
def create_cmd(
    ctx: typer.Context,
    partner: Annotated[int, typer.Option(help="Partner id.")],
    amount: Annotated[str, typer.Option(help="Amount.")],
    date: Annotated[str, typer.Option(help="Payment date YYYY-MM-DD.")],
    outbound: Annotated[bool, typer.Option(help="We pay (default: we receive).")] = False,
    journal: str = "BNK1",
    communication: str = "",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Record and post a payment without an invoice (an open credit until matched)."""
    uow, cid = scope(ctx)
    cmd = PaymentInput(
        "outbound" if outbound else "inbound",
        partner,
        _amount(amount) or Decimal(0),
        parse_day(date, "date"),  # type: ignore[arg-type]
        journal,
        communication=communication,
    )
    render_rows(COLUMNS, [_row(payments.create_payment(uow, cid, cmd, post=True))], fmt)


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    partner: Annotated[int | None, typer.Option(help="Partner id.")] = None,
    state: str | None = None,
    limit: int = 100,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Payments, newest first."""
    uow, cid = scope(ctx)
    rows, _ = payments.list_payments(uow, cid, partner_id=partner, state=state, limit=limit)
    render_rows(COLUMNS, [_row(p) for p in rows], fmt)


@app.command("cancel")
def cancel_cmd(ctx: typer.Context, payment_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    """Unreconcile a payment and reverse its entry."""
    uow, cid = scope(ctx)
    render_rows(COLUMNS, [_row(payments.cancel_payment(uow, cid, payment_id))], fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="payment")
