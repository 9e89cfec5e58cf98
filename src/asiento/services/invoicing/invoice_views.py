"""Read models of invoices: exact Decimals, ready for the API, the CLI and documents.

``InvoiceView`` is the whole document (lines, tax totals, installments);
``InvoiceSummary`` is one row of a list. Installments of a posted invoice are
read from its entry's receivable (payable) items, never recomputed, so they
show what the ledger holds (residuals included). Tax totals are recomputed
from the stored lines by ``compute_totals`` at the stored rate, which is how
they were printed and posted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.invoice_entry import partner_sign
from asiento.domain.invoice_totals import InvoiceTotals, compute_totals
from asiento.services.invoicing.invoice_records import (
    document_from,
    invoice_lines,
    line_tax_ids,
    partner_items,
)
from asiento.store.tables import Company, Invoice, InvoiceLine, Partner
from asiento.store.types import from_minor, to_minor

if TYPE_CHECKING:
    from asiento.services.invoicing.invoice_posting import Written


@dataclass(frozen=True, slots=True)
class InvoiceLineView:
    id: int
    sequence: int
    product_id: int | None
    description: str
    quantity: Decimal
    price_unit: Decimal
    discount: Decimal
    account_id: int
    tax_ids: tuple[int, ...]
    price_subtotal: Decimal
    origin_line_id: int | None = None


@dataclass(frozen=True, slots=True)
class TaxTotalView:
    tax_id: int
    name: str
    group: str
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InstallmentView:
    """One receivable (payable) item: what falls due when, and what is still open."""

    due_date: date | None
    amount: Decimal
    residual: Decimal
    discount_date: date | None
    discounted_amount: Decimal | None


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    """An invoice's header and totals (document currency unless ``_company``)."""

    id: int
    kind: str
    state: str
    payment_state: str
    number: str | None
    partner_id: int
    partner_name: str
    journal_id: int
    invoice_date: date | None
    due_date: date | None
    currency: str
    rate: Decimal | None
    amount_untaxed: Decimal
    amount_tax: Decimal
    amount_total: Decimal
    amount_total_company: Decimal
    amount_residual: Decimal
    origin_invoice_id: int | None
    entry_id: int | None
    reversal_entry_id: int | None


@dataclass(frozen=True, slots=True)
class InvoiceView(InvoiceSummary):
    """The full document: header, lines, tax totals and installments."""

    payment_term_id: int | None
    manual_due_date: date | None
    partner_account_id: int | None
    invoice_address: str
    ref: str
    narration: str
    payment_reference: str | None
    amount_untaxed_company: Decimal
    amount_tax_company: Decimal
    posted_at: datetime | None
    lines: tuple[InvoiceLineView, ...]
    taxes: tuple[TaxTotalView, ...]
    installments: tuple[InstallmentView, ...]
    structured_reference: str | None = None
    is_sent: bool = False
    sent_at: datetime | None = None
    sent_to: str | None = None
    send_error: str | None = None
    send_failed_at: datetime | None = None


def summaries(
    session: Session, company: Company, invoices: Sequence[Invoice]
) -> list[InvoiceSummary]:
    """Summaries of several invoices with one partner query."""
    ids = {i.partner_id for i in invoices}
    stmt = select(Partner.id, Partner.name).where(Partner.id.in_(ids))
    names: dict[int, str] = {r.id: r.name for r in session.execute(stmt)}
    return [summary_of(i, names.get(i.partner_id, ""), company.currency) for i in invoices]


def summary_of(invoice: Invoice, partner_name: str, company_currency: str) -> InvoiceSummary:
    cur = invoice.currency
    return InvoiceSummary(
        id=invoice.id,
        kind=invoice.kind,
        state=invoice.state,
        payment_state=invoice.payment_state,
        number=invoice.number,
        partner_id=invoice.partner_id,
        partner_name=partner_name,
        journal_id=invoice.journal_id,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        currency=cur,
        rate=invoice.rate,
        amount_untaxed=from_minor(invoice.amount_untaxed, cur),
        amount_tax=from_minor(invoice.amount_tax, cur),
        amount_total=from_minor(invoice.amount_total, cur),
        amount_total_company=from_minor(invoice.amount_total_company, company_currency),
        amount_residual=from_minor(invoice.amount_residual, cur),
        origin_invoice_id=invoice.origin_invoice_id,
        entry_id=invoice.entry_id,
        reversal_entry_id=invoice.reversal_entry_id,
    )


def invoice_view(session: Session, company: Company, invoice: Invoice) -> InvoiceView:
    """The full read model of one invoice."""
    lines = invoice_lines(session, invoice.id)
    taxes = line_tax_ids(session, [line.id for line in lines])
    totals = _totals(session, company, invoice, [(line, taxes[line.id]) for line in lines])
    cur = invoice.currency
    views = tuple(_line_view(line, taxes[line.id], cur) for line in lines)
    return _assemble(session, company, invoice, views, totals, _installments(session, invoice))


