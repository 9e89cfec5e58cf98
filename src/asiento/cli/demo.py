"""``asiento demo``: a demo company to explore with, never mixed into real data."""

from __future__ import annotations

import typer

from asiento.cli.context import open_uow
from asiento.services.demo.demo_users import create_demo_admin
from asiento.services.demo.seed import load_demo

app = typer.Typer(help="Demo data.", no_args_is_help=True)


@app.command("load")
def load(
    ctx: typer.Context,
    year: int = typer.Option(2026, help="Year of the demo entries."),
    documents: bool = typer.Option(
        True, help="Also invoices, a bill, payments and a bank statement dated around today."
    ),
) -> None:
    """Load the demo company, only into an empty database."""
    seeded = load_demo(open_uow(ctx), year, documents)
    if seeded is None:
        typer.echo("database already has a company; demo data not loaded")
        return
    typer.echo(
        f"demo company {seeded.id} loaded: {len(seeded.accounts)} accounts, "
        f"{len(seeded.journals)} journals, {len(seeded.partners)} partners"
    )
    admin = create_demo_admin(open_uow(ctx), seeded.id)
    typer.echo(f"admin user: {admin.email}  password: {admin.password}")
    typer.echo(f"API token:  {admin.token}")
    typer.echo("(shown once; `asiento token create EMAIL` issues another)")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="demo")
