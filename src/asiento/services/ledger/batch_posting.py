"""Post many manual entries in chunks: one transaction, one journal lock, bulk inserts per chunk.

Why: posting entries one transaction at a time pays a commit and a lock round
trip per entry. Batch posting checks every entry of a chunk with the same rules
as ``posting.post`` (balanced, accounts of the company, partners, lock date),
takes a block of consecutive numbers under the same row locks, chains the
hashes in number order and writes entries and items with ``executemany``
(the rows are built by ``entry_rows``, shared with the automatic statement pass).

Invariants: a chunk is all or nothing (any invalid entry refuses the chunk and
names it); numbers stay gapless and unique; hashes equal what ``post`` would
have computed for the same content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.entries import AccountRef, ItemDraft, check_postable
from asiento.domain.errors import Problem, ValidationFailed
from asiento.services.access import principal as access
from asiento.services.ledger.entries import EntryInput, company_of, resolve_journal, to_drafts
from asiento.store import sequences
from asiento.store.bulk import refresh_statistics
from asiento.store.entry_rows import EntryHead, Numbering, entry_row, insert_entries, item_row
from asiento.store.tables import Account, Company, JournalEntry, JournalItem
from asiento.store.uow import UnitOfWork

ANALYZE_FROM: Final = 5000
"""A run that posted at least this many entries refreshes the ledger's statistics at its end."""


@dataclass(frozen=True, slots=True)
class BatchResult:
    posted: int
    first_number: str | None
    last_number: str | None


def post_entries(
    uow: UnitOfWork, company_id: int, entries: Iterable[EntryInput], chunk_size: int = 1000
) -> BatchResult:
    """Post ``entries`` (one journal per call is fastest; mixed journals work) in chunks."""
    access.require(Permission.ENTRY_POST, company_id)
    posted, first, last = 0, None, None
    for chunk in _chunks(entries, chunk_size):
        with uow:
            numbers = _post_chunk(uow.session, company_id, chunk, posted)
            uow.commit()
        posted += len(numbers)
        first = first or numbers[0]
        last = numbers[-1]
    if posted >= ANALYZE_FROM:
        _refresh_statistics(uow)
    return BatchResult(posted, first, last)


def _refresh_statistics(uow: UnitOfWork) -> None:
    """``ANALYZE`` the entries and items a large run wrote (PostgreSQL; nothing on SQLite).

    Why: the rows go in by COPY and the planner keeps the statistics it had (none, for a new
    ledger, until autovacuum comes round, and never where it is off). Planning the next
    single postings on a ledger it believes empty, PostgreSQL drove the read of an entry's
    items from the company's accounts through ``ix_journal_items_open`` and filtered every
    item of each account: 0.5 s per posted entry after 100,000 batch-posted entries (issue 23;
    ``store.bulk.refresh_statistics``, as the statement import does).
    """
    with uow:
        refresh_statistics(uow.session, JournalEntry.__table__)
        refresh_statistics(uow.session, JournalItem.__table__)
        uow.commit()


def _chunks(entries: Iterable[EntryInput], size: int) -> Iterator[list[EntryInput]]:
    it = iter(entries)
    while chunk := list(islice(it, size)):
        yield chunk


def _post_chunk(
    session: Session, company_id: int, chunk: list[EntryInput], offset: int
) -> list[str]:
    company = company_of(session, company_id)
    accounts = _account_refs(session, company_id)
    codes = {ref.code: ref.id for ref in accounts.values()}
    drafts = [_drafts(session, company, cmd, codes) for cmd in chunk]
    _check(company, accounts, chunk, drafts, offset)
    by_journal: dict[int, list[int]] = {}
    journals: dict[int | str, int] = {}
    for n, cmd in enumerate(chunk):
        if cmd.journal not in journals:
            journals[cmd.journal] = resolve_journal(session, company_id, cmd.journal).id
        by_journal.setdefault(journals[cmd.journal], []).append(n)
    numbers: list[str] = [""] * len(chunk)
    for journal_id, indexes in by_journal.items():
        _post_journal(
            session,
            company,
            journal_id,
            [chunk[i] for i in indexes],
            [drafts[i] for i in indexes],
            numbers,
            indexes,
        )
    return numbers


def _drafts(
    session: Session, company: Company, cmd: EntryInput, codes: dict[str, int]
) -> list[ItemDraft]:
    """Drafts of a same-currency entry without a query per line; other entries go the long way."""
    simple = all(line.currency in (None, company.currency) for line in cmd.lines)
    if not simple or any(
        isinstance(line.account, str) and line.account not in codes for line in cmd.lines
    ):
        return to_drafts(session, company, cmd)
    return [
        ItemDraft(
            account_id=codes[line.account] if isinstance(line.account, str) else line.account,
            debit=line.debit,
            credit=line.credit,
            partner_id=line.partner_id,
            label=line.label,
            due_date=line.due_date,
        )
        for line in cmd.lines
    ]


def _account_refs(session: Session, company_id: int) -> dict[int, AccountRef]:
    rows = session.execute(
        select(Account.id, Account.company_id, Account.kind, Account.code).where(
            Account.company_id == company_id
        )
    ).all()
    return {r.id: AccountRef(r.id, r.company_id, r.kind, r.code) for r in rows}


def _check(
    company: Company,
    accounts: dict[int, AccountRef],
    chunk: list[EntryInput],
    drafts: list[list[ItemDraft]],
    offset: int,
) -> None:
    problems: list[Problem] = []
    for n, (cmd, items) in enumerate(zip(chunk, drafts, strict=True)):
        found = check_postable(
            items, company_id=company.id, company_currency=company.currency, accounts=accounts
        )
        if company.lock_date is not None and cmd.date <= company.lock_date:
            found.append(Problem("date", f"date {cmd.date} is in a locked period", "period_locked"))
        problems += [Problem(f"entries[{offset + n}].{p.field}", p.message, p.code) for p in found]
    if problems:
        raise ValidationFailed(problems)


def _post_journal(
    session: Session,
    company: Company,
    journal_id: int,
    cmds: list[EntryInput],
    drafts: list[list[ItemDraft]],
    numbers: list[str],
    indexes: list[int],
) -> None:
    journal = sequences.lock_journal(session, company.id, journal_id)
    open_ids = set(
        session.scalars(
            select(Account.id).where(
                Account.company_id == company.id, Account.reconcilable.is_(True)
            )
        )
    )
    order = sorted(range(len(cmds)), key=lambda i: cmds[i].date)
    numbering = Numbering(session, company, journal, [cmds[i].date for i in order])
    rows: list[dict[str, Any]] = []
    for i in order:
        head = EntryHead(cmds[i].date, cmds[i].ref, cmds[i].narration)
        rows.append(entry_row(numbering, company, journal, head, drafts[i]))
        numbers[indexes[i]] = rows[-1]["number"]
    # Core executemany (insertmanyvalues): one statement per batch of rows, not per row
    ids = insert_entries(session, rows)
    items = [
        item_row(company, eid, row, n, d, d.account_id in open_ids)
        for eid, row, i in zip(ids, rows, order, strict=True)
        for n, d in enumerate(drafts[i])
    ]
    item_table: Any = JournalItem.__table__
    session.connection().execute(insert(item_table), items)


__all__ = ["BatchResult", "post_entries"]
