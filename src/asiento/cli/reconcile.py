"""``asiento reconcile`` (auto, manual, undo) and ``asiento partner open-items``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from asiento.cli.catalog import partner_app
from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, note, plain, render_rows
from asiento.services.payments import open_items, reconciliation, unreconciliation
from asiento.services.payments.auto_reconcile import auto_reconcile
from asiento.services.payments.reconciliation import WriteOff
from asiento.services.reference.lookups import partner_id_of

app = typer.Typer(help="Reconciliation of open items.", no_args_is_help=True)
OPEN_COLUMNS = ("id", "entry", "date", "due_date", "account", "label", "balance", "residual")


def _ids(ids: tuple[int, ...]) -> str:
    return " ".join(map(str, ids))


@app.command("auto")
def auto_cmd(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan, write nothing.")
    ] = False,
    partner: Annotated[int | None, typer.Option(help="Only this partner id.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Match payments that exactly one set of open items fits; list the ambiguous ones."""
    uow, cid = scope(ctx)
    report = auto_reconcile(uow, cid, partner_id=partner, dry_run=dry_run)
    rows: list[dict[str, Any]] = [
        {
            "payment_item": m.payment_item_id,
            "result": m.kind,
            "items": " ".join(map(str, m.item_ids)),
        }
        for m in report.matched
    ] + [
        {
            "payment_item": a.payment_item_id,
            "result": a.reason,
            "items": " | ".join("{" + ", ".join(map(str, c)) + "}" for c in a.candidates),
        }
        for a in report.ambiguous
    ]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(plain(report), indent=2))
        return
    render_rows(("payment_item", "result", "items"), rows, fmt)
    verb = "would match" if dry_run else "matched"
    note(
        f"{verb} {report.matched_count}, ambiguous {report.ambiguous_count}, "
        f"untouched {report.untouched_count}"
    )


@app.command("manual")
def manual_cmd(
    ctx: typer.Context,
    items: Annotated[list[int], typer.Argument(help="Journal item ids.")],
    writeoff_account: Annotated[int | None, typer.Option(help="Write-off account id.")] = None,
    writeoff_label: str = "Write-off",
) -> None:
    """Reconcile open items of one partner and account, optionally writing off the rest."""
    uow, cid = scope(ctx)
    writeoff = WriteOff(writeoff_account, writeoff_label) if writeoff_account else None
    result = reconciliation.reconcile(uow, cid, items, writeoff=writeoff, created_by="cli")
    full = (
        f", full reconciliation {result.full_reconciliation_id}"
        if result.full_reconciliation_id
        else ""
    )
    typer.echo(f"partial reconciliations {' '.join(map(str, result.partial_ids))}{full}")


@app.command("undo")
def undo_cmd(
    ctx: typer.Context,
    full_id: Annotated[int | None, typer.Argument(help="Full reconciliation id.")] = None,
    partial: Annotated[list[int] | None, typer.Option(help="Partial reconciliation id.")] = None,
) -> None:
    """Unreconcile a full reconciliation (or the given partials): residuals are restored."""
    uow, cid = scope(ctx)
    removed = unreconciliation.unreconcile(uow, cid, partial or [], full_id)
    typer.echo(f"removed partial reconciliations {' '.join(map(str, removed))}")


def open_items_cmd(
    ctx: typer.Context,
    partner: Annotated[str, typer.Argument(help="Partner id or exact name.")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """A partner's open receivable/payable items, oldest first."""
    uow, cid = scope(ctx)
    rows = [
        {
            "id": i.id,
            "entry": i.entry_number,
            "date": i.date,
            "due_date": i.due_date,
            "account": i.account_code,
            "label": i.label,
            "balance": i.balance,
            "residual": i.residual,
        }
        for i in open_items.open_items(uow, cid, partner_id_of(uow, cid, partner))
    ]
    render_rows(OPEN_COLUMNS, rows, fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="reconcile")
    partner_app.command("open-items")(open_items_cmd)
