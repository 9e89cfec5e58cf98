"""The automatic reconciliation pass over open statement lines.

For each open line, in date order, the first of these that applies decides:

1. **reference**: a word of the communication/reference is the number (or
   payment reference) of open receivable/payable items whose residual adds up
   to the line amount: those items;
2. **payment**: exactly one posted, unmatched payment of that amount and of
   the line's partner (by IBAN at import, else by exact name): that payment;
3. **partner and amount**: the line's partner (by IBAN at import, else by
   exact name) has exactly one set of open items adding up to the amount;
4. **rule**: the first reconciliation rule that matches.

Refuse when ambiguous (as automatic reconciliation does): two payments, two
sets of items (invoices 50, 120 and 70 against 120) -- the line stays open and
the report lists the candidates. A step that finds candidates but is
ambiguous stops the line there (no rule books a line that may be a payment).

Booking: the lines of a chunk are proposed first, then booked in line order;
runs of open-item and untaxed-rule proposals are booked set-based
(``statement_auto_bulk``: a few statements per run instead of ~34 per line),
payments and taxed rules one by one through ``statement_reconcile``.

Invariants:
    - an item or payment is claimed by one line at most in one pass;
    - a refused booking (locked period ...) is reported and the other lines
      go on (per line: its own savepoint; set-based: checked before writing);
    - both booking paths write the same ledger (tests compare them);
    - ``dry_run`` proposes exactly what a real run would do, writing nothing;
    - lines are read in chunks of ``LINE_CHUNK`` and the session is emptied
      after each chunk (everything is flushed first), so the identity map --
      which every ORM bulk update scans -- stays small and the cost per line
      flat however many lines are open (one transaction still).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import AsientoError
from asiento.domain.statement_lines import RuleCriteria, first_matching, fitting_sets
from asiento.services.access import principal as access
from asiento.services.bank.reconciliation_rules import LoadedRule, facts, load_rules
from asiento.services.bank.statement_auto_bulk import book_bulk, bulk_capable
from asiento.services.bank.statement_proposals import Ambiguity, AutoReport, Proposal
from asiento.services.bank.statement_reconcile import (
    LineReconciliation,
    apply_rule_in,
    match_payment_in,
    reconcile_line_in,
)
from asiento.services.invoicing.payment_reference import references_in
from asiento.services.ledger.entries import company_of
from asiento.store.bulk import id_in
from asiento.store.locks import for_update
from asiento.store.tables import (
    Account,
    Company,
    Invoice,
    JournalEntry,
    JournalItem,
    Partner,
    Payment,
    StatementLine,
)
from asiento.store.uow import UnitOfWork

LINE_CHUNK: Final = 1000
REFERENCE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]")


@dataclass
class _Book:
    """Open items and payments in memory, indexed for matching; shrinks as lines claim."""

    by_ref: dict[str, set[int]]
    residual: dict[int, int]
    partner_of: dict[int, int | None]
    by_partner: dict[int | None, set[int]]
    payments: dict[int, tuple[int, int | None]]  # id -> (outstanding residual, partner)
    partner_by_name: dict[str, int]
    rules: list[tuple[RuleCriteria, LoadedRule]]

    def claim_items(self, ids: tuple[int, ...]) -> None:
        for i in ids:
            self.residual.pop(i, None)
            self.by_partner[self.partner_of.get(i)].discard(i)


@access.requires(Permission.STATEMENT_WRITE)
def auto_reconcile(
    uow: UnitOfWork,
    company_id: int,
    *,
    journal_id: int | None = None,
    dry_run: bool = False,
    bulk: bool = True,
) -> AutoReport:
    """Run the automatic pass (see the module docstring); commit unless ``dry_run``.

    ``bulk`` (the default) books open-item and untaxed-rule proposals
    set-based (``statement_auto_bulk``); ``bulk=False`` books every line
    through the per-line service (same ledger, slower).
    """
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        book = _load_book(s, company)
        report = AutoReport(dry_run=dry_run)
        for chunk in _open_chunks(s, company_id, journal_id):
            proposals = []
            for line in chunk:
                proposal = _propose(book, company, line, report)
                if proposal is None:
                    report.left += 1
                elif dry_run:
                    report.matched.append(proposal)
                else:
                    proposals.append((line, proposal))
            _book(s, company, proposals, report, book.rules, bulk)
            s.flush()  # the chunk is done: the next one starts with an empty session
            s.expunge_all()
            company = company_of(s, company_id)
        if not dry_run:
            uow.commit()
        return report


def _book(
    s: Session,
    company: Company,
    proposals: list[tuple[StatementLine, Proposal]],
    report: AutoReport,
    rules: list[tuple[RuleCriteria, LoadedRule]],
    bulk: bool,
) -> None:
    """Book in line order: runs of bulk-capable proposals set-based, the rest one by one.

    Line order keeps entry numbers as the per-line path gives them.
    """
    by_id = {r.id: r for _, r in rules}
    run: list[tuple[StatementLine, Proposal]] = []
    for line, proposal in proposals:
        if bulk and bulk_capable(proposal, by_id):
            run.append((line, proposal))
            continue
        if run:
            book_bulk(s, company, run, by_id, report)
            run = []
        _execute(s, company, line, proposal, report, by_id)
    if run:
        book_bulk(s, company, run, by_id, report)


def _open_chunks(
    s: Session, company_id: int, journal_id: int | None
) -> Iterator[list[StatementLine]]:
    """Open lines in (date, id) order, ``LINE_CHUNK`` at a time.

    Each chunk is row-locked and its state re-checked (``store/locks``): two
    concurrent passes never book the same line. Only the ids are held for the
    whole pass; the caller empties the session after each chunk, so at most
    ``LINE_CHUNK`` lines are ORM objects at once.
    """
    order = (StatementLine.date, StatementLine.id)
    stmt = select(StatementLine.id).where(
        StatementLine.company_id == company_id, StatementLine.state == "open"
    )
    if journal_id is not None:
        stmt = stmt.where(StatementLine.journal_id == journal_id)
    ids = list(s.scalars(stmt.order_by(*order)))
    for start in range(0, len(ids), LINE_CHUNK):
        chunk = ids[start : start + LINE_CHUNK]
        # locked and re-read: a line a concurrent pass booked meanwhile is no longer open
        locked = (
            select(StatementLine)
            .where(id_in(s, StatementLine.id, chunk), StatementLine.state == "open")
            .order_by(*order)
            .execution_options(populate_existing=True)
        )
        yield list(s.scalars(for_update(s, locked)).all())


def _load_book(s: Session, company: Company) -> _Book:
    stmt = (
        select(
            JournalItem.id,
            JournalItem.partner_id,
            JournalItem.amount_residual,
            JournalEntry.number,
            Invoice.number,
            Invoice.payment_reference,
            Invoice.structured_reference,
        )
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .join(Account, Account.id == JournalItem.account_id)
        .outerjoin(Invoice, Invoice.entry_id == JournalItem.entry_id)
        .where(
            JournalItem.company_id == company.id,
            JournalItem.reconciled.is_(False),
            JournalItem.parent_state == "posted",
            JournalItem.amount_residual != 0,
            Account.kind.in_(("receivable", "payable")),
        )
    )
    by_ref: dict[str, set[int]] = defaultdict(set)
    by_partner: dict[int | None, set[int]] = defaultdict(set)
    residual, partner_of = {}, {}
    for item_id, partner_id, amount, entry_no, inv_no, pay_ref, rf in s.execute(stmt):
        residual[item_id], partner_of[item_id] = amount, partner_id
        by_partner[partner_id].add(item_id)
        for ref in (entry_no, inv_no, pay_ref, rf):
            if ref:
                by_ref[ref.upper()].add(item_id)
    return _Book(
        by_ref,
        residual,
        partner_of,
        by_partner,
        _payments(s, company),
        _partner_names(s, company.id),
        load_rules(s, company.id),
    )


def _payments(s: Session, company: Company) -> dict[int, tuple[int, int | None]]:
    stmt = (
        select(Payment.id, Payment.partner_id, JournalItem.amount_residual)
        .join(
            JournalItem,
            (JournalItem.entry_id == Payment.entry_id)
            & (JournalItem.account_id == Payment.outstanding_account_id),
        )
        .where(
            Payment.company_id == company.id,
            Payment.state == "posted",
            Payment.is_matched.is_(False),
            JournalItem.reconciled.is_(False),
        )
    )
    return {pid: (amount, partner) for pid, partner, amount in s.execute(stmt)}


def _partner_names(s: Session, company_id: int) -> dict[str, int]:
    names: dict[str, int] = {}
    for pid, name in s.execute(
        select(Partner.id, Partner.name).where(Partner.company_id == company_id)
    ):
        names.setdefault(" ".join(name.split()).casefold(), pid)
    return names


def _propose(
    book: _Book, company: Company, line: StatementLine, report: AutoReport
) -> Proposal | None:
    """The decision for one line (see the module docstring), claiming what it takes."""
    if line.currency == company.currency:
        for step in (_by_reference, _by_payment, _by_partner):
            outcome = step(book, line)
            if isinstance(outcome, Ambiguity):
                report.ambiguous.append(outcome)
                return None
            if outcome is not None:
                return outcome
    rule = first_matching(book.rules, facts(line))
    if rule is not None:
        return Proposal(line.id, "rule", (rule.id,), f"rule {rule.name}")
    return None


def _text(line: StatementLine) -> str:
    return " ".join(x for x in (line.communication, line.reference) if x)


def _by_reference(book: _Book, line: StatementLine) -> Proposal | Ambiguity | None:
    ids: set[int] = set()
    text = _text(line)
    # a structured reference (RF / QRR) may be printed in groups: found spaced or not
    for word in {*REFERENCE_WORD.findall(text), *references_in(text)}:
        ids |= {i for i in book.by_ref.get(word.upper(), ()) if i in book.residual}
    if not ids:
        return None
    candidates = sorted((i, book.residual[i]) for i in ids)
    return _decide(book, line, candidates, "reference", "items")


def _by_payment(book: _Book, line: StatementLine) -> Proposal | Ambiguity | None:
    """Same amount and same partner: a payment is never matched on the amount alone."""
    partner = _partner(book, line)
    if partner is None:
        return None
    fits = sorted(
        pid
        for pid, (amount, payer) in book.payments.items()
        if amount == line.amount and payer == partner
    )
    if not fits:
        return None
    if len(fits) > 1:
        return Ambiguity(line.id, f"{len(fits)} payments of this amount", tuple((p,) for p in fits))
    del book.payments[fits[0]]
    return Proposal(line.id, "payment", (fits[0],), f"payment {fits[0]}")


def _partner(book: _Book, line: StatementLine) -> int | None:
    """The line's partner: by IBAN (set at import), else by exact name."""
    if line.partner_id is not None or not line.counterparty_name:
        return line.partner_id
    return book.partner_by_name.get(" ".join(line.counterparty_name.split()).casefold())


