"""``asiento statement profile``: a bank journal's CSV profiles (list, save, delete, preview)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from asiento.cli.context import scope
from asiento.domain.errors import InvalidInput
from asiento.importers.csv_profiles import BUILTIN_PROFILES
from asiento.services.bank import statement_profiles
from asiento.services.reference import chart

app = typer.Typer(help="CSV profiles of a bank journal.", no_args_is_help=True)
JOURNAL = typer.Option(..., "--journal", "-j", help="Bank journal code, e.g. BNK1.")


@app.command("list")
def list_profiles(ctx: typer.Context, journal: str = JOURNAL) -> None:
    """The journal's saved profiles, then the built-in ones."""
    uow, cid = scope(ctx)
    jid = chart.journal_id_by_code(uow, cid, journal)
    for profile in statement_profiles.journal_profiles(uow, cid, jid):
        typer.echo(f"{profile.name}\tsaved")
    for name in sorted(BUILTIN_PROFILES):
        typer.echo(f"{name}\tbuilt-in")


@app.command("save")
def save(
    ctx: typer.Context,
    definition: Path = typer.Argument(..., exists=True, dir_okay=False, help="Profile as JSON."),
    journal: str = JOURNAL,
) -> None:
    """Create or replace a profile from a JSON definition (``name``, ``columns`` ...)."""
    uow, cid = scope(ctx)
    jid = chart.journal_id_by_code(uow, cid, journal)
    profile = statement_profiles.save_profile(uow, cid, jid, _json(definition))
    typer.echo(f"profile {profile.name} saved for {journal}")


@app.command("delete")
def delete(ctx: typer.Context, name: str, journal: str = JOURNAL) -> None:
    """Delete a saved profile."""
    uow, cid = scope(ctx)
    statement_profiles.delete_profile(uow, cid, chart.journal_id_by_code(uow, cid, journal), name)
    typer.echo(f"profile {name} deleted")


@app.command("preview")
def preview(
    ctx: typer.Context,
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A CSV export."),
    profile: str = typer.Option(..., "--profile", help="A profile name or a JSON file."),
    journal: str = JOURNAL,
    rows: int = typer.Option(10, "--rows", min=1, max=100),
) -> None:
    """The first lines the profile reads from the file; nothing is saved."""
    uow, cid = scope(ctx)
    jid = chart.journal_id_by_code(uow, cid, journal)
    chosen = _json(Path(profile)) if profile.endswith(".json") else profile
    result = statement_profiles.preview_profile(uow, cid, jid, file.read_bytes(), chosen, rows)
    typer.echo(
        f"{result.profile}: {result.total_lines} line(s) in {result.statements} statement(s); "
        f"opening {result.opening_balance}, closing {result.closing_balance}"
    )
    for line in result.lines:
        text = " | ".join(filter(None, (line.counterparty_name, line.communication)))
        typer.echo(f"  {line.date}  {line.amount:>12}  {text}")


def _json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path.name}: not a JSON profile ({exc})", field="profile") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path.name}: a profile is a JSON object", field="profile")
    return data
