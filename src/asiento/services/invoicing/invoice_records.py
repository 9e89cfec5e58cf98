"""Stored invoices read back as domain documents; totals written back.

``document_of`` rebuilds the ``InvoiceDocument`` of a stored invoice (its lines,
their taxes as ``TaxRule``, the company's rounding mode and the rate), and
``refresh_totals`` stores ``compute_totals``'s figures on the invoice and its
lines. Drafting, posting and the read model all go through these two, so the
stored, printed and posted figures cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.cash_discount import TaxTreatment
from asiento.domain.invoice_totals import (
    DocumentKind,
    InvoiceDocument,
    InvoiceTotals,
    compute_totals,
)
from asiento.domain.invoice_totals import InvoiceLine as LineRule
from asiento.domain.taxes import RoundingMode, TaxRule
from asiento.services.invoicing.payment_schedule import load_term
from asiento.services.reference import cache
from asiento.services.reference.currencies import rate_at
from asiento.store.query import rows_by_id
from asiento.store.tables import Company, Invoice, InvoiceLine, JournalItem, Tax, invoice_line_taxes
from asiento.store.tenancy import company_rows
from asiento.store.types import to_minor

ONE = Decimal(1)


def invoice_lines(session: Session, invoice_id: int) -> list[InvoiceLine]:
    stmt = select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
    return list(session.scalars(stmt.order_by(InvoiceLine.sequence, InvoiceLine.id)))


def line_tax_ids(session: Session, line_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Tax ids per invoice line, one query."""
    out: dict[int, list[int]] = {i: [] for i in line_ids}
    rows = session.execute(
        select(invoice_line_taxes.c.line_id, invoice_line_taxes.c.tax_id)
        .where(
            *company_rows(session, invoice_line_taxes), invoice_line_taxes.c.line_id.in_(line_ids)
        )
        .order_by(invoice_line_taxes.c.line_id, invoice_line_taxes.c.tax_id)
    )
    for line_id, tax_id in rows:
        out[line_id].append(tax_id)
    return {k: tuple(v) for k, v in out.items()}


def tax_rule(tax: Tax) -> TaxRule:
    """A stored tax as the domain applies it."""
    return TaxRule(
        id=tax.id,
        name=tax.name,
        amount_type=tax.amount_type,  # type: ignore[arg-type]
        amount=tax.amount,
        price_include=tax.price_include,
        tax_account_id=tax.tax_account_id,
        base_account_id=tax.base_account_id,
        group=tax.tax_group,
        sequence=tax.sequence,
        include_base_amount=tax.include_base_amount,
    )


def rate_for(session: Session, company: Company, currency: str, day: date) -> Decimal:
    """1 in the company currency, else the rate on or before ``day``."""
    if currency == company.currency:
        return ONE
    return rate_at(session, company.id, currency, day)


class LineFacts(Protocol):
    """What the totals read of a line: stored (``InvoiceLine``) or about to be stored."""

    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def price_unit(self) -> Decimal: ...
    @property
    def discount(self) -> Decimal: ...
    @property
    def account_id(self) -> int: ...
    @property
    def product_id(self) -> int | None: ...


def document_of(
    session: Session,
    company: Company,
    invoice: Invoice,
    lines: Sequence[InvoiceLine],
    *,
    rate: Decimal | None = None,
) -> InvoiceDocument:
    """The domain document of a stored invoice.

    ``rate`` defaults to the rate of the invoice date (today while it is empty).
    """
    taxes_by_line = line_tax_ids(session, [line.id for line in lines])
    taxed = [(line, taxes_by_line[line.id]) for line in lines]
    return document_from(session, company, invoice, taxed, rate=rate)


def document_from(
    session: Session,
    company: Company,
    invoice: Invoice,
    lines: Sequence[tuple[LineFacts, Sequence[int]]],
    *,
    rate: Decimal | None = None,
    taxes: Mapping[int, Tax] | None = None,
) -> InvoiceDocument:
    """The domain document of ``invoice``'s header with these lines and their tax ids.

    ``taxes`` are those the caller just read (none is read again); the others come from the
    session when it holds them (``store.query.rows_by_id``), else from one query.
    """
    wanted = {t for _, ids in lines for t in ids} - set(taxes or {})
    held = rows_by_id(session, Tax, wanted, load=False)
    rows = {**(taxes or {}), **held, **cache.company_taxes(session, company.id, wanted - set(held))}
    rules = {k: tax_rule(t) for k, t in rows.items()}
    day = invoice.invoice_date or date.today()
    return InvoiceDocument(
        kind=_kind(invoice.kind),
        currency=invoice.currency,
        company_currency=company.currency,
        lines=tuple(
            LineRule(
                description=line.description,
                quantity=line.quantity,
                price_unit=line.price_unit,
                account_id=line.account_id,
                taxes=tuple(rules[t] for t in tax_ids),
                discount=line.discount,
                product_id=line.product_id,
            )
            for line, tax_ids in lines
        ),
        rounding_mode=_rounding(company.tax_rounding),
        rate=rate if rate is not None else rate_for(session, company, invoice.currency, day),
        tax_base_discount=tax_base_discount(session, invoice),
    )


def tax_base_discount(session: Session, invoice: Invoice) -> Decimal:
    """The cash discount percent taxes are computed without, or 0.

    Non-zero only when the invoice's payment term (not overridden by a manual
    due date) has a cash discount treated "always on the discounted base".
    """
    if invoice.payment_term_id is None or invoice.manual_due_date is not None:
        return Decimal(0)
    discount = load_term(session, invoice.company_id, invoice.payment_term_id).discount
    if discount is None or discount.tax_treatment is not TaxTreatment.ALWAYS_ON_DISCOUNTED_BASE:
        return Decimal(0)
    return discount.percent


def _kind(value: str) -> DocumentKind:
    return value  # type: ignore[return-value]  # checked by compute_totals


def _rounding(value: str) -> RoundingMode:
    return value  # type: ignore[return-value]  # checked by compute_totals


def refresh_totals(session: Session, company: Company, invoice: Invoice) -> InvoiceTotals:
    """Compute the totals of the stored lines and store them on the invoice and its lines.

    The ORM writes only what changed: posting a draft whose totals still hold costs no UPDATE.
    """
    lines = invoice_lines(session, invoice.id)
    totals = compute_totals(document_of(session, company, invoice, lines))
    for line, base in zip(lines, totals.line_bases, strict=True):
        line.price_subtotal = to_minor(base.amount, invoice.currency)
    store_totals(company, invoice, totals)
    session.flush()
    return totals


def store_totals(company: Company, invoice: Invoice, totals: InvoiceTotals) -> None:
    """The document's figures on its header, in minor units of each currency."""
    cur, own = invoice.currency, company.currency
    invoice.rate = totals.rate
    invoice.amount_untaxed = to_minor(totals.untaxed.amount, cur)
    invoice.amount_tax = to_minor(totals.tax_total.amount, cur)
    invoice.amount_total = to_minor(totals.total.amount, cur)
    invoice.amount_untaxed_company = to_minor(totals.untaxed_company.amount, own)
    invoice.amount_tax_company = to_minor(totals.tax_total_company.amount, own)
    invoice.amount_total_company = to_minor(totals.total_company.amount, own)


def partner_items(session: Session, invoice: Invoice, entry_id: int) -> list[JournalItem]:
    """The receivable (payable) items of an entry of ``invoice``, in due order."""
    stmt = select(JournalItem).where(
        JournalItem.entry_id == entry_id, JournalItem.account_id == invoice.partner_account_id
    )
    return list(session.scalars(stmt.order_by(JournalItem.sequence, JournalItem.id)))
