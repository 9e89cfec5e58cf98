"""Set-based booking for the automatic statement pass: a run of proposals in a few statements.

The per-line path (``statement_reconcile``) costs about 34 statements per
line. For a run of proposals this module checks each line exactly as the
per-line path would (same checks, same order, same error messages), then
for the lines that pass:

- posts their bank entries in one go: a block of gapless numbers per
  journal and fiscal year (one sequence update), hashes chained as
  ``posting.post`` chains them, entries and items inserted with one
  executemany each (``entry_rows``), one ``entry.post`` audit event each;
- reconciles each open item with its counterpart through ``auto_reconcile_bulk``
  (planned once with ``plan_decisions`` on the items' ids, allocated before the
  items are written: the counterparts of the pairs written set-based go in already
  settled, then partials, the open items' residuals and invoices' payment state in
  bulk with ``write_planned``; what needs more -- exchange differences, an item
  already partly matched that now closes -- goes to ``reconcile_in``, its counterpart
  written open), one ``reconcile`` audit event per pair;
- marks the lines reconciled with one update.

Covered proposal kinds: open items, and rules without a tax. Payments and
taxed rules take the per-line path (``bulk_capable``).

Invariants:
    - the ledger written equals the per-line path's: entries (numbers, dates,
      refs, hashes), items, residuals, partials, full reconciliations, invoice
      payment states and line states (tests run both on twin companies);
    - a line the per-line path would refuse is refused here with the same
      message, before anything is written for it; the others go on;
    - the claimed open items are row-locked (PostgreSQL) before they are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.entries import AccountRef, ItemDraft, check_postable
from asiento.domain.errors import AsientoError, InvalidInput, NotFound, ValidationFailed
from asiento.domain.matching import Decision
from asiento.domain.statement_matching import Proposal
from asiento.services.access import audit
from asiento.services.bank.reconciliation_rules import LoadedRule, rule_counterparts
from asiento.services.bank.statement_proposals import AutoReport, OpenLine
from asiento.services.bank.statement_reconcile import bank_account_of, bank_draft, item_counterparts
from asiento.services.ledger.posting import check_not_locked
from asiento.services.payments.auto_reconcile_bulk import (
    insert_fulls,
    plan_decisions,
    write_planned,
)
from asiento.services.payments.reconciliation import check_reconcilable_on, reconcile_in
from asiento.store import sequences
from asiento.store.bulk import allocate_ids, id_in, insert_rows, update_by_id
from asiento.store.entry_rows import (
    EntryHead,
    Numbering,
    entry_row,
    insert_entries,
    item_row,
)
from asiento.store.item_rows import stored_amounts
from asiento.store.locks import for_update
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    Company,
    Journal,
    JournalItem,
    StatementLine,
)
from asiento.store.types import from_minor


@dataclass(slots=True)
class _Booking:
    """One checked line: its entry's drafts (bank item first) and the items it closes."""

    line: OpenLine
    proposal: Proposal
    head: EntryHead
    drafts: list[ItemDraft]
    item_ids: list[int]  # open items, in the order of drafts[1:]
    entry_id: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)  # its item rows, drafts' order


@dataclass(slots=True)
class _Context:
    """What the checks of one run read once: its open items, accounts, journals and rules."""

    session: Session
    company: Company
    items: dict[int, Any]
    accounts: dict[int, Any]
    rules: dict[int, LoadedRule]
    journals: dict[int, Journal]

    def journal(self, journal_id: int) -> Journal:
        if journal_id not in self.journals:
            self.journals[journal_id] = get_scoped(
                self.session, Journal, self.company.id, journal_id, "journal"
            )
        return self.journals[journal_id]

    def refs(self) -> dict[int, AccountRef]:
        return {k: AccountRef(a.id, a.company_id, a.kind, a.code) for k, a in self.accounts.items()}


@dataclass(frozen=True, slots=True)
class _ItemState:
    """What ``plan_decisions`` and ``write_planned`` read of an item."""

    id: int
    entry_id: int
    date: Any
    currency: str
    amount_residual: int
    amount_residual_currency: int


class _LockedItem(NamedTuple):
    """An open item claimed by the run, as ``_lock_items`` reads it."""

    id: int
    company_id: int
    entry_id: int
    date: Any
    account_id: int
    partner_id: int | None
    label: str | None
    parent_state: str
    reconciled: bool
    currency: str
    amount_residual: int
    amount_residual_currency: int


