"""``asiento term``: payment terms (list, show, create, preview, delete).

Line syntax for ``term create --line`` (compact, shell-friendly)::

    KIND[:VALUE[:DUE]]

``KIND`` is ``percent``, ``fixed`` or ``balance``; ``VALUE`` the percent or
amount (empty for the balance); ``DUE`` comma-separated due-date parts:
``days=N``, ``months=N``, ``eom`` (end of month), ``day=N`` (day of month),
``pay=10/25`` (payment days). Nothing after ``KIND`` means "on the invoice
date". Example: ``--line percent:30 --line balance::months=1,eom``.
A term file (``--file term.json|yaml``) holds the API's ``name``, ``lines``
and ``discount``. TERM arguments are an id or an exact name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import load_file, parse_day
from asiento.cli.render import FormatOption, OutputFormat, render_object, render_rows
from asiento.domain.errors import InvalidInput
from asiento.domain.money import money
from asiento.services.reference import payment_terms
from asiento.services.reference.companies import get_company
from asiento.services.reference.payment_term_text import (
    describe_due,
    parse_discount,
    parse_term_line,
    summary,
)
from asiento.services.reference.payment_terms import TermView

app = typer.Typer(help="Payment terms and their schedules.", no_args_is_help=True)

LINE_SYNTAX = "KIND[:VALUE[:DUE]]"
LIST_COLUMNS = ("id", "name", "active", "schedule", "discount")
SHOW_FIELDS = ("id", "name", "active", "note", "discount")
LINE_COLUMNS = ("line", "kind", "value", "due")
PREVIEW_COLUMNS = ("line", "due_date", "amount", "discount_date", "discounted_amount")


def show_term(view: TermView, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        render_object(
            {"id": view.id, "note": view.note, "active": view.active} | view.definition,
            fmt,
            SHOW_FIELDS,
        )
        return
    head = summary(view) | {"note": view.note}
    render_object(head, fmt, SHOW_FIELDS)
    rows = [
        {"line": n, "kind": str(line.kind), "value": line.value, "due": describe_due(line.due)}
        for n, line in enumerate(view.rule.lines, 1)
    ]
    if fmt is OutputFormat.table:
        render_rows(LINE_COLUMNS, rows, fmt, title="Lines")


@app.command("list")
def term_list(
    ctx: typer.Context,
    include_inactive: bool = typer.Option(False, "--all", help="Inactive terms too."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The company's payment terms."""
    uow, cid = scope(ctx)
    views, _ = payment_terms.list_terms(
        uow, cid, active=None if include_inactive else True, limit=1000
    )
    rows = [summary(v) for v in sorted(views, key=lambda v: v.id)]
    render_rows(LIST_COLUMNS, rows, fmt, title="Payment terms")


@app.command("show")
def term_show(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="Term id or name."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """One term with its lines."""
    uow, cid = scope(ctx)
    show_term(payment_terms.get_term(uow, cid, term), fmt)


@app.command("create")
def term_create(
    ctx: typer.Context,
    name: str | None = typer.Option(None, help="Term name, unique in the company."),
    line: list[str] = typer.Option([], "--line", help=f"A line as {LINE_SYNTAX} (repeat)."),
    discount: str | None = typer.Option(
        None, help="Cash discount PERCENT:DAYS[:TREATMENT], e.g. 2:10."
    ),
    note: str = typer.Option("", help="Free text for people."),
    file: Path | None = typer.Option(None, "--file", help="A JSON or YAML term definition."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a term from --line options or a file; refused terms name the line."""
    if file is not None and line:
        raise InvalidInput("give the lines with --line or in --file, not both", field="lines")
    data: dict[str, Any] = load_file(file) if file is not None else {}
    if line:
        data["lines"] = [parse_term_line(raw, n) for n, raw in enumerate(line, 1)]
    if name is not None:
        data["name"] = name
    if discount is not None:
        data["discount"] = parse_discount(discount)
    uow, cid = scope(ctx)
    show_term(payment_terms.create_term(uow, cid, data, note=note), fmt)


@app.command("preview")
def term_preview(
    ctx: typer.Context,
    term: str = typer.Argument(..., help="Term id or name."),
    amount: str = typer.Option(..., help="Invoice total, tax included (e.g. 1000.00)."),
    day: str = typer.Option(..., "--date", help="Invoice date, YYYY-MM-DD."),
    currency: str | None = typer.Option(None, help="Currency; the company's by default."),
    untaxed: str | None = typer.Option(None, help="Untaxed amount (discounts on the base)."),
    partner: int | None = typer.Option(None, help="Partner id: apply its payment days."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The installments an invoice of AMOUNT on DATE would get, with discounts."""
    uow, cid = scope(ctx)
    code = currency or get_company(uow, cid).currency
    invoice_date = parse_day(day, "date") or date.today()
    preview = payment_terms.preview_term(
        uow,
        cid,
        term,
        total=money(amount, code),
        invoice_date=invoice_date,
        untaxed=None if untaxed is None else money(untaxed, code, field="untaxed"),
        partner_id=partner,
    )
    rows = [
        {
            "line": i.line_number,
            "due_date": i.due_date,
            "amount": i.amount.amount,
            "discount_date": i.discount_date,
            "discounted_amount": None
            if i.discounted_amount is None
            else i.discounted_amount.amount,
        }
        for i in preview.installments
    ]
    title = f"{preview.term.name}: {preview.total} on {invoice_date.isoformat()}"
    if preview.payment_days:
        title += ", paid on days " + "/".join(str(d) for d in preview.payment_days)
    render_rows(PREVIEW_COLUMNS, rows, fmt, title=title)


@app.command("delete")
def term_delete(
    ctx: typer.Context, term: str = typer.Argument(..., help="Term id or name.")
) -> None:
    """Delete an unused term (one in use is refused: deactivate it through the API)."""
    uow, cid = scope(ctx)
    payment_terms.delete_term(uow, cid, term)
    typer.echo(f"payment term {term} deleted")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="term")
