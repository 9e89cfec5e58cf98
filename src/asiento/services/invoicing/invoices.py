"""Invoice use cases: one transaction each, over a unit of work.

Lifecycle (``domain.states.INVOICE_TRANSITIONS``): ``draft`` -> optional
``proforma`` (frozen, only when the company allows it) -> ``posted`` (number
and journal entry, in the same transaction) -> ``cancelled`` (its entry is
reversed). A draft or pro-forma can go back to draft; a draft or pro-forma
can be deleted; a posted invoice never is.

Other services call the in-session functions inside their own transaction:
``create_invoice_in`` and ``post_invoice_in`` (re-exported here).

Every function commits on success; on any error the unit of work rolls back,
leaving the database unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, exists, or_, select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvoiceNotEditable, InvoiceReconciled, ProformaNotAllowed
from asiento.domain.states import INVOICE_TRANSITIONS, require_transition
from asiento.services.access import principal as access
from asiento.services.invoicing.credit_notes import check_credit_limits
from asiento.services.invoicing.invoice_drafts import apply_input, create_invoice_in
from asiento.services.invoicing.invoice_inputs import InvoiceFilter, InvoiceInput
from asiento.services.invoicing.invoice_posting import create_and_post_written, post_invoice_in
from asiento.services.invoicing.invoice_records import partner_items
from asiento.services.invoicing.invoice_views import (
    InvoiceSummary,
    InvoiceView,
    invoice_view,
    summaries,
    view_of_written,
)
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of
from asiento.services.orders.should_be_paid import refresh_should_be_paid_in
from asiento.store.document_locks import lock_invoice
from asiento.store.query import get_scoped, page
from asiento.store.tables import Invoice, JournalEntry, PartialReconciliation, RecurringOccurrence
from asiento.store.uow import UnitOfWork

__all__ = [
    "InvoicePage",
    "cancel_invoice",
    "cancel_invoice_in",
    "create_and_post_invoice",
    "create_invoice",
    "create_invoice_in",
    "delete_invoice",
    "get_invoice",
    "list_invoices",
    "post_invoice",
    "post_invoice_in",
    "proforma_invoice",
    "reset_to_draft",
    "update_invoice",
]


@dataclass(frozen=True, slots=True)
class InvoicePage:
    invoices: list[InvoiceSummary]
    next_cursor: str | None = None


def _load_invoice(session: Session, company_id: int, invoice_id: int) -> Invoice:
    """Invoice ``invoice_id`` of this company, or ``NotFound`` (for reading only)."""
    return get_scoped(session, Invoice, company_id, invoice_id, "invoice")


@access.requires(Permission.INVOICE_WRITE)
def create_invoice(uow: UnitOfWork, company_id: int, data: InvoiceInput) -> InvoiceView:
    """Create a draft with its defaults and totals."""
    with uow:
        view = create_draft_in(uow.session, company_id, data)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
def create_draft_in(session: Session, company_id: int, data: InvoiceInput) -> InvoiceView:
    """``create_invoice`` inside the caller's transaction (a batch request's one transaction)."""
    company = company_of(session, company_id)
    return invoice_view(session, company, create_invoice_in(session, company, data))


@access.requires(Permission.INVOICE_WRITE)
@access.requires(Permission.INVOICE_POST)
def create_and_post_invoice(uow: UnitOfWork, company_id: int, data: InvoiceInput) -> InvoiceView:
    """Create and post in one transaction, the invoice computed once (``create_and_post_in``).

    Needs both the right to write invoices and to post them; all or nothing.
    """
    with uow:
        view = create_and_post_invoice_in(uow.session, company_id, data)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
@access.requires(Permission.INVOICE_POST)
def create_and_post_invoice_in(
    session: Session, company_id: int, data: InvoiceInput
) -> InvoiceView:
    """``create_and_post_invoice`` inside the caller's transaction (the API request's one
    transaction: its idempotency key and its references resolved in the same)."""
    company = company_of(session, company_id)
    return view_of_written(session, company, create_and_post_written(session, company, data))


@access.requires(Permission.INVOICE_WRITE)
def update_invoice(
    uow: UnitOfWork, company_id: int, invoice_id: int, data: InvoiceInput
) -> InvoiceView:
    """Rewrite a draft: header and lines replaced, defaults applied again."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        invoice = lock_invoice(s, company_id, invoice_id)
        require_draft(invoice, "edited")
        apply_input(s, company, invoice, data)
        check_credit_limits(s, invoice)
        refresh_should_be_paid_in(s, company, invoice)
        view = invoice_view(s, company, invoice)
        uow.commit()
        return view


def require_draft(invoice: Invoice, verb: str, allowed: tuple[str, ...] = ("draft",)) -> None:
    """Raise ``InvoiceNotEditable`` unless the invoice is in one of ``allowed``."""
    if invoice.state not in allowed:
        name = invoice.number or f"{invoice.id}"
        message = f"invoice {name} is {invoice.state}: it cannot be {verb}"
        if invoice.state == "posted":
            message += "; cancel it or issue a credit note instead"
        raise InvoiceNotEditable(message, field="state", state=invoice.state)


@access.requires(Permission.INVOICE_WRITE)
def delete_invoice(uow: UnitOfWork, company_id: int, invoice_id: int) -> None:
    """Delete a draft or pro-forma; a posted or cancelled invoice is refused.

    A recurring run's occurrence that produced it keeps its period billed and forgets
    the invoice, in the same transaction: the key to ``invoices`` is composite
    (``company_id``, ``invoice_id``), so the database cannot set it to NULL itself.
    Its lines go with it (``ON DELETE CASCADE``); no other invoice's line can point at
    them, since only a posted invoice is credited.
    """
    with uow:
        invoice = lock_invoice(uow.session, company_id, invoice_id)
        require_draft(invoice, "deleted", ("draft", "proforma"))
        uow.session.execute(
            update(RecurringOccurrence)
            .where(
                RecurringOccurrence.company_id == company_id,
                RecurringOccurrence.invoice_id == invoice.id,
            )
            .values(invoice_id=None)
        )
        uow.session.delete(invoice)
        uow.commit()