def _by_partner(book: _Book, line: StatementLine) -> Proposal | Ambiguity | None:
    partner = _partner(book, line)
    if partner is None:
        return None
    candidates = sorted((i, book.residual[i]) for i in book.by_partner.get(partner, ()))
    return _decide(book, line, candidates, f"partner {partner}", "items") if candidates else None


def _decide(
    book: _Book, line: StatementLine, candidates: list[tuple[int, int]], why: str, kind: str
) -> Proposal | Ambiguity | None:
    sets = fitting_sets(candidates, line.amount)
    if len(sets) > 1:
        return Ambiguity(line.id, f"{why}: several sets of open items fit", tuple(sets))
    if not sets:
        return None
    book.claim_items(sets[0])
    return Proposal(line.id, kind, sets[0], f"{why}: items {', '.join(map(str, sets[0]))}")


def _execute(
    s: Session,
    company: Company,
    line: StatementLine,
    p: Proposal,
    report: AutoReport,
    rules: dict[int, LoadedRule],
) -> None:
    """Book one line through the per-line service, in its own savepoint."""
    try:
        with s.begin_nested():
            if p.kind == "items":
                reconcile_line_in(s, company, line, LineReconciliation(item_ids=p.target))
            elif p.kind == "payment":
                match_payment_in(s, company, line, s.get_one(Payment, p.target[0]))
            else:
                apply_rule_in(s, company, line, rules[p.target[0]])
        report.matched.append(p)
        report.per_line += 1
    except AsientoError as exc:
        report.refused.append((line.id, exc.message))
