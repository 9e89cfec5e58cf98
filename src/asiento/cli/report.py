"""``asiento report <name>``: every report as a Rich table, JSON, CSV, XLSX or PDF.

The command only parses options into a ``ReportRequest``, asks the report
catalogue for the report, and prints it: amounts right-aligned in tables,
decimal strings in JSON, exact text in CSV. XLSX and PDF need ``-o FILE``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from asiento.cli.context import scope
from asiento.cli.render import OutputFormat, note, render_rows
from asiento.domain.errors import InvalidInput
from asiento.reports import catalog, export
from asiento.reports.params import parse_buckets

report_app = typer.Typer(help="Reports from posted journal items.", no_args_is_help=True)

HELP = {
    "general-ledger": "Per account: opening, items with running balance, closing.",
    "trial-balance": "Opening, period debit/credit and closing per account.",
    "aged-receivable": "Open customer items by due-date bucket, per partner.",
    "aged-payable": "Open supplier items by due-date bucket, per partner.",
    "partner-ledger": "Per partner: receivable/payable items with running balance.",
    "journal": "Every item of one journal's entries in a period.",
    "profit-and-loss": "Income and expenses by account, with net profit.",
    "balance-sheet": "Assets, liabilities and equity (with current earnings).",
    "tax": "Base and tax per tax and tax group, output and input tax, net payable.",
    "tax-boxes": "The boxes of the tax return (Modelo 303 on the Spanish chart).",
    "tax-box-items": "The journal items behind one box of the tax return (--box).",
}


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    pdf = "pdf"


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInput(f"{name} {value!r} is not a date (YYYY-MM-DD)", field=name) from None


Opt = typer.Option


def _command(name: str) -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        as_of: Annotated[str, Opt("--as-of", "--to", help="End of the period (YYYY-MM-DD).")],
        date_from: Annotated[str | None, Opt("--from", help="Start of the period.")] = None,
        journal: Annotated[str | None, Opt(help="Journal code.")] = None,
        partner: Annotated[int | None, Opt(help="Partner id.")] = None,
        account_from: Annotated[str | None, Opt(help="First account code.")] = None,
        account_to: Annotated[str | None, Opt(help="Last account code.")] = None,
        include_draft: Annotated[bool, Opt("--include-draft", help="Count drafts.")] = False,
        compare_from: Annotated[str | None, Opt(help="Comparison start.")] = None,
        compare_to: Annotated[str | None, Opt(help="Comparison end / as-of.")] = None,
        buckets: Annotated[str | None, Opt(help="Aged buckets, e.g. 30,60,90.")] = None,
        kind: Annotated[str, Opt(help="Partner ledger: receivable|payable|all.")] = "all",
        box: Annotated[str | None, Opt(help="Tax box items: the box, e.g. 09.")] = None,
        closing_entries: Annotated[
            str, Opt(help="Trial balance: year closing entries column|exclude|include.")
        ] = "column",
        fmt: Annotated[ReportFormat, Opt("--format", "-f")] = ReportFormat.table,
        output: Annotated[Path | None, Opt("--output", "-o", help="Write to this file.")] = None,
    ) -> None:
        uow, cid = scope(ctx)
        req = catalog.ReportRequest(
            cid,
            _day(as_of, "as_of") or date.today(),
            date_from=_day(date_from, "from"),
            journal=journal,
            partner_id=partner,
            account_from=account_from,
            account_to=account_to,
            include_draft=include_draft,
            compare_from=_day(compare_from, "compare_from"),
            compare_to=_day(compare_to, "compare_to"),
            buckets=parse_buckets(buckets, "--buckets"),
            partner_kind=kind,
            box=box,
            closing_entries=closing_entries,
        )
        with uow:
            _print(uow.session, catalog.build(uow.session, name, req), fmt, output)

    command.__doc__ = HELP[name]
    return command


def _print(session: Any, report: Any, fmt: ReportFormat, output: Path | None) -> None:
    if fmt in (ReportFormat.xlsx, ReportFormat.pdf) and output is None:
        raise InvalidInput(f"--format {fmt.value} writes a file: add -o FILE")
    if fmt is ReportFormat.json:
        _write(json.dumps(catalog.payload(session, report), indent=2) + "\n", output)
    elif fmt is ReportFormat.csv:
        table = catalog.table(session, report)
        if output is None:
            for chunk in export.iter_csv(table):
                sys.stdout.write(chunk)
        else:
            with output.open("w", newline="", encoding="utf-8") as fh:
                fh.writelines(export.iter_csv(table))
    elif fmt is ReportFormat.table:
        table = catalog.table(session, report)
        rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
        render_rows(table.columns, rows, OutputFormat.table, f"{table.title} — {table.subtitle}")
    else:
        assert output is not None  # checked above; for the type checker
        output.write_bytes(export.encode(catalog.table(session, report), fmt.value))
    if output is not None:
        note(f"wrote {output}")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


for _name in catalog.REPORTS:
    report_app.command(_name, help=HELP[_name])(_command(_name))


def register(root: typer.Typer) -> None:
    root.add_typer(report_app, name="report")
