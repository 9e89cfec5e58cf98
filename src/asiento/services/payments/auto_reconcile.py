"""Automatic reconciliation run: partner by partner, in chunks, one transaction per chunk.

For each partner, reconcilable receivable/payable account and currency, the
open payments (credits on a receivable, debits on a payable) are decided by
``domain/matching.match_partner`` and the matched sets reconciled with
``reconciliation.reconcile_in``. Ambiguous payments are left open and reported
with their candidate sets. ``dry_run`` decides the same but writes nothing.

Memory stays flat: only one chunk of partners' open items is loaded at a time,
and the report keeps counts plus the first ``detail_limit`` details of each kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.matching import Candidate, Decision, PaymentLine, match_partner
from asiento.services.access import principal as access
from asiento.services.ledger.entries import company_of
from asiento.services.payments.auto_reconcile_bulk import lock_open_items, write_decisions
from asiento.services.payments.reconciliation import reconcile_in
from asiento.store.long_runs import book_frozen
from asiento.store.tables import Account, Invoice, JournalEntry, JournalItem, Payment
from asiento.store.tenancy import limited
from asiento.store.uow import UnitOfWork

PARTNER_KINDS = ("receivable", "payable")


@dataclass(frozen=True, slots=True)
class AutoMatch:
    payment_item_id: int
    kind: str
    item_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AutoAmbiguity:
    payment_item_id: int
    reason: str
    candidates: tuple[tuple[int, ...], ...]


@dataclass(slots=True)
class AutoReconcileReport:
    """What a run did (or, with ``dry_run``, would do)."""

    dry_run: bool
    matched_count: int = 0
    ambiguous_count: int = 0
    untouched_count: int = 0
    matched: list[AutoMatch] = field(default_factory=list)
    ambiguous: list[AutoAmbiguity] = field(default_factory=list)
    untouched: list[int] = field(default_factory=list)
    detail_limit: int = 1000

    def add(self, decision: Decision) -> None:
        if decision.item_ids:
            self.matched_count += 1
            if len(self.matched) < self.detail_limit:
                self.matched.append(
                    AutoMatch(decision.payment_id, decision.kind, decision.item_ids)
                )
        elif decision.kind in ("ambiguous", "too_many"):
            self.ambiguous_count += 1
            if len(self.ambiguous) < self.detail_limit:
                reason = "too many candidates" if decision.kind == "too_many" else "ambiguous"
                self.ambiguous.append(
                    AutoAmbiguity(decision.payment_id, reason, decision.candidates)
                )
        else:
            self.untouched_count += 1
            if len(self.untouched) < self.detail_limit:
                self.untouched.append(decision.payment_id)


def _partners(session: Session, company_id: int, partner_id: int | None) -> list[int]:
    stmt = (
        select(JournalItem.partner_id)
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.reconciled.is_(False),
            JournalItem.parent_state == "posted",
            JournalItem.partner_id.is_not(None),
            Account.reconcilable.is_(True),
            Account.kind.in_(PARTNER_KINDS),
        )
        .distinct()
        .order_by(JournalItem.partner_id)
    )
    if partner_id is not None:
        stmt = stmt.where(JournalItem.partner_id == partner_id)
    return [int(p) for p in session.scalars(stmt) if p is not None]


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


class _OpenRow(NamedTuple):
    """One open item as the decision and the writers read it: a plain tuple, because an
    attribute of a SQLAlchemy ``Row`` costs about 2 µs, several per item in the hot loops."""

    id: int
    entry_id: int
    date: date
    amount_residual: int
    partner_id: int | None
    account_id: int
    currency: str
    amount_residual_currency: int
    label: str | None
    kind: str
    number: str | None
    ref: str | None
    invoice_number: str | None
    payment_reference: str | None
    communication: str | None


def _open_rows(session: Session, company_id: int, partner_ids: list[int]) -> list[_OpenRow]:
    stmt = (
        select(
            JournalItem.id,
            JournalItem.entry_id,
            JournalItem.date,
            JournalItem.amount_residual,
            JournalItem.partner_id,
            JournalItem.account_id,
            JournalItem.currency,
            JournalItem.amount_residual_currency,
            JournalItem.label,
            Account.kind,
            JournalEntry.number,
            JournalEntry.ref,
            Invoice.number.label("invoice_number"),
            Invoice.payment_reference,
            Payment.communication,
        )
        .join(Account, Account.id == JournalItem.account_id)
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .outerjoin(Invoice, Invoice.entry_id == JournalItem.entry_id)
        .outerjoin(Payment, Payment.entry_id == JournalItem.entry_id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.partner_id.in_(partner_ids),
            JournalItem.reconciled.is_(False),
            JournalItem.parent_state == "posted",
            JournalItem.amount_residual_currency != 0,
            Account.reconcilable.is_(True),
            Account.kind.in_(PARTNER_KINDS),
        )
        .order_by(JournalItem.date, JournalItem.id)
    )
    # a Core read on the session's connection: plain rows, no ORM loading context per row (no
    # autoflush needed: each chunk starts its own unit of work and has written nothing yet)
    return list(map(_OpenRow._make, session.connection().execute(limited(stmt, company_id))))


def _communication(row: Any) -> str:
    """A payment's own communication; the entry ref for a bare bank entry (never a label)."""
    return str(row.communication if row.communication is not None else row.ref or "")


