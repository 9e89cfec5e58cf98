"""The printed invoice: a read model, its HTML and its PDF.

``invoice_print`` gathers, in one read transaction, everything the template
shows and formats it (Babel, per currency and locale), so the template only
lays text out and never computes. ``invoice_html`` and ``invoice_pdf`` render
the same template (``templates/invoice.html``): what the HTML shows is what
the PDF prints.

Invariants:
    - Line subtotals, the tax summary and the totals come from
      ``invoice_totals.compute_totals`` over the stored lines: the function the
      journal entry is planned from, so a posted invoice prints its entry's
      figures to the cent.
    - Due dates of a posted invoice are its entry's receivable (payable) items,
      one per installment; a draft or pro-forma shows one due date (its due
      date, else its invoice date) for the whole total.
    - The title is the number once posted; before that "Draft" or
      "Pro-forma", never a number.
    - The payment reference is ``payment_reference``, else the number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.documents.pdf import render_html, render_pdf
from asiento.domain.invoice_totals import InvoiceTotals, compute_totals
from asiento.services.invoicing.invoice_drafts import document_of, invoice_lines
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Company, Invoice, JournalItem, Partner
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

DEFAULT_LOCALE: Final = "en"
TEMPLATE: Final = "invoice.html"
KIND_LABELS: Final = {
    "out_invoice": "Invoice",
    "out_refund": "Credit note",
    "in_invoice": "Vendor bill",
    "in_refund": "Vendor credit note",
}
STATE_TITLES: Final = {"draft": "Draft", "proforma": "Pro-forma"}


@dataclass(frozen=True, slots=True)
class PrintedLine:
    description: str
    quantity: str
    unit_price: str
    discount: str
    subtotal: str


@dataclass(frozen=True, slots=True)
class PrintedTax:
    name: str
    base: str
    amount: str


@dataclass(frozen=True, slots=True)
class PrintedDueDate:
    """One installment; ``early`` is its cash discount offer ("1185.80 if paid by ..."), or ""."""

    date: str
    amount: str
    early: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    address: tuple[str, ...]
    tax_id: str | None


@dataclass(frozen=True, slots=True)
class InvoicePrint:
    """Everything ``invoice.html`` shows, already formatted."""

    invoice_id: int
    kind: str
    title: str
    number: str | None
    state: str
    company: Party
    partner: Party
    partner_email: str | None
    invoice_date: str
    currency: str
    lines: tuple[PrintedLine, ...]
    taxes: tuple[PrintedTax, ...]
    untaxed: str
    tax: str
    total: str
    due_dates: tuple[PrintedDueDate, ...]
    payment_reference: str | None
    ref: str
    narration: str

    @property
    def filename(self) -> str:
        """``INV-2026-00001.pdf``; ``draft-12.pdf`` / ``proforma-12.pdf`` before posting."""
        if self.number:
            return self.number.replace("/", "-") + ".pdf"
        return f"{self.state}-{self.invoice_id}.pdf"


class Formatter:
    """Babel formatting of money, quantities and dates for one currency and locale."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency = currency
        self.locale = locale

    def money(self, amount: Decimal) -> str:
        return str(format_currency(amount, self.currency, locale=self.locale))

    def minor(self, units: int) -> str:
        return self.money(from_minor(units, self.currency))

    def price(self, amount: Decimal) -> str:
        """Unit prices keep up to six decimals, never fewer than the currency's two."""
        return str(format_decimal(amount, format="#,##0.00####", locale=self.locale))

    def quantity(self, value: Decimal) -> str:
        return str(format_decimal(value.normalize(), locale=self.locale))

    def date(self, day: dt.date | None) -> str:
        return str(format_date(day, format="medium", locale=self.locale)) if day else ""


def invoice_print(
    uow: UnitOfWork, company_id: int, invoice_id: int, *, locale: str = DEFAULT_LOCALE
) -> InvoicePrint:
    """The print read model of invoice ``invoice_id`` (``NotFound`` outside the company)."""
    with uow:
        return build_print(uow.session, company_id, invoice_id, locale)


