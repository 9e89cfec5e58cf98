"""An invoice's payment state, one invoice at a time (never set by hand).

Loads the facts of one invoice and lets ``domain.payment_state`` decide;
``payment_state_bulk`` does the same for thousands at once.
``invoices.amount_residual`` is kept equal to the open amount of its
receivable/payable items, in the invoice currency.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from asiento.domain.payment_state import balance_of, closed_state, open_state
from asiento.store.tables import (
    Account,
    Company,
    Invoice,
    JournalItem,
    PartialReconciliation,
    Payment,
)


def open_items_of_entry(session: Session, entry_id: int) -> list[JournalItem]:
    """The receivable/payable (reconcilable) items of one entry, in sequence."""
    reconcilable = select(Account.id).where(Account.reconcilable.is_(True))
    stmt = (
        select(JournalItem)
        .where(JournalItem.entry_id == entry_id, JournalItem.account_id.in_(reconcilable))
        .order_by(JournalItem.sequence, JournalItem.id)
    )
    return list(session.scalars(stmt))


def _counterpart_entries(item_ids: list[int]) -> Select[int]:
    """The entries of the items matched with ``item_ids`` (a sub-select, run by its user)."""
    touching = or_(
        PartialReconciliation.debit_item_id.in_(item_ids),
        PartialReconciliation.credit_item_id.in_(item_ids),
    )
    others = (
        select(PartialReconciliation.debit_item_id)
        .where(touching)
        .union(select(PartialReconciliation.credit_item_id).where(touching))
    )
    return select(JournalItem.entry_id).where(
        JournalItem.id.in_(others), JournalItem.id.notin_(item_ids)
    )


def _closed_state(session: Session, invoice: Invoice, item_ids: list[int]) -> str:
    entries = _counterpart_entries(item_ids)
    matched = list(session.scalars(select(Payment.is_matched).where(Payment.entry_id.in_(entries))))
    refund = session.scalar(
        select(Invoice.id)
        .where(Invoice.origin_invoice_id == invoice.id, Invoice.entry_id.in_(entries))
        .limit(1)
    )
    return closed_state((bool(m) for m in matched), refund is not None)


def payment_state_of(session: Session, invoice: Invoice) -> tuple[str, int]:
    """(payment state, residual in invoice currency minor units): ``domain.payment_state``."""
    items: list[JournalItem] = []
    if invoice.entry_id is not None and invoice.state == "posted":
        items = open_items_of_entry(session, invoice.entry_id)
    balance = balance_of(
        (i.amount_residual, i.amount_residual_currency, i.amount_currency) for i in items
    )
    state = open_state(invoice.state, invoice.amount_total, balance)
    if state is not None:
        return state
    return _closed_state(session, invoice, [i.id for i in items]), 0


def _refresh(session: Session, invoices: Iterable[Invoice]) -> None:
    for invoice in invoices:
        invoice.payment_state, invoice.amount_residual = payment_state_of(session, invoice)
    session.flush()


def refresh_payment_state_in(
    session: Session, company: Company, invoice_ids: Iterable[int]
) -> None:
    """Recompute ``payment_state`` and ``amount_residual`` of these invoices."""
    ids = set(invoice_ids)
    if not ids:
        return
    stmt = select(Invoice).where(Invoice.company_id == company.id, Invoice.id.in_(ids))
    _refresh(session, list(session.scalars(stmt)))


def refresh_for_entries(session: Session, company: Company, entry_ids: Iterable[int]) -> None:
    """Refresh the invoices whose entries are among ``entry_ids`` (one query to find them)."""
    ids = {e for e in entry_ids if e is not None}
    if not ids:
        return
    stmt = select(Invoice).where(Invoice.company_id == company.id, Invoice.entry_id.in_(ids))
    _refresh(session, list(session.scalars(stmt)))