def _decide_chunk(rows: Sequence[Any]) -> list[Decision]:
    groups: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
    for r in rows:
        groups[(r.partner_id, r.account_id, r.currency)].append(r)
    decisions: list[Decision] = []
    for group in groups.values():
        # a payment is a credit on a receivable, a debit on a payable
        pay_sign = -1 if group[0].kind == "receivable" else 1
        payments = [
            PaymentLine(r.id, abs(r.amount_residual_currency), _communication(r))
            for r in group
            if r.amount_residual_currency * pay_sign > 0
        ]
        pool = [
            Candidate(
                r.id,
                abs(r.amount_residual_currency),
                tuple(x for x in (r.invoice_number, r.payment_reference, r.number) if x),
            )
            for r in group
            if r.amount_residual_currency * pay_sign < 0
        ]
        if pool:
            decisions += match_partner(payments, pool)
        else:
            decisions += [Decision(p.id, "none") for p in payments]
    return decisions


@access.requires(Permission.RECONCILE)
def auto_reconcile(
    uow: UnitOfWork,
    company_id: int,
    partner_id: int | None = None,
    dry_run: bool = False,
    chunk_size: int = 200,
    bulk: bool = True,
) -> AutoReconcileReport:
    """Match and reconcile every partner's open payments that exactly one set fits.

    ``bulk`` (the default) writes the plain matches of a chunk set-based
    (``auto_reconcile_bulk``) and only the rest through ``reconcile_in``;
    ``bulk=False`` calls ``reconcile_in`` per match (same result, slower).
    """
    report = AutoReconcileReport(dry_run)
    with uow:
        partners = _partners(uow.session, company_id, partner_id)
    with book_frozen():  # what lives now (the partner list, the process) is not walked again
        for chunk in _chunks(partners, chunk_size):
            with uow:
                _reconcile_chunk(uow.session, company_id, chunk, report, bulk)
                uow.commit()
    return report


def _reconcile_chunk(
    session: Session, company_id: int, chunk: list[int], report: AutoReconcileReport, bulk: bool
) -> None:
    """Decide one chunk of partners and write its matches (nothing with ``dry_run``)."""
    company = company_of(session, company_id)
    if not report.dry_run:
        lock_open_items(session, company_id, chunk)
    rows = _open_rows(session, company_id, chunk)
    decisions = _decide_chunk(rows)
    for decision in decisions:
        report.add(decision)
    if report.dry_run:
        return
    todo = [d for d in decisions if d.item_ids]
    if bulk:
        by_id = {r.id: r for r in rows}
        todo = write_decisions(session, company_id, company.currency, by_id, todo).fallback
    for decision in todo:
        reconcile_in(session, company, [decision.payment_id, *decision.item_ids], created_by="auto")
