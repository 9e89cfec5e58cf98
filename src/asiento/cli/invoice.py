"""``asiento invoice``: customer invoices, credit notes and vendor bills.

``invoice_app`` is module-level so that other modules (documents: pdf, send,
batch) add their commands to the same group.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import parse_day
from asiento.cli.invoice_input import LINE_SYNTAX, invoice_body
from asiento.cli.render import FormatOption, OutputFormat, console, plain, render_rows
from asiento.domain.errors import InvalidInput
from asiento.services.invoicing import credit_notes, invoice_refs, invoices
from asiento.services.invoicing.invoice_inputs import (
    CreditLineInput,
    CreditNoteInput,
    InvoiceFilter,
)
from asiento.services.invoicing.invoice_views import InvoiceView

invoice_app = typer.Typer(help="Invoices, credit notes and vendor bills.", no_args_is_help=True)

LIST_COLUMNS = ("id", "number", "type", "partner", "date", "due", "state", "payment", "total")
LINE_COLUMNS = ("#", "description", "quantity", "price", "disc %", "taxes", "subtotal")
HEADER_FIELDS = (
    "id",
    "number",
    "kind",
    "state",
    "payment_state",
    "partner_name",
    "invoice_address",
    "invoice_date",
    "due_date",
    "currency",
    "ref",
    "origin_invoice_id",
)
IdArg = typer.Argument(..., metavar="ID")


def show_invoice(view: InvoiceView, fmt: OutputFormat) -> None:
    """Header, lines, taxes, totals and installments; the whole view as JSON."""
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(plain(view), indent=2))
        return
    if fmt is OutputFormat.csv:
        render_rows(LIST_COLUMNS, [_list_row(view)], fmt)
        return
    data = plain(view)
    width = max(len(f) for f in HEADER_FIELDS)
    for f in HEADER_FIELDS:
        if data.get(f) not in (None, ""):
            typer.echo(f"{f.ljust(width)}  {data[f]}")
    render_rows(LINE_COLUMNS, _line_rows(view), fmt)
    totals = [{"": t.name, "base": t.base, "amount": t.amount} for t in view.taxes]
    totals += [
        {"": "Untaxed", "amount": view.amount_untaxed},
        {"": "Tax", "amount": view.amount_tax},
        {"": f"Total {view.currency}", "amount": view.amount_total},
    ]
    render_rows(("", "base", "amount"), totals, fmt)
    if view.installments:
        rows = [plain(i) | {"amount": i.amount, "residual": i.residual} for i in view.installments]
        render_rows(("due_date", "amount", "residual", "discount_date"), rows, fmt)


def _line_rows(view: InvoiceView) -> list[dict[str, Any]]:
    names = {t.tax_id: t.name for t in view.taxes}
    return [
        {
            "#": n,
            "description": line.description,
            "quantity": line.quantity,
            "price": line.price_unit,
            "disc %": line.discount or None,
            "taxes": ", ".join(names.get(t, str(t)) for t in line.tax_ids),
            "subtotal": line.price_subtotal,
        }
        for n, line in enumerate(view.lines, 1)
    ]


def _list_row(view: Any) -> dict[str, Any]:
    return {
        "id": view.id,
        "number": view.number,
        "type": view.kind,
        "partner": view.partner_name,
        "date": view.invoice_date,
        "due": view.due_date,
        "state": view.state,
        "payment": view.payment_state,
        "total": view.amount_total,
    }


@invoice_app.command("create")
def create(
    ctx: typer.Context,
    partner: str | None = typer.Option(None, help="Partner id or name."),
    kind: str | None = typer.Option(
        None,
        "--type",
        help="customer_invoice (default), customer_credit_note, vendor_bill, vendor_credit_note.",
    ),
    day: str | None = typer.Option(None, "--date", help="Invoice date, YYYY-MM-DD."),
    currency: str | None = typer.Option(None, help="Currency code; default the company's."),
    ref: str | None = typer.Option(None, help="Reference (customer PO, vendor bill number)."),
    line: list[str] = typer.Option([], "--line", "-l", help=f"Repeatable: {LINE_SYNTAX}."),
    file: Path | None = typer.Option(None, "--file", help="Invoice as JSON or YAML."),
    post: bool = typer.Option(False, "--post", help="Post at once."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a draft invoice (posted at once with --post)."""
    who: int | str | None = int(partner) if partner and partner.isdigit() else partner
    header = {"partner": who, "kind": kind, "invoice_date": day, "currency": currency}
    body = invoice_body(file, line, header | {"ref": ref})
    uow, cid = scope(ctx)
    ids = invoice_refs.resolve(uow, cid, body.kind, body.partner, body.journal, body.refs())
    view = invoices.create_invoice(uow, cid, body.command(ids))
    if post:
        view = invoices.post_invoice(uow, cid, view.id)
    show_invoice(view, fmt)


