"""How an invoice (or bill) was settled: its entry, payments, reconciliations, credit notes.

The invoice page shows, named by their numbers: the journal entry the invoice posted
(and its reversal), the payment term, each reconciliation of its receivable/payable
items with what it is reconciled with (a payment, a credit note, another entry), the
exchange difference booked when the document is in a foreign currency, and the
credit notes issued against it. Everything is read from reconciliation links
(``partial_reconciliations``): the payment state is never stored by hand.

Invariants:
    - every query filters on ``company_id``;
    - ``exchange_difference`` is the sum of the exchange entries of the shown
      reconciliations, in company currency, positive for a gain and negative for a loss.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from asiento.services.ledger.document_links import DocLink, document_links
from asiento.services.ledger.entries import company_of
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    Invoice,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
    Payment,
    PaymentTerm,
)
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

GAIN_KINDS = ("income", "other_income")


@dataclass(frozen=True, slots=True)
class ReconciliationLine:
    """One partial reconciliation of the invoice: ``amount`` in company currency."""

    id: int
    date: dt.date
    amount: Decimal
    counterpart: DocLink | None
    payment_id: int | None
    payment_state: str | None
    exchange_entry: DocLink | None


@dataclass(frozen=True, slots=True)
class Settlement:
    entry: DocLink | None
    reversal_entry: DocLink | None
    payment_term: str | None
    company_currency: str
    rate: Decimal | None
    reconciliations: tuple[ReconciliationLine, ...]
    exchange_difference: Decimal
    credit_notes: tuple[DocLink, ...]
    credits: DocLink | None = None
    """The invoice a credit note credits."""


def _partner_items(s: Session, company_id: int, entry_id: int) -> list[int]:
    return list(
        s.scalars(
            select(JournalItem.id)
            .join(Account, Account.id == JournalItem.account_id)
            .where(
                JournalItem.company_id == company_id,
                JournalItem.entry_id == entry_id,
                Account.kind.in_(("receivable", "payable")),
            )
        )
    )


def _exchange_amount(s: Session, company_id: int, entry_id: int) -> Decimal:
    """The exchange entry's gain (> 0) or loss (< 0) in company currency."""
    rows = s.execute(
        select(JournalItem.debit, JournalItem.credit, Account.kind)
        .join(Account, Account.id == JournalItem.account_id)
        .where(JournalItem.company_id == company_id, JournalItem.entry_id == entry_id)
    ).all()
    currency = company_of(s, company_id).currency
    gain = sum((r.credit - r.debit for r in rows if r.kind in GAIN_KINDS), 0)
    loss = sum((r.debit - r.credit for r in rows if r.kind == "expense"), 0)
    return from_minor(gain - loss, currency)


def _partials(s: Session, company_id: int, items: list[int]) -> list[PartialReconciliation]:
    return list(
        s.scalars(
            select(PartialReconciliation)
            .where(
                PartialReconciliation.company_id == company_id,
                or_(
                    PartialReconciliation.debit_item_id.in_(items),
                    PartialReconciliation.credit_item_id.in_(items),
                ),
            )
            .order_by(PartialReconciliation.max_date, PartialReconciliation.id)
        )
    )


def _document_of(s: Session, company_id: int, item_ids: set[int]) -> dict[int, tuple[str, int]]:
    """For each item, the document its entry belongs to (payment, invoice) or the entry."""
    rows = s.execute(
        select(JournalItem.id, JournalEntry.id, JournalEntry.origin_kind, JournalEntry.origin_id)
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .where(JournalItem.company_id == company_id, JournalItem.id.in_(item_ids))
    ).all()
    return {
        item: (kind, origin) if kind in ("payment", "invoice") and origin else ("entry", entry)
        for item, entry, kind, origin in rows
    }


def _payment_states(s: Session, company_id: int, ids: list[int]) -> dict[int, str]:
    rows = s.execute(
        select(Payment.id, Payment.state).where(
            Payment.company_id == company_id, Payment.id.in_(ids)
        )
    ).all()
    return {r.id: r.state for r in rows}


def _reconciliations(
    s: Session, company_id: int, items: list[int]
) -> tuple[list[ReconciliationLine], Decimal]:
    partials = _partials(s, company_id, items)
    other = {
        p.id: p.credit_item_id if p.debit_item_id in items else p.debit_item_id for p in partials
    }
    documents = _document_of(s, company_id, set(other.values()))
    exchanges = [("entry", p.exchange_entry_id) for p in partials if p.exchange_entry_id]
    links = document_links(s, company_id, [*documents.values(), *exchanges])
    states = _payment_states(s, company_id, [i for k, i in documents.values() if k == "payment"])
    currency = company_of(s, company_id).currency
    lines, difference, counted = [], Decimal(0), set()
    for p in partials:
        key = documents[other[p.id]]
        payment_id = key[1] if key[0] == "payment" else None
        if p.exchange_entry_id and p.exchange_entry_id not in counted:
            counted.add(p.exchange_entry_id)  # one exchange entry serves two partials
            difference += _exchange_amount(s, company_id, p.exchange_entry_id)
        lines.append(
            ReconciliationLine(
                p.id, p.max_date, from_minor(p.amount, currency), links.get(key), payment_id,
                states.get(payment_id or 0), links.get(("entry", p.exchange_entry_id or 0)),
            )
        )  # fmt: skip
    return lines, difference


def invoice_settlement(uow: UnitOfWork, company_id: int, invoice_id: int) -> Settlement:
    """What the invoice page shows about the invoice's entry and how it was settled."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        inv = get_scoped(s, Invoice, company_id, invoice_id, "invoice")
        term = s.get(PaymentTerm, inv.payment_term_id) if inv.payment_term_id else None
        lines: list[ReconciliationLine] = []
        difference = Decimal(0)
        if inv.entry_id is not None:
            lines, difference = _reconciliations(
                s, company_id, _partner_items(s, company_id, inv.entry_id)
            )
        notes = s.scalars(
            select(Invoice.id).where(
                Invoice.company_id == company_id, Invoice.origin_invoice_id == inv.id
            )
        ).all()
        pairs = [("entry", e) for e in (inv.entry_id, inv.reversal_entry_id) if e]
        pairs += [("invoice", n) for n in (*notes, inv.origin_invoice_id) if n]
        links = document_links(s, company_id, pairs)
        return Settlement(
            links.get(("entry", inv.entry_id or 0)),
            links.get(("entry", inv.reversal_entry_id or 0)),
            term.name if term is not None and term.company_id == company_id else None,
            company.currency,
            inv.rate if inv.currency != company.currency else None,
            tuple(lines),
            difference,
            tuple(links[("invoice", n)] for n in notes if ("invoice", n) in links),
            links.get(("invoice", inv.origin_invoice_id or 0)),
        )


def payment_settlement(
    uow: UnitOfWork, company_id: int, payment_id: int
) -> tuple[DocLink | None, tuple[DocLink, ...]]:
    """A payment's entry, and the documents its partner item is reconciled with."""
    with uow:
        s = uow.session
        payment = get_scoped(s, Payment, company_id, payment_id, "payment")
        if payment.entry_id is None:
            return None, ()
        lines, _ = _reconciliations(s, company_id, _partner_items(s, company_id, payment.entry_id))
        entry = document_links(s, company_id, [("entry", payment.entry_id)])
        found: list[DocLink] = []
        for line in lines:
            if line.counterpart is not None and line.counterpart not in found:
                found.append(line.counterpart)
        return entry.get(("entry", payment.entry_id)), tuple(found)
