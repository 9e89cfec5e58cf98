"""Manual reconciliation of journal items, inside an open session.

``reconcile_in`` matches open items of one partner on one reconcilable account:
debits with credits, oldest first (``domain/reconcile.plan_matches``), one
``PartialReconciliation`` per pair, and a ``FullReconciliation`` once the connected set
of items nets to zero. Undoing one is ``unreconciliation``.

Invariants:
    - ``amount_residual`` of an item = its balance - (matched as debit) +
      (matched as credit), in company and item currency; never over-matched:
      the items are locked (``store/locks.for_update``) and re-read before
      pairing, so two concurrent reconciliations serialise on them;
    - refused input (other partner, account, company, unposted, already
      reconciled, nothing to match) raises before anything is written;
    - exchange difference entries are posted and matched with the item that
      carries the difference; unreconciling reverses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import (
    InvalidInput,
    ItemAlreadyReconciled,
    NotFound,
    NothingToMatch,
    ReconcileRefused,
)
from asiento.domain.reconcile import Match, OpenItem, plan_matches
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of
from asiento.services.payments import exchange
from asiento.services.payments.payment_state import refresh_for_entries
from asiento.store.locks import for_update
from asiento.store.tables import (
    Account,
    Company,
    FullReconciliation,
    JournalItem,
    PartialReconciliation,
)
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class WriteOff:
    """Close what remains of a reconciliation on ``account_id`` with ``label``."""

    account_id: int
    label: str = "Write-off"
    date: date | None = None


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    partial_ids: list[int]
    full_reconciliation_id: int | None
    writeoff_item_id: int | None = None
    exchange_entry_ids: list[int] = field(default_factory=list)


def lock_items(session: Session, company_id: int, item_ids: Iterable[int]) -> list[JournalItem]:
    """The items, row-locked in id order (no deadlock) and re-read from the database."""
    ids = sorted(set(item_ids))
    stmt = (
        select(JournalItem)
        .where(JournalItem.id.in_(ids))
        .order_by(JournalItem.id)
        .execution_options(populate_existing=True)
    )
    items = list(session.scalars(for_update(session, stmt)))
    found = {i.id for i in items if i.company_id == company_id}
    for key in ids:
        if key not in found:
            raise NotFound("journal item", key, field="item_ids")
    return items


def check_reconcilable(session: Session, items: Sequence[JournalItem]) -> None:
    """One partner, one reconcilable account, posted and open: else 409 naming the item."""
    if len(items) < 1:
        raise InvalidInput("give at least one journal item", field="item_ids")
    check_reconcilable_on(session.get(Account, items[0].account_id), items)


def check_reconcilable_on(account: Any, items: Sequence[Any]) -> None:
    """``check_reconcilable`` once the first item's account is read (set-based callers).

    ``account`` has ``code`` and ``reconcilable`` (or is None); the items have
    ``id, account_id, partner_id, parent_state, reconciled``.
    """
    first = items[0]
    if account is None or not account.reconcilable:
        code = account.code if account else first.account_id
        raise ReconcileRefused(f"account {code} is not reconcilable", field="item_ids")
    for item in items:
        if item.account_id != first.account_id:
            raise ReconcileRefused(
                f"items {first.id} and {item.id} are on different accounts", field="item_ids"
            )
        if item.partner_id != first.partner_id:
            raise ReconcileRefused(
                f"items {first.id} and {item.id} belong to different partners", field="item_ids"
            )
        if item.parent_state != "posted":
            raise ReconcileRefused(f"item {item.id} is not posted", field="item_ids")
        if item.reconciled:
            raise ItemAlreadyReconciled(
                f"item {item.id} is already reconciled: nothing is left open on it",
                field="item_ids",
            )


def _open(item: JournalItem) -> OpenItem:
    return OpenItem(
        item.id, item.date, item.amount_residual, item.amount_residual_currency, item.currency
    )


def reconcile_in(
    session: Session,
    company: Company,
    item_ids: Sequence[int],
    *,
    writeoff: WriteOff | None = None,
    created_by: str | None = None,
) -> ReconcileResult:
    """Reconcile ``item_ids`` (see the module docstring); optional write-off of the rest."""
    items = lock_items(session, company.id, item_ids)
    return reconcile_locked_in(session, company, items, writeoff=writeoff, created_by=created_by)


def reconcile_locked_in(
    session: Session,
    company: Company,
    items: list[JournalItem],
    *,
    writeoff: WriteOff | None = None,
    created_by: str | None = None,
) -> ReconcileResult:
    """``reconcile_in`` for items the caller has just locked and read (``lock_items``' order).

    Why: a caller that already holds the locks (registering a payment locks the
    invoice items first, and its own new payment item is invisible to others)
    saves the second locking read.
    """
    check_reconcilable(session, items)
    has_debit = any(i.amount_residual > 0 for i in items)
    has_credit = any(i.amount_residual < 0 for i in items)
    total = sum(i.amount_residual for i in items)
    writeoff_item = None
    if writeoff is not None and total != 0:
        writeoff_item = _writeoff(session, company, items, total, writeoff)
        items.append(writeoff_item)
    elif not (has_debit and has_credit):
        raise NothingToMatch(
            "these items are all on the same side and cannot be matched without a "
            "write-off account",
            field="item_ids",
        )
    by_id = {i.id: i for i in items}
    partials, exchange_ids = [], []
    for match in plan_matches([_open(i) for i in items], company.currency):
        partial, entry_id = _apply(session, company, by_id, match, created_by)
        partials.append(partial)
        if entry_id is not None:
            exchange_ids.append(entry_id)
    if exchange_ids:  # their items and partials must be visible to the group walk
        session.flush()
    full = close_full_reconciliations(session, company.id, list(by_id.values()), pending=partials)
    session.flush()
    refresh_for_entries(session, company, {i.entry_id for i in items})
    audit.record_in(
        session,
        company.id,
        "reconcile",
        "journal_item",
        None,
        after={"items": sorted(by_id), "partials": [p.id for p in partials]},
    )
    return ReconcileResult(
        [p.id for p in partials],
        full,
        writeoff_item.id if writeoff_item else None,
        exchange_ids,
    )


def _writeoff(
    session: Session,
    company: Company,
    items: Sequence[JournalItem],
    total: int,
    writeoff: WriteOff,
) -> JournalItem:
    if writeoff.account_id == items[0].account_id:
        raise InvalidInput(
            "the write-off account must differ from the reconciled account",
            field="writeoff.account_id",
        )
    posting.account_refs(session, [writeoff.account_id])  # existence checked at posting
    day = writeoff.date or max(i.date for i in items)
    return exchange.post_writeoff(
        session, company, items[0], total, writeoff.account_id, writeoff.label, day
    )


def _partial(
    company_id: int, d: JournalItem, c: JournalItem, match: Match
) -> PartialReconciliation:
    return PartialReconciliation(
        company_id=company_id,
        debit_item_id=d.id,
        credit_item_id=c.id,
        amount=match.amount,
        debit_amount_currency=match.debit_amount_currency,
        credit_amount_currency=-match.credit_amount_currency,
        max_date=max(d.date, c.date),
    )


def _apply(
    session: Session,
    company: Company,
    by_id: dict[int, JournalItem],
    match: Match,
    created_by: str | None,
) -> tuple[PartialReconciliation, int | None]:
    """Write one partial, move both residuals, and book its exchange difference if any."""
    d, c = by_id[match.debit_id], by_id[match.credit_id]
    partial = _partial(company.id, d, c, match)
    partial.created_by = created_by
    session.add(partial)
    d.amount_residual -= match.amount
    d.amount_residual_currency -= match.debit_amount_currency
    c.amount_residual += match.amount
    c.amount_residual_currency -= match.credit_amount_currency
    mark_reconciled(d, c)
    if not match.exchange_difference:
        return partial, None
    holder = d if match.exchange_difference > 0 else c
    day = max(d.date, c.date)
    fix = exchange.post_exchange_difference(
        session, company, holder, match.exchange_difference, day
    )
    diff = abs(match.exchange_difference)
    pair = (holder, fix) if holder is d else (fix, holder)
    extra = PartialReconciliation(
        company_id=company.id,
        debit_item_id=pair[0].id,
        credit_item_id=pair[1].id,
        amount=diff,
        debit_amount_currency=0,
        credit_amount_currency=0,
        max_date=day,
        exchange_entry_id=fix.entry_id,
        note="exchange difference",
        created_by=created_by,
    )
    session.add(extra)
    holder.amount_residual += -diff if holder is d else diff
    fix.amount_residual += diff if holder is d else -diff
    partial.exchange_entry_id = fix.entry_id
    mark_reconciled(holder, fix)
    return partial, fix.entry_id


def mark_reconciled(*items: JournalItem) -> None:
    """``reconciled`` means nothing is left open on the item, in either currency."""
    for item in items:
        item.reconciled = item.amount_residual == 0 and item.amount_residual_currency == 0


def _group(session: Session, company_id: int, seed: Iterable[int]) -> tuple[set[int], set[int]]:
    """Items and partials connected to ``seed`` through open (not fully closed) partials."""
    items, partials, frontier = set(seed), set(), set(seed)
    while frontier:
        rows = session.execute(
            select(
                PartialReconciliation.id,
                PartialReconciliation.debit_item_id,
                PartialReconciliation.credit_item_id,
            ).where(
                PartialReconciliation.company_id == company_id,
                PartialReconciliation.full_reconciliation_id.is_(None),
                or_(
                    PartialReconciliation.debit_item_id.in_(frontier),
                    PartialReconciliation.credit_item_id.in_(frontier),
                ),
            )
        ).all()
        partials |= {r.id for r in rows}
        found = {r.debit_item_id for r in rows} | {r.credit_item_id for r in rows}
        frontier = found - items
        items |= found
    return items, partials


def close_full_reconciliations(
    session: Session,
    company_id: int,
    items: Sequence[JournalItem],
    *,
    pending: Sequence[PartialReconciliation] = (),
) -> int | None:
    """Create a FullReconciliation when ``items`` and every item connected to them are closed.

    Cheap when it cannot apply: an item of the set still open ends it without a query.
    ``pending``: this reconciliation's partials, maybe not flushed yet; they
    link ``items`` only, so the walk over stored partials misses nothing, and
    the not yet flushed ones are inserted with their full reconciliation set
    (one INSERT, and one UPDATE of the items, instead of an UPDATE after each).
    """
    if any(i.amount_residual or i.amount_residual_currency for i in items):
        return None
    loaded = {i.id: i for i in items}
    new = [p for p in pending if p.id is None]
    with session.no_autoflush:
        group, partials = _group(session, company_id, loaded)
        others = group - loaded.keys()
        if not (partials or new) or (others and _any_open(session, others)):
            return None
    table: Any = FullReconciliation.__table__
    full_id = int(
        session.connection()
        .execute(insert(table).values(company_id=company_id).returning(table.c.id))
        .scalar_one()
    )
    for item in loaded.values():
        item.full_reconciliation_id = full_id
    for partial in new:
        partial.full_reconciliation_id = full_id
    if others:
        session.execute(
            update(JournalItem)
            .where(JournalItem.id.in_(others))
            .values(full_reconciliation_id=full_id)
            .execution_options(synchronize_session="evaluate")
        )
    if partials:
        session.execute(
            update(PartialReconciliation)
            .where(PartialReconciliation.id.in_(partials))
            .values(full_reconciliation_id=full_id)
            .execution_options(synchronize_session="evaluate")
        )
    return full_id


def _any_open(session: Session, item_ids: set[int]) -> bool:
    found = session.scalar(
        select(JournalItem.id).where(
            JournalItem.id.in_(item_ids),
            or_(JournalItem.amount_residual != 0, JournalItem.amount_residual_currency != 0),
        )
    )
    return found is not None


@access.requires(Permission.RECONCILE)
def reconcile(
    uow: UnitOfWork,
    company_id: int,
    item_ids: Sequence[int],
    *,
    writeoff: WriteOff | None = None,
    created_by: str | None = None,
) -> ReconcileResult:
    """``reconcile_in`` in its own transaction."""
    with uow:
        company = company_of(uow.session, company_id)
        result = reconcile_in(
            uow.session, company, item_ids, writeoff=writeoff, created_by=created_by
        )
        uow.commit()
        return result
