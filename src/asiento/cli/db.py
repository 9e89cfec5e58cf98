"""``asiento db``: schema management, the only command that may face an empty database."""

from __future__ import annotations

import typer

from asiento.cli.context import engine
from asiento.store import distribution, migrate

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    ctx: typer.Context,
) -> None:
    """Apply Alembic migrations up to head on ASIENTO_DATABASE_URL."""
    eng = engine(ctx)
    migrate.upgrade(eng)
    typer.echo(f"database at revision {migrate.current_revision(eng)}")


@app.command("distribute")
def distribute(
    ctx: typer.Context,
    check: bool = typer.Option(
        False, "--check", help="Only list the constraints that block distribution (no database)."
    ),
    show_plan: bool = typer.Option(
        False, "--plan", help="Only print the Citus calls, in order (no database)."
    ),
) -> None:
    """Distribute an upgraded database on a Citus coordinator by company_id.

    Reference tables first, then ``companies`` and every company-scoped table co-located
    with it, in one transaction. Refuses, changing nothing, on a database without Citus."""
    if check:
        _check()
        return
    if show_plan:
        for step in distribution.plan(distribution.default_metadata()):
            typer.echo(f"{step.sql};")
        return
    for line in distribution.distribute(engine(ctx)):
        typer.echo(line)


def _check() -> None:
    """One line per blocking constraint on stdout; exit 1 when there is any."""
    blockers = distribution.distribution_blockers()
    for blocker in blockers:
        typer.echo(str(blocker))
    if blockers:
        tables = len({b.table for b in blockers})
        typer.echo(
            f"error: {len(blockers)} constraints on {tables} tables block distribution "
            f"by {distribution.COMPANY_COLUMN}",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo("every company-scoped table can be distributed by company_id")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
