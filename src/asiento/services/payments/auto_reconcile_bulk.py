"""Set-based writes for the automatic reconciliation pass (one chunk of partners at a time).

``reconcile_in`` costs about ten statements per match; a run over 100,000 open
items needs a constant number per chunk instead. For the decisions of one
chunk this module pairs the items with the pure ``domain/reconcile.plan_matches``
(the very pairing ``reconcile_in`` uses), then writes every FullReconciliation, every
PartialReconciliation and every residual update with one executemany each, and
refreshes the invoices' payment state with ``payment_state_bulk``.

A decision takes the bulk path only when it needs nothing but partials:
- no exchange difference (same-currency pairs valued alike), no write-off;
- if its items all close, none of them already has an open partial (the full
  reconciliation would then have to walk a larger group).
Every other decision is returned to the caller, which hands it to
``reconcile_in``. The caller holds row locks on the chunk's open items
(``lock_open_items``) so a concurrent manual reconciliation waits.

Deciding and writing are apart (``plan_decisions``, then ``write_planned``;
``write_decisions`` does both) so that a caller posting the counterpart items itself (the
automatic statement pass) can insert them already settled (``Planned.settled``), with the
very decision the writer then follows, instead of inserting them open and updating them.

Invariant: the partials, residuals, reconciled flags, full reconciliations and
payment states written equal those of calling ``reconcile_in`` per decision.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, insert, literal, or_, select
from sqlalchemy.orm import Session

from asiento.domain.matching import Decision
from asiento.domain.reconcile import Match, OpenItem, plan_matches
from asiento.services.payments.payment_state_bulk import refresh_for_entries_bulk
from asiento.store.bulk import company_is, id_in, insert_many, update_by_id
from asiento.store.locks import for_update
from asiento.store.tables import Account, FullReconciliation, JournalItem, PartialReconciliation

PARTNER_KINDS = ("receivable", "payable")


@dataclass(slots=True)
class _Plan:
    """What one decision writes: its pairs, the new residuals and whether it closes."""

    matches: list[Match]
    residuals: dict[int, tuple[int, int]]
    closes: bool
    full_id: int | None = None


@dataclass(slots=True)
class BulkOutcome:
    """Decisions written here and the ones left for ``reconcile_in``."""

    written: int = 0
    fallback: list[Decision] = field(default_factory=list)
    partials: dict[tuple[int, int], int] = field(default_factory=dict)
    """The id of each partial written, by (debit item id, credit item id)."""


@dataclass(slots=True)
class Planned:
    """The decisions of one chunk, decided once: ``plans`` written set-based, ``fallback``
    left for ``reconcile_in`` (which needs the items as they stand, open)."""

    plans: list[_Plan] = field(default_factory=list)
    fallback: list[Decision] = field(default_factory=list)

    def settled(self, item_ids: Collection[int]) -> dict[int, dict[str, Any]]:
        """The residual columns (``amount_residual``, ``amount_residual_currency``,
        ``reconciled``, ``full_reconciliation_id``) the planned items among ``item_ids``
        take once written; ``insert_fulls`` first, so closing plans carry their id. Items of
        ``fallback`` decisions are not among them."""
        wanted = set(item_ids)
        return {i: _settled_columns(p, i) for p in self.plans for i in p.residuals if i in wanted}


def lock_open_items(session: Session, company_id: int, partner_ids: list[int]) -> None:
    """Row-lock the partners' open receivable/payable items, in id order (PostgreSQL only)."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE already serialises writers
    accounts = select(Account.id).where(
        Account.company_id == company_id,
        Account.reconcilable.is_(True),
        Account.kind.in_(PARTNER_KINDS),
    )
    stmt = (
        select(JournalItem.id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.partner_id.in_(partner_ids),
            JournalItem.reconciled.is_(False),
            JournalItem.parent_state == "posted",
            JournalItem.account_id.in_(accounts),
        )
        .order_by(JournalItem.id)
    )
    session.execute(for_update(session, stmt)).all()


