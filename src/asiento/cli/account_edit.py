"""``asiento account update|archive|restore|tree``: changing the chart of accounts.

ACCOUNT arguments are a code. A change that posted data or settings forbid (the type
or reconcile flag of an account with journal items; archiving an account a setting
names or with an open balance) is refused with the reason on one line, exit 1
(``domain.chart``).
"""

from __future__ import annotations

import typer

from asiento.cli.catalog import ACCOUNT_COLUMNS, account_app
from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_object, render_rows
from asiento.domain.commands.changes import unset_if_none
from asiento.domain.commands.chart import AccountChanges
from asiento.services.reference import chart, chart_view


@account_app.command("update")
def account_update(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="Account code."),
    code: str | None = typer.Option(None, help="New code."),
    name: str | None = typer.Option(None, help="New name."),
    kind: str | None = typer.Option(None, help=f"One of: {', '.join(chart.ACCOUNT_KINDS)}."),
    reconcilable: bool | None = typer.Option(
        None, "--reconcilable/--not-reconcilable", help="Items can be matched."
    ),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Rename an account or change its type or reconcile flag."""
    uow, cid = scope(ctx)
    changes = AccountChanges(
        code=unset_if_none(code),
        name=unset_if_none(name),
        kind=unset_if_none(kind),
        reconcilable=unset_if_none(reconcilable),
    )
    row = chart.update_account(uow, cid, chart.account_id_by_code(uow, cid, account), changes)
    render_object({c: getattr(row, c) for c in ACCOUNT_COLUMNS}, fmt, ACCOUNT_COLUMNS)


def _set_active(ctx: typer.Context, account: str, active: bool) -> None:
    uow, cid = scope(ctx)
    chart.update_account(
        uow, cid, chart.account_id_by_code(uow, cid, account), AccountChanges(active=active)
    )
    typer.echo(f"account {account} {'restored' if active else 'archived'}")


@account_app.command("archive")
def account_archive(
    ctx: typer.Context, account: str = typer.Argument(..., help="Account code.")
) -> None:
    """Archive an account no setting uses and whose balance is zero."""
    _set_active(ctx, account, False)


@account_app.command("restore")
def account_restore(
    ctx: typer.Context, account: str = typer.Argument(..., help="Account code.")
) -> None:
    """Bring an archived account back."""
    _set_active(ctx, account, True)


@account_app.command("tree")
def account_tree(
    ctx: typer.Context,
    archived: bool = typer.Option(False, "--archived", help="Include archived accounts."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The chart as a tree by code: each account under the longest code it starts with."""
    uow, cid = scope(ctx)
    rows = [
        {"code": "  " * r.depth + r.code, "name": r.name, "kind": r.kind,
         "reconcilable": r.reconcilable, "parent": r.parent or "", "active": r.active}
        for r in chart_view.chart_rows(uow, cid, archived)
    ]  # fmt: skip
    columns = ("code", "name", "kind", "reconcilable", "parent", "active")
    render_rows(columns, rows, fmt, title="Chart of accounts")
