"""Identity on documents: ``asiento company identity|logo``, ``asiento bank-account ...``,
``asiento journal update``.

``company identity`` shows the seller's details documents print and changes
those given (an empty string clears one); ``bank-account`` manages the
company's accounts (``--partner`` for a partner's); ``journal update
--bank-account`` points a bank journal at one of the company's accounts.
"""

from __future__ import annotations

from pathlib import Path

import typer

from asiento.cli.catalog import company_app, journal_app
from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_object, render_rows
from asiento.domain.commands.bank_accounts import BankAccountChanges, NewBankAccount
from asiento.domain.commands.changes import UNSET, Unset, fields_set, unset_if_none
from asiento.domain.commands.chart import JournalChanges
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.errors import InvalidInput
from asiento.services.reference import bank_accounts, chart
from asiento.services.reference.companies import get_company
from asiento.services.reference.company_settings import set_logo, update_company

IDENTITY_FIELDS = (
    "id",
    "name",
    "legal_name",
    "trade_name",
    "street",
    "zip",
    "city",
    "region",
    "country",
    "tax_id",
    "registration_number",
    "email",
    "phone",
    "website",
    "language",
    "electronic_address",
    "electronic_address_scheme",
    "einvoice_format",
    "logo_type",
)
ACCOUNT_COLUMNS = ("id", "partner_id", "label", "bic", "bank_name", "currency", "is_default")

bank_app = typer.Typer(help="Bank accounts of the company (or of a partner).", no_args_is_help=True)


