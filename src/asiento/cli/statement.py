"""``asiento statement``: import bank files, list/show/validate statements, auto-reconcile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from asiento.cli import csv_profile
from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, console, note, render_object, render_rows
from asiento.domain.errors import InvalidInput
from asiento.domain.money import to_decimal
from asiento.services.bank import (
    statement_edits,
    statement_unreconcile,
    statement_views,
    statements,
)
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_edits import LineChanges, StatementChanges
from asiento.services.bank.statement_import import ImportSummary, import_statement
from asiento.services.bank.statement_proposals import AutoReport
from asiento.services.reference import chart

app = typer.Typer(help="Bank statements: import, check, reconcile.", no_args_is_help=True)

LIST_COLUMNS = (
    "id",
    "journal",
    "date",
    "reference",
    "opening_balance",
    "closing_balance",
    "line_count",
    "state",
)
LINE_COLUMNS = ("id", "date", "amount", "counterparty_name", "communication", "state", "entry_id")
HEADER = (
    "id",
    "journal",
    "date",
    "reference",
    "currency",
    "opening_balance",
    "closing_balance",
    "state",
    "file_format",
    "line_count",
)


@app.command("import")
def import_file(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The bank file."),
    journal: str = typer.Option(..., "--journal", "-j", help="Bank journal code, e.g. BNK1."),
    fmt: str | None = typer.Option(None, "--format", help="camt053, mt940, ofx or csv."),
    profile: str | None = typer.Option(None, "--profile", help="CSV profile name."),
    closing: str | None = typer.Option(
        None, "--closing-balance", help="The closing balance, for a file that states none (CSV)."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Text encoding of an MT940 or CSV file, e.g. cp852."
    ),
) -> None:
    """Import a bank file (all or nothing); lines already imported are skipped."""
    uow, cid = scope(ctx)
    declared = None if closing is None else to_decimal(closing, field="closing_balance")
    with (
        file.open("rb") as content,
        Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console(),
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("lines", total=None)
        summary = import_statement(
            uow,
            cid,
            journal,
            content,
            file.name,
            fmt,
            profile,
            lambda done, total: bar.update(task, completed=done, total=total),
            declared,
            encoding,
        )
    print_summary(summary)


def print_summary(s: ImportSummary) -> None:
    """``9 new, 0 already imported``, then the balance check of each statement."""
    typer.echo(f"{s.format}: {s.message()} in {s.statements} statement(s)")
    for b in s.balances:
        check = "not stated" if b.ok is None else ("ok" if b.ok else f"off by {b.difference}")
        typer.echo(f"  {b.reference or '-'}: {b.opening} + {b.lines_total} -> {b.closing}: {check}")
    for w in s.warnings:
        note(f"warning: {w}")
    if s.skipped_accounts:
        note(f"skipped other accounts: {', '.join(s.skipped_accounts)}")


@app.command("list")
def list_statements(
    ctx: typer.Context,
    journal: str | None = typer.Option(None, "--journal", "-j"),
    state: str | None = typer.Option(None, help="draft or validated"),
    limit: int = typer.Option(50),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Statements, newest first."""
    uow, cid = scope(ctx)
    jid = chart.journal_id_by_code(uow, cid, journal) if journal else None
    rows, _ = statement_views.list_statements(uow, cid, journal_id=jid, state=state, limit=limit)
    render_rows(LIST_COLUMNS, [_row(v) for v in rows], fmt, title="Statements")


def _row(view: Any) -> dict[str, Any]:
    return {c: getattr(view, c) for c in LIST_COLUMNS}


@app.command("show")
def show(ctx: typer.Context, statement_id: int, fmt: FormatOption = OutputFormat.table) -> None:
    """A statement and its lines."""
    uow, cid = scope(ctx)
    view = statement_views.get_statement(uow, cid, statement_id)
    if fmt is OutputFormat.json:
        render_object(view, fmt, HEADER)
        return
    if fmt is OutputFormat.table:
        render_object(view, fmt, HEADER)
    rows = [{c: getattr(x, c) for c in LINE_COLUMNS} for x in view.lines]
    render_rows(LINE_COLUMNS, rows, fmt)


@app.command("validate")
def validate(
    ctx: typer.Context,
    statement_id: int,
    confirm: bool = typer.Option(
        False, "--confirm", help="Accept an unverifiable statement (recorded in the audit log)."
    ),
) -> None:
    """Check opening + lines = closing; exit 1 and show the difference when it does not hold."""
    uow, cid = scope(ctx)
    r = statements.validate_statement(uow, cid, statement_id, confirm=confirm)
    typer.echo(
        f"statement {r.statement_id}: {r.opening} + {r.lines_total} = "
        f"{r.opening + r.lines_total}; closing {r.closing}; {r.state}"
    )
    if not r.ok:
        typer.echo(f"error: difference {r.difference}; the statement stays draft", err=True)
        raise typer.Exit(1)


