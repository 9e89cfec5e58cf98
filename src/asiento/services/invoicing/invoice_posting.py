"""Posting an invoice: its journal entry, its number and its due dates, in one transaction.

``post_invoice_in`` recomputes the totals at the rate of the invoice date,
asks ``payment_schedule.schedule_for`` how the total falls due, plans the
items with ``domain.invoice_entry.entry_items`` and writes the posted entry
through ``services.posting.post_new`` in the caller's transaction (about a
dozen statements: the statement-count test pins it). ``create_and_post_in`` does the same for
an invoice computed in memory and written once, already posted (no draft row to update).

Invariants:
    - The entry equals the printed totals to the cent: both come from the same
      ``compute_totals`` result (stored on the invoice just before).
    - The invoice's number *is* its entry's gapless number: it exists only
      once posted, so deleting a draft never leaves a gap.
    - One receivable (payable) item per installment, with its due date and
      cash discount (``discount_date``, ``discount_amount_currency`` = the
      amount that settles it by then, signed like the item).
    - Posting twice is refused; nothing is written then.
    - A posted customer invoice has a structured payment reference
      (``payment_reference.structured_reference_for``), unique in the company.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from asiento.domain.errors import AlreadyPosted, NoPartnerAccount
from asiento.domain.installments import Installment
from asiento.domain.invoice_entry import entry_items, partner_sign
from asiento.domain.invoice_totals import InvoiceTotals
from asiento.domain.states import INVOICE_TRANSITIONS, require_transition
from asiento.services.invoicing import payment_schedule
from asiento.services.invoicing.credit_notes import check_credit_limits
from asiento.services.invoicing.invoice_drafts import (
    ResolvedLine,
    compute_input,
    new_invoice,
    write_lines,
)
from asiento.services.invoicing.invoice_inputs import InvoiceInput
from asiento.services.invoicing.invoice_records import refresh_totals
from asiento.services.invoicing.payment_reference import structured_reference_for
from asiento.services.ledger import posting
from asiento.store.new_rows import insert_persistent
from asiento.store.pipeline import pipelined
from asiento.store.tables import Company, Invoice, JournalEntry
from asiento.store.types import to_minor


def post_invoice_in(
    session: Session, company: Company, invoice: Invoice, *, totals: InvoiceTotals | None = None
) -> JournalEntry:
    """Post a draft or pro-forma invoice inside the caller's transaction; return its entry.

    ``totals`` are those ``invoice_drafts.draft_invoice_in`` computed in this very transaction;
    without them the stored lines are read and computed again. With them, the partner too was
    read from the company in this transaction: posting does not check it again.
    """
    if invoice.state == "posted":
        raise AlreadyPosted(
            f"invoice {invoice.number} is already posted", field="state", state=invoice.state
        )
    require_transition(INVOICE_TRANSITIONS, "invoice", invoice.state, "posted")
    drafted = totals is not None
    _check_postable(session, company, invoice)
    if totals is None:
        totals = refresh_totals(session, company, invoice)
    entry = _post_entry(session, company, invoice, totals, drafted=drafted)
    session.flush()
    return entry


_INVOICES: Table = Invoice.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Written:
    """What ``create_and_post_written`` wrote, as computed: enough for the invoice's view
    without reading its lines, tax links or items back (``invoice_views.view_of_written``)."""

    invoice: Invoice
    entry: JournalEntry
    lines: Sequence[ResolvedLine]
    line_ids: Sequence[int]
    totals: InvoiceTotals
    items: Sequence[dict[str, Any]]
    """The entry's item rows as inserted, in sequence order."""


def create_and_post_in(
    session: Session, company: Company, data: InvoiceInput
) -> tuple[Invoice, JournalEntry]:
    """Create and post an invoice in one go, computing it once (issue 23's one-request path).

    The invoice is computed in memory, its entry written first (its number taken with the
    invoice's id, ``posting.post_new(reserve_origin=...)``), then the invoice is inserted
    already posted, pointing at its entry, and its lines after it: no draft row written and
    then updated. Same rows, number, hash and audit event as ``create_invoice_in`` followed by
    ``post_invoice_in`` (``tests/services/test_invoice_create_and_post.py``).
    """
    written = _create_and_post(session, company, data, line_ids=False)
    return written.invoice, written.entry


def create_and_post_written(session: Session, company: Company, data: InvoiceInput) -> Written:
    """``create_and_post_in``, also handing back what it wrote (the lines' ids from their
    ``INSERT ... RETURNING``), so the response needs no read-back: same statement count."""
    return _create_and_post(session, company, data, line_ids=True)