def view_of_written(session: Session, company: Company, written: Written) -> InvoiceView:
    """The read model of an invoice ``create_and_post_written`` just wrote, built from what it
    computed: no line, tax link or item is read back. Equal to ``invoice_view`` of the stored
    invoice (``tests/api/test_invoices.py`` compares the response with a later GET)."""
    invoice, cur = written.invoice, written.invoice.currency
    subtotals = written.totals.line_bases
    lines = tuple(
        InvoiceLineView(
            id=line_id,
            sequence=n,
            product_id=line.product_id,
            description=line.description,
            quantity=line.quantity,
            price_unit=line.price_unit,
            discount=line.discount,
            account_id=line.account_id,
            tax_ids=tuple(sorted(line.tax_ids)),
            price_subtotal=from_minor(to_minor(base.amount, cur), cur),
            origin_line_id=line.origin_line_id,
        )
        for n, (line, line_id, base) in enumerate(
            zip(written.lines, written.line_ids, subtotals, strict=True)
        )
    )
    sign, account = partner_sign(invoice.kind), invoice.partner_account_id
    installments = tuple(
        _installment(sign, cur, SimpleNamespace(**row))
        for row in written.items
        if row["account_id"] == account
    )
    totals = written.totals if lines else None
    return _assemble(session, company, invoice, lines, totals, installments)


def _assemble(
    session: Session,
    company: Company,
    invoice: Invoice,
    lines: tuple[InvoiceLineView, ...],
    totals: InvoiceTotals | None,
    installments: tuple[InstallmentView, ...],
) -> InvoiceView:
    own = company.currency
    partner = session.get(Partner, invoice.partner_id)
    summary = summary_of(invoice, partner.name if partner else "", own)
    header = {f.name: getattr(summary, f.name) for f in fields(summary)}
    return InvoiceView(
        **header,
        payment_term_id=invoice.payment_term_id,
        manual_due_date=invoice.manual_due_date,
        partner_account_id=invoice.partner_account_id,
        invoice_address=invoice.invoice_address,
        ref=invoice.ref,
        narration=invoice.narration,
        payment_reference=invoice.payment_reference,
        amount_untaxed_company=from_minor(invoice.amount_untaxed_company, own),
        amount_tax_company=from_minor(invoice.amount_tax_company, own),
        posted_at=invoice.posted_at,
        lines=lines,
        taxes=_tax_views(totals),
        installments=installments,
        structured_reference=invoice.structured_reference,
        is_sent=invoice.is_sent,
        sent_at=invoice.sent_at,
        sent_to=invoice.sent_to,
        send_error=invoice.send_error,
        send_failed_at=invoice.send_failed_at,
    )


def _totals(
    session: Session,
    company: Company,
    invoice: Invoice,
    lines: Sequence[tuple[InvoiceLine, tuple[int, ...]]],
) -> InvoiceTotals | None:
    if not lines:
        return None
    return compute_totals(document_from(session, company, invoice, lines, rate=invoice.rate))


def _line_view(line: InvoiceLine, tax_ids: tuple[int, ...], currency: str) -> InvoiceLineView:
    return InvoiceLineView(
        id=line.id,
        sequence=line.sequence,
        product_id=line.product_id,
        description=line.description,
        quantity=line.quantity,
        price_unit=line.price_unit,
        discount=line.discount,
        account_id=line.account_id,
        tax_ids=tax_ids,
        price_subtotal=from_minor(line.price_subtotal, currency),
        origin_line_id=line.origin_line_id,
    )


def _tax_views(totals: InvoiceTotals | None) -> tuple[TaxTotalView, ...]:
    if totals is None:
        return ()
    return tuple(
        TaxTotalView(t.tax.id, t.tax.name, t.tax.group, t.base.amount, t.amount.amount)
        for t in totals.taxes
    )


def _installments(session: Session, invoice: Invoice) -> tuple[InstallmentView, ...]:
    if invoice.entry_id is None:
        return ()
    sign = partner_sign(invoice.kind)
    cur = invoice.currency
    return tuple(
        _installment(sign, cur, item) for item in partner_items(session, invoice, invoice.entry_id)
    )


def _installment(sign: int, cur: str, item: Any) -> InstallmentView:
    """One partner item (a stored row, or the values just inserted) as an installment."""
    return InstallmentView(
        due_date=item.due_date,
        amount=from_minor(sign * item.amount_currency, cur),
        residual=from_minor(sign * item.amount_residual_currency, cur),
        discount_date=item.discount_date,
        discounted_amount=None
        if item.discount_amount_currency is None
        else from_minor(sign * item.discount_amount_currency, cur),
    )
