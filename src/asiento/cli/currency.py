"""``asiento currency list|enable|rate add|rates|import-rates``: currencies and rates.

A rate is stated in words as the ledger reads it: ``rate add USD 0.92 --date
2026-01-02`` records "1 USD = 0.92 EUR" for a EUR company, from that date on.
``import-rates FILE`` reads a CSV of ``date,currency,rate`` rows, all or nothing: a
wrong row refuses the file with its row and reason, and nothing is written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import parse_day
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.domain.errors import InvalidInput
from asiento.services.reference import companies, currencies, currency_rates
from asiento.services.reference.currencies import RateInput

app = typer.Typer(help="Currencies and exchange rates.", no_args_is_help=True)
rate_app = typer.Typer(help="Exchange rates.", no_args_is_help=True)
app.add_typer(rate_app, name="rate")

RATE_COLUMNS = ("date", "currency", "rate", "reads")


@app.command("list")
def currency_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Enabled currencies with their latest rate, in words."""
    uow, cid = scope(ctx)
    own = companies.get_company(uow, cid).currency
    latest = {r.currency: r for r in currencies.list_rates(uow, cid)}
    rows = []
    for c in currencies.list_currencies(uow, cid):
        r = latest.get(c.code)
        reads = "company currency" if c.code == own else "no rate yet"
        if r is not None:
            reads = f"1 {c.code} = {r.rate} {own} since {r.date.isoformat()}"
        rows.append({"code": c.code, "exponent": c.exponent, "active": c.active, "rate": reads})
    render_rows(("code", "exponent", "active", "rate"), rows, fmt, title="Currencies")


@app.command("enable")
def currency_enable(
    ctx: typer.Context, code: str = typer.Argument(..., help="ISO 4217 code, e.g. USD.")
) -> None:
    """Enable a currency for documents and rates."""
    uow, cid = scope(ctx)
    row = currencies.enable_currency(uow, cid, code.strip().upper())
    typer.echo(f"currency {row.code} enabled")


@rate_app.command("add")
def rate_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Foreign currency, e.g. USD."),
    rate: str = typer.Argument(..., help="Company currency per 1 unit of CODE, e.g. 0.92."),
    day: str = typer.Option(..., "--date", help="From this date on (YYYY-MM-DD)."),
) -> None:
    """Record a rate: 1 CODE = RATE company currency from --date on."""
    uow, cid = scope(ctx)
    try:
        value = Decimal(rate)
    except InvalidOperation:
        raise InvalidInput(f"rate {rate!r} is not a number", field="rate") from None
    when = parse_day(day, "date")
    if when is None:  # typer requires --date; kept for the type checker
        raise InvalidInput("--date is required", field="date")
    row = currencies.add_rate(uow, cid, RateInput(code.upper(), when, value))
    own = companies.get_company(uow, cid).currency
    typer.echo(f"1 {row.currency} = {row.rate} {own} from {row.date.isoformat()}")


@app.command("rates")
def rate_list(
    ctx: typer.Context,
    code: str | None = typer.Argument(None, help="Only this currency."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Every recorded rate by currency and date, in words."""
    uow, cid = scope(ctx)
    own = companies.get_company(uow, cid).currency
    rows = [
        {"date": r.date, "currency": r.currency, "rate": r.rate,
         "reads": f"1 {r.currency} = {r.rate} {own}"}
        for r in currencies.list_rates(uow, cid, code.upper() if code else None)
    ]  # fmt: skip
    render_rows(RATE_COLUMNS, rows, fmt, title="Rates")


@app.command("import-rates")
def import_rates(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV of date,currency,rate rows."),
) -> None:
    """Import rates from a CSV file, all or nothing."""
    uow, cid = scope(ctx)
    written = currency_rates.import_rates(uow, cid, file.read_bytes())
    typer.echo(f"{len(written)} rates imported")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="currency")
