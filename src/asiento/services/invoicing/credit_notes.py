"""Credit notes of posted invoices and vendor bills, full or partial.

A credit note is a draft ``customer_credit_note`` (``vendor_credit_note``) linked to its invoice by
``origin_invoice_id``; each of its lines names the invoice line it credits
(``origin_line_id``) and copies its price, discount, account and taxes, so
that crediting everything gives back exactly the invoice's totals.

Invariants:
    - Only a posted invoice or vendor bill is credited.
    - Across all its credit notes that are not cancelled (drafts included), no
      invoice line is credited for more than its invoiced quantity; checked
      when the credit note is created, edited and posted.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import CreditExceedsInvoiced, InvalidTransition, NotFound
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_drafts import create_invoice_in
from asiento.services.invoicing.invoice_inputs import (
    CreditLineInput,
    CreditNoteInput,
    InvoiceInput,
    InvoiceLineInput,
)
from asiento.services.invoicing.invoice_records import invoice_lines, line_tax_ids
from asiento.services.invoicing.invoice_views import InvoiceView, invoice_view
from asiento.services.ledger.entries import company_of
from asiento.store.document_locks import lock_invoice
from asiento.store.tables import Company, Invoice, InvoiceLine
from asiento.store.uow import UnitOfWork

REFUND_OF: Final = {"customer_invoice": "customer_credit_note", "vendor_bill": "vendor_credit_note"}
ZERO = Decimal(0)


@access.requires(Permission.INVOICE_WRITE)
def create_credit_note(
    uow: UnitOfWork, company_id: int, invoice_id: int, data: CreditNoteInput
) -> InvoiceView:
    """A draft credit note of posted invoice ``invoice_id`` (all lines when none are named)."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        invoice = lock_invoice(s, company_id, invoice_id)  # the cap is held under its lock
        credit = create_credit_note_in(s, company, invoice, data)
        view = invoice_view(s, company, credit)
        uow.commit()
        return view


def create_credit_note_in(
    session: Session, company: Company, invoice: Invoice, data: CreditNoteInput
) -> Invoice:
    """Create the draft credit note inside the caller's transaction."""
    if invoice.state != "posted" or invoice.kind not in REFUND_OF:
        what = invoice.number or f"{invoice.id}"
        message = (
            f"invoice {what} is a {invoice.state} {invoice.kind}: "
            "only a posted invoice or vendor bill can be credited"
        )
        raise InvalidTransition(message, field="state")
    lines = invoice_lines(session, invoice.id)
    credited = credited_quantities(session, invoice.id)
    wanted = data.lines or tuple(
        CreditLineInput(line.id) for line in lines if line.quantity > credited.get(line.id, ZERO)
    )
    taxes = line_tax_ids(session, [line.id for line in lines])
    inputs = _credit_lines(invoice, lines, credited, wanted, taxes)
    credit = create_invoice_in(
        session,
        company,
        InvoiceInput(
            kind=REFUND_OF[invoice.kind],
            partner_id=invoice.partner_id,
            lines=inputs,
            invoice_date=data.date,
            currency=invoice.currency,
            journal_id=invoice.journal_id,
            ref=f"Credit note of {invoice.number}",
            narration=data.reason,
            payment_reference=invoice.payment_reference,
        ),
    )
    # a credit note is due at once and settles the invoice's own account
    credit.payment_term_id = None
    credit.partner_account_id = invoice.partner_account_id
    credit.origin_invoice_id = invoice.id
    session.flush()
    return credit


def _credit_lines(
    invoice: Invoice,
    lines: Sequence[InvoiceLine],
    credited: dict[int, Decimal],
    wanted: Sequence[CreditLineInput],
    taxes: dict[int, tuple[int, ...]],
) -> tuple[InvoiceLineInput, ...]:
    by_id = {line.id: line for line in lines}
    out: list[InvoiceLineInput] = []
    for n, selection in enumerate(wanted):
        line = by_id.get(selection.line_id)
        if line is None:
            raise NotFound("invoice line", selection.line_id, field=f"lines[{n}].line_id")
        left = line.quantity - credited.get(line.id, ZERO)
        quantity = left if selection.quantity is None else selection.quantity
        _require_within(line, quantity, left, f"lines[{n}].quantity")
        out.append(
            InvoiceLineInput(
                product_id=line.product_id,
                description=line.description,
                quantity=quantity,
                price_unit=line.price_unit,
                discount=line.discount,
                account_id=line.account_id,
                tax_ids=taxes[line.id],
                origin_line_id=line.id,
            )
        )
    if not out:
        message = f"lines: invoice {invoice.number} is fully credited already"
        raise CreditExceedsInvoiced(message, field="lines")
    return tuple(out)


def _require_within(line: InvoiceLine, quantity: Decimal, left: Decimal, field: str) -> None:
    if quantity > left:
        message = (
            f"{field}: crediting {quantity} of line {line.sequence + 1} ({line.description}) "
            f"but only {left} of {line.quantity} remain to credit"
        )
        raise CreditExceedsInvoiced(message, field=field)


def credited_quantities(
    session: Session, origin_invoice_id: int, exclude_invoice_id: int | None = None
) -> dict[int, Decimal]:
    """Quantity credited per origin line by credit notes that are not cancelled."""
    stmt = (
        select(InvoiceLine.origin_line_id, InvoiceLine.quantity)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(
            Invoice.origin_invoice_id == origin_invoice_id,
            Invoice.state != "cancelled",
            InvoiceLine.origin_line_id.is_not(None),
        )
    )
    if exclude_invoice_id is not None:
        stmt = stmt.where(Invoice.id != exclude_invoice_id)
    out: dict[int, Decimal] = {}
    for origin_line_id, quantity in session.execute(stmt):
        if origin_line_id is not None:
            out[origin_line_id] = out.get(origin_line_id, ZERO) + Decimal(quantity)
    return out


def check_credit_limits(session: Session, credit: Invoice) -> None:
    """Refuse a credit note whose lines, with the other credit notes, exceed the invoice."""
    if credit.origin_invoice_id is None:
        return
    lock_invoice(session, credit.company_id, credit.origin_invoice_id)  # one cap check at a time
    others = credited_quantities(session, credit.origin_invoice_id, credit.id)
    lines = invoice_lines(session, credit.id)
    origins = {
        o.id: o
        for o in session.scalars(
            select(InvoiceLine).where(
                InvoiceLine.id.in_({line.origin_line_id for line in lines if line.origin_line_id})
            )
        )
    }
    for n, line in enumerate(lines):
        origin = origins.get(line.origin_line_id or 0)
        if origin is not None:
            left = origin.quantity - others.get(origin.id, ZERO)
            _require_within(origin, line.quantity, left, f"lines[{n}].quantity")
