"""``asiento verify``: prove no posted entry was changed behind the application's back."""

from __future__ import annotations

from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.services.ledger.verify import JournalCheck, verify_chains

COLUMNS = ("journal", "entries", "status", "first_broken", "reason")


def check_row(c: JournalCheck) -> dict[str, Any]:
    return {
        "journal": c.journal_code,
        "entries": c.entries,
        "status": "ok" if c.broken is None else "BROKEN",
        "first_broken": c.broken.number if c.broken else None,
        "reason": c.broken.reason if c.broken else None,
    }


def verify(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Check every journal's hash chain; exit 1 naming the first broken entry per journal."""
    uow, cid = scope(ctx)
    checks = verify_chains(uow, cid)
    render_rows(COLUMNS, [check_row(c) for c in checks], fmt, title="Hash chains")
    broken = [c for c in checks if c.broken is not None]
    for c in broken:
        where = c.broken.number if c.broken and c.broken.number else "?"
        reason = c.broken.reason if c.broken else ""
        typer.echo(f"error: journal {c.journal_code}: chain broken at {where}: {reason}", err=True)
    if broken:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    root.command("verify")(verify)
