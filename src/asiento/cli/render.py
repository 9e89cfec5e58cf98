"""Rendering shared by every command: Rich tables, JSON and CSV.

``--format`` changes the encoding, never the content: the same rows go to a
table for people, to JSON (amounts as strings, so no float ever touches money)
or to CSV for spreadsheets. Reports reuse ``render_rows`` and ``render_object``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from asiento.reports.export import spreadsheet_safe

Row = Mapping[str, Any]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table for people; json or csv for scripts")
]


def console() -> Console:
    """A console on the current stdout; wide when piped so rows never wrap mid-number."""
    out = sys.stdout
    return Console(file=out, width=None if out.isatty() else 200, highlight=False)


def plain(value: Any) -> Any:
    """A JSON-safe value: Decimals and dates become exact strings."""
    if isinstance(value, Decimal | date | datetime):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def cell(value: Any) -> str:
    """Text for a table or CSV cell; None is blank and booleans read yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    result = plain(value)
    return result if isinstance(result, str) else str(result)


def render_rows(
    columns: Sequence[str], rows: Sequence[Row], fmt: OutputFormat, title: str | None = None
) -> None:
    """Rows as a table, a JSON array or CSV; Decimal columns are right-aligned."""
    if fmt is OutputFormat.json:
        typer.echo(json.dumps([{c: plain(r.get(c)) for c in columns} for r in rows], indent=2))
    elif fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(r.get(c)) for c in columns] for r in rows)
    else:
        console().print(_table(columns, rows, title))


def _csv_cell(value: object) -> str:
    """A CSV cell: text a spreadsheet would run as a formula is neutralised."""
    text = cell(value)
    return spreadsheet_safe(text) if isinstance(value, str) else text


def _table(columns: Sequence[str], rows: Sequence[Row], title: str | None) -> Table:
    table = Table(title=title, title_justify="left")
    numeric = {c for c in columns if any(_is_number(r.get(c)) for r in rows)}
    for c in columns:
        table.add_column(c, justify="right" if c in numeric else "left")
    for r in rows:
        table.add_row(*(cell(r.get(c)) for c in columns))
    return table


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def render_object(obj: Any, fmt: OutputFormat, fields: Sequence[str]) -> None:
    """One record: ``field: value`` lines for people, the full object as JSON, or a CSV row."""
    data = plain(obj)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(data, indent=2))
    elif fmt is OutputFormat.csv:
        render_rows(fields, [data], fmt)
    else:
        width = max(len(f) for f in fields)
        for f in fields:
            typer.echo(f"{f.ljust(width)}  {cell(data.get(f))}")


def note(message: str) -> None:
    """A human remark on stderr, so stdout stays parseable."""
    typer.echo(message, err=True)