def bulk_capable(proposal: Proposal, rules: dict[int, LoadedRule]) -> bool:
    """Open items, or a rule without tax (a taxed rule links taxes: per-line path)."""
    if proposal.kind == "items":
        return True
    return proposal.kind == "rule" and rules[proposal.target[0]].tax_id is None


def book_bulk(
    session: Session,
    company: Company,
    run: Sequence[tuple[OpenLine, Proposal]],
    rules: dict[int, LoadedRule],
    report: AutoReport,
) -> None:
    """Check and book ``run`` set-based; refused lines go to ``report.refused``."""
    session.flush()  # Core writes below: the ORM's pending changes go first
    wanted = {i for _, p in run if p.kind == "items" for i in p.target}
    ctx = _Context(
        session,
        company,
        _lock_items(session, company.id, wanted),
        _accounts(session, company.id),
        rules,
        {},
    )
    refs = ctx.refs()
    bookings: list[_Booking] = []
    for line, proposal in run:
        try:
            bookings.append(_check(ctx, refs, line, proposal))
        except AsientoError as exc:
            report.refused.append((line.id, exc.message))
    if not bookings:
        return
    _post(session, company, bookings, ctx.items, ctx.accounts)
    update_by_id(
        session,
        StatementLine.__table__,
        company.id,
        [{"id": b.line.id, "entry_id": b.entry_id, "state": "reconciled"} for b in bookings],
    )
    session.flush()
    session.expire_all()  # Core wrote items, invoices and lines behind the identity map
    report.matched += [b.proposal for b in bookings]
    report.bulk += len(bookings)