@app.command("edit")
def edit(
    ctx: typer.Context,
    statement_id: int,
    date: str | None = typer.Option(None, "--date", help="Statement date, YYYY-MM-DD."),
    opening: str | None = typer.Option(None, "--opening-balance", help="Opening balance."),
    closing: str | None = typer.Option(None, "--closing-balance", help="Closing balance."),
) -> None:
    """Change a draft statement's date or balances (a validated one cannot change)."""
    uow, cid = scope(ctx)
    changes = StatementChanges(
        None if date is None else parse_date(date, "date"),
        None if opening is None else to_decimal(opening, field="opening_balance"),
        None if closing is None else to_decimal(closing, field="closing_balance"),
    )
    view = statement_edits.update_statement(uow, cid, statement_id, changes)
    typer.echo(
        f"statement {view.id}: {view.opening_balance} -> {view.closing_balance} ({view.date})"
    )


@app.command("edit-line")
def edit_line(
    ctx: typer.Context,
    line_id: int,
    date: str | None = typer.Option(None, "--date", help="Booking date, YYYY-MM-DD."),
    amount: str | None = typer.Option(None, "--amount", help="Signed amount."),
    counterparty: str | None = typer.Option(None, "--counterparty", help="Counterparty name."),
    text: str | None = typer.Option(None, "--text", help="Communication."),
) -> None:
    """Change a line of a draft statement."""
    uow, cid = scope(ctx)
    changes = LineChanges(
        None if date is None else parse_date(date, "date"),
        None if amount is None else to_decimal(amount, field="amount"),
        counterparty,
        text,
    )
    view = statement_edits.update_line(uow, cid, line_id, changes)
    typer.echo(f"statement {view.id}: line {line_id} changed")


@app.command("delete")
def delete(ctx: typer.Context, statement_id: int) -> None:
    """Delete a draft statement and its lines (a wrongly imported file)."""
    uow, cid = scope(ctx)
    statement_edits.delete_statement(uow, cid, statement_id)
    typer.echo(f"statement {statement_id} deleted")


@app.command("delete-line")
def delete_line(ctx: typer.Context, line_id: int) -> None:
    """Delete a line of a draft statement."""
    uow, cid = scope(ctx)
    view = statement_edits.delete_line(uow, cid, line_id)
    typer.echo(f"statement {view.id}: line {line_id} deleted, {view.line_count} left")


def parse_date(raw: str, field: str) -> dt.date:
    """An ISO date, or one line and exit 1 through ``InvalidInput``."""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{field}: {raw!r} is not a date (YYYY-MM-DD)", field=field) from None


@app.command("reconcile")
def reconcile(
    ctx: typer.Context,
    auto: bool = typer.Option(False, "--auto", help="Run the automatic pass."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Propose, write nothing."),
    journal: str | None = typer.Option(None, "--journal", "-j"),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Reconcile open statement lines (``--auto``; manual matching is in the API)."""
    if not auto:
        raise typer.BadParameter(
            "only --auto is available on the command line", param_hint="--auto"
        )
    uow, cid = scope(ctx)
    jid = chart.journal_id_by_code(uow, cid, journal) if journal else None
    show_report(auto_reconcile(uow, cid, journal_id=jid, dry_run=dry_run), fmt)


@app.command("unreconcile")
def unreconcile(
    ctx: typer.Context,
    line_id: int = typer.Argument(..., help="Statement line id."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Undo a line's reconciliation: its entry is reversed, the line is open again."""
    uow, cid = scope(ctx)
    view = statement_unreconcile.unreconcile_line(uow, cid, line_id)
    render_object(view, fmt, LINE_COLUMNS)
    note(f"line {view.id} is open again; its entry was reversed")


def show_report(report: AutoReport, fmt: OutputFormat) -> None:
    rows = [{"line": p.line_id, "kind": p.kind, "detail": p.detail} for p in report.matched]
    rows += [
        {
            "line": a.line_id,
            "kind": "ambiguous",
            "detail": f"{a.reason}: {' | '.join(map(str, a.candidates))}",
        }
        for a in report.ambiguous
    ]
    rows += [{"line": line, "kind": "refused", "detail": why} for line, why in report.refused]
    title = "Proposed (dry run)" if report.dry_run else "Reconciled"
    render_rows(("line", "kind", "detail"), rows, fmt, title=title)
    verb = "would reconcile" if report.dry_run else "reconciled"
    note(
        f"{verb} {len(report.matched)}, ambiguous {len(report.ambiguous)}, "
        f"refused {len(report.refused)}, left open {report.left}"
    )


def register(root: typer.Typer) -> None:
    app.add_typer(csv_profile.app, name="profile")
    root.add_typer(app, name="statement")
