"""Posting and reversal inside an open session: the one path into the ledger.

Invoices, payments and statements call these functions inside their own unit
of work, so that a document and its entry are written in one transaction.

Invariants (see ``domain/entries.py``): a posted entry balances, has accounts
of its company, partners on receivable/payable items, a date after the lock
date, a gapless number and a hash chained to the previous entry of its journal.
A posted entry is never modified; it is corrected by ``reverse``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import chain
from asiento.domain.entries import AccountRef, ItemDraft, check_lock_date, check_postable, mirror
from asiento.domain.errors import (
    AlreadyPosted,
    AlreadyReversed,
    InvalidInput,
    PeriodLocked,
    PostedEntryImmutable,
    ValidationFailed,
)
from asiento.domain.numbering import fiscal_year_of, format_number
from asiento.services import audit
from asiento.store import sequences
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Company, Journal, JournalEntry, JournalItem, Partner
from asiento.store.tables.ledger import journal_item_taxes
from asiento.store.types import from_minor, to_minor


def account_refs(session: Session, account_ids: Iterable[int]) -> dict[int, AccountRef]:
    ids = set(account_ids)
    rows = session.execute(
        select(Account.id, Account.company_id, Account.kind, Account.code).where(
            Account.id.in_(ids)
        )
    ).all()
    return {r.id: AccountRef(r.id, r.company_id, r.kind, r.code) for r in rows}


def check_items(session: Session, company: Company, items: Sequence[ItemDraft]) -> None:
    """Raise once with every problem that would stop these items from posting."""
    problems = check_postable(
        items,
        company_id=company.id,
        company_currency=company.currency,
        accounts=account_refs(session, (i.account_id for i in items)),
    )
    problems += _check_partners(session, company.id, items)
    if problems:
        raise ValidationFailed(problems)


def _check_partners(session: Session, company_id: int, items: Sequence[ItemDraft]):  # type: ignore[no-untyped-def]
    from asiento.domain.errors import Problem

    wanted = {i.partner_id for i in items if i.partner_id is not None}
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
    check_items(session, company, items)
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
    write_items(session, company, entry, items)
    return entry


def write_items(
    session: Session, company: Company, entry: JournalEntry, items: Sequence[ItemDraft]
) -> None:
    """Insert the items of a draft entry (amounts become minor units here)."""
    reconcilable = set(
        session.scalars(
            select(Account.id).where(
                Account.id.in_({i.account_id for i in items}), Account.reconcilable.is_(True)
            )
        )
    )
    rows = [
        _item_row(company, entry, n, i, i.account_id in reconcilable) for n, i in enumerate(items)
    ]
    session.add_all(rows)
    session.flush()
    links = [
        {"item_id": r.id, "tax_id": t} for r, i in zip(rows, items, strict=True) for t in i.tax_ids
    ]
    if links:
        session.execute(journal_item_taxes.insert(), links)


def stored_amounts(company: Company, item: ItemDraft) -> chain.ChainItem:
    """An item as it is stored and hashed: minor units, document currency defaulted.

    Company-currency debit and credit; ``amount_currency`` in the item's
    currency, or the balance itself when the item is in the company currency.
    """
    cur = company.currency
    debit, credit = to_minor(item.debit, cur), to_minor(item.credit, cur)
    if item.currency and item.currency != cur and item.amount_currency is not None:
        currency, amount_currency = item.currency, to_minor(item.amount_currency, item.currency)
    else:
        currency, amount_currency = cur, debit - credit
    return chain.ChainItem(
        item.account_id,
        item.partner_id,
        item.label,
        debit,
        credit,
        currency,
        amount_currency,
        item.due_date,
    )


def rate_of(company: Company, item: ItemDraft) -> Decimal | None:
    """Company-currency value of one document-currency unit, for foreign items only."""
    if not item.amount_currency or item.currency in (None, company.currency):
        return None
    return abs((item.debit - item.credit) / item.amount_currency)


def _item_row(
    company: Company, entry: JournalEntry, n: int, item: ItemDraft, reconcilable: bool
) -> JournalItem:
    c = stored_amounts(company, item)
    balance = c.debit - c.credit
    return JournalItem(
        company_id=company.id,
        entry_id=entry.id,
        sequence=n,
        journal_id=entry.journal_id,
        date=entry.date,
        parent_state=entry.state,
        account_id=item.account_id,
        partner_id=item.partner_id,
        label=item.label,
        debit=c.debit,
        credit=c.credit,
        balance=balance,
        currency=c.currency,
        amount_currency=c.amount_currency,
        rate=rate_of(company, item),
        due_date=item.due_date,
        tax_id=item.tax_id,
        amount_residual=balance if reconcilable else 0,
        amount_residual_currency=c.amount_currency if reconcilable else 0,
        reconciled=False,
    )


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
        raise AlreadyPosted(f"entry {entry.number} is already posted", field="state")
    items = entry_items(session, entry)
    check_items(session, company, drafts_of(items, company.currency))
    check_not_locked(company, entry.date)
    journal = sequences.lock_journal(session, company.id, entry.journal_id)
    fiscal_year = sequences.ensure_fiscal_year(session, company, entry.date)
    seq = sequences.take_number(session, company.id, journal.id, fiscal_year.id)
    span = fiscal_year_of(
        entry.date, company.fiscal_year_start_month, company.fiscal_year_start_day
    )
    entry.number = format_number(
        journal.number_format, prefix=journal.code, fiscal_year=span, seq=seq
    )
    entry.sequence_number = seq
    entry.fiscal_year_id = fiscal_year.id
    entry.state = "posted"
    entry.posted_at = datetime.now(UTC)
    _chain(journal, entry, items)
    for item in items:
        item.parent_state = "posted"
    session.flush()
    audit.record_in(session, company.id, "entry.post", "entry", entry.id, after=entry.number)
    return entry


def _chain(journal: Journal, entry: JournalEntry, items: Sequence[JournalItem]) -> None:
    entry.chain_index = journal.chain_length + 1
    entry.prev_hash = journal.last_hash or chain.GENESIS
    entry.hash = chain.entry_hash(chain_entry(entry, items))
    journal.chain_length = entry.chain_index
    journal.last_hash = entry.hash


def chain_entry(entry: JournalEntry, items: Sequence[JournalItem]) -> chain.ChainEntry:
    return chain.ChainEntry(
        id=entry.id,
        company_id=entry.company_id,
        journal_id=entry.journal_id,
        number=entry.number or "",
        date=entry.date,
        ref=entry.ref,
        prev_hash=entry.prev_hash or "",
        hash=entry.hash or "",
        items=[
            chain.ChainItem(
                i.account_id,
                i.partner_id,
                i.label,
                i.debit,
                i.credit,
                i.currency,
                i.amount_currency,
                i.due_date,
            )
            for i in items
        ],
    )


def reverse(
    session: Session, company: Company, entry: JournalEntry, day: date, reason: str
) -> JournalEntry:
    """Post the mirror of a posted entry on ``day`` and link it to its origin."""
    if entry.state != "posted":
        raise InvalidInput(
            "only a posted entry can be reversed; delete a draft instead", field="state"
        )
    existing = session.scalar(
        select(JournalEntry.id).where(JournalEntry.reversal_of_id == entry.id)
    )
    if existing is not None or entry.reversal_of_id is not None:
        what = "is already reversed" if existing is not None else "is itself a reversal"
        raise AlreadyReversed(f"entry {entry.number} {what}", field="entry_id")
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
        )