def _with_open_partials(session: Session, company_id: int, item_ids: set[int]) -> set[int]:
    """Items among ``item_ids`` that already take part in a not fully closed partial
    (``company_is``: the id lists drive the plan on SQLite, not the company's partials)."""
    if not item_ids:
        return set()
    p: Any = PartialReconciliation.__table__
    rows = (
        session.connection()
        .execute(
            select(p.c.debit_item_id, p.c.credit_item_id).where(
                company_is(session, p.c.company_id, company_id),
                p.c.full_reconciliation_id.is_(None),
                or_(
                    id_in(session, p.c.debit_item_id, item_ids),
                    id_in(session, p.c.credit_item_id, item_ids),
                ),
            )
        )
        .all()
    )
    return {x for r in rows for x in r} & item_ids


def _plan(items: Sequence[OpenItem], company_currency: str) -> _Plan | None:
    """The pairs of one decision, or None when it needs ``reconcile_in``."""
    if not (any(i.residual > 0 for i in items) and any(i.residual < 0 for i in items)):
        return None
    matches = plan_matches(items, company_currency)
    if any(m.exchange_difference for m in matches):
        return None
    left = {i.id: (i.residual, i.residual_currency) for i in items}
    for m in matches:
        d_res, d_cur = left[m.debit_id]
        c_res, c_cur = left[m.credit_id]
        left[m.debit_id] = (d_res - m.amount, d_cur - m.debit_amount_currency)
        left[m.credit_id] = (c_res + m.amount, c_cur - m.credit_amount_currency)
    closes = all(v == (0, 0) for v in left.values())
    return _Plan(matches, left, closes)


def _exact_pair(a: Any, b: Any) -> _Plan | None:
    """The usual decision, one payment that closes one item exactly, planned without the
    general pairing: ``plan_matches`` would make the same single match (both branches of its
    ``_pair`` give each side its whole residual when the two residuals are exactly opposite in
    company and in item currency) and close both items. None for anything else."""
    d, c = (a, b) if a.amount_residual > 0 else (b, a)
    d_res, d_cur = d.amount_residual, d.amount_residual_currency
    if d_res <= 0 or d_cur <= 0:
        return None
    if c.amount_residual != -d_res or c.amount_residual_currency != -d_cur:
        return None
    match = Match(d.id, c.id, d_res, d_cur, -d_cur)
    return _Plan([match], {a.id: (0, 0), b.id: (0, 0)}, True)


def insert_fulls(session: Session, company_id: int, planned: Planned) -> None:
    """One full reconciliation per closing plan; each plan learns its id (``full_id``)."""
    closing = [p for p in planned.plans if p.closes and p.full_id is None]
    if not closing:
        return
    table: Any = FullReconciliation.__table__
    # the rows are alike, so any id fits any plan: one INSERT ... SELECT over a counting CTE
    # on both databases (SQLite cannot return executemany ids in order: it went row by row)
    count = select(literal(1).label("n")).cte("count", recursive=True)
    count = count.union_all(select(count.c.n + 1).where(count.c.n < len(closing)))
    rows = select(literal(company_id, BigInteger)).select_from(count)
    stmt = insert(table).from_select(["company_id"], rows).returning(table.c.id)
    ids = session.connection().execute(stmt).scalars().all()
    for plan, full_id in zip(closing, ids, strict=True):
        plan.full_id = int(full_id)


def _write(
    session: Session,
    company_id: int,
    planned: Planned,
    dates: dict[int, date],
    by: str | None,
    settled: Collection[int],
) -> dict[tuple[int, int], int]:
    """Write the plans (their full reconciliations first inserted); the new partials' ids by
    (debit item, credit item). Items in ``settled`` were written with ``Planned.settled``'s
    columns by the caller: not updated again."""
    plans = planned.plans
    partials: list[dict[str, Any]] = [
        {
            "company_id": company_id,
            "debit_item_id": m.debit_id,
            "credit_item_id": m.credit_id,
            "amount": m.amount,
            "debit_amount_currency": m.debit_amount_currency,
            "credit_amount_currency": -m.credit_amount_currency,
            "max_date": max(dates[m.debit_id], dates[m.credit_id]),
            "full_reconciliation_id": p.full_id,
            "created_by": by,
        }
        for p in plans
        for m in p.matches
    ]
    ids = insert_many(session, PartialReconciliation.__table__, partials)
    updates = [
        {"id": item_id, **_settled_columns(p, item_id)}
        for p in plans
        for item_id in p.residuals
        if item_id not in settled
    ]
    update_by_id(session, JournalItem.__table__, company_id, updates)
    pairs = ((r["debit_item_id"], r["credit_item_id"]) for r in partials)
    return dict(zip(pairs, ids, strict=True))


