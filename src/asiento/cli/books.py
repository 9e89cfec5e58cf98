"""``asiento import KIND FILE [--dry-run]`` and ``asiento export KIND``: bringing books in.

KIND is partners, products, chart or opening-balances; FILE a CSV or XLSX in
the kind's layout (docs/guide/imports.md). An import checks every row and
writes all or nothing: a refused file prints one line naming the first
problem's row and column, and exits 1. ``--dry-run`` lists every row's
problems instead (exit 1 when there are any, 0 when the file would import).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.domain.book_imports import KINDS
from asiento.domain.errors import InvalidInput, ValidationFailed
from asiento.services.imports.runner import ImportResult, export_book, import_book

Kind = StrEnum("Kind", {k.replace("-", "_"): k for k in KINDS})  # type: ignore[misc]
KindArg = Annotated[Kind, typer.Argument(help="partners, products, chart or opening-balances")]


class FileFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def import_file(
    ctx: typer.Context,
    kind: KindArg,
    file: Annotated[Path, typer.Argument(help="CSV or XLSX in the kind's layout.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row, write nothing.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a list from CSV or XLSX: every row checked, all or nothing."""
    uow, cid = scope(ctx)
    content = file.read_bytes()
    try:
        result = import_book(uow, cid, kind.value, content, file.name, dry_run=dry_run)
    except ValidationFailed as exc:
        typer.echo(f"error: {' '.join(exc.message.split())}", err=True)
        raise typer.Exit(1) from None
    if dry_run:
        _preview(result, fmt)
    else:
        typer.echo(f"{kind.value}: {len(result.rows)} rows imported: {result.summary}")


def _preview(result: ImportResult, fmt: OutputFormat) -> None:
    counts = ", ".join(
        f"{result.count(a)} to {a}"
        for a in ("create", "update", "post", "refuse")
        if result.count(a)
    )
    if not result.problems:
        typer.echo(f"{result.kind}: {len(result.rows)} rows, {counts}: the file would import")
        return
    rows = [{"row": p.row, "column": p.column, "problem": p.message} for p in result.problems]
    render_rows(("row", "column", "problem"), rows, fmt, title=f"{result.kind}: {counts}")
    typer.echo(f"error: {len(result.problems)} problem(s): nothing would be imported", err=True)
    raise typer.Exit(1)


def export_file(
    ctx: typer.Context,
    kind: KindArg,
    file_format: Annotated[
        FileFormat, typer.Option("--format", help="csv or xlsx")
    ] = FileFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """Export a list in the layout its import reads (CSV to stdout, or -o FILE)."""
    uow, cid = scope(ctx)
    if file_format is FileFormat.xlsx and output is None:
        raise InvalidInput("--format xlsx writes a file: add -o FILE")
    out = export_book(uow, cid, kind.value, file_format.value)
    if output is None:
        typer.echo(out.content.decode("utf-8"), nl=False)
    else:
        output.write_bytes(out.content)
        typer.echo(f"wrote {output}")


def register(root: typer.Typer) -> None:
    root.command("import")(import_file)
    root.command("export")(export_file)
