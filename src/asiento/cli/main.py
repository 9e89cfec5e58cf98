"""The root ``asiento`` command: global options and the error contract.

Contract: a domain error (``AsientoError``) prints ``error: <message>`` as one
line on stderr and exits 1; usage errors exit 2 (Click's default); success
exits 0. Tracebacks are for bugs only.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Annotated, Any

import typer
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from asiento import cli
from asiento.cli import serve
from asiento.cli.context import CliState
from asiento.domain.errors import AsientoError, ValidationFailed


def error_line(exc: AsientoError) -> str:
    """One line for people: the message, with ``lines[i]`` read as 1-based ``line i+1``."""
    message = exc.message
    if isinstance(exc, ValidationFailed) and exc.problems:
        first = exc.problems[0]
        where = "" if first.message.startswith("line ") else _where(first.field)
        message = where + first.message
        if len(exc.problems) > 1:
            message += f" (and {len(exc.problems) - 1} more)"
    return " ".join(message.split())


def _where(field: str) -> str:
    if field.startswith("lines[") and "]" in field:
        return f"line {int(field[6 : field.index(']')]) + 1}: "
    return ""


class AsientoGroup(TyperGroup):
    """Root group that turns domain and file errors into the one-line, exit-1 contract."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AsientoError as exc:
            typer.echo(f"error: {error_line(exc)}", err=True)
            raise typer.Exit(1) from None
        except OperationalError as exc:
            detail = " ".join(str(exc.orig).split()) or type(exc.orig).__name__
            typer.echo(f"error: database unavailable: {detail}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            if exc.filename is None:
                raise
            typer.echo(f"error: {exc.filename}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=AsientoGroup,
    name="asiento",
    help="Invoicing and double-entry accounting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def register_commands(root: typer.Typer) -> None:
    """Every module of ``asiento.cli`` with a ``register(app)`` adds its commands, by name."""
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{cli.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register) and info.name != "main":
            register(root)


register_commands(app)
app.command("serve")(serve.serve)


@app.callback()
def main(
    ctx: typer.Context,
    company: Annotated[
        int | None,
        typer.Option(
            "--company",
            envvar="ASIENTO_COMPANY",
            help="Company id; defaults to the only company in the database.",
        ),
    ] = None,
) -> None:
    """Invoicing and double-entry accounting (database: ASIENTO_DATABASE_URL)."""
    ctx.obj = CliState(company=company)


def run() -> None:
    """Console-script entry point (``asiento``)."""
    app()
