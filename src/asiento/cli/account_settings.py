"""``asiento company settings`` and ``asiento journal settings``: accounts postings use.

``--set NAME=CODE`` sets a setting to the account with that code (``NAME=``
clears it); without ``--set`` the command shows the settings. Names are those
of the API (``exchange_gain_account``, ``outstanding_receipts_account`` ...).
"""

from __future__ import annotations

from typing import Annotated

import typer

from asiento.cli.catalog import company_app, journal_app
from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.cli.term import app as term_app
from asiento.domain.errors import InvalidInput
from asiento.services.reference import account_settings as settings
from asiento.services.reference.account_settings import SettingAccount

COLUMNS = ("setting", "code", "name")
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="NAME=ACCOUNT_CODE (repeatable); NAME= clears the setting."),
]


def _pairs(given: list[str] | None) -> dict[str, int | str | None]:
    out: dict[str, int | str | None] = {}
    for text in given or []:
        name, sep, code = text.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--set {text!r}: expected NAME=ACCOUNT_CODE", field="set")
        out[name.strip()] = code.strip() or None
    return out


def _rows(accounts: dict[str, SettingAccount | None]) -> list[dict[str, object]]:
    return [
        {"setting": k, "code": a.code if a else None, "name": a.name if a else None}
        for k, a in accounts.items()
    ]


@company_app.command("settings")
def company_settings(
    ctx: typer.Context, set_: SetOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Show or change the company's accounting settings (accounts by code)."""
    uow, cid = scope(ctx)
    changes = _pairs(set_)
    view = (
        settings.update_company_settings(uow, cid, **changes)
        if changes
        else settings.get_settings(uow, cid)
    )
    render_rows(COLUMNS, _rows(view.accounts), fmt, title="Accounting settings")


@journal_app.command("settings")
def journal_settings(
    ctx: typer.Context,
    journal: str = typer.Argument(..., help="Bank or cash journal code."),
    set_: SetOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show or change a bank/cash journal's accounts (own, outstanding, suspense)."""
    uow, cid = scope(ctx)
    changes = _pairs(set_)
    if changes:
        view = settings.update_journal_settings(uow, cid, journal, **changes)
    else:
        found = [j for j in settings.get_settings(uow, cid).journals if j.code == journal]
        if not found:
            raise InvalidInput(f"journal {journal} is not a bank or cash journal", field="journal")
        view = found[0]
    render_rows(COLUMNS, _rows(view.accounts), fmt, title=f"Journal {view.code}")


@term_app.command("accounts")
def term_accounts(
    ctx: typer.Context,
    term: int = typer.Argument(..., help="Payment term id."),
    set_: SetOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Set a term's own cash discount accounts (discount_granted_account=CODE; NAME= clears)."""
    uow, cid = scope(ctx)
    view = settings.update_term_accounts(uow, cid, term, **_pairs(set_))
    render_rows(COLUMNS, _rows(view), fmt, title=f"Payment term {term}")


def register(root: typer.Typer) -> None:
    """The commands hang on ``company`` and ``journal`` (registered by ``cli.catalog``)."""
