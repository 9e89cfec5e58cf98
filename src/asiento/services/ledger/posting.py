"""Posting and reversal inside an open session: the one path into the ledger.

Invoices, payments and statements call these functions inside their own unit
of work, so that a document and its entry are written in one transaction.

Invariants (see ``domain/entries.py``): a posted entry balances, has accounts
of its company, partners on receivable/payable items, a date after the lock
date, a gapless number and a hash chained to the previous entry of its journal.
A posted entry is never modified; it is corrected by ``reverse``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from asiento.domain import chain
from asiento.domain.entries import AccountRef, ItemDraft, check_lock_date, check_postable, mirror
from asiento.domain.errors import (
    AlreadyPosted,
    AlreadyReversed,
    InvalidInput,
    PeriodLocked,
    PostedEntryImmutable,
    Problem,
    ValidationFailed,
)
from asiento.domain.numbering import fiscal_year_of, format_number
from asiento.services.access import audit
from asiento.services.reference import cache
from asiento.store import sequences
from asiento.store.item_rows import insert_items, stored_amounts
from asiento.store.new_rows import insert_persistent
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Company, Journal, JournalEntry, JournalItem, Partner
from asiento.store.types import from_minor


def account_facts(
    session: Session, account_ids: Iterable[int], company_id: int | None = None
) -> tuple[dict[int, AccountRef], set[int]]:
    """The posting facts of these accounts and which of them are reconcilable.

    With ``company_id``, the company's accounts come from the reference cache
    (``reference.cache``) and only the others are read (one query, none when all are known).
    """
    wanted = set(account_ids)
    snap = cache.snapshot(session, company_id) if company_id is not None else None
    known = {a: snap.accounts[a] for a in wanted if a in snap.accounts} if snap else {}
    missing = wanted - known.keys()
    if missing:
        rows = session.execute(
            select(
                Account.id, Account.company_id, Account.kind, Account.code, Account.reconcilable
            ).where(Account.id.in_(missing))
        ).all()
        for r in rows:
            known[r.id] = (AccountRef(r.id, r.company_id, r.kind, r.code), bool(r.reconcilable))
            if snap is not None and r.company_id == company_id:
                snap.accounts[r.id] = known[r.id]
    return {k: v[0] for k, v in known.items()}, {k for k, v in known.items() if v[1]}


def account_refs(session: Session, account_ids: Iterable[int]) -> dict[int, AccountRef]:
    return account_facts(session, account_ids)[0]


def check_items(
    session: Session,
    company: Company,
    items: Sequence[ItemDraft],
    known_partners: Collection[int] = (),
) -> set[int]:
    """Raise once with every problem that would stop these items from posting.

    ``known_partners``: partners the caller read from the company in this transaction (an
    invoice's, just drafted); they are not read again.

    Returns the ids of the reconcilable accounts among the items' (what the
    item rows need for their residuals), so writing them costs no query more.
    """
    accounts, reconcilable = account_facts(session, (i.account_id for i in items), company.id)
    problems = check_postable(
        items,
        company_id=company.id,
        company_currency=company.currency,
        accounts=accounts,
    )
    problems += _check_partners(session, company.id, items, known_partners)
    if problems:
        raise ValidationFailed(problems)
    return reconcilable


def _check_partners(
    session: Session, company_id: int, items: Sequence[ItemDraft], known: Collection[int]
) -> list[Problem]:
    wanted = {i.partner_id for i in items if i.partner_id is not None}
    wanted -= set(known)
    if not wanted:
        return []
    found = set(
        session.scalars(
            select(Partner.id).where(Partner.company_id == company_id, Partner.id.in_(wanted))
        )
    )
    return [
        Problem(
            f"lines[{n}].partner_id", f"partner {i.partner_id} does not exist", "unknown_partner"
        )
        for n, i in enumerate(items)
        if i.partner_id is not None and i.partner_id not in found
    ]


def check_not_locked(company: Company, day: date) -> None:
    problems = check_lock_date(day, company.lock_date)
    if problems:
        raise PeriodLocked(problems[0].message, field="date")


def add_entry(
    session: Session,
    company: Company,
    journal: Journal,
    day: date,
    items: Sequence[ItemDraft],
    *,
    ref: str = "",
    narration: str = "",
    origin: tuple[str, int] | None = None,
) -> JournalEntry:
    """Write a draft entry with its items after checking them; no number, no hash."""
    reconcilable = check_items(session, company, items)
    check_not_locked(company, day)
    entry = JournalEntry(
        company_id=company.id,
        journal_id=journal.id,
        date=day,
        ref=ref,
        narration=narration,
        state="draft",
        origin_kind=origin[0] if origin else None,
        origin_id=origin[1] if origin else None,
    )
    session.add(entry)
    session.flush()
    insert_items(session, company, entry, items, reconcilable)
    return entry


def write_items(
    session: Session, company: Company, entry: JournalEntry, items: Sequence[ItemDraft]
) -> None:
    """Insert the items of a draft entry (amounts become minor units here)."""
    session.flush()
    reconcilable = account_facts(session, (i.account_id for i in items), company.id)[1]
    insert_items(session, company, entry, items, reconcilable)


def entry_items(session: Session, entry: JournalEntry) -> list[JournalItem]:
    stmt = (
        select(JournalItem)
        .where(JournalItem.entry_id == entry.id)
        .order_by(JournalItem.sequence, JournalItem.id)
    )
    return list(session.scalars(stmt))


def drafts_of(items: Sequence[JournalItem], company_currency: str) -> list[ItemDraft]:
    """Stored items back to drafts (for re-checking and reversal)."""
    return [
        ItemDraft(
            account_id=i.account_id,
            debit=from_minor(i.debit, company_currency),
            credit=from_minor(i.credit, company_currency),
            partner_id=i.partner_id,
            label=i.label,
            currency=i.currency,
            amount_currency=from_minor(i.amount_currency, i.currency),
            due_date=i.due_date,
            tax_id=i.tax_id,
        )
        for i in items
    ]


def post(session: Session, company: Company, entry: JournalEntry) -> JournalEntry:
    """Post a draft entry: checks, gapless number, hash chain, items marked posted."""
    if entry.state == "posted":
        raise AlreadyPosted(
            f"entry {entry.number} is already posted", field="state", state=entry.state
        )
    items = entry_items(session, entry)
    check_items(session, company, drafts_of(items, company.currency))
    check_not_locked(company, entry.date)
    journal = sequences.lock_journal(session, company.id, entry.journal_id)
    _number_and_chain(session, company, journal, entry, [_chain_item(i) for i in items])
    journal.chain_length = entry.chain_index or 0
    journal.last_hash = entry.hash
    for item in items:
        item.parent_state = "posted"
    session.flush()
    audit.record_in(session, company.id, "entry.post", "entry", entry.id, after=entry.number)
    return entry


def post_new(
    session: Session,
    company: Company,
    journal_id: int,
    day: date,
    items: Sequence[ItemDraft],
    *,
    ref: str = "",
    narration: str = "",
    origin: tuple[str, int] | None = None,
    extras: Mapping[int, Mapping[str, Any]] | None = None,
    known_partners: Collection[int] = (),
    reserve_origin: tuple[str, Table] | None = None,
    written: list[dict[str, Any]] | None = None,
) -> JournalEntry:
    """Check, number, chain and write a posted entry at once (``add_entry`` + ``post``).

    Same checks, number, hash and rows as the two-step path, without writing a
    draft first and reading it back: the entry is inserted already posted
    (its hash does not cover its id), its items in one executemany.
    ``extras`` sets further item columns by position (see ``insert_items``).
    ``reserve_origin`` (kind, table), instead of ``origin``: the origin document is not
    written yet; the next id of its table is taken with the number (same statement) and
    becomes ``entry.origin_id``, the id the caller must then write its document with, before
    any other insert into that table. ``written`` receives the item rows as inserted (column
    values, no ids): a response shows them without reading them back.
    """
    reconcilable = check_items(session, company, items, known_partners)
    check_not_locked(company, day)
    journal = sequences.lock_journal(session, company.id, journal_id)
    entry = JournalEntry(
        company_id=company.id,
        journal_id=journal.id,
        date=day,
        ref=ref,
        narration=narration,
        origin_kind=origin[0] if origin else None,
        origin_id=origin[1] if origin else None,
    )
    stored = [stored_amounts(company, i) for i in items]
    # the caller's pending rows first (as the numbering statement's autoflush did): the ids
    # reserved next must be the tables' next ones when the rows are written
    session.flush()
    reserve = (_ENTRIES, reserve_origin[1]) if reserve_origin else (_ENTRIES,)
    ids = _number_and_chain(session, company, journal, entry, stored, reserve)
    entry.id = ids[0]
    if reserve_origin is not None:
        entry.origin_kind, entry.origin_id = reserve_origin[0], ids[1]
    sequences.move_chain_head(session, journal, entry.chain_index or 0, entry.hash or "")
    insert_persistent(session, entry)
    rows = insert_items(session, company, entry, items, reconcilable, extras=extras)
    if written is not None:
        written.extend(rows)
    # written at once (Core, no ORM object to flush later): the flush above wrote every
    # earlier pending event first, so the events keep their order
    post_event = audit.Event("entry.post", "entry", entry.id, after=entry.number)
    audit.record_many(session, company.id, [post_event])
    return entry


_ENTRIES: Table = JournalEntry.__table__  # type: ignore[assignment]


def _number_and_chain(
    session: Session,
    company: Company,
    journal: Journal,
    entry: JournalEntry,
    items: Sequence[chain.ChainItem],
    reserve: tuple[Table, ...] = (),
) -> tuple[int, ...]:
    """Give ``entry`` its gapless number (journal locked by the caller) and chain its hash;
    the next ids of the ``reserve`` tables taken with the number. The journal's chain head
    is the caller's to move (ORM or ``sequences.move_chain_head``)."""
    fiscal_year_id, seq, reserved = sequences.take_number_on(
        session, company, journal.id, entry.date, reserve
    )
    span = fiscal_year_of(
        entry.date, company.fiscal_year_start_month, company.fiscal_year_start_day
    )
    entry.number = format_number(
        journal.number_format, prefix=journal.code, fiscal_year=span, seq=seq
    )
    entry.sequence_number = seq
    entry.fiscal_year_id = fiscal_year_id
    entry.state = "posted"
    entry.posted_at = datetime.now(UTC)
    entry.chain_index = journal.chain_length + 1
    entry.prev_hash = journal.last_hash or chain.GENESIS
    entry.hash = chain.entry_hash(_chain_entry(entry, items))
    return reserved


