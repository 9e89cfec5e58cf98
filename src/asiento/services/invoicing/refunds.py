"""Full refund of an invoice, and the demo records of the payments area.

``refund_invoice`` credits every line of a posted invoice, posts the credit
note and reconciles it with the invoice's open items in one transaction, so
the invoice ends ``reversed`` (or ``partial`` if it was partly paid before:
the payment stays matched and the credit note's excess stays as credit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from asiento.domain.access import Permission
from asiento.services.access import principal as access
from asiento.services.invoicing import invoices
from asiento.services.invoicing.credit_notes import create_credit_note_in
from asiento.services.invoicing.invoice_inputs import (
    CreditNoteInput,
    InvoiceInput,
    InvoiceLineInput,
)
from asiento.services.invoicing.invoice_posting import post_invoice_in
from asiento.services.ledger.entries import company_of
from asiento.services.payments.payment_docs import PaymentInput, create_payment
from asiento.services.payments.payment_state import open_items_of_entry
from asiento.services.payments.reconciliation import ReconcileResult, reconcile_in
from asiento.store.document_locks import lock_invoice
from asiento.store.uow import UnitOfWork

if TYPE_CHECKING:
    from asiento.services.demo.seed import SeededCompany


@dataclass(frozen=True, slots=True)
class Refund:
    """The posted credit note of a full refund and its reconciliation with the invoice."""

    credit_note_id: int
    reconciliation: ReconcileResult

    @property
    def full_reconciliation_id(self) -> int | None:
        return self.reconciliation.full_reconciliation_id


@access.requires(Permission.INVOICE_POST)
def refund_invoice(
    uow: UnitOfWork, company_id: int, invoice_id: int, reason: str, day: date | None = None
) -> Refund:
    """Credit the whole invoice, post the credit note and reconcile the two."""
    with uow:
        session = uow.session
        company = company_of(session, company_id)
        invoice = lock_invoice(session, company_id, invoice_id)
        note = create_credit_note_in(
            session, company, invoice, CreditNoteInput(reason=reason, date=day)
        )
        entry = post_invoice_in(session, company, note)
        items = [
            i.id
            for e in (invoice.entry_id, entry.id)
            for i in open_items_of_entry(session, int(e or 0))
            if not i.reconciled
        ]
        result = reconcile_in(session, company, items, created_by="refund")
        uow.commit()
        return Refund(note.id, result)


SMITH_INVOICES = (("145", "50.00"), ("167", "120.00"), ("184", "70.00"))


def load_payments_demo(uow: UnitOfWork, company: SeededCompany, year: int = 2026) -> None:
    """Smith and Offspring owes 145, 167 and 184 and paid 120.00 without a reference."""
    smith = company.partners.get("Smith and Offspring")
    if smith is None:
        return
    for ref, price in SMITH_INVOICES:
        line = InvoiceLineInput(
            description=f"Consulting {ref}",
            price_unit=Decimal(price),
            account_id=company.accounts["4100"],
            tax_ids=(),
        )
        data = InvoiceInput(
            kind="customer_invoice",
            partner_id=smith,
            lines=(line,),
            invoice_date=date(year, 3, 1),
            manual_due_date=date(year, 3, 31),  # one open item each, whatever Smith's term
            payment_reference=ref,
        )
        draft = invoices.create_invoice(uow, company.id, data)
        invoices.post_invoice(uow, company.id, draft.id)
    create_payment(
        uow,
        company.id,
        PaymentInput("inbound", smith, Decimal("120.00"), date(year, 3, 20)),
        post=True,
    )
