"""Unreconciliation: undo partial reconciliations, or a whole full reconciliation, exactly.

Separate from ``reconciliation`` (which builds partials and full reconciliations) because
undoing has its own concerns: finding what to remove, locking and re-reading it, giving
every residual back, dissolving full reconciliations and reversing exchange entries.

Invariants:
    - every residual is restored exactly, in company and item currency: the items are
      locked in id order (as reconciling locks them: no deadlock) and the partials read
      again under that lock, so a concurrent unreconcile gives nothing back twice;
    - the partials created with an exchange difference go with it, and the exchange entry
      is reversed and matched with its reversal;
    - a full reconciliation touched is dissolved: no item or partial points at it after.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, NotFound, ReconciliationGone
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of
from asiento.services.payments.payment_state import refresh_for_entries
from asiento.services.payments.reconciliation import lock_items, mark_reconciled, reconcile_in
from asiento.store.tables import (
    Account,
    Company,
    FullReconciliation,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
)
from asiento.store.uow import UnitOfWork


def unreconcile_in(
    session: Session,
    company: Company,
    partial_ids: Sequence[int] = (),
    full_reconciliation_id: int | None = None,
) -> list[int]:
    """Remove partial reconciliations (or a whole full reconciliation); returns removed ids.

    Residuals are restored exactly, the full reconciliations touched are
    dissolved, exchange entries are reversed (and matched with their reversal),
    and the payment state of the invoices concerned is refreshed.
    """
    partials = _partials_to_remove(session, company.id, partial_ids, full_reconciliation_id)
    partials = _still_there(session, company.id, partials)
    entries = {p.exchange_entry_id for p in partials if p.exchange_entry_id}
    if entries:  # the exchange partials go with the partial that created them
        partials += list(
            session.scalars(
                select(PartialReconciliation).where(
                    PartialReconciliation.exchange_entry_id.in_(entries),
                    PartialReconciliation.id.notin_({p.id for p in partials}),
                )
            )
        )
    touched = _restore(session, company.id, partials)
    for entry_id in sorted(entries):
        _reverse_exchange(session, company, entry_id)
    refresh_for_entries(session, company, touched)
    removed = sorted(p.id for p in partials)
    audit.record_in(
        session, company.id, "unreconcile", "partial_reconciliation", None, before=removed
    )
    return removed


def _partials_to_remove(
    session: Session, company_id: int, partial_ids: Sequence[int], full_id: int | None
) -> list[PartialReconciliation]:
    if full_id is not None:
        full = session.get(FullReconciliation, full_id)
        if full is None or full.company_id != company_id:
            raise NotFound("full reconciliation", full_id, field="full_reconciliation_id")
        stmt = select(PartialReconciliation).where(
            PartialReconciliation.full_reconciliation_id == full_id
        )
        partials = list(session.scalars(stmt))
        if not partials:  # a concurrent unreconcile committed between the two reads
            raise NotFound("full reconciliation", full_id, field="full_reconciliation_id")
        return partials
    if not partial_ids:
        raise InvalidInput("give partial reconciliation ids or a full reconciliation id")
    rows = list(
        session.scalars(
            select(PartialReconciliation).where(PartialReconciliation.id.in_(set(partial_ids)))
        )
    )
    found = {p.id for p in rows if p.company_id == company_id}
    for key in partial_ids:
        if key not in found:
            raise NotFound("partial reconciliation", key, field="partial_ids")
    return rows


def _still_there(
    session: Session, company_id: int, partials: Sequence[PartialReconciliation]
) -> list[PartialReconciliation]:
    """The partials re-read once their items are locked, or 409 if one went meanwhile.

    Every change of a partial happens under the lock of its two items, so
    locking the items (in id order, as reconciling does: no deadlock) and
    reading again sees what a concurrent unreconcile committed: the residuals
    are given back once, never twice.
    """
    ids = sorted(p.id for p in partials)
    lock_items(
        session,
        company_id,
        {p.debit_item_id for p in partials} | {p.credit_item_id for p in partials},
    )
    stmt = (
        select(PartialReconciliation)
        .where(PartialReconciliation.id.in_(ids))
        .execution_options(populate_existing=True)
    )
    fresh = list(session.scalars(stmt))
    gone = sorted(set(ids) - {p.id for p in fresh})
    if gone:
        raise ReconciliationGone(
            f"partial reconciliation {gone[0]} was removed meanwhile", field="partial_ids"
        )
    return fresh


def _restore(
    session: Session, company_id: int, partials: Sequence[PartialReconciliation]
) -> set[int]:
    """Give back each partial's amounts to its two items; dissolve full reconciliations."""
    item_ids = {p.debit_item_id for p in partials} | {p.credit_item_id for p in partials}
    items = {i.id: i for i in lock_items(session, company_id, item_ids)}
    fulls = {p.full_reconciliation_id for p in partials if p.full_reconciliation_id} | {
        i.full_reconciliation_id for i in items.values() if i.full_reconciliation_id
    }
    for p in partials:
        d, c = items[p.debit_item_id], items[p.credit_item_id]
        d.amount_residual += p.amount
        d.amount_residual_currency += p.debit_amount_currency
        c.amount_residual -= p.amount
        c.amount_residual_currency -= p.credit_amount_currency
        mark_reconciled(d, c)
    session.flush()
    session.execute(
        delete(PartialReconciliation).where(PartialReconciliation.id.in_([p.id for p in partials]))
    )
    if fulls:
        _dissolve(session, fulls)
    return {i.entry_id for i in items.values()}


def _dissolve(session: Session, fulls: set[int]) -> None:
    session.execute(
        update(JournalItem)
        .where(JournalItem.full_reconciliation_id.in_(fulls))
        .values(full_reconciliation_id=None)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(PartialReconciliation)
        .where(PartialReconciliation.full_reconciliation_id.in_(fulls))
        .values(full_reconciliation_id=None)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(delete(FullReconciliation).where(FullReconciliation.id.in_(fulls)))
    session.expire_all()


def _reverse_exchange(session: Session, company: Company, entry_id: int) -> None:
    entry = session.get(JournalEntry, entry_id)
    if entry is None:
        return
    reversal = posting.reverse(session, company, entry, entry.date, "Unreconciled")
    reconcilable = select(Account.id).where(Account.reconcilable.is_(True))
    pair = session.scalars(
        select(JournalItem.id).where(
            JournalItem.entry_id.in_([entry.id, reversal.id]),
            JournalItem.account_id.in_(reconcilable),
        )
    ).all()
    reconcile_in(session, company, list(pair), created_by="unreconcile")


@access.requires(Permission.RECONCILE)
def unreconcile(
    uow: UnitOfWork,
    company_id: int,
    partial_ids: Sequence[int] = (),
    full_reconciliation_id: int | None = None,
) -> list[int]:
    """``unreconcile_in`` in its own transaction."""
    with uow:
        company = company_of(uow.session, company_id)
        removed = unreconcile_in(uow.session, company, partial_ids, full_reconciliation_id)
        uow.commit()
        return removed
