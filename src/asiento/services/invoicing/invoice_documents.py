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
    - The payment reference is the structured reference (RF / QR reference)
      of a posted customer invoice, else ``payment_reference``, else the number.
    - The document is in the partner's language, else the company's (``lang``):
      labels (``documents.wording``), dates and numbers (Babel), the payment
      term's description, tax names and their legal mentions.
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
from asiento.documents.wording import BABEL_LOCALE, HTML_LANG, language_of, words
from asiento.domain.invoice_totals import InvoiceTotals, compute_totals
from asiento.services.invoicing.document_parties import (
    Party,
    buyer_of,
    logo_url,
    seller_of,
    tax_wording,
)
from asiento.services.invoicing.invoice_drafts import document_of, invoice_lines
from asiento.services.invoicing.payment_instructions import PaymentInstructions, instructions
from asiento.services.invoicing.payment_schedule import rule_of
from asiento.services.invoicing.term_wording import term_words
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Company, Invoice, JournalItem, Partner, PaymentTerm
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

DEFAULT_LOCALE: Final = None
"""No language asked for: the partner's, else the company's."""
TEMPLATE: Final = "invoice.html"
KIND_LABELS: Final = {
    "customer_invoice": "Invoice",
    "customer_credit_note": "Credit note",
    "vendor_bill": "Vendor bill",
    "vendor_credit_note": "Vendor credit note",
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
    lang: str = "en"
    logo: str | None = None
    payment_term: str = ""
    legal_mentions: tuple[str, ...] = ()
    payment: PaymentInstructions | None = None

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.lang, "en")

    @property
    def filename(self) -> str:
        """``INV-2026-00001.pdf``; ``draft-12.pdf`` / ``proforma-12.pdf`` before posting."""
        if self.number:
            return self.number.replace("/", "-") + ".pdf"
        return f"{self.state}-{self.invoice_id}.pdf"


class Formatter:
    """Babel formatting of money, quantities and dates for one currency and locale."""

    def __init__(self, currency: str, lang: str) -> None:
        self.currency = currency
        self.locale = BABEL_LOCALE.get(lang, lang)
        self.t = words(lang if lang in BABEL_LOCALE else "en")

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
    uow: UnitOfWork, company_id: int, invoice_id: int, *, locale: str | None = DEFAULT_LOCALE
) -> InvoicePrint:
    """The print read model of invoice ``invoice_id`` (``NotFound`` outside the company)."""
    with uow:
        return build_print(uow.session, company_id, invoice_id, locale)


def build_print(
    session: Session, company_id: int, invoice_id: int, locale: str | None = None
) -> InvoicePrint:
    """In-session form of ``invoice_print``, for services that already hold a transaction.

    ``locale`` (en, es, zh) overrides the partner's language.
    """
    invoice = get_scoped(session, Invoice, company_id, invoice_id, "invoice")
    company = session.get_one(Company, company_id)
    partner = get_scoped(session, Partner, company_id, invoice.partner_id, "partner")
    lang = language_of(locale or partner.language, company.language)
    totals = invoice_totals(session, company, invoice)
    fmt = Formatter(invoice.currency, lang)
    wording = tax_wording(session, company_id, (t.tax.id for t in totals.taxes), lang, fmt.t)
    due = due_dates(session, invoice, totals, fmt)
    return InvoicePrint(
        invoice_id=invoice.id,
        kind=fmt.t(KIND_LABELS.get(invoice.kind, "Invoice")),
        title=invoice.number or fmt.t(STATE_TITLES.get(invoice.state, "Draft")),
        number=invoice.number,
        state=invoice.state,
        company=seller_of(company, lang, fmt.t),
        partner=buyer_of(invoice, partner, lang),
        partner_email=partner.invoice_email or partner.email,
        invoice_date=fmt.date(invoice.invoice_date),
        currency=invoice.currency,
        lines=printed_lines(totals, fmt),
        taxes=printed_taxes(totals, fmt, wording.names),
        untaxed=fmt.money(totals.untaxed.amount),
        tax=fmt.money(totals.tax_total.amount),
        total=fmt.money(totals.total.amount),
        due_dates=due,
        payment_reference=invoice.structured_reference
        or invoice.payment_reference
        or invoice.number,
        ref=invoice.ref,
        narration=invoice.narration,
        lang=lang,
        logo=logo_url(session, company_id),
        payment_term=term_text(session, invoice, lang, fmt),
        legal_mentions=wording.mentions,
        payment=instructions(session, company, partner, invoice, totals.total.amount, fmt.t),
    )


def term_text(session: Session, invoice: Invoice, lang: str, fmt: Formatter) -> str:
    """The payment term described in ``lang``, or "" without a term."""
    if invoice.payment_term_id is None:
        return ""
    term = get_scoped(session, PaymentTerm, invoice.company_id, invoice.payment_term_id, "term")
    return term_words(rule_of(term.definition), lang, fmt.t)


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


def printed_taxes(
    totals: InvoiceTotals, fmt: Formatter, names: dict[int, str]
) -> tuple[PrintedTax, ...]:
    """One row per tax with a base or an amount, in application order, named in the language."""
    return tuple(
        PrintedTax(
            names.get(t.tax.id, t.tax.name), fmt.money(t.base.amount), fmt.money(t.amount.amount)
        )
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
            else fmt.t(
                "Pay {amount} if paid by {date}", amount=fmt.minor(abs(early)), date=fmt.date(by)
            ),
        )
        for day, amount, by, early in session.execute(stmt)
    )


def context_of(doc: InvoicePrint) -> dict[str, object]:
    """What the template sees: the read model and its language's words."""
    return {"doc": doc, "t": words(doc.lang)}


def invoice_html(
    uow: UnitOfWork, company_id: int, invoice_id: int, *, locale: str | None = DEFAULT_LOCALE
) -> str:
    """The invoice as HTML: the very template the PDF is printed from."""
    return render_html(
        TEMPLATE, context_of(invoice_print(uow, company_id, invoice_id, locale=locale))
    )


def invoice_pdf(
    uow: UnitOfWork, company_id: int, invoice_id: int, *, locale: str | None = DEFAULT_LOCALE
) -> tuple[str, bytes]:
    """``(filename, PDF bytes)`` of the invoice; read only, nothing is recorded."""
    doc = invoice_print(uow, company_id, invoice_id, locale=locale)
    return doc.filename, render_pdf(TEMPLATE, context_of(doc))


def print_pdf(doc: InvoicePrint, variant: str | None = None) -> bytes:
    """PDF bytes of an already built read model (sending, batch printing, Factur-X)."""
    return render_pdf(TEMPLATE, context_of(doc), variant)


__all__ = [
    "InvoicePrint",
    "build_print",
    "invoice_html",
    "invoice_pdf",
    "invoice_print",
    "print_pdf",
]
