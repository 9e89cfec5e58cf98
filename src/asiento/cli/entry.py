"""``asiento entry``: manual journal entries (create, post, reverse, list, show)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import LINE_SYNTAX, entry_from_options, parse_day
from asiento.cli.render import FormatOption, OutputFormat, console, plain, render_rows
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryFilter
from asiento.services.ledger.entry_views import EntryView
from asiento.services.reference import chart

app = typer.Typer(help="Journal entries.", no_args_is_help=True)

LIST_COLUMNS = ("id", "number", "date", "ref", "state", "amount")
ITEM_COLUMNS = ("account", "partner", "label", "debit", "credit")
HEADER_FIELDS = (
    "id",
    "number",
    "date",
    "ref",
    "narration",
    "state",
    "reversal_of_id",
    "reversed_by_id",
    "hash",
)


def summary(view: EntryView) -> dict[str, Any]:
    """The one-row form of an entry used by ``entry list``."""
    return {
        "id": view.id,
        "number": view.number,
        "date": view.date,
        "ref": view.ref,
        "state": view.state,
        "amount": view.total_debit,
    }


def item_rows(view: EntryView) -> list[dict[str, Any]]:
    return [
        {
            "account": i.account_code,
            "partner": i.partner_name,
            "label": i.label,
            "debit": i.debit,
            "credit": i.credit,
        }
        for i in view.items
    ]


def show_entry(view: EntryView, fmt: OutputFormat) -> None:
    """Header and items: readable lines plus a table, the whole view as JSON, or items as CSV."""
    if fmt is OutputFormat.json:
        render_object_json(view)
        return
    if fmt is OutputFormat.table:
        data = plain(view)
        width = max(len(f) for f in HEADER_FIELDS)
        for f in HEADER_FIELDS:
            if data.get(f) not in (None, ""):
                typer.echo(f"{f.ljust(width)}  {data[f]}")
    rows = item_rows(view)
    totals = {"account": "Total", "debit": view.total_debit, "credit": view.total_debit}
    render_rows(ITEM_COLUMNS, rows + ([totals] if fmt is OutputFormat.table else []), fmt)


def render_object_json(view: EntryView) -> None:
    import json

    data = plain(view)
    data["total_debit"] = str(view.total_debit)
    typer.echo(json.dumps(data, indent=2))


@app.command("create")
def create(
    ctx: typer.Context,
    journal: str | None = typer.Option(None, help="Journal code, e.g. MISC."),
    day: str | None = typer.Option(None, "--date", help="Entry date, YYYY-MM-DD."),
    ref: str | None = typer.Option(None, help="Reference."),
    narration: str | None = typer.Option(None, help="Free-text note."),
    line: list[str] = typer.Option([], "--line", "-l", help=f"Repeatable: {LINE_SYNTAX}."),
    file: Path | None = typer.Option(None, "--file", help="Entry as JSON or YAML."),
    post: bool = typer.Option(False, "--post", help="Post at once (numbered, immutable)."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a draft entry, posted at once with --post.

    Each --line is ACCOUNT:DEBIT:CREDIT[:PARTNER_ID[:LABEL]], e.g. 6000:100.00: and 1000::100.00.
    """
    header = {"journal": journal, "date": day, "ref": ref, "narration": narration}
    cmd = entry_from_options(file, line, header)
    uow, cid = scope(ctx)
    show_entry(ledger.create_entry(uow, cid, cmd, post=post), fmt)


@app.command("post")
def post(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., metavar="ID"),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Post a draft: number it, chain it, make it immutable."""
    uow, cid = scope(ctx)
    show_entry(ledger.post_entry(uow, cid, entry_id), fmt)


@app.command("reverse")
def reverse(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., metavar="ID"),
    day: str | None = typer.Option(None, "--date", help="Reversal date; default the entry's."),
    reason: str = typer.Option("", help="Why, kept as the reversal's narration."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Post the mirror entry of a posted one (the only way to undo it)."""
    when = parse_day(day, "date")
    uow, cid = scope(ctx)
    show_entry(ledger.reverse_entry(uow, cid, entry_id, when, reason), fmt)


@app.command("show")
def show(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., metavar="ID"),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """One entry with its items."""
    uow, cid = scope(ctx)
    show_entry(ledger.get_entry(uow, cid, entry_id), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    journal: str | None = typer.Option(None, help="Journal code."),
    state: str | None = typer.Option(None, help="draft or posted."),
    date_from: str | None = typer.Option(None, "--from", help="From date, YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="To date, YYYY-MM-DD."),
    partner: int | None = typer.Option(None, help="Partner id."),
    account: str | None = typer.Option(None, help="Account code."),
    limit: int = typer.Option(50, help="Page size (1-1000)."),
    cursor: str | None = typer.Option(None, help="Cursor from the previous page."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Entries, newest first, filtered."""
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    uow, cid = scope(ctx)
    filters = EntryFilter(
        journal_id=chart.journal_id_by_code(uow, cid, journal) if journal else None,
        account_id=chart.account_id_by_code(uow, cid, account) if account else None,
        state=state,
        date_from=start,
        date_to=end,
        partner_id=partner,
    )
    page = ledger.list_entries(uow, cid, filters, cursor, limit)
    render_rows(LIST_COLUMNS, [summary(v) for v in page.entries], fmt, title="Entries")
    if page.next_cursor and fmt is OutputFormat.table:
        console().print(f"more entries: --cursor {page.next_cursor}", highlight=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="entry")