@invoice_app.command("post")
def post_(
    ctx: typer.Context,
    invoice_id: int | None = typer.Argument(None, metavar="ID"),
    all_drafts: bool = typer.Option(False, "--all-drafts", help="Post every draft, one by one."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Post a draft or pro-forma: number and journal entry (or every draft: --all-drafts)."""
    if all_drafts:
        from asiento.cli.invoice_documents import run_batch_command
        from asiento.services.invoicing.invoice_batch import BatchSelection

        return run_batch_command(ctx, "post", BatchSelection.all_drafts())
    if invoice_id is None:
        raise typer.BadParameter("give an invoice ID or --all-drafts", param_hint="ID")
    uow, cid = scope(ctx)
    show_invoice(invoices.post_invoice(uow, cid, invoice_id), fmt)


@invoice_app.command("show")
def show(
    ctx: typer.Context, invoice_id: int = IdArg, fmt: FormatOption = OutputFormat.table
) -> None:
    """One invoice with its lines, taxes, totals and installments."""
    uow, cid = scope(ctx)
    show_invoice(invoices.get_invoice(uow, cid, invoice_id), fmt)


@invoice_app.command("proforma")
def proforma(
    ctx: typer.Context, invoice_id: int = IdArg, fmt: FormatOption = OutputFormat.table
) -> None:
    """Freeze a draft as a pro-forma (no number, no entry)."""
    uow, cid = scope(ctx)
    show_invoice(invoices.proforma_invoice(uow, cid, invoice_id), fmt)


@invoice_app.command("reset")
def reset(
    ctx: typer.Context, invoice_id: int = IdArg, fmt: FormatOption = OutputFormat.table
) -> None:
    """A pro-forma back to draft."""
    uow, cid = scope(ctx)
    show_invoice(invoices.reset_to_draft(uow, cid, invoice_id), fmt)


@invoice_app.command("delete")
def delete(ctx: typer.Context, invoice_id: int = IdArg) -> None:
    """Delete a draft or pro-forma (a posted invoice is cancelled instead)."""
    uow, cid = scope(ctx)
    invoices.delete_invoice(uow, cid, invoice_id)
    typer.echo(f"deleted invoice {invoice_id}")


@invoice_app.command("cancel")
def cancel(
    ctx: typer.Context,
    invoice_id: int = IdArg,
    day: str | None = typer.Option(None, "--date", help="Reversal date; default the invoice's."),
    reason: str = typer.Option("", help="Why."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cancel a posted invoice: its entry is reversed."""
    when = parse_day(day, "date")
    uow, cid = scope(ctx)
    show_invoice(invoices.cancel_invoice(uow, cid, invoice_id, when, reason), fmt)


@invoice_app.command("credit-note")
def credit_note(
    ctx: typer.Context,
    invoice_id: int = IdArg,
    line: list[str] = typer.Option(
        [], "--line", "-l", help="Repeatable LINE_ID[:QTY]; none: credit everything left."
    ),
    reason: str = typer.Option("", help="Why (kept as narration)."),
    day: str | None = typer.Option(None, "--date", help="Credit note date."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """A draft credit note of a posted invoice, full or partial."""
    lines = tuple(_credit_line(raw) for raw in line)
    cmd = CreditNoteInput(lines, reason, parse_day(day, "date"))
    uow, cid = scope(ctx)
    show_invoice(credit_notes.create_credit_note(uow, cid, invoice_id, cmd), fmt)


def _credit_line(raw: str) -> CreditLineInput:
    line_id, _, qty = raw.partition(":")
    try:
        return CreditLineInput(int(line_id), Decimal(qty) if qty else None)
    except (ValueError, InvalidOperation):
        raise InvalidInput(f"--line {raw!r}: expected LINE_ID[:QTY]", field="lines") from None


@invoice_app.command("list")
def list_(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, "--type", help="customer_invoice, vendor_bill, ..."),
    state: str | None = typer.Option(None, help="draft, proforma, posted, cancelled."),
    payment_state: str | None = typer.Option(None, "--payment", help="not_paid, paid, ..."),
    partner: int | None = typer.Option(None, help="Partner id."),
    date_from: str | None = typer.Option(None, "--from", help="From date, YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="To date, YYYY-MM-DD."),
    overdue: bool = typer.Option(False, "--overdue", help="Only posted, due and unpaid."),
    limit: int = typer.Option(50, help="Page size (1-1000)."),
    cursor: str | None = typer.Option(None, help="Cursor from the previous page."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Invoices, newest first, filtered (--state draft: drafts awaiting approval)."""
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    f = InvoiceFilter(kind, state, payment_state, partner, start, end, overdue)
    uow, cid = scope(ctx)
    page = invoices.list_invoices(uow, cid, f, cursor=cursor, limit=limit)
    render_rows(LIST_COLUMNS, [_list_row(v) for v in page.invoices], fmt, title="Invoices")
    if page.next_cursor and fmt is OutputFormat.table:
        console().print(f"more invoices: --cursor {page.next_cursor}", highlight=False)


def register(root: typer.Typer) -> None:
    root.add_typer(invoice_app, name="invoice")
