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
from asiento.store.bulk import company_is, id_in, update_by_id
from asiento.store.tables import Account, Invoice, JournalItem, PartialReconciliation, Payment

_INVOICES: Any = Invoice.__table__
_ITEMS: Any = JournalItem.__table__
_PARTIALS: Any = PartialReconciliation.__table__
_PAYMENTS: Any = Payment.__table__


@dataclass(slots=True)
class _Items:
    ids: list[int] = field(default_factory=list)
    balance: ItemBalance = field(default_factory=ItemBalance)


def _invoices(session: Session, company_id: int, entry_ids: set[int]) -> list[Any]:
    t = _INVOICES
    stmt = select(
        t.c.id, t.c.entry_id, t.c.state, t.c.amount_total, t.c.payment_state, t.c.amount_residual
    ).where(
        company_is(session, t.c.company_id, company_id), id_in(session, t.c.entry_id, entry_ids)
    )
    return list(session.connection().execute(stmt).all())


def _items_by_entry(session: Session, company_id: int, entry_ids: set[int]) -> dict[int, _Items]:
    reconcilable = select(Account.id).where(
        Account.company_id == company_id, Account.reconcilable.is_(True)
    )
    t = _ITEMS
    rows = (
        session.connection()
        .execute(
            select(
                t.c.id,
                t.c.entry_id,
                t.c.amount_residual,
                t.c.amount_residual_currency,
                t.c.amount_currency,
            ).where(
                t.c.company_id == company_id,  # with the entry: ``ix_journal_items_entry``
                id_in(session, t.c.entry_id, entry_ids),
                t.c.account_id.in_(reconcilable),
            )
        )
        .all()
    )
    out: dict[int, _Items] = {}
    for r in rows:
        acc = out.setdefault(r.entry_id, _Items())
        acc.ids.append(r.id)
        acc.balance = acc.balance.add(
            r.amount_residual, r.amount_residual_currency, r.amount_currency
        )
    return out


def _counterparts(
    session: Session, company_id: int, closed: dict[int, list[int]]
) -> dict[int, set[int]]:
    """Invoice id -> entries of the items its closed items are matched with."""
    own = {i: inv for inv, ids in closed.items() for i in ids}
    if not own:
        return {}
    p = _PARTIALS
    rows = (
        session.connection()
        .execute(
            select(p.c.debit_item_id, p.c.credit_item_id).where(
                company_is(session, p.c.company_id, company_id),
                or_(
                    id_in(session, p.c.debit_item_id, own), id_in(session, p.c.credit_item_id, own)
                ),
            )
        )
        .all()
    )
    other_items: dict[int, set[int]] = defaultdict(set)
    for d, c in rows:
        for mine, other in ((d, c), (c, d)):
            inv = own.get(mine)
            if inv is not None and other not in closed[inv]:
                other_items[inv].add(other)
    wanted = {x for s in other_items.values() for x in s}
    entry_of: dict[int, int] = {}
    if wanted:
        i = _ITEMS
        stmt = select(i.c.id, i.c.entry_id).where(
            company_is(session, i.c.company_id, company_id), id_in(session, i.c.id, wanted)
        )
        entry_of = {x: e for x, e in session.connection().execute(stmt)}
    return {inv: {entry_of[x] for x in items} for inv, items in other_items.items()}


def _closed_states(
    session: Session, company_id: int, closed: dict[int, list[int]]
) -> dict[int, str]:
    entries = _counterparts(session, company_id, closed)
    all_entries = {e for s in entries.values() for e in s}
    matched: dict[int, list[bool]] = defaultdict(list)
    refunds: set[tuple[int, int]] = set()
    if all_entries:
        pay = _PAYMENTS
        for entry_id, is_matched in session.connection().execute(
            select(pay.c.entry_id, pay.c.is_matched).where(
                company_is(session, pay.c.company_id, company_id),
                id_in(session, pay.c.entry_id, all_entries),
            )
        ):
            matched[entry_id].append(bool(is_matched))
        t = _INVOICES
        refunds = {
            (r.origin_invoice_id, r.entry_id)
            for r in session.connection().execute(
                select(t.c.origin_invoice_id, t.c.entry_id).where(
                    company_is(session, t.c.company_id, company_id),
                    id_in(session, t.c.origin_invoice_id, closed),
                    id_in(session, t.c.entry_id, all_entries),
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
    items = _items_by_entry(session, company_id, {r.entry_id for r in invoices})
    result: dict[int, tuple[str, int]] = {}
    closed: dict[int, list[int]] = {}
    for inv in invoices:
        acc = items.get(inv.entry_id) or _Items()
        state = open_state(inv.state, inv.amount_total, acc.balance)
        if state is None:
            closed[inv.id] = acc.ids
        else:
            result[inv.id] = state
    for inv_id, closed_as in _closed_states(session, company_id, closed).items():
        result[inv_id] = (closed_as, 0)
    changes = [
        {"id": inv.id, "payment_state": result[inv.id][0], "amount_residual": result[inv.id][1]}
        for inv in invoices
        if (inv.payment_state, inv.amount_residual) != result[inv.id]
    ]
    update_by_id(session, Invoice.__table__, company_id, changes)
    return len(changes)