def _settled_columns(plan: _Plan, item_id: int) -> dict[str, Any]:
    """An item's residual columns once ``plan`` is written (its full reconciliation inserted)."""
    res, cur = plan.residuals[item_id]
    return {
        "amount_residual": res,
        "amount_residual_currency": cur,
        "reconciled": res == 0 and cur == 0,
        "full_reconciliation_id": plan.full_id,
    }


def plan_decisions(
    session: Session,
    company_id: int,
    company_currency: str,
    rows: dict[int, Any],
    decisions: Sequence[Decision],
    fresh: Collection[int] = frozenset(),
) -> Planned:
    """Decide, once, which ``decisions`` are written set-based and how; nothing is written.

    ``rows`` by item id (locked), each with ``id, entry_id, date, currency, amount_residual,
    amount_residual_currency``. An item appears in at most one decision (``match_partner``
    takes matched items out of the pool). ``fresh``: items the caller posts in this
    transaction (no partial yet, no invoice on their entry): neither is looked up, and
    they need not be in the database yet.
    """
    planned = Planned()
    matched = [d for d in decisions if d.item_ids]
    every = {i for d in matched for i in (d.payment_id, *d.item_ids)}
    busy = _with_open_partials(session, company_id, every.difference(fresh))
    for decision in matched:
        ids = (decision.payment_id, *decision.item_ids)
        plan = _exact_pair(rows[ids[0]], rows[ids[1]]) if len(ids) == 2 else None
        if plan is None:
            items = [
                OpenItem(r.id, r.date, r.amount_residual, r.amount_residual_currency, r.currency)
                for r in (rows[i] for i in ids)
            ]
            plan = _plan(items, company_currency)
        if plan is None or (plan.closes and busy.intersection(ids)):
            planned.fallback.append(decision)
            continue
        planned.plans.append(plan)
    return planned


def write_planned(
    session: Session,
    company_id: int,
    rows: dict[int, Any],
    planned: Planned,
    created_by: str | None = "auto",
    fresh: Collection[int] = frozenset(),
    settled: Collection[int] = frozenset(),
) -> BulkOutcome:
    """Write ``planned``'s plans set-based (``planned.fallback`` is the caller's, for
    ``reconcile_in``): full reconciliations, partials, residuals, invoices' payment state.

    ``settled``: fresh items the caller inserted already carrying ``planned.settled``'s
    columns (after ``insert_fulls``), so their residual is not updated a second time.
    """
    outcome = BulkOutcome(fallback=planned.fallback)
    if not planned.plans:
        return outcome
    insert_fulls(session, company_id, planned)
    dates = {i: rows[i].date for p in planned.plans for i in p.residuals}
    outcome.partials = _write(session, company_id, planned, dates, created_by, settled)
    refresh_for_entries_bulk(
        session,
        company_id,
        {rows[i].entry_id for p in planned.plans for i in p.residuals if i not in fresh},
    )
    outcome.written = len(planned.plans)
    return outcome


def write_decisions(
    session: Session,
    company_id: int,
    company_currency: str,
    rows: dict[int, Any],
    decisions: Sequence[Decision],
    created_by: str | None = "auto",
    fresh: Collection[int] = frozenset(),
) -> BulkOutcome:
    """Plan (``plan_decisions``) and write (``write_planned``) the matched ``decisions`` of
    one chunk; what cannot be written set-based comes back as ``fallback``."""
    planned = plan_decisions(session, company_id, company_currency, rows, decisions, fresh)
    return write_planned(session, company_id, rows, planned, created_by, fresh)
