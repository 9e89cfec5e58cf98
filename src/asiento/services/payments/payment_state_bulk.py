"""Payment state of many invoices at once, decided by ``domain.payment_state``.

``payment_state.refresh_for_entries`` issues a handful of queries per invoice;
a bulk reconciliation of thousands of items needs a constant number per call.
This module reads the invoices, their reconcilable items, the partials of the
closed ones, the counterpart entries, payments and refunds in six queries and
writes only the invoices whose state or residual changed, with one
executemany UPDATE.

Invariant: for any set of entries the result is exactly what
``refresh_for_entries`` would write: both load the same facts and call the
same domain functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from asiento.domain.payment_state import ItemBalance, closed_state, open_state
from asiento.store.bulk import id_in, update_by_id
from asiento.store.tables import Account, Invoice, JournalItem, PartialReconciliation, Payment


@dataclass(slots=True)
class _Items:
    ids: list[int] = field(default_factory=list)
    balance: ItemBalance = field(default_factory=ItemBalance)


def _invoices(session: Session, company_id: int, entry_ids: set[int]) -> list[Any]:
    return list(
        session.execute(
            select(
                Invoice.id,
                Invoice.entry_id,
                Invoice.state,
                Invoice.amount_total,
                Invoice.payment_state,
                Invoice.amount_residual,
            ).where(Invoice.company_id == company_id, id_in(session, Invoice.entry_id, entry_ids))
        ).all()
    )


def _items_by_entry(session: Session, entry_ids: set[int]) -> dict[int, _Items]:
    reconcilable = select(Account.id).where(Account.reconcilable.is_(True))
    rows = session.execute(
        select(
            JournalItem.id,
            JournalItem.entry_id,
            JournalItem.amount_residual,
            JournalItem.amount_residual_currency,
            JournalItem.amount_currency,
        ).where(
            id_in(session, JournalItem.entry_id, entry_ids),
            JournalItem.account_id.in_(reconcilable),
        )
    ).all()
    out: dict[int, _Items] = {}
    for r in rows:
        acc = out.setdefault(r.entry_id, _Items())
        acc.ids.append(r.id)
        acc.balance = acc.balance.add(
            r.amount_residual, r.amount_residual_currency, r.amount_currency
        )
    return out


def _counterparts(session: Session, closed: dict[int, list[int]]) -> dict[int, set[int]]:
    """Invoice id -> entries of the items its closed items are matched with."""
    own = {i: inv for inv, ids in closed.items() for i in ids}
    if not own:
        return {}
    rows = session.execute(
        select(PartialReconciliation.debit_item_id, PartialReconciliation.credit_item_id).where(
            or_(
                id_in(session, PartialReconciliation.debit_item_id, own),
                id_in(session, PartialReconciliation.credit_item_id, own),
            )
        )
    ).all()
    other_items: dict[int, set[int]] = defaultdict(set)
    for d, c in rows:
        for mine, other in ((d, c), (c, d)):
            inv = own.get(mine)
            if inv is not None and other not in closed[inv]:
                other_items[inv].add(other)
    wanted = {x for s in other_items.values() for x in s}
    entry_of: dict[int, int] = {}
    if wanted:
        stmt = select(JournalItem.id, JournalItem.entry_id).where(
            id_in(session, JournalItem.id, wanted)
        )
        entry_of = {r.id: r.entry_id for r in session.execute(stmt)}
    return {inv: {entry_of[x] for x in items} for inv, items in other_items.items()}


def _closed_states(session: Session, closed: dict[int, list[int]]) -> dict[int, str]:
    entries = _counterparts(session, closed)
    all_entries = {e for s in entries.values() for e in s}
    matched: dict[int, list[bool]] = defaultdict(list)
    refunds: set[tuple[int, int]] = set()
    if all_entries:
        for r in session.execute(
            select(Payment.entry_id, Payment.is_matched).where(
                id_in(session, Payment.entry_id, all_entries)
            )
        ):
            matched[r.entry_id].append(bool(r.is_matched))
        refunds = {
            (r.origin_invoice_id, r.entry_id)
            for r in session.execute(
                select(Invoice.origin_invoice_id, Invoice.entry_id).where(
                    id_in(session, Invoice.origin_invoice_id, closed),
                    id_in(session, Invoice.entry_id, all_entries),
                )
            )
        }
    states: dict[int, str] = {}
    for inv in closed:
        mine = entries.get(inv, set())
        flags = [f for e in mine for f in matched.get(e, [])]
        states[inv] = closed_state(flags, any((inv, e) in refunds for e in mine))
    return states


def refresh_for_entries_bulk(session: Session, company_id: int, entry_ids: Iterable[int]) -> int:
    """Recompute payment state and residual of the invoices of ``entry_ids``; returns changes."""
    ids = {e for e in entry_ids if e is not None}
    if not ids:
        return 0
    invoices = _invoices(session, company_id, ids)
    items = _items_by_entry(session, {r.entry_id for r in invoices})
    result: dict[int, tuple[str, int]] = {}
    closed: dict[int, list[int]] = {}
    for inv in invoices:
        acc = items.get(inv.entry_id) or _Items()
        state = open_state(inv.state, inv.amount_total, acc.balance)
        if state is None:
            closed[inv.id] = acc.ids
        else:
            result[inv.id] = state
    for inv_id, closed_as in _closed_states(session, closed).items():
        result[inv_id] = (closed_as, 0)
    changes = [
        {"id": inv.id, "payment_state": result[inv.id][0], "amount_residual": result[inv.id][1]}
        for inv in invoices
        if (inv.payment_state, inv.amount_residual) != result[inv.id]
    ]
    update_by_id(session, Invoice.__table__, changes)
    return len(changes)
