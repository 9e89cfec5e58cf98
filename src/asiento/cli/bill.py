"""``asiento bill``: vendor bills to pay, their Should Be Paid verdict, and received e-invoices.

``asiento bill import FILE…`` turns each received e-invoice (UBL, CII/XRechnung XML,
Factur-X/ZUGFeRD PDF) into a draft bill, one line per file; ``asiento bill original ID -o F``
writes back the file a bill was imported from.
"""

from __future__ import annotations

import getpass
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.services.invoicing.bill_import_views import original_file
from asiento.services.invoicing.bill_imports import ImportOutcome, ReceivedFile, import_bills
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


@app.command("import")
def import_files(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(exists=True, dir_okay=False, help="UBL/CII XML or Factur-X/ZUGFeRD PDF"),
    ],
    create_supplier: Annotated[
        bool, typer.Option("--create-supplier", help="create an unknown seller as a supplier")
    ] = False,
) -> None:
    """Import received e-invoices as draft vendor bills; exit 1 when any file is refused."""
    uow, company = scope(ctx)
    received = [ReceivedFile(path.name, path.read_bytes()) for path in files]
    outcomes = import_bills(uow, company, received, create_supplier=create_supplier)
    for outcome in outcomes:
        print_outcome(outcome)
    if not all(o.created for o in outcomes):
        raise typer.Exit(1)


def print_outcome(outcome: ImportOutcome) -> None:
    """One line per file, then its differences and warnings indented (refusals on stderr)."""
    if outcome.refusal is not None:
        message = str(outcome.refusal["message"])
        if not message.startswith(f"{outcome.file_name}: "):
            message = f"{outcome.file_name}: {message}"
        typer.echo(f"refused: {message}", err=True)
        return
    kind = "vendor credit note" if outcome.kind == "vendor_credit_note" else "bill"
    typer.echo(
        f"{outcome.file_name}: draft {kind} {outcome.bill_id} ({outcome.document_number}, "
        f"{outcome.partner_name}), {len(outcome.differences)} difference(s)"
    )
    for d in outcome.differences:
        typer.echo(f"  difference {d['message']}")
    for w in outcome.warnings:
        typer.echo(f"  warning {w['term']}: {w['message']}")


@app.command("original")
def write_original(
    ctx: typer.Context,
    bill_id: int,
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the file")],
) -> None:
    """Write the e-invoice file a bill was imported from, byte for byte."""
    uow, company = scope(ctx)
    found = original_file(uow, company, bill_id)
    output.write_bytes(found.content)
    typer.echo(f"{output}: {found.name} ({found.media_type}, {len(found.content)} bytes)")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bill")
