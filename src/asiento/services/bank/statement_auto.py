"""The automatic reconciliation pass over open statement lines.

For each open line, in date order, ``domain.statement_matching.propose``
decides from the open items and payments loaded once into an ``OpenBook``
(reference, then payment, then partner and amount; refused when ambiguous,
with the candidates); lines it leaves go to the first reconciliation rule
that matches (a line that may be a payment is never booked by a rule).

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
    - lines are read in chunks of ``LINE_CHUNK`` as plain ``OpenLine`` tuples
      (no ORM object per line) and the session is emptied after each chunk
      (everything is flushed first), so the identity map stays small and the
      cost per line flat however many lines are open (one transaction still);
    - the collector is off inside a chunk and what survives a chunk is frozen
      (``store.long_runs``): no collection walks the book or the report twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import AsientoError
from asiento.domain.statement_lines import RuleCriteria, first_matching
from asiento.domain.statement_matching import (
    Ambiguity,
    LineFacts,
    OpenBook,
    Proposal,
    name_key,
    propose,
)
from asiento.services.access import principal as access
from asiento.services.bank.reconciliation_rules import LoadedRule, facts, load_rules
from asiento.services.bank.statement_auto_bulk import book_bulk, bulk_capable
from asiento.services.bank.statement_proposals import AutoReport, LineValues, OpenLine
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
from asiento.store.long_runs import book_frozen, freeze_survivors, page_cache
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

LINE_CHUNK: Final = 2000
REFERENCE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]")


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
        rules = load_rules(s, company.id)
        report = AutoReport(dry_run=dry_run)
        with (
            page_cache(s),
            book_frozen(collect_between_chunks=True),  # the book: out of the collector's way
        ):
            for chunk in _open_chunks(s, company_id, journal_id):
                proposals = []
                for line in chunk:
                    proposal = _propose(book, rules, company, line, report)
                    if proposal is None:
                        report.left += 1
                    elif dry_run:
                        report.matched.append(proposal)
                    else:
                        proposals.append((line, proposal))
                _book(s, company, proposals, report, rules, bulk)
                s.flush()  # the chunk is done: the next one starts with an empty session
                s.expunge_all()
                company = company_of(s, company_id)
                freeze_survivors()  # what the pass keeps (its report) is not walked again
        if not dry_run:
            uow.commit()
        return report


def _book(
    s: Session,
    company: Company,
    proposals: list[tuple[OpenLine, Proposal]],
    report: AutoReport,
    rules: list[tuple[RuleCriteria, LoadedRule]],
    bulk: bool,
) -> None:
    """Book in line order: runs of bulk-capable proposals set-based, the rest one by one.

    Line order keeps entry numbers as the per-line path gives them.
    """
    by_id = {r.id: r for _, r in rules}
    run: list[tuple[OpenLine, Proposal]] = []
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


def _open_chunks(s: Session, company_id: int, journal_id: int | None) -> Iterator[list[OpenLine]]:
    """Open lines in (date, id) order, ``LINE_CHUNK`` at a time, as plain ``OpenLine`` tuples.

    Each chunk is row-locked and its state re-checked (``store/locks``): two
    concurrent passes never book the same line. Only the ids are held for the
    whole pass; no line becomes an ORM object (the per-line path loads its own).
    """
    order = (StatementLine.date, StatementLine.id)
    stmt = select(StatementLine.id).where(
        StatementLine.company_id == company_id, StatementLine.state == "open"
    )
    if journal_id is not None:
        stmt = stmt.where(StatementLine.journal_id == journal_id)
    ids = list(s.scalars(stmt.order_by(*order)))
    columns = [StatementLine.__table__.c[name] for name in OpenLine._fields]
    for start in range(0, len(ids), LINE_CHUNK):
        chunk = ids[start : start + LINE_CHUNK]
        # locked and re-read: a line a concurrent pass booked meanwhile is no longer open
        locked = (
            select(*columns)
            .where(id_in(s, StatementLine.id, chunk), StatementLine.state == "open")
            .order_by(*order)
        )
        yield [OpenLine._make(r) for r in s.execute(for_update(s, locked))]


def _load_book(s: Session, company: Company) -> OpenBook:
    """Every open receivable/payable item of ``company`` (and its unmatched payments).

    The rows are streamed ``LINE_CHUNK`` at a time (``yield_per``): an ORM query buffers
    its whole result first, and for 200,000 open items that buffer was larger than the
    book it fills."""
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
        .execution_options(yield_per=LINE_CHUNK)
    )
    book = OpenBook(payments=_payments(s, company), partner_by_name=_partner_names(s, company.id))
    for item_id, partner_id, amount, entry_no, inv_no, pay_ref, rf in s.execute(stmt):
        book.add_item(item_id, partner_id, amount, (entry_no, inv_no, pay_ref, rf))
    return book


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
        names.setdefault(name_key(name), pid)
    return names


def _propose(
    book: OpenBook,
    rules: list[tuple[RuleCriteria, LoadedRule]],
    company: Company,
    line: OpenLine,
    report: AutoReport,
) -> Proposal | None:
    """The decision for one line (see the module docstring), claiming what it takes."""
    if line.currency == company.currency:
        outcome = propose(book, line_facts(line))
        if isinstance(outcome, Ambiguity):
            report.ambiguous.append(outcome)
            return None
        if outcome is not None:
            return outcome
    rule = first_matching(rules, facts(line))
    if rule is not None:
        return Proposal(line.id, "rule", (rule.id,), f"rule {rule.name}")
    return None


def line_facts(line: LineValues) -> LineFacts:
    """What the decision reads of a line: references (a structured RF / QRR reference may
    be printed in groups: found spaced or not), partner, amount."""
    text = " ".join(x for x in (line.communication, line.reference) if x)
    words = tuple(sorted({*REFERENCE_WORD.findall(text), *references_in(text)}))
    return LineFacts(line.id, line.amount, words, line.partner_id, line.counterparty_name)


def _execute(
    s: Session,
    company: Company,
    open_line: OpenLine,
    p: Proposal,
    report: AutoReport,
    rules: dict[int, LoadedRule],
) -> None:
    """Book one line through the per-line service, in its own savepoint."""
    line = s.get_one(StatementLine, open_line.id)  # locked by ``_open_chunks`` already
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
