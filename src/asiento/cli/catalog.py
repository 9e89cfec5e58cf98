"""Reference data: ``asiento company|account|journal|partner ...``.

Grouped in one module because each noun is a list and at most a create, all
rendered through ``render_rows``.
"""

from __future__ import annotations

from typing import Any

import typer

from asiento.cli.context import open_uow, scope
from asiento.cli.render import FormatOption, OutputFormat, render_object, render_rows
from asiento.domain.commands.changes import UNSET, fields_set, unset_if_none
from asiento.domain.commands.chart import NewAccount
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.errors import InvalidInput
from asiento.services.reference import chart, chart_templates, partner_contacts, partners
from asiento.services.reference.companies import (
    CompanyInput,
    create_company,
    get_company,
    list_companies,
)
from asiento.services.reference.company_settings import update_company
from asiento.services.search import records

company_app = typer.Typer(help="Companies.", no_args_is_help=True)
account_app = typer.Typer(help="Chart of accounts.", no_args_is_help=True)
journal_app = typer.Typer(help="Journals.", no_args_is_help=True)
partner_app = typer.Typer(help="Customers and suppliers.", no_args_is_help=True)

COMPANY_COLUMNS = ("id", "name", "currency", "country", "lock_date")
ACCOUNT_COLUMNS = ("id", "code", "name", "kind", "reconcilable")
JOURNAL_COLUMNS = ("id", "code", "name", "kind", "chain_length")
SEARCH_LIMIT = 50
PARTNER_COLUMNS = ("id", "name", "email", "country", "tax_id", "is_customer", "is_supplier")
PARTNER_FIELDS = (
    *PARTNER_COLUMNS,
    "street",
    "zip",
    "city",
    "region",
    "language",
    "invoice_email",
    "customer_payment_term_id",
    "supplier_payment_term_id",
    "payment_days",
    "electronic_address",
    "electronic_address_scheme",
    "buyer_reference",
    "einvoice_format",
)
CALENDAR_FIELDS = (
    "id",
    "name",
    "weekend_days",
    "holiday_country",
    "holiday_subdivision",
    "extra_holidays",
    "due_date_roll",
)


def _rows(records: list[Any], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{c: getattr(r, c) for c in columns} for r in records]


@company_app.command("list")
def company_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Companies in the database (pick one with --company)."""
    rows = _rows(list_companies(open_uow(ctx)), COMPANY_COLUMNS)
    render_rows(COMPANY_COLUMNS, rows, fmt, title="Companies")


@company_app.command("create")
def company_create(
    ctx: typer.Context,
    name: str = typer.Option(..., help="Company name."),
    currency: str = typer.Option(..., help="Company currency (ISO 4217), e.g. EUR."),
    chart_name: str | None = typer.Option(
        None, "--chart", help=f"Chart template: {' | '.join(chart_templates.TEMPLATES)}."
    ),
    country: str | None = typer.Option(None, help="Two-letter ISO country code."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a company, set up from a chart template (accounts, taxes, journals, settings)."""
    company = create_company(
        open_uow(ctx), CompanyInput(name=name, currency=currency, country=country, chart=chart_name)
    )
    render_object(_rows([company], COMPANY_COLUMNS)[0], fmt, COMPANY_COLUMNS)


