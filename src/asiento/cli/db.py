"""``asiento db``: schema management, the only command that may face an empty database."""

from __future__ import annotations

import typer

from asiento.cli.context import engine
from asiento.store import migrate

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    ctx: typer.Context,
) -> None:
    """Apply Alembic migrations up to head on ASIENTO_DATABASE_URL."""
    eng = engine(ctx)
    migrate.upgrade(eng)
    typer.echo(f"database at revision {migrate.current_revision(eng)}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