@access.requires(Permission.INVOICE_WRITE)
def proforma_invoice(uow: UnitOfWork, company_id: int, invoice_id: int) -> InvoiceView:
    """Freeze a draft as a pro-forma: no number, no entry (company setting required)."""
    return _transition(uow, company_id, invoice_id, "proforma")


@access.requires(Permission.INVOICE_WRITE)
def reset_to_draft(uow: UnitOfWork, company_id: int, invoice_id: int) -> InvoiceView:
    """A pro-forma back to an editable draft."""
    return _transition(uow, company_id, invoice_id, "draft")


def _transition(uow: UnitOfWork, company_id: int, invoice_id: int, target: str) -> InvoiceView:
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        invoice = lock_invoice(s, company_id, invoice_id)
        if target == "proforma" and not company.allow_proforma:
            message = f"company {company.name} does not allow pro-forma invoices"
            raise ProformaNotAllowed(message, field="state")
        require_transition(INVOICE_TRANSITIONS, "invoice", invoice.state, target)
        invoice.state = target
        invoice.updated_at = datetime.now(UTC)
        s.flush()
        view = invoice_view(s, company, invoice)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_POST)
def post_invoice(uow: UnitOfWork, company_id: int, invoice_id: int) -> InvoiceView:
    """Post a draft or pro-forma: number and journal entry in this transaction."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        invoice = lock_invoice(s, company_id, invoice_id)
        post_invoice_in(s, company, invoice)
        view = invoice_view(s, company, invoice)
        uow.commit()
        return view


def cancel_invoice_in(
    session: Session, company_id: int, invoice: Invoice, day: date | None = None, reason: str = ""
) -> JournalEntry:
    """Cancel a posted invoice by reversing its entry; reconciled items are refused."""
    company = company_of(session, company_id)
    require_transition(INVOICE_TRANSITIONS, "invoice", invoice.state, "cancelled")
    entry = get_scoped(session, JournalEntry, company_id, invoice.entry_id or 0, "entry")
    if is_reconciled(session, invoice, entry.id):
        message = (
            f"invoice {invoice.number} has reconciled payments or credit notes: unreconcile first"
        )
        raise InvoiceReconciled(message, field="state")
    why = reason or f"Cancellation of {invoice.number}"
    reversal = posting.reverse(session, company, entry, day or entry.date, why)
    invoice.state = "cancelled"
    invoice.payment_state = "reversed"
    invoice.reversal_entry_id = reversal.id
    invoice.amount_residual = 0
    invoice.updated_at = datetime.now(UTC)
    session.flush()
    return reversal


def is_reconciled(session: Session, invoice: Invoice, entry_id: int) -> bool:
    """Whether any receivable (payable) item of the entry has a partial reconciliation."""
    ids = [i.id for i in partner_items(session, invoice, entry_id)]
    if not ids:
        return False
    matched = exists().where(
        or_(
            PartialReconciliation.debit_item_id.in_(ids),
            PartialReconciliation.credit_item_id.in_(ids),
        )
    )
    return bool(session.scalar(select(matched)))


@access.requires(Permission.INVOICE_POST)
def cancel_invoice(
    uow: UnitOfWork,
    company_id: int,
    invoice_id: int,
    day: date | None = None,
    reason: str = "",
) -> InvoiceView:
    """Cancel a posted invoice: its entry is reversed (on ``day``, default its own date)."""
    with uow:
        s = uow.session
        invoice = lock_invoice(s, company_id, invoice_id)
        cancel_invoice_in(s, company_id, invoice, day, reason)
        view = invoice_view(s, company_of(s, company_id), invoice)
        uow.commit()
        return view


def get_invoice(uow: UnitOfWork, company_id: int, invoice_id: int) -> InvoiceView:
    with uow:
        s = uow.session
        return invoice_view(s, company_of(s, company_id), _load_invoice(s, company_id, invoice_id))


def list_invoices(
    uow: UnitOfWork,
    company_id: int,
    filters: InvoiceFilter | None = None,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> InvoicePage:
    """Invoices newest first, filtered; ``state="draft"`` lists the drafts awaiting approval."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        stmt = filtered(company_id, filters or InvoiceFilter())
        rows, next_cursor = page(s, stmt, Invoice.id, cursor, limit)
        return InvoicePage(summaries(s, company, rows), next_cursor)


def filtered(company_id: int, f: InvoiceFilter) -> Select[Invoice]:
    stmt = select(Invoice).where(Invoice.company_id == company_id)
    equal = {
        Invoice.kind: f.kind,
        Invoice.state: f.state,
        Invoice.payment_state: f.payment_state,
        Invoice.partner_id: f.partner_id,
    }
    for column, value in equal.items():
        if value is not None:
            stmt = stmt.where(column == value)
    if f.kinds:
        stmt = stmt.where(Invoice.kind.in_(f.kinds))
    if f.ids is not None:
        stmt = stmt.where(Invoice.id.in_(f.ids))
    if f.date_from is not None:
        stmt = stmt.where(Invoice.invoice_date >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(Invoice.invoice_date <= f.date_to)
    if f.overdue:
        stmt = stmt.where(
            Invoice.state == "posted",
            Invoice.due_date < (f.today or date.today()),
            Invoice.amount_residual > 0,
        )
    return stmt