def _lock_items(session: Session, company_id: int, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    stmt: Any = (
        select(
            JournalItem.id,
            JournalItem.company_id,
            JournalItem.entry_id,
            JournalItem.date,
            JournalItem.account_id,
            JournalItem.partner_id,
            JournalItem.label,
            JournalItem.parent_state,
            JournalItem.reconciled,
            JournalItem.currency,
            JournalItem.amount_residual,
            JournalItem.amount_residual_currency,
        )
        .where(id_in(session, JournalItem.id, ids))
        .order_by(JournalItem.id)
    )
    rows = session.execute(for_update(session, stmt)).all()
    # plain tuples: a SQLAlchemy Row's attribute costs about 2 µs, read many times per line
    return {r[0]: _LockedItem._make(r) for r in rows if r[1] == company_id}


def _accounts(session: Session, company_id: int) -> dict[int, Any]:
    stmt = select(
        Account.id, Account.company_id, Account.kind, Account.code, Account.reconcilable
    ).where(Account.company_id == company_id)
    return {r.id: r for r in session.execute(stmt)}


def _check(
    ctx: _Context, refs: dict[int, AccountRef], line: OpenLine, proposal: Proposal
) -> _Booking:
    """The per-line path's checks, in its order (``reconcile_line_in`` / ``apply_rule_in``)."""
    company = ctx.company
    item_ids: list[int] = []
    if proposal.kind == "items":
        counterparts, item_ids = _item_counterparts(ctx, line, proposal)
    else:
        counterparts = rule_counterparts(ctx.session, ctx.rules[proposal.target[0]], line)
    bank, ref = bank_draft(line, bank_account_of(ctx.journal(line.journal_id)), counterparts)
    drafts = [bank, *counterparts]
    problems = check_postable(
        drafts, company_id=company.id, company_currency=company.currency, accounts=refs
    )
    if problems:
        raise ValidationFailed(problems)
    check_not_locked(company, line.date)
    head = EntryHead(line.date, ref, origin=("statement_line", line.id))
    return _Booking(line, proposal, head, drafts, item_ids)


def _item_counterparts(
    ctx: _Context, line: OpenLine, proposal: Proposal
) -> tuple[list[ItemDraft], list[int]]:
    """``reconcile_line_in``'s checks and counterparts; the open item ids, oldest first."""
    if line.currency != ctx.company.currency:
        raise InvalidInput("open items are matched in the company currency only", field="item_ids")
    keys = sorted(set(proposal.target))
    for key in keys:
        if key not in ctx.items:
            raise NotFound("journal item", key, field="item_ids")
    mine = [ctx.items[key] for key in keys]
    for item in mine:
        check_reconcilable_on(ctx.accounts.get(item.account_id), [item])
    amount = from_minor(line.amount, line.currency)
    counterparts, _ = item_counterparts(mine, amount, ctx.company.currency)
    return counterparts, [i.id for i in sorted(mine, key=lambda i: (i.date, i.id))]


def _post(
    session: Session,
    company: Company,
    bookings: list[_Booking],
    items: dict[int, Any],
    accounts: dict[int, Any],
) -> None:
    """Post every booking's entry and reconcile each open item with its counterpart.

    The items' ids are allocated before they are written and the pairs planned on them once
    (``plan_decisions``): the counterparts of the pairs written set-based go in already
    settled (residual, ``reconciled``, full reconciliation; ``Planned.settled``), so only
    the open items are updated afterwards. A pair left for ``reconcile_in`` (exchange
    difference, an older open partial) finds its counterpart inserted open, as the per-line
    path would. Residuals are not part of an entry's hash (``chain.ChainItem``): the chain
    is the same either way.
    """
    rows, events = _entries(session, company, bookings, accounts)
    table = JournalItem.__table__
    for row, item_id in zip(rows, allocate_ids(session, table, len(rows)), strict=True):
        row["id"] = item_id
    mine = {
        open_id: _ItemState(
            r["id"],
            b.entry_id,
            r["date"],
            r["currency"],
            r["amount_residual"],
            r["amount_residual_currency"],
        )
        for b in bookings
        for open_id, r in zip(b.item_ids, b.rows[1:], strict=False)
    }
    pairs = [(open_id, mine[open_id].id) for b in bookings for open_id in b.item_ids]
    states: dict[int, Any] = {**items, **{m.id: m for m in mine.values()}}
    fresh = {b for _, b in pairs}  # the bank entries' items: no partial, no invoice on them
    decisions = [Decision(a, "statement", (b,)) for a, b in pairs]
    planned = plan_decisions(session, company.id, company.currency, states, decisions, fresh)
    insert_fulls(session, company.id, planned)  # before the items that point at them
    settled = planned.settled(fresh)
    for row in rows:
        row.update(settled.get(row["id"], _OPEN))
    insert_rows(session, table, rows)
    audit.record_many(session, company.id, events)
    if not pairs:
        return
    outcome = write_planned(session, company.id, states, planned, None, fresh, settled)
    late = {d.payment_id for d in outcome.fallback}
    _audit_pairs(session, company.id, [p for p in pairs if p[0] not in late], outcome.partials)
    for decision in outcome.fallback:
        reconcile_in(session, company, [decision.payment_id, *decision.item_ids])


_OPEN = {"full_reconciliation_id": None}
"""What an item not settled at insert adds to its row (every row has the same keys)."""


def _entries(
    session: Session, company: Company, bookings: list[_Booking], accounts: dict[int, Any]
) -> tuple[list[dict[str, Any]], list[audit.Event]]:
    """Insert every booking's entry (numbered and chained per journal); its item rows, open
    and without ids yet (also in ``_Booking.rows``), and its ``entry.post`` events."""
    by_journal: dict[int, list[_Booking]] = defaultdict(list)
    for b in bookings:
        by_journal[b.line.journal_id].append(b)
    reconcilable = {k for k, a in accounts.items() if a.reconcilable}
    item_rows: list[dict[str, Any]] = []
    events: list[audit.Event] = []
    for journal_id, todo in by_journal.items():
        journal = sequences.lock_journal(session, company.id, journal_id)
        numbering = Numbering(session, company, journal, [b.head.date for b in todo])
        figures = [[stored_amounts(company, d) for d in b.drafts] for b in todo]  # once per item
        rows = [
            entry_row(numbering, company, journal, b.head, b.drafts, amounts)
            for b, amounts in zip(todo, figures, strict=True)
        ]
        for b, entry_id in zip(todo, insert_entries(session, rows), strict=True):
            b.entry_id = entry_id
        for b, row, amounts in zip(todo, rows, figures, strict=True):
            b.rows = [
                item_row(company, b.entry_id, row, n, d, d.account_id in reconcilable, amounts[n])
                for n, d in enumerate(b.drafts)
            ]
            item_rows += b.rows
        events += [
            audit.Event("entry.post", "entry", b.entry_id, after=row["number"])
            for b, row in zip(todo, rows, strict=True)
        ]
    return item_rows, events


def _audit_pairs(
    session: Session,
    company_id: int,
    pairs: list[tuple[int, int]],
    partials: dict[tuple[int, int], int],
) -> None:
    """One ``reconcile`` event per pair, as ``reconcile_in`` records it (the partial's id as
    ``write_planned`` wrote it: no read back)."""
    if not pairs:
        return
    events = [
        audit.Event(
            "reconcile",
            "journal_item",
            None,
            after={"items": sorted((a, b)), "partials": [partials.get((a, b)) or partials[(b, a)]]},
        )
        for a, b in pairs
    ]
    audit.record_many(session, company_id, events)