@company_app.command("identity")
def company_identity(
    ctx: typer.Context,
    legal_name: str | None = typer.Option(None, "--legal-name", help="Printed as the seller."),
    trade_name: str | None = typer.Option(None, "--trade-name"),
    street: str | None = typer.Option(None),
    zip_code: str | None = typer.Option(None, "--zip", help="Postal code."),
    city: str | None = typer.Option(None),
    region: str | None = typer.Option(None),
    country: str | None = typer.Option(None, help="Two-letter ISO code."),
    tax_id: str | None = typer.Option(None, "--vat", help="VAT number (validated)."),
    registration: str | None = typer.Option(None, "--registration", help="Registry number."),
    email: str | None = typer.Option(None),
    phone: str | None = typer.Option(None),
    website: str | None = typer.Option(None),
    language: str | None = typer.Option(None, help="Default document language: en, es, zh."),
    address: str | None = typer.Option(
        None, "--einvoice-address", help="Electronic address (BT-34), e.g. a Peppol id."
    ),
    scheme: str | None = typer.Option(None, "--einvoice-scheme", help="EAS: 0088, 9930, EM…"),
    einvoice_format: str | None = typer.Option(
        None, "--einvoice-format", help="Default for partners: none, facturx, xrechnung-cii…"
    ),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show or change what documents print about the company ('' clears a field)."""
    uow, cid = scope(ctx)
    changes = CompanyChanges(
        legal_name=_text(legal_name),
        trade_name=_text(trade_name),
        street=_text(street),
        zip=_text(zip_code),
        city=_text(city),
        region=_text(region),
        country=_text(country),
        tax_id=_text(tax_id),
        registration_number=_text(registration),
        email=_text(email),
        phone=_text(phone),
        website=_text(website),
        language=unset_if_none(language),
        electronic_address=_text(address),
        electronic_address_scheme=_text(scheme),
        einvoice_format=_text(einvoice_format),
    )
    company = update_company(uow, cid, changes) if fields_set(changes) else get_company(uow, cid)
    render_object({f: getattr(company, f) for f in IDENTITY_FIELDS}, fmt, IDENTITY_FIELDS)


@company_app.command("logo")
def company_logo(
    ctx: typer.Context,
    path: Path | None = typer.Argument(None, help="PNG, JPEG, GIF or WebP file, 512 KiB at most."),
    remove: bool = typer.Option(False, "--remove", help="Drop the logo."),
) -> None:
    """Set (or --remove) the logo documents print."""
    uow, cid = scope(ctx)
    if remove == (path is not None):
        raise InvalidInput("give a logo file, or --remove", field="path")
    content = None
    if path is not None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{path}: {exc.strerror}", field="path") from None
    kind = set_logo(uow, cid, content)
    typer.echo(f"logo set ({kind})" if kind else "logo removed")


@bank_app.command("list")
def account_list(
    ctx: typer.Context,
    partner: int | None = typer.Option(None, help="A partner's accounts (id)."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The company's bank accounts (default first per currency), or a partner's."""
    uow, cid = scope(ctx)
    views = bank_accounts.list_bank_accounts(uow, cid, partner)
    rows = [{c: getattr(v, c) for c in ACCOUNT_COLUMNS} for v in views]
    render_rows(ACCOUNT_COLUMNS, rows, fmt, title="Bank accounts")


def _text(value: str | None) -> str | Unset | None:
    """An option left out changes nothing; '' clears the field."""
    return UNSET if value is None else value or None


@bank_app.command("create")
def account_create(
    ctx: typer.Context,
    iban: str | None = typer.Option(None, help="IBAN (validated)."),
    account_number: str | None = typer.Option(None, "--number", help="Where there is no IBAN."),
    bank_code: str | None = typer.Option(None, "--bank-code", help="With --number."),
    bic: str | None = typer.Option(None),
    bank_name: str | None = typer.Option(None, "--bank-name"),
    currency: str | None = typer.Option(None, help="Required for the company's accounts."),
    holder: str | None = typer.Option(None, help="Account holder's name."),
    default: bool = typer.Option(False, "--default", help="The default for its currency."),
    partner: int | None = typer.Option(None, help="A partner's account (id)."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a bank account of the company (or, with --partner, of a partner)."""
    uow, cid = scope(ctx)
    cmd = NewBankAccount(
        partner_id=partner,
        iban=iban or None,
        account_number=account_number or None,
        bank_code=bank_code or None,
        bic=bic or None,
        bank_name=bank_name or None,
        currency=currency or None,
        holder_name=holder or None,
        is_default=default,
    )
    view = bank_accounts.create_bank_account(uow, cid, cmd)
    render_object({c: getattr(view, c) for c in ACCOUNT_COLUMNS}, fmt, ACCOUNT_COLUMNS)


@bank_app.command("update")
def account_update(
    ctx: typer.Context,
    account_id: int = typer.Argument(..., help="Bank account id."),
    iban: str | None = typer.Option(None),
    bic: str | None = typer.Option(None),
    bank_name: str | None = typer.Option(None, "--bank-name"),
    currency: str | None = typer.Option(None),
    default: bool | None = typer.Option(None, "--default/--not-default"),
    active: bool | None = typer.Option(None, "--active/--inactive"),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a bank account ('' clears a text field)."""
    uow, cid = scope(ctx)
    changes = BankAccountChanges(
        iban=_text(iban),
        bic=_text(bic),
        bank_name=_text(bank_name),
        currency=_text(currency),
        is_default=unset_if_none(default),
        active=unset_if_none(active),
    )
    view = bank_accounts.update_bank_account(uow, cid, account_id, changes)
    render_object({c: getattr(view, c) for c in ACCOUNT_COLUMNS}, fmt, ACCOUNT_COLUMNS)


@journal_app.command("update")
def journal_update(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Journal code."),
    bank_account: int | None = typer.Option(
        None, "--bank-account", help="Company bank account id this journal books (0 clears)."
    ),
    name: str | None = typer.Option(None),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a journal's name or the bank account it books."""
    uow, cid = scope(ctx)
    journal = chart.journal_id_by_code(uow, cid, code)
    changes = JournalChanges(
        bank_account_id=UNSET if bank_account is None else bank_account or None,
        name=unset_if_none(name),
    )
    row = chart.update_journal(uow, cid, journal, changes)
    fields = ("id", "code", "name", "kind", "iban", "bank_account_id")
    render_object({f: getattr(row, f) for f in fields}, fmt, fields)


def register(root: typer.Typer) -> None:
    root.add_typer(bank_app, name="bank-account")