@company_app.command("calendar")
def company_calendar(
    ctx: typer.Context,
    weekend: str | None = typer.Option(
        None, help="Weekdays off, Monday = 0: '5,6' (Sat, Sun); '' for none."
    ),
    holiday_country: str | None = typer.Option(
        None, "--holiday-country", help="Public holidays of this country ('' for none)."
    ),
    holiday_subdivision: str | None = typer.Option(
        None, "--holiday-subdivision", help="Region of that country, e.g. MD for Madrid."
    ),
    extra: list[str] = typer.Option([], "--extra-holiday", help="A day off, YYYY-MM-DD (repeat)."),
    clear_extra: bool = typer.Option(False, "--clear-extra", help="Drop every extra holiday."),
    roll: str | None = typer.Option(None, help="Due date on a day off moves forward|backward."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show or change the working calendar due dates are moved by."""
    uow, cid = scope(ctx)
    changes = CompanyChanges(
        weekend_days=UNSET if weekend is None else _weekdays(weekend),
        holiday_country=UNSET if holiday_country is None else holiday_country or None,
        holiday_subdivision=UNSET if holiday_subdivision is None else holiday_subdivision or None,
        extra_holidays=extra if extra or clear_extra else UNSET,
        due_date_roll=unset_if_none(roll),
    )
    company = update_company(uow, cid, changes) if fields_set(changes) else get_company(uow, cid)
    row = {f: getattr(company, f) for f in CALENDAR_FIELDS}
    render_object(row, fmt, CALENDAR_FIELDS)


def _weekdays(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InvalidInput(
            f"weekend {text!r}: expected weekdays such as 5,6", field="weekend_days"
        ) from None


@account_app.command("list")
def account_list(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, help="Only accounts of this kind."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The chart of accounts, by code."""
    uow, cid = scope(ctx)
    rows = _rows(chart.list_accounts(uow, cid, kind), ACCOUNT_COLUMNS)
    render_rows(ACCOUNT_COLUMNS, rows, fmt, title="Accounts")


@account_app.command("create")
def account_create(
    ctx: typer.Context,
    code: str = typer.Option(..., help="Account code, unique in the company."),
    name: str = typer.Option(..., help="Account name."),
    kind: str = typer.Option(..., help=f"One of: {', '.join(chart.ACCOUNT_KINDS)}."),
    reconcilable: bool = typer.Option(False, "--reconcilable", help="Items can be matched."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add an account to the chart."""
    uow, cid = scope(ctx)
    account = chart.create_account(
        uow, cid, NewAccount(code=code, name=name, kind=kind, reconcilable=reconcilable)
    )
    render_object(_rows([account], ACCOUNT_COLUMNS)[0], fmt, ACCOUNT_COLUMNS)


@journal_app.command("list")
def journal_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Journals, by code; chain_length counts posted entries."""
    uow, cid = scope(ctx)
    rows = _rows(chart.list_journals(uow, cid), JOURNAL_COLUMNS)
    render_rows(JOURNAL_COLUMNS, rows, fmt, title="Journals")


@partner_app.command("list")
def partner_list(
    ctx: typer.Context,
    search: str = typer.Option(
        "", "--search", "-s", help="Name, reference or VAT number to look for."
    ),
    archived: bool = typer.Option(False, "--archived", help="Search archived partners too."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Customers and suppliers, by name (or the first 50 --search finds, best first)."""
    uow, cid = scope(ctx)
    found = (
        records.found_partners(uow, cid, search, SEARCH_LIMIT, archived)
        if search.strip()
        else partners.list_partners(uow, cid)
    )
    render_rows(PARTNER_COLUMNS, _rows(found, PARTNER_COLUMNS), fmt, title="Partners")


@partner_app.command("archive")
def partner_archive(
    ctx: typer.Context, partner_id: int = typer.Argument(..., help="Partner id.")
) -> None:
    """Hide a partner from pickers and searches; its documents keep it (never deleted)."""
    uow, cid = scope(ctx)
    partner = partners.update_partner(uow, cid, partner_id, PartnerChanges(active=False))
    typer.echo(f"partner {partner.name} archived")


CONTACT_COLUMNS = ("id", "name", "role", "email", "phone")


@partner_app.command("contacts")
def partner_contacts_list(
    ctx: typer.Context,
    partner_id: int = typer.Argument(..., help="Partner id."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The people at a partner, by name."""
    uow, cid = scope(ctx)
    rows = _rows(partner_contacts.list_contacts(uow, cid, partner_id), CONTACT_COLUMNS)
    render_rows(CONTACT_COLUMNS, rows, fmt, title="Contacts")


@partner_app.command("add-contact")
def partner_add_contact(
    ctx: typer.Context,
    partner_id: int = typer.Argument(..., help="Partner id."),
    name: str = typer.Option(..., help="The person's name."),
    role: str = typer.Option("", help="Role or job title."),
    email: str = typer.Option("", help="E-mail address."),
    phone: str = typer.Option("", help="Phone number."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a person to a partner's contacts."""
    uow, cid = scope(ctx)
    view = partner_contacts.add_contact(uow, cid, partner_id, name, role, email, phone)
    render_object(_rows([view], CONTACT_COLUMNS)[0], fmt, CONTACT_COLUMNS)


@partner_app.command("remove-contact")
def partner_remove_contact(
    ctx: typer.Context,
    partner_id: int = typer.Argument(..., help="Partner id."),
    contact_id: int = typer.Argument(..., help="Contact id (see partner contacts)."),
) -> None:
    """Remove one contact of a partner."""
    uow, cid = scope(ctx)
    partner_contacts.remove_contact(uow, cid, partner_id, contact_id)
    typer.echo(f"contact {contact_id} removed")


@partner_app.command("restore")
def partner_restore(
    ctx: typer.Context, partner_id: int = typer.Argument(..., help="Partner id.")
) -> None:
    """Bring an archived partner back."""
    uow, cid = scope(ctx)
    partner = partners.update_partner(uow, cid, partner_id, PartnerChanges(active=True))
    typer.echo(f"partner {partner.name} restored")


@partner_app.command("create")
def partner_create(
    ctx: typer.Context,
    name: str = typer.Option(..., help="Partner name."),
    email: str | None = typer.Option(None, help="E-mail address."),
    country: str | None = typer.Option(None, help="Two-letter ISO country code."),
    tax_id: str | None = typer.Option(None, "--tax-id", help="VAT number (validated)."),
    street: str | None = typer.Option(None),
    zip_code: str | None = typer.Option(None, "--zip", help="Postal code."),
    city: str | None = typer.Option(None),
    region: str | None = typer.Option(None),
    language: str | None = typer.Option(None, help="Documents in en, es or zh."),
    invoice_email: str | None = typer.Option(None, "--invoice-email", help="Invoices go here."),
    supplier: bool = typer.Option(False, "--supplier", help="A supplier, not a customer."),
    customer_term: str | None = typer.Option(
        None, "--customer-term", help="Default payment term on its invoices (id or name)."
    ),
    supplier_term: str | None = typer.Option(
        None, "--supplier-term", help="Default payment term on its bills (id or name)."
    ),
    payment_days: str = typer.Option(
        "", "--payment-days", help="Days of the month it pays on, e.g. '5,20'."
    ),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a customer (or, with --supplier, a supplier)."""
    uow, cid = scope(ctx)
    partner = partners.create_partner(
        uow,
        cid,
        NewPartner(
            name=name,
            email=email,
            country=country,
            tax_id=tax_id,
            street=street,
            zip=zip_code,
            city=city,
            region=region,
            language=language,
            invoice_email=invoice_email,
            is_customer=not supplier,
            is_supplier=supplier,
            customer_payment_term=customer_term,
            supplier_payment_term=supplier_term,
            payment_days=payment_days,
        ),
    )
    render_object(_rows([partner], PARTNER_FIELDS)[0], fmt, PARTNER_FIELDS)


@partner_app.command("update")
def partner_update(
    ctx: typer.Context,
    partner_id: int = typer.Argument(..., help="Partner id."),
    email: str | None = typer.Option(None, help="E-mail address."),
    street: str | None = typer.Option(None),
    zip_code: str | None = typer.Option(None, "--zip", help="Postal code."),
    city: str | None = typer.Option(None),
    region: str | None = typer.Option(None),
    country: str | None = typer.Option(None, help="Two-letter ISO country code."),
    tax_id: str | None = typer.Option(None, "--tax-id", help="VAT number (validated)."),
    language: str | None = typer.Option(None, help="Documents in en, es or zh ('' clears)."),
    invoice_email: str | None = typer.Option(None, "--invoice-email", help="Invoices go here."),
    customer_term: str | None = typer.Option(
        None, "--customer-term", help="Default term on its invoices (id or name; '' clears)."
    ),
    supplier_term: str | None = typer.Option(
        None, "--supplier-term", help="Default term on its bills (id or name; '' clears)."
    ),
    payment_days: str | None = typer.Option(
        None, "--payment-days", help="Days of the month it pays on, '5,20' ('' clears)."
    ),
    address: str | None = typer.Option(
        None, "--einvoice-address", help="Electronic address (BT-49), e.g. a Peppol id."
    ),
    scheme: str | None = typer.Option(
        None, "--einvoice-scheme", help="Its EAS scheme: 0088, 9930, EM…"
    ),
    buyer_reference: str | None = typer.Option(
        None, "--buyer-reference", help="Buyer reference / Leitweg-ID (BT-10)."
    ),
    einvoice_format: str | None = typer.Option(
        None,
        "--einvoice-format",
        help="none, facturx, xrechnung-cii, xrechnung-ubl or ubl ('' = company default).",
    ),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a partner's address, VAT number, language, e-mails, default payment terms,
    payment days or e-invoice settings."""
    uow, cid = scope(ctx)
    changes = PartnerChanges(
        email=unset_if_none(email),
        street=unset_if_none(street),
        zip=unset_if_none(zip_code),
        city=unset_if_none(city),
        region=unset_if_none(region),
        country=unset_if_none(country),
        tax_id=unset_if_none(tax_id),
        language=unset_if_none(language),
        invoice_email=unset_if_none(invoice_email),
        customer_payment_term=unset_if_none(customer_term),
        supplier_payment_term=unset_if_none(supplier_term),
        payment_days=unset_if_none(payment_days),
        electronic_address=unset_if_none(address),
        electronic_address_scheme=unset_if_none(scheme),
        buyer_reference=unset_if_none(buyer_reference),
        einvoice_format=unset_if_none(einvoice_format),
    )
    partner = partners.update_partner(uow, cid, partner_id, changes)
    render_object(_rows([partner], PARTNER_FIELDS)[0], fmt, PARTNER_FIELDS)


def register(root: typer.Typer) -> None:
    root.add_typer(company_app, name="company")
    root.add_typer(account_app, name="account")
    root.add_typer(journal_app, name="journal")
    root.add_typer(partner_app, name="partner")
