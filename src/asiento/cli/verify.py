"""``asiento verify``: prove no posted entry was changed behind the application's back."""

from __future__ import annotations

import json
from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.services.ledger.verify import JournalCheck, verify_chains
from asiento.services.ledger.verify_documents import (
    DocumentBreak,
    DocumentCheck,
    verify_documents,
)

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
    """Check every journal's hash chain, then every document's stored figures against the
    ledger; exit 1 naming the first broken entry per journal and the first inconsistent
    document."""
    uow, cid = scope(ctx)
    checks = verify_chains(uow, cid)
    docs = verify_documents(uow, cid)
    _render(checks, docs, fmt)
    broken = [c for c in checks if c.broken is not None]
    for c in broken:
        where = c.broken.number if c.broken and c.broken.number else "?"
        reason = c.broken.reason if c.broken else ""
        typer.echo(f"error: journal {c.journal_code}: chain broken at {where}: {reason}", err=True)
    if docs.broken is not None:
        typer.echo(f"error: {_name(docs.broken)}: {docs.broken.reason}", err=True)
    if broken or docs.broken is not None:
        raise typer.Exit(1)


DOCUMENT_COLUMNS = ("invoices", "payments", "items", "status", "first_broken", "reason")


def _render(checks: list[JournalCheck], docs: DocumentCheck, fmt: OutputFormat) -> None:
    """Chains then documents; as JSON one object ``{"journals": [...], "documents": {...}}``."""
    chains = [check_row(c) for c in checks]
    row = {
        "invoices": docs.invoices,
        "payments": docs.payments,
        "items": docs.items,
        "status": "ok" if docs.ok else "BROKEN",
        "first_broken": None if docs.broken is None else _name(docs.broken),
        "reason": None if docs.broken is None else docs.broken.reason,
    }
    if fmt is OutputFormat.json:
        typer.echo(json.dumps({"journals": chains, "documents": row}, indent=2))
        return
    render_rows(COLUMNS, chains, fmt, title="Hash chains")
    render_rows(DOCUMENT_COLUMNS, [row], fmt, title="Documents against the ledger")


def _name(b: DocumentBreak) -> str:
    return f"{b.kind} {b.number} (id {b.id})" if b.number else f"{b.kind} {b.id}"


def register(root: typer.Typer) -> None:
    root.command("verify")(verify)