def _chain_item(i: JournalItem) -> chain.ChainItem:
    return chain.ChainItem(
        i.account_id,
        i.partner_id,
        i.label,
        i.debit,
        i.credit,
        i.currency,
        i.amount_currency,
        i.due_date,
    )


def _chain_entry(entry: JournalEntry, items: Sequence[chain.ChainItem]) -> chain.ChainEntry:
    return chain.ChainEntry(
        id=entry.id or 0,
        company_id=entry.company_id,
        journal_id=entry.journal_id,
        number=entry.number or "",
        date=entry.date,
        ref=entry.ref,
        prev_hash=entry.prev_hash or "",
        hash=entry.hash or "",
        items=items,
    )


def chain_entry(entry: JournalEntry, items: Sequence[JournalItem]) -> chain.ChainEntry:
    return _chain_entry(entry, [_chain_item(i) for i in items])


def reverse(
    session: Session, company: Company, entry: JournalEntry, day: date, reason: str
) -> JournalEntry:
    """Post the mirror of a posted entry on ``day`` and link it to its origin."""
    if entry.state != "posted":
        raise InvalidInput(
            "only a posted entry can be reversed; delete a draft instead", field="state"
        )
    existing = session.scalar(
        select(JournalEntry.id).where(
            JournalEntry.company_id == entry.company_id, JournalEntry.reversal_of_id == entry.id
        )
    )
    if existing is not None or entry.reversal_of_id is not None:
        what = "is already reversed" if existing is not None else "is itself a reversal"
        raise AlreadyReversed(f"entry {entry.number} {what}", field="entry_id", state="reversed")
    if day < entry.date:
        raise InvalidInput("a reversal cannot be dated before the entry it reverses", field="date")
    items = [mirror(i) for i in drafts_of(entry_items(session, entry), company.currency)]
    journal = get_scoped(session, Journal, company.id, entry.journal_id, "journal")
    reversal = add_entry(
        session,
        company,
        journal,
        day,
        items,
        ref=f"Reversal of {entry.number}",
        narration=reason,
        origin=(entry.origin_kind, entry.origin_id)
        if entry.origin_kind and entry.origin_id
        else None,
    )
    reversal.reversal_of_id = entry.id
    reversal.reversal_reason = reason
    audit.record_in(session, company.id, "entry.reverse", "entry", entry.id, after=reason)
    return post(session, company, reversal)


def refuse_change(entry: JournalEntry) -> None:
    """Raise if ``entry`` is posted: posted entries are immutable."""
    if entry.state == "posted":
        raise PostedEntryImmutable(
            f"entry {entry.number} is posted and cannot be modified or deleted; reverse it instead",
            field="state",
            state=entry.state,
        )
