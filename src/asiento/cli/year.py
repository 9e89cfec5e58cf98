"""``asiento year close|reopen|status YEAR``: fiscal year end.

``status`` shows the year's state, result and the checklist of documents that
block closing; ``close`` posts the closing entry and locks the year (refused,
listing the blockers, while any remain); ``reopen`` reverses it (admin).
"""

from __future__ import annotations

from typing import Annotated

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, note, render_object
from asiento.services.ledger import year_closing
from asiento.services.ledger.year_closing import YearStatus

app = typer.Typer(help="Fiscal year end: close, re-open, status.", no_args_is_help=True)
YearArg = Annotated[str, typer.Argument(help="The fiscal year, by the year it starts in (2026).")]
FIELDS = ("name", "start", "end", "state", "net_result", "currency", "closing_entry_number",
          "lock_date", "blockers")  # fmt: skip


def _show(status: YearStatus, fmt: OutputFormat) -> None:
    data = {f: getattr(status, f) for f in FIELDS}
    data["blockers"] = len(status.blockers)
    render_object(data, fmt, FIELDS)
    if fmt is OutputFormat.table:
        for b in status.blockers:
            when = b.day.isoformat() if b.day else "no date"
            typer.echo(f"  - {b.kind} {b.id}: {b.label} ({when}) {b.reason}")
        if not status.retained_earnings_set:
            note("setting retained_earnings_account is not set: closing needs it")


@app.command("status")
def status(ctx: typer.Context, year: YearArg, fmt: FormatOption = OutputFormat.table) -> None:
    """The year's state, result and what blocks closing it."""
    uow, cid = scope(ctx)
    _show(year_closing.year_status(uow, cid, year_closing.parse_year(year)), fmt)


@app.command("close")
def close(ctx: typer.Context, year: YearArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Post the closing entry (income and expenses to retained earnings) and lock the year."""
    uow, cid = scope(ctx)
    _show(year_closing.close_year(uow, cid, year_closing.parse_year(year)), fmt)


@app.command("reopen")
def reopen(
    ctx: typer.Context,
    year: YearArg,
    reason: Annotated[
        str, typer.Option(help="Why (kept on the reversal and in the audit log).")
    ] = "",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Reverse the closing entry and give back the lock date (admin only)."""
    uow, cid = scope(ctx)
    _show(year_closing.reopen_year(uow, cid, year_closing.parse_year(year), reason), fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="year")