def build_print(session: Session, company_id: int, invoice_id: int, locale: str) -> InvoicePrint:
    """In-session form of ``invoice_print``, for services that already hold a transaction."""
    invoice = get_scoped(session, Invoice, company_id, invoice_id, "invoice")
    company = session.get_one(Company, company_id)
    partner = get_scoped(session, Partner, company_id, invoice.partner_id, "partner")
    totals = invoice_totals(session, company, invoice)
    fmt = Formatter(invoice.currency, locale)
    return InvoicePrint(
        invoice_id=invoice.id,
        kind=KIND_LABELS.get(invoice.move_type, invoice.move_type),
        title=invoice.number or STATE_TITLES.get(invoice.state, invoice.state.title()),
        number=invoice.number,
        state=invoice.state,
        company=Party(company.name, tuple(filter(None, (company.country,))), company.tax_id),
        partner=Party(partner.name, partner_address(invoice, partner), partner.tax_id),
        partner_email=partner.email,
        invoice_date=fmt.date(invoice.invoice_date),
        currency=invoice.currency,
        lines=printed_lines(totals, fmt),
        taxes=printed_taxes(totals, fmt),
        untaxed=fmt.money(totals.untaxed.amount),
        tax=fmt.money(totals.tax_total.amount),
        total=fmt.money(totals.total.amount),
        due_dates=due_dates(session, invoice, totals, fmt),
        payment_reference=invoice.payment_reference or invoice.number,
        ref=invoice.ref,
        narration=invoice.narration,
    )


def partner_address(invoice: Invoice, partner: Partner) -> tuple[str, ...]:
    """The invoice's own address when set, else the partner's street, city and country."""
    if invoice.invoice_address.strip():
        return tuple(line for line in invoice.invoice_address.splitlines() if line.strip())
    city = " ".join(p for p in (partner.zip, partner.city) if p)
    return tuple(p for p in (partner.street, city, partner.country) if p)


def invoice_totals(session: Session, company: Company, invoice: Invoice) -> InvoiceTotals:
    """``compute_totals`` of the stored document (the figures its entry is planned from).

    The stored rate is used when there is one (posted invoices keep theirs).
    """
    lines = invoice_lines(session, invoice.id)
    return compute_totals(document_of(session, company, invoice, lines, rate=invoice.rate))


def printed_lines(totals: InvoiceTotals, fmt: Formatter) -> tuple[PrintedLine, ...]:
    return tuple(
        PrintedLine(
            description=line.description,
            quantity=fmt.quantity(line.quantity),
            unit_price=fmt.price(line.price_unit),
            discount=f"{fmt.quantity(line.discount)} %" if line.discount else "",
            subtotal=fmt.money(base.amount),
        )
        for line, base in zip(totals.document.lines, totals.line_bases, strict=True)
    )


def printed_taxes(totals: InvoiceTotals, fmt: Formatter) -> tuple[PrintedTax, ...]:
    """One row per tax with a base or an amount, in application order."""
    return tuple(
        PrintedTax(t.tax.name, fmt.money(t.base.amount), fmt.money(t.amount.amount))
        for t in totals.taxes
    )


def due_dates(
    session: Session, invoice: Invoice, totals: InvoiceTotals, fmt: Formatter
) -> tuple[PrintedDueDate, ...]:
    """The installments: the entry's partner items once posted, else one due date."""
    if invoice.entry_id is None:
        day = invoice.due_date or invoice.manual_due_date or invoice.invoice_date
        return (PrintedDueDate(fmt.date(day), fmt.money(totals.total.amount)),)
    stmt = (
        select(
            JournalItem.due_date,
            JournalItem.amount_currency,
            JournalItem.discount_date,
            JournalItem.discount_amount_currency,
        )
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == invoice.company_id,
            JournalItem.entry_id == invoice.entry_id,
            Account.kind.in_(("receivable", "payable")),
        )
        .order_by(JournalItem.due_date, JournalItem.id)
    )
    return tuple(
        PrintedDueDate(
            fmt.date(day),
            fmt.minor(abs(amount)),
            ""
            if by is None or early is None
            else f"{fmt.minor(abs(early))} if paid by {fmt.date(by)}",
        )
        for day, amount, by, early in session.execute(stmt)
    )


def invoice_html(
    uow: UnitOfWork, company_id: int, invoice_id: int, *, locale: str = DEFAULT_LOCALE
) -> str:
    """The invoice as HTML: the very template the PDF is printed from."""
    return render_html(TEMPLATE, {"doc": invoice_print(uow, company_id, invoice_id, locale=locale)})


def invoice_pdf(
    uow: UnitOfWork, company_id: int, invoice_id: int, *, locale: str = DEFAULT_LOCALE
) -> tuple[str, bytes]:
    """``(filename, PDF bytes)`` of the invoice; read only, nothing is recorded."""
    doc = invoice_print(uow, company_id, invoice_id, locale=locale)
    return doc.filename, render_pdf(TEMPLATE, {"doc": doc})


def print_pdf(doc: InvoicePrint) -> bytes:
    """PDF bytes of an already built read model (sending and batch printing)."""
    return render_pdf(TEMPLATE, {"doc": doc})


__all__ = [
    "InvoicePrint",
    "build_print",
    "invoice_html",
    "invoice_pdf",
    "invoice_print",
    "print_pdf",
]