def _create_and_post(
    session: Session, company: Company, data: InvoiceInput, *, line_ids: bool
) -> Written:
    with pipelined(session):
        return _compute_and_write(session, company, data, line_ids=line_ids)


def _compute_and_write(
    session: Session, company: Company, data: InvoiceInput, *, line_ids: bool
) -> Written:
    invoice = new_invoice(company)
    lines, totals = compute_input(session, company, invoice, data, lock_journal=True)
    if invoice.invoice_date is None:
        invoice.invoice_date = date.today()  # as posting would; the totals used today's rate
    _check_postable(session, company, invoice)
    items: list[dict[str, Any]] = []
    entry = _post_entry(session, company, invoice, totals, drafted=True, new=True, written=items)
    insert_persistent(session, invoice)
    ids = write_lines(session, company, invoice, lines, totals, new=True, ids=line_ids)
    return Written(invoice, entry, lines, ids, totals, items)


def _check_postable(session: Session, company: Company, invoice: Invoice) -> None:
    """Date (today when empty), lock date and a credit note's caps, before anything is written."""
    if invoice.invoice_date is None:
        invoice.invoice_date = date.today()
    posting.check_not_locked(company, invoice.invoice_date)
    if invoice.id is not None:  # a new invoice (create_and_post_in) credits no lines
        check_credit_limits(session, invoice)


def _post_entry(
    session: Session,
    company: Company,
    invoice: Invoice,
    totals: InvoiceTotals,
    *,
    drafted: bool,
    new: bool = False,
    written: list[dict[str, Any]] | None = None,
) -> JournalEntry:
    """Schedule, items and the posted entry of ``invoice``, which is marked posted.

    ``new``: the invoice is not written yet; the entry takes its id (``reserve_origin``).
    """
    assert invoice.invoice_date is not None  # set by _check_postable
    schedule = payment_schedule.schedule_for(
        session,
        company,
        term_id=invoice.payment_term_id,
        invoice_date=invoice.invoice_date,
        total=totals.total,
        untaxed=totals.untaxed,
        manual_due_date=invoice.manual_due_date,
        partner_id=invoice.partner_id,
    )
    items = entry_items(
        totals,
        partner_id=invoice.partner_id,
        partner_account_id=_partner_account(invoice),
        installments=schedule,
    )
    entry = posting.post_new(
        session,
        company,
        invoice.journal_id,
        invoice.invoice_date,
        items,
        ref=invoice.ref or invoice.payment_reference or "",
        narration=invoice.narration,
        origin=None if new else ("invoice", invoice.id),
        extras=_discounts(len(items), schedule, partner_sign(invoice.kind)),
        known_partners=(invoice.partner_id,) if drafted else (),
        reserve_origin=("invoice", _INVOICES) if new else None,
        written=written,
    )
    if new:
        assert entry.origin_id is not None  # reserved by post_new
        invoice.id = entry.origin_id
    _mark_posted(invoice, entry, schedule)
    if invoice.kind == "customer_invoice" and not invoice.structured_reference:
        invoice.structured_reference = structured_reference_for(session, invoice)
    return entry


def _partner_account(invoice: Invoice) -> int:
    if invoice.partner_account_id is None:  # drafts always get one; guards old rows
        message = "partner_account_id: the invoice has no receivable/payable account"
        raise NoPartnerAccount(message, field="partner_account_id")
    return invoice.partner_account_id


def _discounts(count: int, schedule: Sequence[Installment], sign: int) -> dict[int, dict[str, Any]]:
    """Each installment's cash discount, by position of its item among ``count`` items.

    ``entry_items`` puts the partner items last, one per installment, in order.
    """
    first = count - len(schedule)
    out: dict[int, dict[str, Any]] = {}
    for k, installment in enumerate(schedule):
        rest = installment.discounted_amount
        if installment.discount_date is None or rest is None:
            continue
        out[first + k] = {
            "discount_date": installment.discount_date,
            "discount_amount_currency": sign * to_minor(rest.amount, rest.currency),
        }
    return out


def _mark_posted(invoice: Invoice, entry: JournalEntry, schedule: Sequence[Installment]) -> None:
    invoice.state = "posted"
    invoice.number = entry.number
    invoice.entry_id = entry.id
    invoice.due_date = max(i.due_date for i in schedule)
    invoice.amount_residual = invoice.amount_total
    invoice.payment_state = "not_paid"
    invoice.posted_at = datetime.now(UTC)
    invoice.updated_at = invoice.posted_at
